import { DomainError, type ErrorDetail } from '#libs/kernel';

export const ArticleErrorCode = {
  NotFound: 'ARTICLE_NOT_FOUND',
  SlugTaken: 'ARTICLE_SLUG_TAKEN',
  VersionMismatch: 'ARTICLE_VERSION_MISMATCH',
  IfMatchRequired: 'ARTICLE_IF_MATCH_REQUIRED',
  IfMatchInvalid: 'ARTICLE_IF_MATCH_INVALID',
  Locked: 'ARTICLE_LOCKED',
  NotLocked: 'ARTICLE_LOCK_NOT_HELD',
  NotEditable: 'ARTICLE_NOT_EDITABLE',
  EmbargoFrozen: 'ARTICLE_EMBARGO_FROZEN',
  RevisionNotFound: 'ARTICLE_REVISION_NOT_FOUND',
  NotPublished: 'ARTICLE_NOT_PUBLISHED',
  InvalidField: 'ARTICLE_INVALID_FIELD',
} as const;

export const articleNotFound = () => new DomainError('not_found', ArticleErrorCode.NotFound, 'No such article.');

export const versionMismatch = (current: number) =>
  new DomainError('precondition_failed', ArticleErrorCode.VersionMismatch, 'The article changed since you loaded it.', [], {
    currentVersion: current,
    currentEtag: `"v${current}"`,
  });

export const invalidField = (details: ErrorDetail[]) => new DomainError('validation', ArticleErrorCode.InvalidField, 'The article is not valid.', details);
