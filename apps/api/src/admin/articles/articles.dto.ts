import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { ACTIONS } from '#libs/editorial-workflow';
import {
  ARTICLE_DATE_FIELDS,
  type ArticleCorrectionEntity,
  type ArticleDateField,
  type ArticleEntity,
  type ArticleRevisionEntity,
  type ArticleSummaryRow,
  type FieldChange,
} from '#libs/articles';
import type { ArticleTransitionEntity, OfferedAction, OverdueItem } from '#libs/editorial-workflow';
import { IsOmittable, ToInstant } from '../../http/validators.js';
import { PageQuery, toPageLimit } from '../../http/page-query.js';

const nullable = (o: object, key: string) => (o as Record<string, unknown>)[key] !== null;

/** Fields shared by create and update. In an update every field is optional; null clears. */
export class ArticleFieldsRequest {
  @ApiPropertyOptional({ maxLength: 300, example: 'Europe’s leaders test a new coalition of the willing' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  headline?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  dek?: string;

  @ApiPropertyOptional({ description: 'Generated from the headline when absent; lower-case words joined by hyphens.' })
  @IsOmittable()
  @IsString()
  @MaxLength(120)
  slug?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @ValidateIf((o) => nullable(o, 'typeId'))
  @IsUUID()
  typeId?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @ValidateIf((o) => nullable(o, 'sectionId'))
  @IsUUID()
  sectionId?: string | null;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(30)
  @IsUUID('all', { each: true })
  tagIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Ordered contributor ids.' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  bylineIds?: string[];

  @ApiPropertyOptional({ description: 'HTML; sanitized on write with an allowlist.', maxLength: 500_000 })
  @IsOmittable()
  @IsString()
  @MaxLength(500_000)
  bodyHtml?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @ValidateIf((o) => nullable(o, 'topImageId'))
  @IsUUID()
  topImageId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Overrides the image’s default caption on this article.' })
  @IsOptional()
  @ValidateIf((o) => nullable(o, 'topImageCaption'))
  @IsString()
  @MaxLength(2000)
  topImageCaption?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Overrides the formatted credit line on this article.' })
  @IsOptional()
  @ValidateIf((o) => nullable(o, 'topImageCredit'))
  @IsString()
  @MaxLength(500)
  topImageCredit?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((o) => nullable(o, 'seoTitle'))
  @IsString()
  @MaxLength(300)
  seoTitle?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((o) => nullable(o, 'seoDescription'))
  @IsString()
  @MaxLength(1000)
  seoDescription?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((o) => nullable(o, 'canonicalUrl'))
  @IsString()
  @MaxLength(2000)
  canonicalUrl?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time', description: 'Not public before this; frozen after first publication.' })
  @IsOptional()
  @ValidateIf((o) => nullable(o, 'embargoUntil'))
  @ToInstant()
  embargoUntil?: Date | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 100,
    description:
      'The Open Graph title (null: the SEO title, else the headline). At most 100 characters after trimming: longer is 400 ARTICLE_INVALID_FIELD, detail code ARTICLE_SOCIAL_TEXT_TOO_LONG.',
  })
  @IsOptional()
  @ValidateIf((o) => nullable(o, 'ogTitle'))
  @IsString()
  @MaxLength(2000)
  ogTitle?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 300,
    description: 'The Open Graph description (null: the SEO description, else the dek). At most 300 characters (ARTICLE_SOCIAL_TEXT_TOO_LONG).',
  })
  @IsOptional()
  @ValidateIf((o) => nullable(o, 'ogDescription'))
  @IsString()
  @MaxLength(2000)
  ogDescription?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 70,
    description: 'The Twitter/X card title (null: the Open Graph title and its fallbacks). At most 70 characters (ARTICLE_SOCIAL_TEXT_TOO_LONG).',
  })
  @IsOptional()
  @ValidateIf((o) => nullable(o, 'twitterTitle'))
  @IsString()
  @MaxLength(2000)
  twitterTitle?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 200,
    description: 'The Twitter/X card description (null: the Open Graph description and its fallbacks). At most 200 characters (ARTICLE_SOCIAL_TEXT_TOO_LONG).',
  })
  @IsOptional()
  @ValidateIf((o) => nullable(o, 'twitterDescription'))
  @IsString()
  @MaxLength(2000)
  twitterDescription?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The Open Graph image (null: the top image). An unknown id is 400 IMAGE_NOT_FOUND on this field.',
  })
  @IsOptional()
  @ValidateIf((o) => nullable(o, 'ogImageId'))
  @IsUUID()
  ogImageId?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'The Twitter/X card image (null: the Open Graph image, else the top image).' })
  @IsOptional()
  @ValidateIf((o) => nullable(o, 'twitterImageId'))
  @IsUUID()
  twitterImageId?: string | null;
}

