import type { AlertReason } from './related-stories.rules.js';

/** Outbox topics the related-stories lib emits (catalogue: OutboxEvents in libs/outbox). */

/** An alert was opened on a page (emitted once per alert). */
export const TEASER_ALERT_OPENED_TOPIC = 'related-stories.teaser_alert_opened';
export interface TeaserAlertOpenedPayload {
  alertId: string;
  /** The page pinning the target. */
  articleId: string;
  targetArticleId: string;
  reason: AlertReason;
}

/** Refresh (and purge) one live page: the publication lib consumes it. */
export const PUBLICATION_REFRESH_TOPIC = 'publication.refresh';
export interface PublicationRefreshPayload {
  articleId: string;
}

declare module '#libs/outbox' {
  interface OutboxEvents {
    [TEASER_ALERT_OPENED_TOPIC]: TeaserAlertOpenedPayload;
    [PUBLICATION_REFRESH_TOPIC]: PublicationRefreshPayload;
  }
}
