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
}

declare module '#libs/outbox' {
  interface OutboxEvents {
    [ARTICLE_SAVED_TOPIC]: ArticleSavedPayload;
    [ARTICLE_CORRECTED_TOPIC]: ArticleCorrectedPayload;
  }
}
