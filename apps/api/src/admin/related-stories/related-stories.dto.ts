import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import {
  ALERT_REASONS,
  EXCERPT_OVERRIDE_MAX,
  HEADLINE_OVERRIDE_MAX,
  MAX_PINS,
  MAX_TEASER_COUNT,
  type PinView,
  type RelatedStories,
  type Teaser,
  type TeaserAlertView,
  type TeaserImage,
} from '#libs/related-stories';
import { IsOmittable } from '../../http/validators.js';
import { PageQuery } from '../../http/page-query.js';

const nullable = (o: object, key: string) => (o as Record<string, unknown>)[key] !== null;
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class PinRequest {
  @ApiProperty({ format: 'uuid', description: 'Another live article.' })
  @IsUUID()
  targetArticleId: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: HEADLINE_OVERRIDE_MAX, description: 'Shown instead of the target’s headline.' })
  @IsOptional()
  @ValidateIf((o) => nullable(o, 'headlineOverride'))
  @IsString()
  @MaxLength(HEADLINE_OVERRIDE_MAX)
  headlineOverride?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    maxLength: EXCERPT_OVERRIDE_MAX,
    description: 'Shown instead of the target’s first paragraphs (blank lines separate paragraphs).',
  })
  @IsOptional()
  @ValidateIf((o) => nullable(o, 'excerptOverride'))
  @IsString()
  @MaxLength(EXCERPT_OVERRIDE_MAX)
  excerptOverride?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid', description: 'An image (with credit and alt text) shown instead of the target’s top image.' })
  @IsOptional()
  @ValidateIf((o) => nullable(o, 'imageIdOverride'))
  @IsUUID()
  imageIdOverride?: string | null;
}

export class ReplacePinsRequest {
  @ApiProperty({ type: [PinRequest], description: `In order; at most ${MAX_PINS}. An empty list removes every pin.` })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PinRequest)
  pins: PinRequest[];
}

export class RelatedQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_TEASER_COUNT, default: 3, description: 'How many teasers to preview.' })
  @IsOmittable()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(MAX_TEASER_COUNT)
  count?: number;
}

export class TeaserAlertQueryDto extends PageQuery {
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'false: open alerts; true: resolved ones.' })
  @IsOmittable()
  @Transform(toBool)
  @IsBoolean()
  resolved?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only alerts on this page.' })
  @IsOmittable()
  @IsUUID()
  articleId?: string;
}

export class TeaserSectionResponse {
  @ApiProperty() slug: string;
  @ApiProperty({ example: 'Middle East' }) name: string;
}

export class TeaserImageResponse {
  @ApiProperty() url: string;
  @ApiProperty({ nullable: true, type: String }) alt: string | null;
  @ApiProperty({ nullable: true, type: Number }) width: number | null;
  @ApiProperty({ nullable: true, type: Number }) height: number | null;
  @ApiProperty({ nullable: true, type: String }) caption: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Top image credit: Frederic Legrand - COMEO / Shutterstock.com' }) creditLine: string | null;

  static from(i: TeaserImage): TeaserImageResponse {
    return { url: i.url, alt: i.alt, width: i.width, height: i.height, caption: i.caption, creditLine: i.creditLine };
  }
}

export class TeaserResponse {
  @ApiProperty({ format: 'uuid' }) articleId: string;
  @ApiProperty() slug: string;
  @ApiProperty({ description: 'Public URL of the teased article.' }) url: string;
  @ApiProperty({ type: TeaserSectionResponse }) section: TeaserSectionResponse;
  @ApiProperty() headline: string;
  @ApiProperty({ description: 'First two paragraphs, cut at ~400 characters (blank lines separate paragraphs).' }) excerpt: string;
  @ApiProperty({ type: TeaserImageResponse, nullable: true }) topImage: TeaserImageResponse | null;
  @ApiProperty({ description: 'Pinned by an editor (else filled automatically).' }) pinned: boolean;

  static from(t: Teaser): TeaserResponse {
    return {
      articleId: t.articleId,
      slug: t.slug,
      url: t.url,
      section: { slug: t.section.slug, name: t.section.name },
      headline: t.headline,
      excerpt: t.excerpt,
      topImage: t.topImage ? TeaserImageResponse.from(t.topImage) : null,
      pinned: t.pinned,
    };
  }
}

export class PinTargetResponse {
  @ApiProperty({ description: 'Live headline, or the working one when not live.' }) headline: string;
  @ApiProperty({ nullable: true, type: String }) slug: string | null;
  @ApiProperty({ example: 'published' }) status: string;
  @ApiProperty({ description: 'False: the pin is skipped until the target is live again.' }) live: boolean;
  @ApiProperty({ description: 'True: the pin is skipped (a retraction was published).' }) retracted: boolean;
}

export class PinResponse {
  @ApiProperty() position: number;
  @ApiProperty({ format: 'uuid' }) targetArticleId: string;
  @ApiProperty({ nullable: true, type: String }) headlineOverride: string | null;
  @ApiProperty({ nullable: true, type: String }) excerptOverride: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) imageIdOverride: string | null;
  @ApiProperty({ type: PinTargetResponse }) target: PinTargetResponse;

  static from(p: PinView): PinResponse {
    return {
      position: p.position,
      targetArticleId: p.targetArticleId,
      headlineOverride: p.headlineOverride,
      excerptOverride: p.excerptOverride,
      imageIdOverride: p.imageIdOverride,
      target: { headline: p.target.headline, slug: p.target.slug, status: p.target.status, live: p.target.live, retracted: p.target.retracted },
    };
  }
}

export class RelatedStoriesResponse {
  @ApiProperty({ format: 'uuid' }) articleId: string;
  @ApiProperty({ type: [PinResponse] }) pins: PinResponse[];
  @ApiProperty({ type: [TeaserResponse], description: 'What the page shows now: live pins first, then the automatic fill.' }) teasers: TeaserResponse[];

  static from(r: RelatedStories): RelatedStoriesResponse {
    return { articleId: r.articleId, pins: r.pins.map((p) => PinResponse.from(p)), teasers: r.teasers.map((t) => TeaserResponse.from(t)) };
  }
}

export class TeaserAlertResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The page pinning the target.' }) articleId: string;
  @ApiProperty() articleHeadline: string;
  @ApiProperty({ format: 'uuid' }) targetArticleId: string;
  @ApiProperty() targetHeadline: string;
  @ApiProperty({ enum: ALERT_REASONS }) reason: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) resolvedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) resolvedBy: string | null;

  static from(a: TeaserAlertView): TeaserAlertResponse {
    return {
      id: a.id,
      articleId: a.articleId,
      articleHeadline: a.articleHeadline,
      targetArticleId: a.targetArticleId,
      targetHeadline: a.targetHeadline,
      reason: a.reason,
      createdAt: a.createdAt.toISOString(),
      resolvedAt: a.resolvedAt?.toISOString() ?? null,
      resolvedBy: a.resolvedBy,
    };
  }
}

export class TeaserAlertPageResponse {
  @ApiProperty({ type: [TeaserAlertResponse] }) items: TeaserAlertResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
