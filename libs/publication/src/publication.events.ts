/** Outbox topics the publication lib emits (catalogue: OutboxEvents in libs/outbox). */

/** A piece has a live page for the first time since it was last down: neighbours may tease it. */
export const PUBLICATION_WENT_LIVE_TOPIC = 'publication.went_live';
/** A live piece changed or went: the pages teasing it rebuild their teasers. */
export const PUBLICATION_TEASER_TARGET_CHANGED_TOPIC = 'publication.teaser_target_changed';
export interface PublicationArticlePayload {
  articleId: string;
}

/** A live page changed or went, or shared parts changed: the CDN purges these keys (webhooks). */
export const PUBLICATION_CHANGED_TOPIC = 'publication.changed';
export interface PublicationChangedPayload {
  /** null: no one page changed (a purge of shared parts). */
  articleId: string | null;
  slug?: string;
  live: boolean;
  surrogateKeys: string[];
  /** Why shared parts are purged (the message that caused it). */
  cause?: string;
}

declare module '#libs/outbox' {
  interface OutboxEvents {
    [PUBLICATION_WENT_LIVE_TOPIC]: PublicationArticlePayload;
    [PUBLICATION_TEASER_TARGET_CHANGED_TOPIC]: PublicationArticlePayload;
    [PUBLICATION_CHANGED_TOPIC]: PublicationChangedPayload;
  }
}
