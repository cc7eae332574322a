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
  LicenseExpired: 'IMAGE_LICENSE_EXPIRED',
  LicenseNotDistributable: 'IMAGE_LICENSE_NOT_DISTRIBUTABLE',
  CreditNeededByLiveUse: 'IMAGE_CREDIT_NEEDED_BY_LIVE_USE',
  AltTextNeededByLiveUse: 'IMAGE_ALT_TEXT_NEEDED_BY_LIVE_USE',
  CreditPartyNotFound: 'CREDIT_PARTY_NOT_FOUND',
  CreditPartyKind: 'CREDIT_PARTY_WRONG_KIND',
  CreditPartyExists: 'CREDIT_PARTY_EXISTS',
  CreditPartyInUse: 'CREDIT_PARTY_IN_USE',
  MediaNotFound: 'MEDIA_NOT_FOUND',
  StorageUnavailable: 'IMAGE_STORAGE_UNAVAILABLE',
  RenditionNotOffered: 'IMAGE_RENDITION_NOT_OFFERED',
  RenditionBusy: 'IMAGE_RENDITION_BUSY',
} as const;

/** Errors of the file system meaning "the image folder cannot take files right now" (read-only, full, no permission, I/O). */
const STORAGE_DOWN_CODES = new Set(['EROFS', 'ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EIO', 'EMFILE', 'ENFILE', 'EBUSY', 'EAGAIN']);

/** RULE: a storage failure that an operator fixes (and a client retries) rather than a bug. */
export const isStorageUnavailable = (e: unknown): boolean => {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && STORAGE_DOWN_CODES.has(code);
};

export const STORAGE_RETRY_AFTER_SECONDS = 30;

export const storageUnavailable = () =>
  new DomainError('unavailable', ImageErrorCode.StorageUnavailable, 'The image storage cannot take files right now; nothing was saved. Retry later.', [], {
    retryAfterSeconds: STORAGE_RETRY_AFTER_SECONDS,
  });

export const imageNotFound = () => new DomainError('not_found', ImageErrorCode.NotFound, 'No such image.');

export const invalidImageField = (details: ErrorDetail[]) => new DomainError('validation', ImageErrorCode.InvalidField, 'The image data is not valid.', details);

export const creditPartyNotFound = () => new DomainError('not_found', ImageErrorCode.CreditPartyNotFound, 'No such credit party.');

const TOP_IMAGE_PROBLEMS: Record<string, { field: string; message: string }> = {
  [ImageErrorCode.CreditMissing]: { field: 'credit', message: 'credit a photographer, agency or provider' },
  [ImageErrorCode.AltTextMissing]: { field: 'altText', message: 'describe the image' },
  [ImageErrorCode.LicenseExpired]: { field: 'license', message: 'the licence has expired' },
  [ImageErrorCode.LicenseNotDistributable]: { field: 'license', message: 'the licence does not allow publishing it' },
  [ImageErrorCode.NotFound]: { field: 'topImageId', message: 'no such image' },
};

/** One detail naming the image and what is wrong with it as a top image. */
export const topImageProblemDetail = (code: string, imageId: string): ErrorDetail => ({
  field: TOP_IMAGE_PROBLEMS[code]?.field ?? 'topImageId',
  code,
  message: `image ${imageId}: ${TOP_IMAGE_PROBLEMS[code]?.message ?? code}`,
  imageId,
});

/** 409 refusing an image as a top image (see topImageProblemOf). */
export const topImageRefusal = (code: string, imageId: string) =>
  new DomainError('conflict', code, `The top image ${imageId} cannot be published: ${TOP_IMAGE_PROBLEMS[code]?.message ?? code}.`, [topImageProblemDetail(code, imageId)]);

export const renditionNotOffered = () =>
  new DomainError('not_found', ImageErrorCode.RenditionNotOffered, 'This image is not offered in that size, crop or format; use a URL from its renditions in the content payload.');

export const RENDITION_BUSY_RETRY_AFTER_SECONDS = 2;

export const renditionBusy = () =>
  new DomainError('unavailable', ImageErrorCode.RenditionBusy, 'Too many images are being rendered right now; retry shortly.', [], {
    retryAfterSeconds: RENDITION_BUSY_RETRY_AFTER_SECONDS,
  });
