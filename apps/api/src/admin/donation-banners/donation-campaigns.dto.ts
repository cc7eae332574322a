import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import {
  CAMPAIGN_ACTIONS,
  CAMPAIGN_STATUSES,
  MAX_TARGET_IDS,
  MAX_WEIGHT,
  PLACEMENTS,
  REJECT_REASONS,
  type ArticleAppealSetting,
  type BannerArticleContext,
  type BannerChoice,
  type BannerPreview,
  type CampaignAction,
  type CampaignReport,
  type CampaignStatus,
  type CampaignView,
  type ChosenBanner,
  type CountTotals,
  type DonationCampaignVariantEntity,
  type FrequencyRules,
  type Placement,
  type RateWithInterval,
  type RejectReason,
  type Targeting,
} from '#libs/donation-banners';
import { IsInstant, IsOmittable } from '../../http/validators.js';
import { PageQuery } from '../../http/page-query.js';

const Ids = (description: string) =>
  applyDecorators(ApiPropertyOptional({ type: [String], description }), IsOptional(), IsArray(), ArrayMaxSize(MAX_TARGET_IDS), IsUUID('all', { each: true }));

export class TargetingRequest {
  @Ids('Only these sections (empty: any).') includeSectionIds?: string[];
  @Ids('Never these sections.') excludeSectionIds?: string[];
  @Ids('Only articles with at least one of these tags (empty: any).') includeTagIds?: string[];
  @Ids('Never articles with any of these tags.') excludeTagIds?: string[];
  @Ids('Only these article types (empty: any).') includeTypeIds?: string[];
  @Ids('Never these article types.') excludeTypeIds?: string[];
  @Ids('These articles whatever the other includes say (exclusions still win).') includeArticleIds?: string[];
  @Ids('Never these articles.') excludeArticleIds?: string[];
}

export class FrequencyRequest {
  @ApiPropertyOptional({ default: 0, minimum: 0, description: 'Show only after the reader has seen this many pageviews.' })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(1000)
  startAfterPageviews?: number;

  @ApiPropertyOptional({ default: 1, minimum: 1, description: 'Then on every Nth pageview.' })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(1000)
  everyNthPageview?: number;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 1, description: 'At most this many times per day (null: no cap).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  maxPerDay?: number | null;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 1, description: 'At most this many times per week (null: no cap).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  maxPerWeek?: number | null;
}

export class CreateCampaignRequest {
  @ApiProperty({ example: 'Year-end appeal 2026', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time', description: 'Null or left out: from activation.' })
  @IsOptional()
  @IsInstant()
  startsAt?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time', description: 'The campaign ends by itself at this time. Null: until ended by hand.' })
  @IsOptional()
  @IsInstant()
  endsAt?: string | null;

  @ApiProperty({ enum: PLACEMENTS })
  @IsIn(PLACEMENTS)
  placement: Placement;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 1, description: 'For inline_after_paragraph: the paragraph the banner follows (1-based).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  paragraph?: number | null;

  @ApiPropertyOptional({ default: 0, description: 'Higher wins when several campaigns fit one placement.' })
  @IsOmittable()
  @IsInt()
  @Min(-1000)
  @Max(1000)
  priority?: number;

  @ApiPropertyOptional({ type: TargetingRequest })
  @IsOmittable()
  @ValidateNested()
  @Type(() => TargetingRequest)
  targeting?: TargetingRequest;

  @ApiPropertyOptional({ type: FrequencyRequest })
  @IsOmittable()
  @ValidateNested()
  @Type(() => FrequencyRequest)
  frequency?: FrequencyRequest;
}

/** Fields left out stay as they are: `priority` is redeclared, the create's default does not apply. */
export class UpdateCampaignRequest extends PartialType(OmitType(CreateCampaignRequest, ['priority']), { skipNullProperties: false }) {
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time', description: 'Null: from activation.' })
  override startsAt?: string | null;

  @ApiPropertyOptional({ description: 'Higher wins when several campaigns fit one placement.' })
  @IsOmittable()
  @IsInt()
  @Min(-1000)
  @Max(1000)
  priority?: number;

  @ApiPropertyOptional({ enum: PLACEMENTS, description: 'Moving away from inline_after_paragraph drops the paragraph.' })
  override placement?: Placement;

  @ApiPropertyOptional({ type: TargetingRequest, description: 'Replaces the whole targeting (lists left out become empty).' })
  override targeting?: TargetingRequest;

  @ApiPropertyOptional({ type: FrequencyRequest, description: 'Replaces all frequency rules (fields left out take their defaults).' })
  override frequency?: FrequencyRequest;
}

export class CampaignTransitionRequest {
  @ApiProperty({ enum: CAMPAIGN_ACTIONS })
  @IsIn(CAMPAIGN_ACTIONS)
  action: CampaignAction;
}

export class ListCampaignsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CAMPAIGN_STATUSES, description: 'Effective status (a campaign past its end is "ended").' })
  @IsOmittable()
  @IsIn(CAMPAIGN_STATUSES)
  status?: CampaignStatus;
}

