import { DomainError } from '#libs/kernel';

/** Stable error codes of the newsletter API (contract: never renamed or reused). */
export const NewsletterErrorCode = {
  EmailInvalid: 'NEWSLETTER_EMAIL_INVALID',
  ListUnknown: 'NEWSLETTER_LIST_UNKNOWN',
  ConsentTextUnknown: 'NEWSLETTER_CONSENT_TEXT_UNKNOWN',
  RateLimited: 'NEWSLETTER_RATE_LIMITED',
  TokenNotFound: 'NEWSLETTER_TOKEN_NOT_FOUND',
  TokenUsed: 'NEWSLETTER_TOKEN_USED',
  TokenExpired: 'NEWSLETTER_TOKEN_EXPIRED',
  ListNotFound: 'NEWSLETTER_LIST_NOT_FOUND',
  ListSlugTaken: 'NEWSLETTER_LIST_SLUG_TAKEN',
  ListSlugInvalid: 'NEWSLETTER_LIST_SLUG_INVALID',
  SubscriberNotFound: 'NEWSLETTER_SUBSCRIBER_NOT_FOUND',
  RangeInvalid: 'NEWSLETTER_RANGE_INVALID',
} as const;

export const newsletterErrors = {
  emailInvalid: () =>
    new DomainError('validation', NewsletterErrorCode.EmailInvalid, 'The e-mail address is not valid.', [
      { field: 'email', code: 'isEmail', message: 'email must be a valid e-mail address' },
    ]),
  listUnknown: (ids: string[]) =>
    new DomainError(
      'validation',
      NewsletterErrorCode.ListUnknown,
      'One or more lists do not exist or take no signups.',
      ids.map((id) => ({ field: 'lists', code: 'unknownList', message: `no open list ${id}` })),
    ),
  consentTextUnknown: () =>
    new DomainError('validation', NewsletterErrorCode.ConsentTextUnknown, 'The consent text does not exist.', [
      { field: 'consentTextId', code: 'unknownConsentText', message: 'consentTextId names no consent text' },
    ]),
  tokenNotFound: () => new DomainError('not_found', NewsletterErrorCode.TokenNotFound, 'This link is not valid.'),
  tokenUsed: () => new DomainError('gone', NewsletterErrorCode.TokenUsed, 'This confirmation link was already used.'),
  tokenExpired: () => new DomainError('gone', NewsletterErrorCode.TokenExpired, 'This confirmation link has expired; sign up again for a new one.'),
  listNotFound: () => new DomainError('not_found', NewsletterErrorCode.ListNotFound, 'No such newsletter list.'),
  listSlugTaken: () =>
    new DomainError('conflict', NewsletterErrorCode.ListSlugTaken, 'A list with this slug already exists.', [{ field: 'slug', code: 'taken', message: 'slug already in use' }]),
  listSlugInvalid: () =>
    new DomainError('validation', NewsletterErrorCode.ListSlugInvalid, 'The list slug is not valid.', [
      { field: 'slug', code: 'isSlug', message: 'slug must be lower-case words joined by hyphens' },
    ]),
  subscriberNotFound: () => new DomainError('not_found', NewsletterErrorCode.SubscriberNotFound, 'No such subscriber.'),
  rangeInvalid: (message: string) => new DomainError('validation', NewsletterErrorCode.RangeInvalid, message, [{ field: 'from', code: 'range', message }]),
};
