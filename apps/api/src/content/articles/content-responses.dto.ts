import { ApiProperty } from '@nestjs/swagger';
import { SOCIAL_NETWORK_NAMES, type SocialNetwork } from '#libs/contributors';
import { SOCIAL_ACCOUNT_NETWORKS, type SocialAccountNetwork } from '#libs/site-settings';
import { TAG_KINDS, type TagKind } from '#libs/taxonomy';
import { BannerGlobalCapResponse, ContentBannerResponse } from '../donation-banners/donation-banners.dto.js';
import { NewsletterListPublicResponse } from '../newsletter/newsletter.dto.js';

// The content surface answers with stored JSON (copied as bytes, never re-serialized), so these
// classes document the shapes for the OpenAPI document (and the generated SDK types) only. The
// SDK's e2e suite (test/e2e/sdk.e2e-spec.ts) checks every response it reads against these
// schemas: a field added to the payload without a line here fails there.

export const CORRECTION_KINDS = ['correction', 'clarification', 'retraction'] as const;

export class ContentRefResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'europe' }) slug: string;
  @ApiProperty({ example: 'Europe' }) name: string;
}

export class ContentCardBylineResponse {
  @ApiProperty({ format: 'uuid' }) contributorId: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
}

export class ContentSocialLinkResponse {
  @ApiProperty({ enum: SOCIAL_NETWORK_NAMES }) network: SocialNetwork;
  @ApiProperty() url: string;
}

/** A byline on the page: the profile as of the publish that first showed it here. */
export class ContentPageBylineResponse extends ContentCardBylineResponse {
  @ApiProperty({ nullable: true, type: String, description: 'Title / affiliation as published.' }) title: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Disclosure statement as published.' }) disclosure: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The profile’s bio (current: a profile edit refreshes live pages).' }) bio: string | null;
  @ApiProperty({ type: [ContentSocialLinkResponse], description: 'The profile’s links (current).' }) socialLinks: ContentSocialLinkResponse[];
  @ApiProperty({ nullable: true, type: () => ContentAvatarResponse, description: 'The profile’s avatar (current) with renditions and crops.' })
  avatar: ContentAvatarResponse | null;
}

export class ContentFocalPointResponse {
  @ApiProperty({ minimum: 0, maximum: 1 }) x: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) y: number;
}

export class ContentImageLicenseResponse {
  @ApiProperty({ nullable: true, type: String }) licensor: string | null;
  @ApiProperty() canSyndicate: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) expiresAt: string | null;
}

export const RENDITION_FORMATS = ['avif', 'webp', 'jpeg', 'png', 'gif'] as const;

/** One rendition: a srcset candidate (`url` + `width`w) with its height and format. Served immutable. */
export class ContentRenditionResponse {
  @ApiProperty({ example: 'https://cms.example.org/media/images/<sha256>.jpg/640.webp' }) url: string;
  @ApiProperty({ example: 640 }) width: number;
  @ApiProperty({ example: 427 }) height: number;
  @ApiProperty({ enum: RENDITION_FORMATS }) format: (typeof RENDITION_FORMATS)[number];
}

/** The image cropped around its focal point to one configured ratio (IMAGE_RENDITION_RATIOS). */
export class ContentCropResponse {
  @ApiProperty({ example: '16:9' }) aspectRatio: string;
  @ApiProperty({ description: 'Width of the largest crop of that ratio.' }) width: number;
  @ApiProperty() height: number;
  @ApiProperty({ type: [ContentRenditionResponse] }) renditions: ContentRenditionResponse[];
}

