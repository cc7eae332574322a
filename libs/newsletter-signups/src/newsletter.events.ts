/** Outbox topics the newsletter-signups lib emits (catalogue: OutboxEvents in libs/outbox). */

/**
 * A change to what the signup box offers (a list created, renamed or archived, a new consent
 * text): the article pages carrying the box are purged and re-rendered.
 */
export const NEWSLETTER_OFFER_CHANGED_TOPIC = 'newsletter.offer_changed';
export interface NewsletterOfferChangedPayload {
  listId?: string;
  consentTextId?: string;
}

declare module '#libs/outbox' {
  interface OutboxEvents {
    [NEWSLETTER_OFFER_CHANGED_TOPIC]: NewsletterOfferChangedPayload;
  }
}
