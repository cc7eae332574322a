import { DomainError, type ErrorDetail } from '#libs/kernel';

export const RelatedStoriesErrorCode = {
  TooManyPins: 'TEASER_TOO_MANY_PINS',
  Self: 'TEASER_SELF',
  DuplicatePin: 'TEASER_DUPLICATE_PIN',
  OverrideInvalid: 'TEASER_OVERRIDE_INVALID',
  TargetNotLive: 'TEASER_TARGET_NOT_LIVE',
  TargetRetracted: 'TEASER_TARGET_RETRACTED',
  AlertNotFound: 'TEASER_ALERT_NOT_FOUND',
} as const;

export const invalidPins = (code: string, details: ErrorDetail[]) => new DomainError('validation', code, 'The pins are not valid.', details);

export const targetNotLive = (details: ErrorDetail[]) =>
  new DomainError('conflict', RelatedStoriesErrorCode.TargetNotLive, 'A pinned teaser must point at a live article.', details);

export const targetRetracted = (details: ErrorDetail[]) =>
  new DomainError('conflict', RelatedStoriesErrorCode.TargetRetracted, 'A retracted article cannot be pinned as a teaser.', details);

export const alertNotFound = () => new DomainError('not_found', RelatedStoriesErrorCode.AlertNotFound, 'No such teaser alert.');
