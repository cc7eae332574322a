/**
 * The body of a webhook delivery (`POST` to a webhook registered under `/v1/admin/webhooks`),
 * for a front-end that rebuilds pages when the CMS says so. Parse it only after checking
 * `X-Webhook-Signature` over the raw body (docs/features.md has the 10-line check).
 *
 * Written by hand: deliveries are not a route of the OpenAPI document. They are kept equal to the
 * api's outbox catalogue by a type assertion in test/e2e/webhooks.e2e-spec.ts (the typecheck
 * fails when one changes without the other).
 */
export interface WebhookDelivery<E extends string, D> {
  /** The delivery id (also `X-Webhook-Delivery`): the same on every retry; dedupe on it. */
  id: string;
  event: E;
  /** When the change happened (ISO 8601), not when this attempt was sent. */
  occurredAt: string;
  data: D;
}

/** `data` of article.published / article.updated / article.unpublished / article.slug_changed. */
export interface ArticleWebhookData {
  articleId: string;
  /** The workflow action (publish, publish_due, unpublish, unpublish_due, import). */
  action: string;
  from: string;
  to: string;
  at: string;
  /** The account that acted; null for the scheduler. Absent on imports. */
  actorId?: string | null;
  comment?: string | null;
  /** The revision that went live (on unpublish: the one that was live), and its number. */
  revisionId: string;
  revisionNumber: number;
  /** The live slug (on unpublish: the one taken down). */
  slug: string;
  /** PUBLIC_BASE_URL/<slug>: where the page is served. */
  url: string;
  /** The piece's canonical URL override, else `url`. */
  canonicalUrl: string;
  /** On unpublish the address taken down; on a slug change the old one (it now redirects); else null. */
  previousSlug: string | null;
  previousUrl: string | null;
}

/** `data` of article.corrected. */
export interface CorrectionWebhookData {
  articleId: string;
  correctionId: string;
  kind: 'correction' | 'clarification' | 'retraction';
  slug: string;
  url: string;
  canonicalUrl: string;
  /** The live revision the correction shows on (null: never live). */
  revisionId: string | null;
  revisionNumber: number | null;
  /** false: taken down now; the correction shows when it is live again. */
  live: boolean;
}

/** Any delivery: narrow with `switch (delivery.event)`. */
export type ArticleWebhook =
  | WebhookDelivery<'article.published' | 'article.updated' | 'article.unpublished' | 'article.slug_changed', ArticleWebhookData>
  | WebhookDelivery<'article.corrected', CorrectionWebhookData>;