/** An image as a page shows it (top image, card image). */
export class ContentImageResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'top' }) role: string;
  @ApiProperty({ description: 'Where the original is served.' }) url: string;
  @ApiProperty({ nullable: true, type: Number }) width: number | null;
  @ApiProperty({ nullable: true, type: Number }) height: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'jpeg' }) format: string | null;
  @ApiProperty({ nullable: true, type: String }) alt: string | null;
  @ApiProperty({ nullable: true, type: String }) caption: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Top image credit: Jane Doe - Agency / Provider' }) creditLine: string | null;
  @ApiProperty({ nullable: true, type: String }) creditUrl: string | null;
  @ApiProperty({ nullable: true, type: ContentFocalPointResponse }) focalPoint: ContentFocalPointResponse | null;
  @ApiProperty({ type: ContentImageLicenseResponse }) license: ContentImageLicenseResponse;
  @ApiProperty({
    type: [ContentRenditionResponse],
    description:
      'The whole image in every offered width (IMAGE_RENDITION_WIDTHS up to its own) as AVIF, WebP and its own format, narrowest first; empty for images registered by URL.',
  })
  renditions: ContentRenditionResponse[];
  @ApiProperty({ type: [ContentCropResponse], description: 'One per configured aspect ratio, cropped around the focal point; empty for images registered by URL.' })
  crops: ContentCropResponse[];
}

/** One format of a compact srcset: the rendition URL with `{width}` where its width goes. */
export class ContentSrcsetTemplateResponse {
  @ApiProperty({ enum: RENDITION_FORMATS }) format: (typeof RENDITION_FORMATS)[number];
  @ApiProperty({ example: 'https://cms.example.org/media/images/<sha256>.jpg/{width}.webp', description: 'Replace `{width}` by one of `widths`.' }) url: string;
}

/**
 * Renditions in their compact, srcset-ready form: every width is offered in every format. The
 * SDK's image helpers (`srcset`, `picture`) expand it; a rendition's height is the image's (or
 * the crop's) aspect ratio at that width, rounded.
 */
export class ContentSrcsetResponse {
  @ApiProperty({ type: [Number], example: [320, 640, 1280, 1600], description: 'Narrowest first; empty for images registered by URL.' }) widths: number[];
  @ApiProperty({ type: [ContentSrcsetTemplateResponse], description: 'AVIF, WebP, then the image’s own format.' }) templates: ContentSrcsetTemplateResponse[];
}

/** A crop of a card image, compact. */
export class ContentCardCropResponse {
  @ApiProperty({ example: '16:9' }) aspectRatio: string;
  @ApiProperty({ description: 'Width of the largest crop of that ratio.' }) width: number;
  @ApiProperty() height: number;
  @ApiProperty({ type: ContentSrcsetResponse }) srcset: ContentSrcsetResponse;
}

/**
 * A card's image (lists, the LATEST rail, search hits): the top image with its renditions and
 * crops in the compact form (`srcset`), a tenth of the bytes of the page's.
 */
export class ContentCardImageResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'top' }) role: string;
  @ApiProperty({ description: 'Where the original is served.' }) url: string;
  @ApiProperty({ nullable: true, type: Number }) width: number | null;
  @ApiProperty({ nullable: true, type: Number }) height: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'jpeg' }) format: string | null;
  @ApiProperty({ nullable: true, type: String }) alt: string | null;
  @ApiProperty({ nullable: true, type: String }) caption: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Top image credit: Jane Doe - Agency / Provider' }) creditLine: string | null;
  @ApiProperty({ nullable: true, type: String }) creditUrl: string | null;
  @ApiProperty({ nullable: true, type: ContentFocalPointResponse }) focalPoint: ContentFocalPointResponse | null;
  @ApiProperty({ type: ContentImageLicenseResponse }) license: ContentImageLicenseResponse;
  @ApiProperty({ type: ContentSrcsetResponse, description: 'The whole image: every offered width (IMAGE_RENDITION_WIDTHS up to its own) in each format.' })
  srcset: ContentSrcsetResponse;
  @ApiProperty({ type: [ContentCardCropResponse], description: 'One per configured aspect ratio, cropped around the focal point; empty for images registered by URL.' })
  crops: ContentCardCropResponse[];
}

/** An upload shown inside the article body. */
export class ContentBodyImageResponse extends ContentImageResponse {
  @ApiProperty({ description: 'The `src` of its `<img>` in bodyHtml.' }) src: string;
}

