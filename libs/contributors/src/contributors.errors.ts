import { DomainError } from '#libs/kernel';

/** Stable error codes of contributor profiles (API contract: never renamed or reused). */
export const ContributorErrorCode = {
  NotFound: 'CONTRIBUTOR_NOT_FOUND',
  SlugTaken: 'CONTRIBUTOR_SLUG_TAKEN',
  SlugInvalid: 'CONTRIBUTOR_SLUG_INVALID',
  NameInvalid: 'CONTRIBUTOR_NAME_INVALID',
  TextTooLong: 'CONTRIBUTOR_TEXT_TOO_LONG',
  SocialLinkInvalid: 'CONTRIBUTOR_SOCIAL_LINK_INVALID',
  AccountNotFound: 'CONTRIBUTOR_ACCOUNT_NOT_FOUND',
  AccountTaken: 'CONTRIBUTOR_ACCOUNT_TAKEN',
  Merged: 'CONTRIBUTOR_MERGED',
  MergeIntoSelf: 'CONTRIBUTOR_MERGE_INTO_SELF',
  MergeTargetInvalid: 'CONTRIBUTOR_MERGE_TARGET_INVALID',
  MergeAccountConflict: 'CONTRIBUTOR_MERGE_ACCOUNT_CONFLICT',
  CursorInvalid: 'INVALID_CURSOR',
} as const;

export const contributorNotFound = () => new DomainError('not_found', ContributorErrorCode.NotFound, 'No such contributor.');

export const contributorSlugTaken = (slug: string) =>
  new DomainError('conflict', ContributorErrorCode.SlugTaken, `The slug "${slug}" is taken by another contributor (now or formerly).`, [
    { field: 'slug', code: ContributorErrorCode.SlugTaken, message: `"${slug}" is taken; send another slug` },
  ]);

export const contributorMerged = (mergedIntoId: string) =>
  new DomainError('conflict', ContributorErrorCode.Merged, 'This profile was merged into another; edit that one.', [], { mergedIntoId });