export class CreateArticleRequest extends ArticleFieldsRequest {
  @ApiProperty({ maxLength: 300 })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  declare headline: string;
}

export class UpdateArticleRequest extends ArticleFieldsRequest {}

export class TransitionRequestDto {
  @ApiProperty({ enum: ACTIONS })
  @IsIn(ACTIONS as unknown as string[])
  action: (typeof ACTIONS)[number];

  @ApiPropertyOptional({ description: 'Required for request_changes; shown to the author.', maxLength: 5000 })
  @IsOmittable()
  @IsString()
  @MaxLength(5000)
  comment?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'schedule: when to publish; unpublish: when to take down (omit for now).' })
  @IsOmittable()
  @ToInstant()
  at?: Date;

  @ApiPropertyOptional({
    description: 'publish of a live piece only: show this republish as a substantive update (`substantiveUpdateAt` on the page); the publication date never moves.',
  })
  @IsOmittable()
  @IsBoolean()
  substantiveUpdate?: boolean;
}

export class CorrectionRequest {
  @ApiProperty({ enum: ['correction', 'clarification', 'retraction'] })
  @IsIn(['correction', 'clarification', 'retraction'])
  kind: 'correction' | 'clarification' | 'retraction';

  @ApiProperty({ maxLength: 5000 })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  text: string;
}

export class ListArticlesQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOmittable()
  @IsIn(['draft', 'in_review', 'approved', 'scheduled', 'published', 'unpublished', 'archived'])
  status?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOmittable()
  @IsUUID()
  sectionId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOmittable()
  @IsUUID()
  typeId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOmittable()
  @IsUUID()
  tagId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Pieces with this contributor in the byline.' })
  @IsOmittable()
  @IsUUID()
  contributorId?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only pieces the caller owns.' })
  @IsOmittable()
  @IsIn(['true', 'false'])
  mine?: 'true' | 'false';

  @ApiPropertyOptional({
    maxLength: 200,
    description:
      'Search headline, dek and body. Plain words: each must begin a word (any order, any case; "balt" finds Baltic). Anything else ("100%", "covid-19", an address) matches as a literal substring.',
  })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: ARTICLE_DATE_FIELDS, default: 'updated', description: 'Which date `from` and `to` bound.' })
  @IsOmittable()
  @IsIn(ARTICLE_DATE_FIELDS)
  dateField?: ArticleDateField;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Pieces whose date (dateField) is at or after this (a date or a date-time with a zone).' })
  @IsOmittable()
  @ToInstant()
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Pieces whose date (dateField) is before this.' })
  @IsOmittable()
  @ToInstant()
  to?: Date;
}

export class DiffQuery {
  @ApiProperty()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  from: number;

  @ApiProperty()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  to: number;
}

export class LockInfoResponse {
  @ApiProperty({ nullable: true, type: String }) holderId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The holder’s display name.' }) holderName?: string | null;
  @ApiProperty({ nullable: true, type: String }) since: string | null;
  @ApiProperty({ nullable: true, type: String }) heartbeatAt: string | null;
}

export class ChangeRequestResponse {
  @ApiProperty() comment: string;
  @ApiProperty() by: string;
  @ApiProperty() at: string;
}

