import { Injectable } from '@nestjs/common';
import type { OutboxHandler, OutboxMessage } from '#libs/outbox';
import { alertFor } from './related-stories.rules.js';
import { TeaserAlertsService } from './teaser-alerts.service.js';

/** Article events that make pinned teasers drop out. */
export const TEASER_ALERT_TOPICS = ['article.unpublished', 'article.corrected', 'article.transitioned'] as const;

/** The outbox handlers (one per topic) that open teaser alerts; registered by the module. */
@Injectable()
export class TeaserAlertHandlers {
  constructor(private readonly alerts: TeaserAlertsService) {}

  all(): OutboxHandler[] {
    return TEASER_ALERT_TOPICS.map((topic) => ({
      name: `related-stories.teaser-alerts.${topic}`,
      topic,
      handle: (m: OutboxMessage) => this.handle(m),
    }));
  }

  async handle(m: OutboxMessage): Promise<void> {
    const alert = alertFor(m.topic, m.payload);
    if (alert) await this.alerts.raise(alert.targetArticleId, alert.reason, m.id);
  }
}
