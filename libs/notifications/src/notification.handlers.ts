import { Injectable } from '@nestjs/common';
import { ARTICLE_JOB_FAILED_TOPIC, ARTICLE_TRANSITIONED_TOPIC } from '#libs/editorial-workflow';
import { LICENSE_LAPSING_TOPIC } from '#libs/image-credits';
import type { OutboxHandlers, OutboxMessage } from '#libs/outbox';
import { TEASER_ALERT_OPENED_TOPIC } from '#libs/related-stories';
import { NotificationDispatcher } from './notification-dispatcher.js';

/** Topics notifications react to (declared by the libs that emit them). */
export const NOTIFICATION_SOURCE_TOPICS = [ARTICLE_TRANSITIONED_TOPIC, ARTICLE_JOB_FAILED_TOPIC, TEASER_ALERT_OPENED_TOPIC, LICENSE_LAPSING_TOPIC] as const;
type SourceTopic = (typeof NOTIFICATION_SOURCE_TOPICS)[number];

/** One outbox handler per source topic; the message id is the event key (a redelivery adds nothing). */
@Injectable()
export class NotificationHandlers {
  constructor(private readonly dispatcher: NotificationDispatcher) {}

  all(): OutboxHandlers<SourceTopic>[] {
    return NOTIFICATION_SOURCE_TOPICS.map((topic) => ({ name: `notifications.${topic}`, topic, handle: (m: OutboxMessage<SourceTopic>) => this.handle(m).then(() => undefined) }));
  }

  handle(m: OutboxMessage<SourceTopic>): Promise<number> {
    switch (m.topic) {
      case ARTICLE_TRANSITIONED_TOPIC: {
        const p = m.payload;
        return this.dispatcher.transition(m.id, { articleId: p.articleId, action: p.action, to: p.to, actorId: p.actorId ?? null, comment: p.comment ?? null });
      }
      case ARTICLE_JOB_FAILED_TOPIC:
        return this.dispatcher.scheduleFailed(m.id, m.payload);
      case TEASER_ALERT_OPENED_TOPIC:
        return this.dispatcher.teaserAlert(m.id, m.payload);
      case LICENSE_LAPSING_TOPIC:
        return this.dispatcher.licenceLapsing(m.id, m.payload);
    }
  }
}
