import { Injectable } from '@nestjs/common';
import type { OutboxHandlers, OutboxMessage } from '#libs/outbox';
import { TEASER_ALERT_TOPICS, alertFor, type TeaserAlertTopic } from './related-stories.rules.js';
import { TeaserAlertsService } from './teaser-alerts.service.js';

export { TEASER_ALERT_TOPICS } from './related-stories.rules.js';

/** The outbox handlers (one per topic) that open teaser alerts; registered by the module. */
@Injectable()
export class TeaserAlertHandlers {
  constructor(private readonly alerts: TeaserAlertsService) {}

  all(): OutboxHandlers<TeaserAlertTopic>[] {
    return TEASER_ALERT_TOPICS.map((topic) => ({
      name: `related-stories.teaser-alerts.${topic}`,
      topic,
      handle: (m: OutboxMessage<TeaserAlertTopic>) => this.handle(m),
    }));
  }

  async handle(m: OutboxMessage<TeaserAlertTopic>): Promise<void> {
    const alert = alertFor(m);
    if (alert) await this.alerts.raise(alert.targetArticleId, alert.reason, m.id);
  }
}