export class ReportQuery {
  @ApiPropertyOptional({ example: '2026-12-01', description: 'First UTC day (default: the day the campaign was activated).' })
  @IsOmittable()
  @IsString()
  @MaxLength(10)
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Last UTC day, inclusive (default: today).' })
  @IsOmittable()
  @IsString()
  @MaxLength(10)
  to?: string;
}

export class PreviewQuery {
  @ApiPropertyOptional({ description: 'Article id or slug (left out: a page without an article).' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  article?: string;

  @ApiPropertyOptional({ description: 'Opaque reader id as the front-end sends it (left out: a random one).' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  reader?: string;
}

export class VariantRequest {
  @ApiProperty({ example: 'A', maxLength: 60 })
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  name: string;

  @ApiProperty({ example: 50, minimum: 0, maximum: MAX_WEIGHT, description: 'Relative share of readers (0: retired).' })
  @IsInt()
  @Min(0)
  @Max(MAX_WEIGHT)
  weight: number;

  @ApiProperty({ example: 'Dear readers:', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  headline: string;

  @ApiProperty({
    example: '<p>Independent analysis depends on you. <strong>Please give before year end.</strong></p>',
    description: 'HTML; kept: p, a[href http/https/mailto], strong, em, br.',
  })
  @IsString()
  @MaxLength(10_000)
  bodyHtml: string;

  @ApiProperty({ example: 'Give now', maxLength: 60 })
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  ctaLabel: string;

  @ApiProperty({ example: 'https://donate.example.org/year-end', description: 'Absolute http or https URL.' })
  @IsString()
  @MaxLength(2000)
  ctaUrl: string;
}

export class UpdateVariantRequest extends PartialType(VariantRequest, { skipNullProperties: false }) {}

export class ArticleAppealsRequest {
  @ApiProperty({ description: 'true: no donation appeal on this article (sensitive pieces).' })
  @IsBoolean()
  noAppeals: boolean;
}

// --- responses ------------------------------------------------------------------------------------

export class TargetingResponse implements Targeting {
  @ApiProperty({ type: [String] }) includeSectionIds: string[];
  @ApiProperty({ type: [String] }) excludeSectionIds: string[];
  @ApiProperty({ type: [String] }) includeTagIds: string[];
  @ApiProperty({ type: [String] }) excludeTagIds: string[];
  @ApiProperty({ type: [String] }) includeTypeIds: string[];
  @ApiProperty({ type: [String] }) excludeTypeIds: string[];
  @ApiProperty({ type: [String] }) includeArticleIds: string[];
  @ApiProperty({ type: [String] }) excludeArticleIds: string[];
}

export class FrequencyResponse implements FrequencyRules {
  @ApiProperty() startAfterPageviews: number;
  @ApiProperty() everyNthPageview: number;
  @ApiProperty({ nullable: true, type: Number }) maxPerDay: number | null;
  @ApiProperty({ nullable: true, type: Number }) maxPerWeek: number | null;
}

export class VariantResponse {
  @ApiProperty() id: string;
  @ApiProperty() campaignId: string;
  @ApiProperty() name: string;
  @ApiProperty() weight: number;
  @ApiProperty() headline: string;
  @ApiProperty({ description: 'Sanitized HTML.' }) bodyHtml: string;
  @ApiProperty() ctaLabel: string;
  @ApiProperty() ctaUrl: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(v: DonationCampaignVariantEntity): VariantResponse {
    return {
      id: v.id,
      campaignId: v.campaignId,
      name: v.name,
      weight: v.weight,
      headline: v.headline,
      bodyHtml: v.bodyHtml,
      ctaLabel: v.ctaLabel,
      ctaUrl: v.ctaUrl,
      createdAt: v.createdAt.toISOString(),
      updatedAt: v.updatedAt.toISOString(),
    };
  }
}

export class CampaignResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: CAMPAIGN_STATUSES, description: 'Effective: an active or paused campaign past its end reads "ended".' }) status: CampaignStatus;
  @ApiProperty({ nullable: true, type: String }) startsAt: string | null;
  @ApiProperty({ nullable: true, type: String }) endsAt: string | null;
  @ApiProperty({ enum: PLACEMENTS }) placement: Placement;
  @ApiProperty({ nullable: true, type: Number }) paragraph: number | null;
  @ApiProperty() priority: number;
  @ApiProperty({ type: TargetingResponse }) targeting: TargetingResponse;
  @ApiProperty({ type: FrequencyResponse }) frequency: FrequencyResponse;
  @ApiProperty({ type: [VariantResponse] }) variants: VariantResponse[];
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ nullable: true, type: String }) activatedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) endedAt: string | null;

