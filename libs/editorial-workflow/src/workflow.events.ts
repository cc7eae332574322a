import type { Action, SystemAction } from './workflow.rules.js';

/** Outbox topics the editorial workflow emits (catalogue: OutboxEvents in libs/outbox). */

/** Payload of `article.transitioned` (and of published / updated / unpublished). */
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

/** Every state change of a piece. */
export const ARTICLE_TRANSITIONED_TOPIC = 'article.transitioned';
/** A piece went live for the first time (or again after it was taken down). */
export const ARTICLE_PUBLISHED_TOPIC = 'article.published';
/** A live piece was republished with new content. */
export const ARTICLE_UPDATED_TOPIC = 'article.updated';
/** A live piece was taken down. */
export const ARTICLE_UNPUBLISHED_TOPIC = 'article.unpublished';

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
    [ARTICLE_PUBLISHED_TOPIC]: ArticleTransitionedPayload;
    [ARTICLE_UPDATED_TOPIC]: ArticleTransitionedPayload;
    [ARTICLE_UNPUBLISHED_TOPIC]: ArticleTransitionedPayload;
    [ARTICLE_JOB_FAILED_TOPIC]: ArticleJobFailedPayload;
  }
}
