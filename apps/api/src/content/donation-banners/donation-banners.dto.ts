import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import {
  EVENT_TYPES,
  MAX_EVENTS_PER_BATCH,
  PLACEMENTS,
  type BannerEventInput,
  type BannerEventType,
  type ChosenBanner,
  type EventsResult,
  type FrequencyRules,
  type GlobalCap,
  type Placement,
  type PlacementBanner,
} from '#libs/donation-banners';
import { IsInstant, IsOmittable } from '../../http/validators.js';

export class BannerQuery {
  @ApiPropertyOptional({ description: 'Article id or slug. Left out: a page without an article (only campaigns without targeting qualify).' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  article?: string;

  @ApiProperty({ enum: PLACEMENTS })
  @IsIn(PLACEMENTS)
  placement: Placement;

  @ApiPropertyOptional({ description: 'Opaque, stable reader id (e.g. a first-party cookie): the same id always gets the same variant. Left out: a random variant.' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  reader?: string;
}

export class BannerFrequencyResponse implements FrequencyRules {
  @ApiProperty({ description: 'Show only after the reader has seen this many pageviews.' }) startAfterPageviews: number;
  @ApiProperty({ description: 'Then on every Nth pageview.' }) everyNthPageview: number;
  @ApiProperty({ nullable: true, type: Number }) maxPerDay: number | null;
  @ApiProperty({ nullable: true, type: Number }) maxPerWeek: number | null;
}

export class BannerGlobalCapResponse implements GlobalCap {
  @ApiProperty({ description: 'Appeals of all campaigns together per reader per day.' }) maxPerDay: number;
  @ApiProperty({ description: 'Appeals of all campaigns together per reader per week.' }) maxPerWeek: number;
}

/** The public banner: no campaign or variant names, no targeting. */
export class ContentBannerResponse {
  @ApiProperty({ description: 'Send back with events.' }) campaignId: string;
  @ApiProperty({ description: 'Send back with events.' }) variantId: string;
  @ApiProperty({ enum: PLACEMENTS }) placement: Placement;
  @ApiProperty({ nullable: true, type: Number, description: 'For inline_after_paragraph: show after this paragraph (1-based).' }) paragraph: number | null;
  @ApiProperty({ example: 'Dear readers:' }) headline: string;
  @ApiProperty({ description: 'Sanitized HTML (p, a, strong, em, br).' }) bodyHtml: string;
  @ApiProperty({ example: 'Give now' }) ctaLabel: string;
  @ApiProperty() ctaUrl: string;
  @ApiProperty({ type: BannerFrequencyResponse, description: 'Rules the front-end applies per reader.' }) frequency: BannerFrequencyResponse;

  static from(b: ChosenBanner): ContentBannerResponse {
    return {
      campaignId: b.campaignId,
      variantId: b.variantId,
      placement: b.placement,
      paragraph: b.paragraph,
      headline: b.headline,
      bodyHtml: b.bodyHtml,
      ctaLabel: b.ctaLabel,
      ctaUrl: b.ctaUrl,
      frequency: { ...b.frequency },
    };
  }
}

export class BannerChoiceResponse {
  @ApiProperty({ nullable: true, type: ContentBannerResponse, description: 'Null: no appeal here.' }) banner: ContentBannerResponse | null;
  @ApiProperty({ type: BannerGlobalCapResponse }) globalCap: BannerGlobalCapResponse;

  static from(p: PlacementBanner): BannerChoiceResponse {
    return { banner: p.banner && ContentBannerResponse.from(p.banner), globalCap: { ...p.globalCap } };
  }
}

export class BannerEventRequest {
  @ApiProperty({ description: 'Made by the front-end once per event and reused on retries: an event is counted once.' })
  @IsUUID('all')
  eventId: string;

  @ApiProperty({ enum: EVENT_TYPES })
  @IsIn(EVENT_TYPES)
  type: BannerEventType;

  @ApiProperty()
  @IsUUID('all')
  campaignId: string;

  @ApiProperty()
  @IsUUID('all')
  variantId: string;

  @ApiPropertyOptional({ description: 'The article the banner was on.' })
  @IsOmittable()
  @IsUUID('all')
  articleId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When it happened (default: now); at most 7 days ago.' })
  @IsOmittable()
  @IsInstant()
  at?: string;

  toInput(): BannerEventInput {
    return {
      eventId: this.eventId,
      type: this.type,
      campaignId: this.campaignId,
      variantId: this.variantId,
      articleId: this.articleId ?? null,
      at: this.at ? new Date(this.at) : null,
    };
  }
}

export class BannerEventsRequest {
  @ApiProperty({ type: [BannerEventRequest], minItems: 1, maxItems: MAX_EVENTS_PER_BATCH })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_EVENTS_PER_BATCH)
  @ValidateNested({ each: true })
  @Type(() => BannerEventRequest)
  events: BannerEventRequest[];
}

export class BannerEventsResponse implements EventsResult {
  @ApiProperty() received: number;
  @ApiProperty({ description: 'New events, now counted.' }) counted: number;
  @ApiProperty({ description: 'Events already counted before (retries): ignored.' }) duplicates: number;
}