  static from({ campaign: c, status, variants }: CampaignView): CampaignResponse {
    return {
      id: c.id,
      name: c.name,
      status,
      startsAt: c.startsAt?.toISOString() ?? null,
      endsAt: c.endsAt?.toISOString() ?? null,
      placement: c.placement as Placement,
      paragraph: c.paragraph,
      priority: c.priority,
      targeting: {
        includeSectionIds: c.includeSectionIds,
        excludeSectionIds: c.excludeSectionIds,
        includeTagIds: c.includeTagIds,
        excludeTagIds: c.excludeTagIds,
        includeTypeIds: c.includeTypeIds,
        excludeTypeIds: c.excludeTypeIds,
        includeArticleIds: c.includeArticleIds,
        excludeArticleIds: c.excludeArticleIds,
      },
      frequency: { startAfterPageviews: c.startAfterPageviews, everyNthPageview: c.everyNthPageview, maxPerDay: c.maxPerDay, maxPerWeek: c.maxPerWeek },
      variants: variants.map((v) => VariantResponse.from(v)),
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
      activatedAt: c.activatedAt?.toISOString() ?? null,
      endedAt: (status === 'ended' ? (c.endedAt ?? c.endsAt) : null)?.toISOString() ?? null,
    };
  }
}

export class CampaignPageResponse {
  @ApiProperty({ type: [CampaignResponse] }) items: CampaignResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class RateIntervalResponse implements RateWithInterval {
  @ApiProperty({ example: 0.021, description: 'clicks / impressions' }) rate: number;
  @ApiProperty({ example: 0.017, description: 'Wilson 95 % lower bound' }) low: number;
  @ApiProperty({ example: 0.026, description: 'Wilson 95 % upper bound' }) high: number;
}

export class CountsResponse implements CountTotals {
  @ApiProperty() impressions: number;
  @ApiProperty() clicks: number;
  @ApiProperty() dismissals: number;
  @ApiProperty() conversions: number;
}

export class TotalsReportResponse extends CountsResponse {
  @ApiProperty({ nullable: true, type: RateIntervalResponse, description: 'Null without impressions.' }) ctr: RateIntervalResponse | null;
}

export class VariantReportResponse extends TotalsReportResponse {
  @ApiProperty() variantId: string;
  @ApiProperty() name: string;
  @ApiProperty() weight: number;
}

export class ArticleReportResponse extends CountsResponse {
  @ApiProperty({ nullable: true, type: String, description: 'Null: events sent without an article.' }) articleId: string | null;
}

export class ContributorReportResponse extends CountsResponse {
  @ApiProperty() contributorId: string;
  @ApiProperty() name: string;
}

export class DayReportResponse extends CountsResponse {
  @ApiProperty({ example: '2026-12-24' }) day: string;
  @ApiProperty({ nullable: true, type: RateIntervalResponse, description: 'The day’s CTR; null on a day without impressions.' }) ctr: RateIntervalResponse | null;
}

export class VariantDayReportResponse extends DayReportResponse {
  @ApiProperty() variantId: string;
}

export class CampaignReportResponse {
  @ApiProperty() campaignId: string;
  @ApiProperty({ example: '2026-12-01' }) from: string;
  @ApiProperty({ example: '2026-12-31' }) to: string;
  @ApiProperty({ type: TotalsReportResponse }) totals: TotalsReportResponse;
  @ApiProperty({ type: [VariantReportResponse] }) variants: VariantReportResponse[];
  @ApiProperty({ type: [ArticleReportResponse], description: 'Top 100 articles by conversions, then clicks, then impressions.' }) articles: ArticleReportResponse[];
  @ApiProperty({ type: [ContributorReportResponse], description: 'Top 100 contributors (by the bylines of the articles where events happened).' })
  contributors: ContributorReportResponse[];
  @ApiProperty({ type: [DayReportResponse] }) days: DayReportResponse[];
  @ApiProperty({ type: [VariantDayReportResponse], description: 'Per variant and UTC day: only days on which the variant counted any event.' })
  variantDays: VariantDayReportResponse[];

