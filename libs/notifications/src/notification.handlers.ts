import { Injectable } from '@nestjs/common';
import { ARTICLE_JOB_FAILED_TOPIC } from '#libs/editorial-workflow';
import { LICENSE_LAPSING_TOPIC } from '#libs/image-credits';
import type { OutboxHandler, OutboxMessage } from '#libs/outbox';
import { TEASER_ALERT_OPENED_TOPIC } from '#libs/related-stories';
import { NotificationDispatcher } from './notification-dispatcher.js';

/** Topics notifications react to (declared by the libs that emit them). */
export const NOTIFICATION_SOURCE_TOPICS = ['article.transitioned', ARTICLE_JOB_FAILED_TOPIC, TEASER_ALERT_OPENED_TOPIC, LICENSE_LAPSING_TOPIC] as const;

type Payload = Record<string, unknown>;
const str = (p: Payload, k: string): string => (typeof p[k] === 'string' ? (p[k] as string) : '');

/** One outbox handler per source topic; the message id is the event key (a redelivery adds nothing). */
@Injectable()
export class NotificationHandlers {
  constructor(private readonly dispatcher: NotificationDispatcher) {}

  all(): OutboxHandler[] {
    return NOTIFICATION_SOURCE_TOPICS.map((topic) => ({ name: `notifications.${topic}`, topic, handle: (m: OutboxMessage) => this.handle(m).then(() => undefined) }));
  }

  handle(m: OutboxMessage): Promise<number> {
    const p = m.payload;
    switch (m.topic) {
      case 'article.transitioned':
        return this.dispatcher.transition(m.id, {
          articleId: str(p, 'articleId'),
          action: str(p, 'action'),
          to: str(p, 'to'),
          actorId: typeof p.actorId === 'string' ? p.actorId : null,
          comment: typeof p.comment === 'string' ? p.comment : null,
        });
      case ARTICLE_JOB_FAILED_TOPIC:
        return this.dispatcher.scheduleFailed(m.id, { articleId: str(p, 'articleId'), action: str(p, 'action'), error: str(p, 'error') });
      case TEASER_ALERT_OPENED_TOPIC:
        return this.dispatcher.teaserAlert(m.id, { articleId: str(p, 'articleId'), reason: str(p, 'reason') });
      case LICENSE_LAPSING_TOPIC:
        return this.dispatcher.licenceLapsing(m.id, {
          imageId: str(p, 'imageId'),
          expiresAt: str(p, 'expiresAt'),
          expired: p.expired === true,
          daysLeft: typeof p.daysLeft === 'number' ? p.daysLeft : 0,
          licensor: typeof p.licensor === 'string' ? p.licensor : null,
          usages: typeof p.usages === 'number' ? p.usages : 0,
        });
      default:
        return Promise.resolve(0);
    }
  }
}
