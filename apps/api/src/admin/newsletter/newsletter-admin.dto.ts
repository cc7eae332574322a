import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';

import { IsIn, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import {
  SUBSCRIPTION_STATUSES,
  type AttributionReport,
  type ConsentRecordView,
  type GrowthReport,
  type ListWithCounts,
  type NewsletterConsentTextEntity,
  type NewsletterListEntity,
  type SubscriberSummary,
  type SubscriptionStatus,
} from '#libs/newsletter-signups';
import { IsCalendarDay, IsOmittable } from '../../http/validators.js';
import { PageQuery } from '../../http/page-query.js';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

// ---- lists

export class CreateNewsletterListRequest {
  @ApiProperty({ example: 'Weekly round-up' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name: string;

  @ApiPropertyOptional({ example: 'weekly-round-up', description: 'Defaults to a slug of the name.' })
  @IsOmittable()
  @IsString()
  @MaxLength(60)
  slug?: string;

  @ApiPropertyOptional({ example: 'Staff analysis, opinion, and news, every Friday.' })
  @IsOmittable()
  @IsString()
  @MaxLength(1000)
  description?: string;
}

// `slug` is redeclared: the create's default (a slug of the name) does not apply to a PATCH
export class UpdateNewsletterListRequest extends PartialType(OmitType(CreateNewsletterListRequest, ['slug']), { skipNullProperties: false }) {
  @ApiPropertyOptional({ example: 'weekly-round-up' })
  @IsOmittable()
  @IsString()
  @MaxLength(60)
  slug?: string;
}

export class ListNewsletterListsQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Include archived lists.' })
  @IsOmittable()
  @IsIn(['true', 'false'])
  includeArchived?: 'true' | 'false';
}

export class NewsletterListResponse {
  @ApiProperty() id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ nullable: true, type: String }) archivedAt: string | null;

  static from(l: NewsletterListEntity): NewsletterListResponse {
    return { id: l.id, slug: l.slug, name: l.name, description: l.description, createdAt: iso(l.createdAt)!, updatedAt: iso(l.updatedAt)!, archivedAt: iso(l.archivedAt) };
  }
}

export class NewsletterListWithCountsResponse extends NewsletterListResponse {
  @ApiProperty() pending: number;
  @ApiProperty() confirmed: number;
  @ApiProperty() unsubscribed: number;

  static fromCounts(l: ListWithCounts): NewsletterListWithCountsResponse {
    return { ...NewsletterListResponse.from(l), pending: l.pending, confirmed: l.confirmed, unsubscribed: l.unsubscribed };
  }
}

// ---- consent texts

export class CreateConsentTextRequest {
  @ApiProperty({ example: 'I agree to receive the weekly round-up by e-mail. I can unsubscribe at any time.' })
  @IsString()
  @MinLength(10)
  @MaxLength(5000)
  text: string;
}

export class ConsentTextResponse {
  @ApiProperty() id: string;
  @ApiProperty() version: number;
  @ApiProperty() text: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) createdBy: string | null;

  static from(t: NewsletterConsentTextEntity): ConsentTextResponse {
    return { id: t.id, version: t.version, text: t.text, createdAt: iso(t.createdAt)!, createdBy: t.createdBy };
  }
}

// ---- subscribers

export class SearchSubscribersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the e-mail address.' })
  @IsOmittable()
  @IsString()
  @MaxLength(254)
  q?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOmittable()
  @IsUUID()
  list?: string;

  @ApiPropertyOptional({ enum: SUBSCRIPTION_STATUSES })
  @IsOmittable()
  @IsIn(SUBSCRIPTION_STATUSES)
  status?: SubscriptionStatus;
}

export class ExportSubscribersQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOmittable()
  @IsUUID()
  list?: string;

  @ApiPropertyOptional({ enum: SUBSCRIPTION_STATUSES })
  @IsOmittable()
  @IsIn(SUBSCRIPTION_STATUSES)
  status?: SubscriptionStatus;
}

export class ManualUnsubscribeRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'One list; omitted: all lists.' })
  @IsOmittable()
  @IsUUID()
  list?: string;
}

export class SubscriptionSummaryResponse {
  @ApiProperty() listId: string;
  @ApiProperty() listSlug: string;
  @ApiProperty({ enum: SUBSCRIPTION_STATUSES }) status: SubscriptionStatus;
  @ApiProperty({ nullable: true, type: String }) confirmedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) unsubscribedAt: string | null;
}

