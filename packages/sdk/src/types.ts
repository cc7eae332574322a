import type { components, operations, paths } from './schema.js';

export type { components, operations, paths };
type S = components['schemas'];

/** The whole article page: the article, related stories, newsletter box and donation banners. */
export type ArticlePage = S['ContentArticlePageResponse'];
/** The article itself (headline, dek, kicker, bylines, dates, tags, top image, body, corrections, SEO). */
export type Article = S['ContentArticlePayloadResponse'];
export type Byline = S['ContentPageBylineResponse'];
export type ContentImage = S['ContentImageResponse'];
/** A card's image: renditions in the compact form (`srcset`), expanded by the image helpers. */
export type CardImage = S['ContentCardImageResponse'];
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

/** A card member `fields=` may ask for (`articleId` always comes). */
export type CardField = Exclude<keyof ArticleCard, 'articleId'>;
/** A card cut to some fields. */
export type CardOf<F extends CardField> = Pick<ArticleCard, F | 'articleId'>;
/** Lists take `exclude` and `fields` as arrays (sent comma-separated). */
type ListShape<Q, F extends CardField> = Omit<Q, 'exclude' | 'fields'> & { exclude?: string | readonly string[]; fields?: readonly F[] };

type Query<O> = O extends { parameters: { query?: infer Q } } ? Omit<NonNullable<Q>, 'key'> : never;
export type ListQuery<F extends CardField = CardField> = ListShape<Query<operations['ContentArticlesController_list']>, F>;
export type LatestQuery<F extends CardField = CardField> = ListShape<Query<operations['ContentArticlesController_latest']>, F>;
export type PageQuery<F extends CardField = CardField> = ListShape<Query<operations['ContentArticlesController_section']>, F>;
export type IndexQuery = Query<operations['ContentArticlesController_tags']>;
export type TypeIndex = S['ContentIndexResponse'];
export type TagIndex = S['ContentTagIndexResponse'];
export type ContributorIndex = S['ContentContributorIndexResponse'];
export type SearchQuery = Omit<Query<operations['ContentArticlesController_search']>, 'q'>;
export type SubscribeRequest = S['CreateSubscriptionRequest'];
export type SubscribeResponse = S['SignupAcceptedResponse'];
export type BannerEvent = S['BannerEventRequest'];
export type BannerEventsResponse = S['BannerEventsResponse'];