export class ArticleAdminResponse {
  @ApiProperty() id: string;
  @ApiProperty() status: string;
  @ApiProperty() version: number;
  @ApiProperty() etag: string;
  @ApiProperty() headline: string;
  @ApiProperty() dek: string;
  @ApiProperty() slug: string;
  @ApiProperty({ nullable: true, type: String }) typeId: string | null;
  @ApiProperty({ nullable: true, type: String }) sectionId: string | null;
  @ApiProperty({ type: [String] }) tagIds: string[];
  @ApiProperty({ type: [String] }) bylineIds: string[];
  @ApiProperty() bodyHtml: string;
  @ApiProperty() bodyText: string;
  @ApiProperty() excerpt: string;
  @ApiProperty() wordCount: number;
  @ApiProperty() readingMinutes: number;
  @ApiProperty({ nullable: true, type: String }) topImageId: string | null;
  @ApiProperty({ nullable: true, type: String }) topImageCaption: string | null;
  @ApiProperty({ nullable: true, type: String }) topImageCredit: string | null;
  @ApiProperty({ nullable: true, type: String }) seoTitle: string | null;
  @ApiProperty({ nullable: true, type: String }) seoDescription: string | null;
  @ApiProperty({ nullable: true, type: String }) canonicalUrl: string | null;
  @ApiProperty({ nullable: true, type: String }) embargoUntil: string | null;
  @ApiProperty({ nullable: true, type: String }) ogTitle: string | null;
  @ApiProperty({ nullable: true, type: String }) ogDescription: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) ogImageId: string | null;
  @ApiProperty({ nullable: true, type: String }) twitterTitle: string | null;
  @ApiProperty({ nullable: true, type: String }) twitterDescription: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) twitterImageId: string | null;
  @ApiProperty({ description: 'True when the working draft differs from what the public sees.' }) hasUnpublishedChanges: boolean;
  @ApiProperty({ nullable: true, type: String }) firstPublishedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) publishedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) scheduledAt: string | null;
  @ApiProperty({ nullable: true, type: String }) unpublishAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Last failure of a scheduled job.' }) lastJobError: string | null;
  @ApiProperty({ type: LockInfoResponse }) lock: LockInfoResponse;
  @ApiProperty({ type: ChangeRequestResponse, nullable: true, description: 'The editor’s comment while changes are requested.' })
  changeRequest: ChangeRequestResponse | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(a: ArticleEntity, changeRequest: ArticleTransitionEntity | null = null): ArticleAdminResponse {
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    return {
      id: a.id,
      status: a.status,
      version: a.version,
      etag: `"v${a.version}"`,
      headline: a.headline,
      dek: a.dek,
      slug: a.slug,
      typeId: a.typeId,
      sectionId: a.sectionId,
      tagIds: a.tagIds,
      bylineIds: a.bylineIds,
      bodyHtml: a.bodyHtml,
      bodyText: a.bodyText,
      excerpt: a.excerpt,
      wordCount: a.wordCount,
      readingMinutes: a.readingMinutes,
      topImageId: a.topImageId,
      topImageCaption: a.topImageCaption,
      topImageCredit: a.topImageCredit,
      seoTitle: a.seoTitle,
      seoDescription: a.seoDescription,
      canonicalUrl: a.canonicalUrl,
      embargoUntil: iso(a.embargoUntil),
      ogTitle: a.ogTitle,
      ogDescription: a.ogDescription,
      ogImageId: a.ogImageId,
      twitterTitle: a.twitterTitle,
      twitterDescription: a.twitterDescription,
      twitterImageId: a.twitterImageId,
      hasUnpublishedChanges: a.liveRevisionId !== null && a.liveRevisionId !== a.currentRevisionId,
      firstPublishedAt: iso(a.firstPublishedAt),
      publishedAt: iso(a.publishedAt),
      scheduledAt: iso(a.scheduledAt),
      unpublishAt: iso(a.unpublishAt),
      lastJobError: a.lastJobError,
      lock: { holderId: a.lockHolderId, since: iso(a.lockAcquiredAt), heartbeatAt: iso(a.lockHeartbeatAt) },
      changeRequest: changeRequest && a.status === 'draft' ? { comment: changeRequest.comment ?? '', by: changeRequest.actorLabel, at: changeRequest.at.toISOString() } : null,
      createdAt: a.createdAt.toISOString(),
      updatedAt: a.updatedAt.toISOString(),
    };
  }
}

export class ArticleSummaryResponse {
  @ApiProperty() id: string;
  @ApiProperty() status: string;
  @ApiProperty() headline: string;
  @ApiProperty() slug: string;
  @ApiProperty() version: number;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ nullable: true, type: String }) typeId: string | null;
  @ApiProperty({ nullable: true, type: String }) sectionId: string | null;
  @ApiProperty({ type: [String] }) bylineIds: string[];
  @ApiProperty({ nullable: true, type: String }) ownerId: string | null;
  @ApiProperty({ nullable: true, type: String }) scheduledAt: string | null;
  @ApiProperty({ nullable: true, type: String }) publishedAt: string | null;

  static from(a: ArticleSummaryRow): ArticleSummaryResponse {
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    return {
      id: a.id,
      status: a.status,
      headline: a.headline,
      slug: a.slug,
      version: a.version,
      updatedAt: a.updatedAt.toISOString(),
      typeId: a.typeId,
      sectionId: a.sectionId,
      bylineIds: a.bylineIds,
      ownerId: a.ownerId,
      scheduledAt: iso(a.scheduledAt),
      publishedAt: iso(a.publishedAt),
    };
  }
}