/** A list entry: what a card, the LATEST rail or a feed item shows. */
export class ContentArticleCardResponse {
  @ApiProperty({ format: 'uuid' }) articleId: string;
  @ApiProperty() slug: string;
  @ApiProperty() headline: string;
  @ApiProperty() dek: string;
  @ApiProperty({ example: 'Analysis | Europe' }) kicker: string;
  @ApiProperty({ type: ContentRefResponse }) section: ContentRefResponse;
  @ApiProperty({ type: ContentRefResponse }) type: ContentRefResponse;
  @ApiProperty({ type: [ContentCardBylineResponse] }) bylines: ContentCardBylineResponse[];
  @ApiProperty({ type: [ContentRefResponse] }) tags: ContentRefResponse[];
  @ApiProperty() excerpt: string;
  @ApiProperty({ nullable: true, type: ContentCardImageResponse }) topImage: ContentCardImageResponse | null;
  @ApiProperty({ format: 'date-time', description: 'First publication.' }) publishedAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ContentCardPageResponse {
  @ApiProperty({ type: [ContentArticleCardResponse] }) items: ContentArticleCardResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last.' }) nextCursor: string | null;
}

export class ContentSearchHitResponse extends ContentArticleCardResponse {
  @ApiProperty() rank: number;
  @ApiProperty({ description: 'Highlighted fragments, matches wrapped in <mark>.' }) snippet: string;
}

export class ContentSearchPageResponse {
  @ApiProperty({ type: [ContentSearchHitResponse] }) items: ContentSearchHitResponse[];
  @ApiProperty({ nullable: true, type: Number, description: 'Pass as `offset` for the next page; null on the last.' }) nextOffset: number | null;
}

export class ContentCorrectionResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: CORRECTION_KINDS }) kind: (typeof CORRECTION_KINDS)[number];
  @ApiProperty() text: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class ContentSeoResponse {
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ nullable: true, type: String }) canonicalUrl: string | null;
}

export class ContentMetaImageResponse {
  @ApiProperty() url: string;
  @ApiProperty({ nullable: true, type: Number }) width: number | null;
  @ApiProperty({ nullable: true, type: Number }) height: number | null;
  @ApiProperty({ nullable: true, type: String }) alt: string | null;
}

/** Open Graph (`og:*`, `article:*`) of the page. */
export class ContentOpenGraphResponse {
  @ApiProperty({ enum: ['article'] }) type: 'article';
  @ApiProperty({ description: 'seo.title (the SEO title, else the headline).' }) title: string;
  @ApiProperty({ description: 'seo.description (else the dek).' }) description: string;
  @ApiProperty({ description: 'The canonical URL, else PUBLIC_BASE_URL/<slug>.' }) url: string;
  @ApiProperty({ description: 'The site title (site settings).' }) siteName: string;
  @ApiProperty({ nullable: true, type: ContentMetaImageResponse, description: 'The top image.' }) image: ContentMetaImageResponse | null;
  @ApiProperty({ format: 'date-time' }) publishedTime: string;
  @ApiProperty({ format: 'date-time' }) modifiedTime: string;
  @ApiProperty() section: string;
  @ApiProperty({ type: [String] }) tags: string[];
}

export class ContentTwitterCardResponse {
  @ApiProperty({ enum: ['summary_large_image', 'summary'] }) card: 'summary_large_image' | 'summary';
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ nullable: true, type: String }) image: string | null;
  @ApiProperty({ nullable: true, type: String }) imageAlt: string | null;
}