  static from(r: CampaignReport): CampaignReportResponse {
    return r;
  }
}

export class ArticleContextResponse implements BannerArticleContext {
  @ApiProperty() articleId: string;
  @ApiProperty({ nullable: true, type: String }) sectionId: string | null;
  @ApiProperty({ nullable: true, type: String }) typeId: string | null;
  @ApiProperty({ type: [String] }) tagIds: string[];
  @ApiProperty() noAppeals: boolean;
}

export class ChosenBannerResponse {
  @ApiProperty() campaignId: string;
  @ApiProperty() campaignName: string;
  @ApiProperty() variantId: string;
  @ApiProperty() variantName: string;
  @ApiProperty({ enum: PLACEMENTS }) placement: Placement;
  @ApiProperty({ nullable: true, type: Number }) paragraph: number | null;
  @ApiProperty() priority: number;
  @ApiProperty() headline: string;
  @ApiProperty() bodyHtml: string;
  @ApiProperty() ctaLabel: string;
  @ApiProperty() ctaUrl: string;
  @ApiProperty({ type: FrequencyResponse }) frequency: FrequencyResponse;

  static from(b: ChosenBanner): ChosenBannerResponse {
    return { ...b, frequency: { ...b.frequency } };
  }
}

export class RejectedCampaignResponse {
  @ApiProperty() campaignId: string;
  @ApiProperty() campaignName: string;
  @ApiProperty({ enum: REJECT_REASONS, isArray: true, description: 'Every reason this campaign was not chosen.' }) reasons: RejectReason[];
}

export class PlacementPreviewResponse {
  @ApiProperty({ enum: PLACEMENTS }) placement: Placement;
  @ApiProperty({ nullable: true, type: ChosenBannerResponse }) banner: ChosenBannerResponse | null;
  @ApiProperty({ type: [RejectedCampaignResponse] }) rejected: RejectedCampaignResponse[];

  static from(c: BannerChoice): PlacementPreviewResponse {
    return { placement: c.placement, banner: c.banner && ChosenBannerResponse.from(c.banner), rejected: c.rejected.map((r) => ({ ...r, reasons: [...r.reasons] })) };
  }
}

export class GlobalCapResponse {
  @ApiProperty({ description: 'Appeals of all campaigns together per reader per day.' }) maxPerDay: number;
  @ApiProperty({ description: 'Appeals of all campaigns together per reader per week.' }) maxPerWeek: number;
}

export class BannerPreviewResponse {
  @ApiProperty({ nullable: true, type: ArticleContextResponse, description: 'The article as banner choice sees it ("no appeals" switch applied).' })
  article: ArticleContextResponse | null;
  @ApiProperty() readerId: string;
  @ApiProperty({ description: 'The time the choice was made for.' }) at: string;
  @ApiProperty({ type: [PlacementPreviewResponse] }) placements: PlacementPreviewResponse[];
  @ApiProperty({ type: GlobalCapResponse }) globalCap: GlobalCapResponse;

  static from(p: BannerPreview): BannerPreviewResponse {
    return {
      article: p.article && { ...p.article, tagIds: [...p.article.tagIds] },
      readerId: p.readerId,
      at: p.at.toISOString(),
      placements: p.choices.map((c) => PlacementPreviewResponse.from(c)),
      globalCap: { ...p.globalCap },
    };
  }
}

export class ArticleAppealsResponse {
  @ApiProperty() articleId: string;
  @ApiProperty() noAppeals: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Null: never set.' }) updatedAt: string | null;

  static from(s: ArticleAppealSetting): ArticleAppealsResponse {
    return { articleId: s.articleId, noAppeals: s.noAppeals, updatedAt: s.updatedAt?.toISOString() ?? null };
  }
}
