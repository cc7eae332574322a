/** Outbox topics the donation-banners lib emits (catalogue: OutboxEvents in libs/outbox). */

/**
 * A change to what donation banners show (a campaign edited, activated, paused, resumed or
 * ended, its variants, an article's "no appeals" switch). The pages carrying them are purged.
 */
export const DONATION_BANNERS_CHANGED_TOPIC = 'donation_banners.changed';
/** One of the two is set. */
export interface DonationBannersChangedPayload {
  campaignId?: string;
  articleId?: string;
}

declare module '#libs/outbox' {
  interface OutboxEvents {
    [DONATION_BANNERS_CHANGED_TOPIC]: DonationBannersChangedPayload;
  }
}