/** The article itself, as stored in the read model at publication. */
export class ContentArticlePayloadResponse {
  @ApiProperty({ format: 'uuid' }) articleId: string;
  @ApiProperty() slug: string;
  @ApiProperty() headline: string;
  @ApiProperty() dek: string;
  @ApiProperty({ example: 'Analysis | Europe' }) kicker: string;
  @ApiProperty({ type: ContentRefResponse }) type: ContentRefResponse;
  @ApiProperty({ type: ContentRefResponse }) section: ContentRefResponse;
  @ApiProperty({ type: [ContentRefResponse] }) tags: ContentRefResponse[];
  @ApiProperty({ type: [ContentPageBylineResponse] }) bylines: ContentPageBylineResponse[];
  @ApiProperty({ nullable: true, type: ContentImageResponse }) topImage: ContentImageResponse | null;
  @ApiProperty({ description: 'Sanitized HTML.' }) bodyHtml: string;
  @ApiProperty({ type: () => [ContentBodyImageResponse], description: 'The uploads the body shows, in body order: match `src` to an `<img src>` to give it renditions.' })
  bodyImages: ContentBodyImageResponse[];
  @ApiProperty() excerpt: string;
  @ApiProperty() wordCount: number;
  @ApiProperty() readingMinutes: number;
  @ApiProperty({ type: ContentSeoResponse }) seo: ContentSeoResponse;
  @ApiProperty({ type: [ContentCorrectionResponse] }) corrections: ContentCorrectionResponse[];
  @ApiProperty({ format: 'date-time', description: 'First publication: a republish never moves it.' }) publishedAt: string;
  @ApiProperty({ format: 'date-time', description: 'The same as publishedAt (older front-ends read this one).' }) firstPublishedAt: string;
  @ApiProperty({ format: 'date-time', description: 'The last republish, refresh or correction.' }) updatedAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'The last republish marked as a substantive update ("Updated ..."); null: none.' })
  substantiveUpdateAt: string | null;
  @ApiProperty({ type: ContentOpenGraphResponse }) openGraph: ContentOpenGraphResponse;
  @ApiProperty({ type: ContentTwitterCardResponse }) twitter: ContentTwitterCardResponse;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'schema.org NewsArticle for `<script type="application/ld+json">`: headline, description, url, image, datePublished, dateModified, author (Person, with url and jobTitle), publisher (Organization from the site settings: a settings change rewrites every live page’s), articleSection, keywords, correction (CorrectionComment per correction).',
  })
  jsonLd: Record<string, unknown>;
}

export class ContentTeaserSectionResponse {
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
}

export class ContentTeaserImageResponse {
  @ApiProperty() url: string;
  @ApiProperty({ nullable: true, type: String }) alt: string | null;
  @ApiProperty({ nullable: true, type: Number }) width: number | null;
  @ApiProperty({ nullable: true, type: Number }) height: number | null;
  @ApiProperty({ nullable: true, type: String }) caption: string | null;
  @ApiProperty({ nullable: true, type: String }) creditLine: string | null;
  @ApiProperty({
    type: [ContentRenditionResponse],
    description:
      'The whole image in every offered width (IMAGE_RENDITION_WIDTHS up to its own) as AVIF, WebP and its own format, narrowest first; empty for images registered by URL.',
  })
  renditions: ContentRenditionResponse[];
  @ApiProperty({ type: [ContentCropResponse], description: 'One per configured aspect ratio, cropped around the focal point; empty for images registered by URL.' })
  crops: ContentCropResponse[];
}

/** A related-story card: a projection of another live article, optionally overridden by an editor. */
export class ContentRelatedStoryResponse {
  @ApiProperty({ format: 'uuid' }) articleId: string;
  @ApiProperty() slug: string;
  @ApiProperty({ description: 'The public URL (PUBLIC_BASE_URL + slug).' }) url: string;
  @ApiProperty({ type: ContentTeaserSectionResponse }) section: ContentTeaserSectionResponse;
  @ApiProperty() headline: string;
  @ApiProperty({ description: 'The first two paragraphs, separated by a blank line.' }) excerpt: string;
  @ApiProperty({ nullable: true, type: ContentTeaserImageResponse }) topImage: ContentTeaserImageResponse | null;
  @ApiProperty({ description: 'Pinned by an editor (overrides may apply); false: filled automatically.' }) pinned: boolean;
}

export class ContentNewsletterBoxResponse {
  @ApiProperty({ example: 'Subscribe now to our weekly round-up', description: 'The site settings’ box of the page’s section (`sectionBoxes`), else the default box.' })
  heading: string;
  @ApiProperty({ example: 'Staff analysis, opinion, and news.' }) body: string;
  @ApiProperty({ example: 'Subscribe' }) buttonLabel: string;
  @ApiProperty({ type: [NewsletterListPublicResponse], description: 'The lists the box offers (its own, else every open list), in order.' }) lists: NewsletterListPublicResponse[];
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Send back as consentTextId when subscribing.' }) consentTextId: string | null;
  @ApiProperty({ nullable: true, type: String }) consentText: string | null;
  @ApiProperty({ example: '/v1/content/newsletter/subscriptions' }) subscribePath: string;
}