export class SubscriberResponse {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: [SubscriptionSummaryResponse] }) subscriptions: SubscriptionSummaryResponse[];

  static from(s: SubscriberSummary): SubscriberResponse {
    return {
      id: s.id,
      email: s.email,
      createdAt: iso(s.createdAt)!,
      subscriptions: s.subscriptions.map((x) => ({
        listId: x.listId,
        listSlug: x.listSlug,
        status: x.status,
        confirmedAt: iso(x.confirmedAt),
        unsubscribedAt: iso(x.unsubscribedAt),
      })),
    };
  }
}

export class SubscriberPageResponse {
  @ApiProperty({ type: [SubscriberResponse] }) items: SubscriberResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ConsentRecordResponse {
  @ApiProperty() at: string;
  @ApiProperty({ enum: ['signup', 'confirm', 'unsubscribe', 'erase'] }) action: string;
  @ApiProperty({ enum: ['form', 'mail_link', 'one_click', 'admin'] }) channel: string;
  @ApiProperty({ nullable: true, type: String }) listId: string | null;
  @ApiProperty({ nullable: true, type: String }) previousStatus: string | null;
  @ApiProperty({ nullable: true, type: Number }) consentTextVersion: number | null;
  @ApiProperty({ nullable: true, type: String }) sourcePage: string | null;
  @ApiProperty({ nullable: true, type: String }) sourceArticleId: string | null;
  @ApiProperty({ nullable: true, type: String }) sourcePlacement: string | null;

  static from(r: ConsentRecordView): ConsentRecordResponse {
    return { ...r, at: iso(r.at)! };
  }
}

export class SubscriberDetailResponse extends SubscriberResponse {
  @ApiProperty({ type: [ConsentRecordResponse], description: 'Consent trail: signups, confirmations, unsubscriptions.' }) consent: ConsentRecordResponse[];
}

export class ManualUnsubscribeResponse {
  @ApiProperty({ type: [String], description: 'Ids of the lists left.' }) unsubscribed: string[];
}

// ---- reports

export class ReportRangeQuery {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'First day (UTC), default 29 days before `to`.' })
  @IsOmittable()
  @IsCalendarDay()
  from?: string;

  @ApiPropertyOptional({ example: '2026-01-31', description: 'Last day (UTC, inclusive), default today.' })
  @IsOmittable()
  @IsCalendarDay()
  to?: string;
}

export class GrowthQuery extends ReportRangeQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOmittable()
  @IsUUID()
  list?: string;
}

export class GrowthDayResponse {
  @ApiProperty({ example: '2026-01-15' }) day: string;
  @ApiProperty() listId: string;
  @ApiProperty() signups: number;
  @ApiProperty() confirmations: number;
  @ApiProperty() unsubscriptions: number;
  @ApiProperty({ description: 'confirmations minus unsubscriptions of confirmed subscribers' }) net: number;
}

export class GrowthResponse {
  @ApiProperty() from: string;
  @ApiProperty({ description: 'Exclusive end.' }) to: string;
  @ApiProperty({ type: [NewsletterListWithCountsResponse], description: 'Current counts per list.' }) lists: NewsletterListWithCountsResponse[];
  @ApiProperty({ type: [GrowthDayResponse] }) days: GrowthDayResponse[];

  static from(r: GrowthReport): GrowthResponse {
    return {
      from: r.from.toISOString(),
      to: r.to.toISOString(),
      lists: r.lists.map(NewsletterListWithCountsResponse.fromCounts),
      days: r.days.map((d) => ({ day: d.day, listId: d.listId, signups: d.signups, confirmations: d.confirmations, unsubscriptions: d.unsubscriptions, net: d.net })),
    };
  }
}

export class ArticleAttributionResponse {
  @ApiProperty({ nullable: true, type: String, description: 'null: signups not made next to an article' }) articleId: string | null;
  @ApiProperty() signups: number;
  @ApiProperty() confirmations: number;
}

export class PlacementAttributionResponse {
  @ApiProperty({ nullable: true, type: String }) placement: string | null;
  @ApiProperty() signups: number;
  @ApiProperty() confirmations: number;
}

export class AttributionResponse {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: [ArticleAttributionResponse] }) byArticle: ArticleAttributionResponse[];
  @ApiProperty({ type: [PlacementAttributionResponse] }) byPlacement: PlacementAttributionResponse[];

  static from(r: AttributionReport): AttributionResponse {
    return {
      from: r.from.toISOString(),
      to: r.to.toISOString(),
      byArticle: r.byArticle.map((a) => ({ articleId: a.key, signups: a.signups, confirmations: a.confirmations })),
      byPlacement: r.byPlacement.map((a) => ({ placement: a.key, signups: a.signups, confirmations: a.confirmations })),
    };
  }
}
