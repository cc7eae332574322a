import { DomainError, type ErrorDetail } from '#libs/kernel';

/** Stable error codes of the donation-banners domain (API contract: never renamed or reused). */
export const BannerErrorCode = {
  CampaignNotFound: 'BANNER_CAMPAIGN_NOT_FOUND',
  VariantNotFound: 'BANNER_VARIANT_NOT_FOUND',
  ArticleNotFound: 'BANNER_ARTICLE_NOT_FOUND',
  CampaignInvalid: 'BANNER_CAMPAIGN_INVALID',
  VariantInvalid: 'BANNER_VARIANT_INVALID',
  VariantNameTaken: 'BANNER_VARIANT_NAME_TAKEN',
  TransitionNotAllowed: 'BANNER_TRANSITION_NOT_ALLOWED',
  CampaignEnded: 'BANNER_CAMPAIGN_ENDED',
  CampaignNotDraft: 'BANNER_CAMPAIGN_NOT_DRAFT',
  NoVariants: 'BANNER_CAMPAIGN_NO_VARIANTS',
  WindowPassed: 'BANNER_CAMPAIGN_WINDOW_PASSED',
  EventsInvalid: 'BANNER_EVENTS_INVALID',
  EventsRateLimited: 'BANNER_EVENTS_RATE_LIMITED',
  ReportRangeInvalid: 'BANNER_REPORT_RANGE_INVALID',
} as const;

/** Codes carried in `details[].code` of a BANNER_EVENTS_INVALID answer, one per bad event. */
export const BannerEventProblem = {
  UnknownCampaign: 'BANNER_EVENT_UNKNOWN_CAMPAIGN',
  VariantNotInCampaign: 'BANNER_EVENT_VARIANT_NOT_IN_CAMPAIGN',
  TimeOutOfRange: 'BANNER_EVENT_TIME_OUT_OF_RANGE',
  DuplicateInBatch: 'BANNER_EVENT_DUPLICATE_IN_BATCH',
  UnknownArticle: 'BANNER_EVENT_UNKNOWN_ARTICLE',
} as const;

export const campaignNotFound = () => new DomainError('not_found', BannerErrorCode.CampaignNotFound, 'No such donation campaign.');

export const variantNotFound = () => new DomainError('not_found', BannerErrorCode.VariantNotFound, 'No such variant in this campaign.');

export const campaignInvalid = (details: ErrorDetail[]) => new DomainError('validation', BannerErrorCode.CampaignInvalid, 'The campaign is not valid.', details);

export const variantInvalid = (details: ErrorDetail[]) => new DomainError('validation', BannerErrorCode.VariantInvalid, 'The variant is not valid.', details);

export const campaignEnded = () => new DomainError('conflict', BannerErrorCode.CampaignEnded, 'The campaign has ended; it can no longer be changed.');