/** One chosen appeal per placement (null: none there), for this reader. */
export class ContentDonationBannersResponse {
  @ApiProperty({ nullable: true, type: ContentBannerResponse }) after_body: ContentBannerResponse | null;
  @ApiProperty({ nullable: true, type: ContentBannerResponse }) inline_after_paragraph: ContentBannerResponse | null;
  @ApiProperty({ nullable: true, type: ContentBannerResponse }) top_bar: ContentBannerResponse | null;
  @ApiProperty({ nullable: true, type: ContentBannerResponse }) overlay: ContentBannerResponse | null;
}

/** The whole article page. */
export class ContentArticlePageResponse {
  @ApiProperty({ type: ContentArticlePayloadResponse }) article: ContentArticlePayloadResponse;
  @ApiProperty({ type: [ContentRelatedStoryResponse] }) relatedStories: ContentRelatedStoryResponse[];
  @ApiProperty({ nullable: true, type: ContentNewsletterBoxResponse, description: 'Null when no list is offered.' }) newsletterBox: ContentNewsletterBoxResponse | null;
  @ApiProperty({ type: ContentDonationBannersResponse }) donationBanners: ContentDonationBannersResponse;
  @ApiProperty({ type: BannerGlobalCapResponse }) donationGlobalCap: BannerGlobalCapResponse;
}

/** A draft's preview carries what its live page would: teasers, newsletter box and banners. */
export class ContentPreviewPageResponse extends ContentArticlePageResponse {
  @ApiProperty({ enum: [true] }) preview: true;
}

export class ContentSectionWithCountResponse extends ContentRefResponse {
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ description: 'Live articles in the section.' }) articleCount: number;
}

export class ContentSectionsResponse {
  @ApiProperty({ type: [ContentSectionWithCountResponse] }) items: ContentSectionWithCountResponse[];
}

export class ContentSectionResponse extends ContentRefResponse {
  @ApiProperty({ nullable: true, type: String }) description: string | null;
}

export class ContentSectionPageResponse {
  @ApiProperty({ type: ContentSectionResponse }) section: ContentSectionResponse;
  @ApiProperty({ type: ContentCardPageResponse }) articles: ContentCardPageResponse;
}

export class ContentTagResponse extends ContentRefResponse {
  @ApiProperty({ enum: TAG_KINDS }) kind: TagKind;
}

export class ContentTagPageResponse {
  @ApiProperty({ type: ContentTagResponse }) tag: ContentTagResponse;
  @ApiProperty({ type: ContentCardPageResponse }) articles: ContentCardPageResponse;
}

export class ContentAvatarResponse {
  @ApiProperty() url: string;
  @ApiProperty({ nullable: true, type: Number }) width: number | null;
  @ApiProperty({ nullable: true, type: Number }) height: number | null;
  @ApiProperty({ nullable: true, type: String }) alt: string | null;
  @ApiProperty({
    type: [ContentRenditionResponse],
    description:
      'The whole image in every offered width (IMAGE_RENDITION_WIDTHS up to its own) as AVIF, WebP and its own format, narrowest first; empty for images registered by URL.',
  })
  renditions: ContentRenditionResponse[];
  @ApiProperty({ type: [ContentCropResponse], description: 'One per configured aspect ratio, cropped around the focal point; empty for images registered by URL.' })
  crops: ContentCropResponse[];
}

export class ContentContributorProfileResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ nullable: true, type: String }) bio: string | null;
  @ApiProperty({ type: [ContentSocialLinkResponse] }) socialLinks: ContentSocialLinkResponse[];
  @ApiProperty({ nullable: true, type: ContentAvatarResponse }) avatar: ContentAvatarResponse | null;
  @ApiProperty({ nullable: true, type: String }) disclosure: string | null;
}

export class ContentContributorPageResponse {
  @ApiProperty({ type: ContentContributorProfileResponse }) contributor: ContentContributorProfileResponse;
  @ApiProperty({ type: ContentCardPageResponse }) articles: ContentCardPageResponse;
}

export class ContentCorrectedArticleResponse {
  @ApiProperty({ format: 'uuid' }) articleId: string;
  @ApiProperty() slug: string;
  @ApiProperty() headline: string;
}

export class ContentCorrectionEntryResponse {
  @ApiProperty({ type: ContentCorrectedArticleResponse }) article: ContentCorrectedArticleResponse;
  @ApiProperty({ type: ContentCorrectionResponse }) correction: ContentCorrectionResponse;
}

