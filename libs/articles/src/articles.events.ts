import type { CorrectionKind } from './articles.service.js';

/** Outbox topics the articles lib emits (catalogue: OutboxEvents in libs/outbox). */

/** A new revision of the working copy was saved. */
export const ARTICLE_SAVED_TOPIC = 'article.saved';
export interface ArticleSavedPayload {
  articleId: string;
  revisionId: string;
  version: number;
}

/** A correction, clarification or retraction was attached to a published piece. */
export const ARTICLE_CORRECTED_TOPIC = 'article.corrected';
export interface ArticleCorrectedPayload {
  articleId: string;
  correctionId: string;
  kind: CorrectionKind;
  /** Where the piece is read: its last live revision's slug. */
  slug: string;
  /** PUBLIC_BASE_URL/<slug>. */
  url: string;
  /** The piece's canonical URL override, else `url`. */
  canonicalUrl: string;
  /** The live revision the page shows the correction on, and its number (null: never went live). */
  revisionId: string | null;
  revisionNumber: number | null;
  /** false: the piece is taken down now (the correction shows when it is live again). */
  live: boolean;
}

declare module '#libs/outbox' {
  interface OutboxEvents {
    [ARTICLE_SAVED_TOPIC]: ArticleSavedPayload;
    [ARTICLE_CORRECTED_TOPIC]: ArticleCorrectedPayload;
  }
}