export class ArticlePageResponse {
  @ApiProperty({ type: [ArticleSummaryResponse] }) items: ArticleSummaryResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class RevisionResponse {
  @ApiProperty() id: string;
  @ApiProperty() number: number;
  @ApiProperty({ nullable: true, type: String }) createdBy: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: Number }) restoredFrom: number | null;
  @ApiProperty({ description: 'Every field and relation as of this save.', type: 'object', additionalProperties: true }) data: Record<string, unknown>;
  @ApiProperty() live: boolean;

  static from(r: ArticleRevisionEntity, liveRevisionId: string | null): RevisionResponse {
    return { id: r.id, number: r.number, createdBy: r.createdBy, createdAt: r.createdAt.toISOString(), restoredFrom: r.restoredFrom, data: r.data, live: r.id === liveRevisionId };
  }
}

export class FieldChangeResponse {
  @ApiProperty() field: string;
  @ApiProperty({ nullable: true }) from: unknown;
  @ApiProperty({ nullable: true }) to: unknown;

  static from(c: FieldChange): FieldChangeResponse {
    return { field: c.field, from: c.from, to: c.to };
  }
}

export class TransitionLogResponse {
  @ApiProperty() id: string;
  @ApiProperty() action: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty() actor: string;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty() at: string;
  @ApiProperty({ nullable: true, type: String }) scheduledFor: string | null;

  static from(t: ArticleTransitionEntity): TransitionLogResponse {
    return {
      id: t.id,
      action: t.action,
      from: t.fromStatus,
      to: t.toStatus,
      actor: t.actorLabel,
      comment: t.comment,
      at: t.at.toISOString(),
      scheduledFor: t.scheduledFor?.toISOString() ?? null,
    };
  }
}

export class CorrectionResponse {
  @ApiProperty() id: string;
  @ApiProperty() kind: string;
  @ApiProperty() text: string;
  @ApiProperty() at: string;

  static from(c: ArticleCorrectionEntity): CorrectionResponse {
    return { id: c.id, kind: c.kind, text: c.text, at: c.at.toISOString() };
  }
}

export class OverdueQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, description: 'At most this many, the longest over budget first (default: all).' })
  @IsOmittable()
  @Transform(toPageLimit)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class OverdueResponse {
  @ApiProperty() articleId: string;
  @ApiProperty() headline: string;
  @ApiProperty() status: string;
  @ApiProperty() since: string;
  @ApiProperty({ description: 'How long it has waited in this state (ms).' }) waitedMs: number;
  @ApiProperty() budgetMs: number;

  static from(o: OverdueItem): OverdueResponse {
    return { ...o, since: o.since.toISOString() };
  }
}

export class CreatePreviewLinkRequest {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 720,
    default: 48,
    description: 'Hours until the link stops working; at most PREVIEW_LINK_MAX_TTL (7 days by default: longer is 400 PREVIEW_TTL_TOO_LONG).',
  })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(720)
  expiresInHours?: number;
}

export class PreviewLinkResponse {
  @ApiProperty() id: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty() createdAt: string;

  static from(l: { id: string; expiresAt: Date; revokedAt: Date | null; createdAt: Date }): PreviewLinkResponse {
    return { id: l.id, expiresAt: l.expiresAt.toISOString(), revokedAt: l.revokedAt?.toISOString() ?? null, createdAt: l.createdAt.toISOString() };
  }
}

export class CreatedPreviewLinkResponse extends PreviewLinkResponse {
  @ApiProperty({ description: 'Shown once.' }) token: string;
  @ApiProperty({ description: 'Content API path serving the draft (add the API key).' }) path: string;
}

export class ActionBlockedResponse {
  @ApiProperty({ example: 'WORKFLOW_REQUIRED_FIELDS_MISSING' }) code: string;
  @ApiProperty() message: string;
  @ApiProperty({ type: [String], description: 'Fields or gate codes at fault.' }) details: string[];
}

export class OfferedActionResponse {
  @ApiProperty({ enum: ACTIONS }) action: (typeof ACTIONS)[number];
  @ApiProperty({ description: 'The state the piece moves to.' }) to: string;
  @ApiProperty({ description: 'The action needs a comment.' }) needsComment: boolean;
  @ApiProperty({ description: 'The action needs a time (at).' }) needsTime: boolean;
  @ApiProperty({ type: ActionBlockedResponse, nullable: true, description: 'Why the piece cannot take it now.' }) blocked: ActionBlockedResponse | null;

  static from(o: OfferedAction): OfferedActionResponse {
    return { action: o.action, to: o.to, needsComment: o.needsComment, needsTime: o.needsTime, blocked: o.blocked };
  }
}
