import type { Action, SystemAction } from './workflow.rules.js';

/** Outbox topics the editorial workflow emits (catalogue: OutboxEvents in libs/outbox). */

/** Payload of `article.transitioned` (published / updated / unpublished carry more: ArticleLivePayload). */
export interface ArticleTransitionedPayload {
  articleId: string;
  /** `import`: a WordPress import set the state directly. */
  action: Action | SystemAction | 'import';
  from: string;
  to: string;
  at: string;
  revisionId: string | null;
  /** The account that acted; null for the worker. Absent on imports. */
  actorId?: string | null;
  /** Absent on imports. */
  comment?: string | null;
}

/**
 * Payload of `article.published`, `article.updated`, `article.unpublished` and
 * `article.slug_changed`: the transition, plus where the piece is read, frozen when it happened
 * (webhooks send it as their `data`; a consumer rebuilding pages needs no second request).
 */
export interface ArticleLivePayload extends ArticleTransitionedPayload {
  /** The revision that went live (on unpublish: the one that was live until now). */
  revisionId: string;
  /** Its number in the piece's revision history (1, 2, ...). */
  revisionNumber: number;
  /** The live slug (on unpublish: the slug that stopped answering). */
  slug: string;
  /** PUBLIC_BASE_URL/<slug>: where the page is (was) served. */
  url: string;
  /** The piece's canonical URL override, else `url` (the page's Open Graph / JSON-LD URL). */
  canonicalUrl: string;
  /**
   * The address that stopped showing this page with this change, else null: on unpublish the
   * slug and URL taken down (the same as `slug` / `url`); on a slug change the old ones (they
   * now answer 301 to the new URL). Null on a first publication and on an update that kept
   * the slug.
   */
  previousSlug: string | null;
  previousUrl: string | null;
}

/** Every state change of a piece. */
export const ARTICLE_TRANSITIONED_TOPIC = 'article.transitioned';
/** A piece went live for the first time (or again after it was taken down). */
export const ARTICLE_PUBLISHED_TOPIC = 'article.published';
/** A live piece was republished with new content. */
export const ARTICLE_UPDATED_TOPIC = 'article.updated';
/** A live piece was taken down. */
export const ARTICLE_UNPUBLISHED_TOPIC = 'article.unpublished';
/**
 * A piece went live under another slug than the one it last had live (a republish, or a
 * publish after a take-down, with a changed slug): emitted besides published / updated.
 */
export const ARTICLE_SLUG_CHANGED_TOPIC = 'article.slug_changed';

/** A scheduled publish or take-down failed (first failure per scheduled time; the job retries). */
export const ARTICLE_JOB_FAILED_TOPIC = 'article.scheduled_job_failed';
export interface ArticleJobFailedPayload {
  articleId: string;
  action: SystemAction;
  /** The time the job was for. */
  at: string;
  error: string;
}

declare module '#libs/outbox' {
  interface OutboxEvents {
    [ARTICLE_TRANSITIONED_TOPIC]: ArticleTransitionedPayload;
    [ARTICLE_PUBLISHED_TOPIC]: ArticleLivePayload;
    [ARTICLE_UPDATED_TOPIC]: ArticleLivePayload;
    [ARTICLE_UNPUBLISHED_TOPIC]: ArticleLivePayload;
    [ARTICLE_SLUG_CHANGED_TOPIC]: ArticleLivePayload;
    [ARTICLE_JOB_FAILED_TOPIC]: ArticleJobFailedPayload;
  }
}
