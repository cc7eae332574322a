import { DomainError, type ErrorDetail } from '#libs/kernel';

/** Stable error codes of the image-credits domain (API contract: never renamed or reused). */
export const ImageErrorCode = {
  NotFound: 'IMAGE_NOT_FOUND',
  FileMissing: 'IMAGE_FILE_MISSING',
  NotMultipart: 'IMAGE_UPLOAD_NOT_MULTIPART',
  UploadMalformed: 'IMAGE_UPLOAD_MALFORMED',
  TooManyParts: 'IMAGE_UPLOAD_TOO_MANY_PARTS',
  Empty: 'IMAGE_EMPTY',
  TooLarge: 'IMAGE_TOO_LARGE',
  UnsupportedType: 'IMAGE_UNSUPPORTED_TYPE',
  Corrupt: 'IMAGE_CORRUPT',
  UrlInvalid: 'IMAGE_URL_INVALID',
  InvalidField: 'IMAGE_INVALID_FIELD',
  NotOwner: 'IMAGE_NOT_OWNER',
  InUse: 'IMAGE_IN_USE',
  CreditMissing: 'IMAGE_CREDIT_MISSING',
  AltTextMissing: 'IMAGE_ALT_TEXT_MISSING',
  CreditPartyNotFound: 'CREDIT_PARTY_NOT_FOUND',
  CreditPartyKind: 'CREDIT_PARTY_WRONG_KIND',
  CreditPartyExists: 'CREDIT_PARTY_EXISTS',
  CreditPartyInUse: 'CREDIT_PARTY_IN_USE',
  MediaNotFound: 'MEDIA_NOT_FOUND',
} as const;

export const imageNotFound = () => new DomainError('not_found', ImageErrorCode.NotFound, 'No such image.');

export const invalidImageField = (details: ErrorDetail[]) =>
  new DomainError('validation', ImageErrorCode.InvalidField, 'The image data is not valid.', details);

export const creditPartyNotFound = () => new DomainError('not_found', ImageErrorCode.CreditPartyNotFound, 'No such credit party.');
