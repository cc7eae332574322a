import type { components, operations, paths } from './schema.js';

export type { components, operations, paths };
type S = components['schemas'];

/** The whole article page: the article, related stories, newsletter box and donation banners. */
export type ArticlePage = S['ContentArticlePageResponse'];
/** The article itself (headline, dek, kicker, bylines, dates, tags, top image, body, corrections, SEO). */
export type Article = S['ContentArticlePayloadResponse'];
export type Byline = S['ContentPageBylineResponse'];
export type ContentImage = S['ContentImageResponse'];
export type RelatedStory = S['ContentRelatedStoryResponse'];
export type NewsletterBox = S['ContentNewsletterBoxResponse'];
export type DonationBanner = S['ContentBannerResponse'];
export type Correction = S['ContentCorrectionResponse'];
/** A list entry (the LATEST rail, section and tag pages, search hits). */
export type ArticleCard = S['ContentArticleCardResponse'];
export type CardPage = S['ContentCardPageResponse'];
export type SearchHit = S['ContentSearchHitResponse'];
export type SearchPage = S['ContentSearchPageResponse'];
export type Section = S['ContentSectionWithCountResponse'];
export type SectionPage = S['ContentSectionPageResponse'];
export type TagPage = S['ContentTagPageResponse'];
export type ContributorPage = S['ContentContributorPageResponse'];
export type Contributor = S['ContentContributorProfileResponse'];
export type CorrectionsPage = S['ContentCorrectionsPageResponse'];
export type PreviewPage = S['ContentPreviewPageResponse'];
/** The site's title, logo, social accounts, menus and newsletter box copy (per section). */
export type SiteSettings = S['ContentSiteSettingsResponse'];
export type SiteNewsletterBox = S['ContentSiteBoxResponse'];

type Query<O> = O extends { parameters: { query?: infer Q } } ? Omit<NonNullable<Q>, 'key'> : never;
export type ListQuery = Query<operations['ContentArticlesController_list']>;
export type LatestQuery = Query<operations['ContentArticlesController_latest']>;
export type PageQuery = Query<operations['ContentArticlesController_section']>;
export type SearchQuery = Omit<Query<operations['ContentArticlesController_search']>, 'q'>;
export type SubscribeRequest = S['CreateSubscriptionRequest'];
export type SubscribeResponse = S['SignupAcceptedResponse'];
export type BannerEvent = S['BannerEventRequest'];
export type BannerEventsResponse = S['BannerEventsResponse'];