export class ContentCorrectionsPageResponse {
  @ApiProperty({ type: [ContentCorrectionEntryResponse] }) items: ContentCorrectionEntryResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ContentRedirectResponse {
  @ApiProperty({ example: '/v1/content/articles/new-slug' }) location: string;
}

export class ContentSiteSocialAccountResponse {
  @ApiProperty({ enum: SOCIAL_ACCOUNT_NETWORKS }) network: SocialAccountNetwork;
  @ApiProperty() url: string;
  @ApiProperty({ nullable: true, type: String, example: '@magazine' }) label: string | null;
}

export class ContentSiteLinkResponse {
  @ApiProperty() label: string;
  @ApiProperty({ description: 'A site path (`/europe`) or an https URL.' }) url: string;
}

export class ContentSiteMenuItemResponse extends ContentSiteLinkResponse {
  @ApiProperty({ type: [ContentSiteLinkResponse] }) children: ContentSiteLinkResponse[];
}

export class ContentSiteMenusResponse {
  @ApiProperty({ type: [ContentSiteMenuItemResponse] }) primary: ContentSiteMenuItemResponse[];
  @ApiProperty({ type: [ContentSiteMenuItemResponse] }) footer: ContentSiteMenuItemResponse[];
}

export class ContentSiteBoxResponse {
  @ApiProperty({ example: 'Subscribe now to our weekly round-up' }) heading: string;
  @ApiProperty() body: string;
  @ApiProperty({ example: 'Subscribe' }) buttonLabel: string;
  @ApiProperty({ type: [NewsletterListPublicResponse], description: 'The lists the box offers, in order (open lists only).' }) lists: NewsletterListPublicResponse[];
}

export class ContentSiteSectionRefResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
}

export class ContentSiteSectionBoxResponse extends ContentSiteBoxResponse {
  @ApiProperty({ type: ContentSiteSectionRefResponse }) section: ContentSiteSectionRefResponse;
}

/** The site's settings and navigation, as every page shows them. */
export class ContentSiteSettingsResponse {
  @ApiProperty({ example: 'The Foreign Desk' }) title: string;
  @ApiProperty() description: string;
  @ApiProperty({ nullable: true, type: ContentAvatarResponse }) logo: ContentAvatarResponse | null;
  @ApiProperty({ type: [ContentSiteSocialAccountResponse], description: '"Follow us on social".' }) socialAccounts: ContentSiteSocialAccountResponse[];
  @ApiProperty({ nullable: true, type: ContentSiteLinkResponse, description: 'The search engine call to action ("make us a preferred source").' })
  preferredSource: ContentSiteLinkResponse | null;
  @ApiProperty({ type: ContentSiteMenusResponse }) menus: ContentSiteMenusResponse;
  @ApiProperty({ type: ContentSiteBoxResponse, description: 'The newsletter box of pages whose section has no box of its own.' }) newsletterBox: ContentSiteBoxResponse;
  @ApiProperty({ type: [ContentSiteSectionBoxResponse], description: 'Sections with a box of their own (copy and lists, the default filled in).' })
  sectionBoxes: ContentSiteSectionBoxResponse[];
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Null: never saved (the defaults).' }) updatedAt: string | null;
}

export class ContentIndexEntryResponse extends ContentRefResponse {
  @ApiProperty({ description: 'Live articles.' }) articleCount: number;
}

export class ContentIndexResponse {
  @ApiProperty({ type: [ContentIndexEntryResponse] }) items: ContentIndexEntryResponse[];
}

export class ContentTagIndexEntryResponse extends ContentIndexEntryResponse {
  @ApiProperty({ enum: TAG_KINDS }) kind: TagKind;
}

export class ContentTagIndexResponse {
  @ApiProperty({ type: [ContentTagIndexEntryResponse] }) items: ContentTagIndexEntryResponse[];
}

export class ContentContributorIndexEntryResponse extends ContentIndexEntryResponse {
  @ApiProperty({ nullable: true, type: String }) title: string | null;
}

export class ContentContributorIndexResponse {
  @ApiProperty({ type: [ContentContributorIndexEntryResponse] }) items: ContentContributorIndexEntryResponse[];
}
