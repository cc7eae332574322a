import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { queryRows } from '#libs/database';
import { encodeCursor, type KeysetCursor } from '#libs/kernel';
import { ArticleAppealSettingEntity, DonationCampaignEntity, DonationCampaignVariantEntity } from './donation-banners.entity.js';
import { NO_ARTICLE_ID, type BannerEventType, type CampaignForChoice, type CampaignStatus, type FrequencyRules, type Placement, type Targeting } from './donation-banners.rules.js';

export interface EventRow {
  eventId: string;
  type: BannerEventType;
  campaignId: string;
  variantId: string;
  articleId: string | null;
  at: Date;
}

export interface CampaignRef {
  id: string;
  status: CampaignStatus;
  activatedAt: Date | null;
  variantIds: string[];
}

export interface CountTotals {
  impressions: number;
  clicks: number;
  dismissals: number;
  conversions: number;
}

export interface ReportRows {
  byVariant: (CountTotals & { variantId: string })[];
  byArticle: (CountTotals & { articleId: string | null })[];
  byDay: (CountTotals & { day: string })[];
  byVariantDay: (CountTotals & { variantId: string; day: string })[];
}

export const targetingOf = (c: DonationCampaignEntity): Targeting => ({
  includeSectionIds: c.includeSectionIds,
  excludeSectionIds: c.excludeSectionIds,
  includeTagIds: c.includeTagIds,
  excludeTagIds: c.excludeTagIds,
  includeTypeIds: c.includeTypeIds,
  excludeTypeIds: c.excludeTypeIds,
  includeArticleIds: c.includeArticleIds,
  excludeArticleIds: c.excludeArticleIds,
});

export const frequencyOf = (c: DonationCampaignEntity): FrequencyRules => ({
  startAfterPageviews: c.startAfterPageviews,
  everyNthPageview: c.everyNthPageview,
  maxPerDay: c.maxPerDay,
  maxPerWeek: c.maxPerWeek,
});

const SUMS = `COALESCE(sum(impressions), 0)::float8 AS impressions, COALESCE(sum(clicks), 0)::float8 AS clicks,
              COALESCE(sum(dismissals), 0)::float8 AS dismissals, COALESCE(sum(conversions), 0)::float8 AS conversions`;

/** All donation-banner SQL lives here. */
@Injectable()
export class DonationBannersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // --- campaigns ------------------------------------------------------------------------------

  async insertCampaign(tx: EntityManager, c: DonationCampaignEntity): Promise<void> {
    await tx.insert(DonationCampaignEntity, c);
  }

  /** With `lock`, holds the row for the rest of the transaction (serializes admin writes). */
  async findCampaign(id: string, m: EntityManager = this.db.manager, lock = false): Promise<DonationCampaignEntity | null> {
    return m.findOne(DonationCampaignEntity, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  async saveCampaign(tx: EntityManager, c: DonationCampaignEntity): Promise<void> {
    const { id, ...fields } = c;
    await tx.update(DonationCampaignEntity, { id }, fields);
  }

  async deleteCampaign(tx: EntityManager, id: string): Promise<void> {
    await tx.delete(DonationCampaignEntity, { id });
  }

  /** Newest first, keyset-paginated on (created_at, id); `status` filters on the effective status at `now`. */
  async listCampaigns(
    limit: number,
    after: KeysetCursor | null,
    status: CampaignStatus | null,
    now: Date,
  ): Promise<{ items: DonationCampaignEntity[]; nextCursor: string | null }> {
    const qb = this.db.manager
      .createQueryBuilder(DonationCampaignEntity, 'c')
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(limit + 1);
    if (after) qb.andWhere('(c.created_at, c.id) < (:at, :id)', { at: after.at, id: after.id });
    if (status) {
      qb.andWhere(`(CASE WHEN c.status IN ('active','paused') AND c.ends_at <= :now THEN 'ended' ELSE c.status END) = :status`, { now, status });
    }
    const rows = await qb.getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : null };
  }

  /** Campaigns in these stored statuses with their variants, as banner choice sees them. */
  async campaignsForChoice(statuses: CampaignStatus[]): Promise<CampaignForChoice[]> {
    const campaigns = await this.db.manager.find(DonationCampaignEntity, { where: { status: In(statuses) } });
    const variants = await this.variantsOf(campaigns.map((c) => c.id));
    return campaigns.map((c) => ({
      id: c.id,
      name: c.name,
      status: c.status as CampaignStatus,
      startsAt: c.startsAt,
      endsAt: c.endsAt,
      placement: c.placement as Placement,
      paragraph: c.paragraph,
      priority: c.priority,
      targeting: targetingOf(c),
      frequency: frequencyOf(c),
      variants: (variants.get(c.id) ?? []).map((v) => ({
        id: v.id,
        name: v.name,
        weight: v.weight,
        headline: v.headline,
        bodyHtml: v.bodyHtml,
        ctaLabel: v.ctaLabel,
        ctaUrl: v.ctaUrl,
      })),
    }));
  }

  /**
   * Stored campaigns still active or paused whose end has passed: marks them ended and returns
   * their ids (the sweep; choice already treats them as ended).
   */
  async endDue(tx: EntityManager, now: Date, onlyId?: string): Promise<{ id: string; status: string }[]> {
    return queryRows<{ id: string; status: string }>(
      tx,
      `UPDATE donation_campaigns c SET status = 'ended', ended_at = c.ends_at, updated_at = $1
         FROM (SELECT id, status FROM donation_campaigns
                WHERE status IN ('active','paused') AND ends_at <= $1 AND ($2::uuid IS NULL OR id = $2)
                FOR UPDATE) due
        WHERE c.id = due.id
        RETURNING c.id, due.status`,
      [now, onlyId ?? null],
    );
  }

  // --- variants -------------------------------------------------------------------------------

  /** Variants per campaign, in creation order (bucketing depends on a stable order). */
  async variantsOf(campaignIds: string[], m: EntityManager = this.db.manager): Promise<Map<string, DonationCampaignVariantEntity[]>> {
    const out = new Map<string, DonationCampaignVariantEntity[]>();
    if (!campaignIds.length) return out;
    const rows = await m.find(DonationCampaignVariantEntity, { where: { campaignId: In(campaignIds) }, order: { createdAt: 'ASC', id: 'ASC' } });
    for (const v of rows) out.set(v.campaignId, [...(out.get(v.campaignId) ?? []), v]);
    return out;
  }

  findVariant(campaignId: string, variantId: string, m: EntityManager = this.db.manager): Promise<DonationCampaignVariantEntity | null> {
    return m.findOne(DonationCampaignVariantEntity, { where: { id: variantId, campaignId } });
  }

  async insertVariant(tx: EntityManager, v: DonationCampaignVariantEntity): Promise<void> {
    await tx.insert(DonationCampaignVariantEntity, v);
  }

  async saveVariant(tx: EntityManager, v: DonationCampaignVariantEntity): Promise<void> {
    const { id, campaign: _campaign, ...fields } = v;
    await tx.update(DonationCampaignVariantEntity, { id }, fields);
  }

  async deleteVariant(tx: EntityManager, id: string): Promise<void> {
    await tx.delete(DonationCampaignVariantEntity, { id });
  }

  // --- article appeal settings ----------------------------------------------------------------

  findAppealSetting(articleId: string, m: EntityManager = this.db.manager): Promise<ArticleAppealSettingEntity | null> {
    return m.findOne(ArticleAppealSettingEntity, { where: { articleId } });
  }

  async noAppealArticleIds(): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(this.db, `SELECT article_id AS id FROM article_appeal_settings WHERE no_appeals`, []);
    return rows.map((r) => r.id);
  }

  async upsertAppealSetting(tx: EntityManager, s: ArticleAppealSettingEntity): Promise<void> {
    await queryRows(
      tx,
      `INSERT INTO article_appeal_settings (article_id, no_appeals, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (article_id) DO UPDATE SET no_appeals = EXCLUDED.no_appeals, updated_at = EXCLUDED.updated_at`,
      [s.articleId, s.noAppeals, s.updatedAt],
    );
  }

  // --- events ---------------------------------------------------------------------------------

  /** What event validation needs about the campaigns a batch names, in one query. */
  async campaignRefs(ids: string[]): Promise<Map<string, CampaignRef>> {
    const rows = await queryRows<CampaignRef>(
      this.db,
      `SELECT c.id, c.status, c.activated_at AS "activatedAt",
              COALESCE(array_agg(v.id) FILTER (WHERE v.id IS NOT NULL), '{}') AS "variantIds"
         FROM donation_campaigns c LEFT JOIN donation_campaign_variants v ON v.campaign_id = c.id
        WHERE c.id = ANY($1::uuid[])
        GROUP BY c.id`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  /**
   * Counts a batch in ONE statement: event ids go into the dedupe table (ON CONFLICT DO NOTHING)
   * and only the ones that were new are added to the day counters (one multi-row upsert).
   * Both happen atomically, so an event is counted once however often and however
   * concurrently it is sent. Rows go in key order so concurrent batches lock in the same order.
   * Returns how many events were new.
   */
  /** Stores new events and adds them to the day counters; returns the ids that were new. */
  async recordEvents(events: EventRow[], receivedAt: Date): Promise<Set<string>> {
    if (!events.length) return new Set();
    const sorted = [...events].sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
    const rows = await queryRows<{ fresh: string[] }>(
      this.db,
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::timestamptz[])
                  WITH ORDINALITY AS e(event_id, type, campaign_id, variant_id, article_id, at, n)
       ), fresh AS (
         INSERT INTO donation_banner_events (event_id, type, campaign_id, variant_id, article_id, at, received_at)
         SELECT event_id, type, campaign_id, variant_id, article_id, at, $7 FROM input ORDER BY n
         ON CONFLICT (event_id) DO NOTHING
         RETURNING event_id, type, campaign_id, variant_id, article_id, at
       ), counted AS (
         INSERT INTO donation_banner_daily_counts AS d (campaign_id, variant_id, article_id, day, impressions, clicks, dismissals, conversions)
         SELECT campaign_id, variant_id, COALESCE(article_id, $8::uuid), (at AT TIME ZONE 'UTC')::date,
                count(*) FILTER (WHERE type = 'impression'), count(*) FILTER (WHERE type = 'click'),
                count(*) FILTER (WHERE type = 'dismiss'), count(*) FILTER (WHERE type = 'conversion')
           FROM fresh
          GROUP BY 1, 2, 3, 4
          ORDER BY 1, 2, 3, 4
         ON CONFLICT (campaign_id, variant_id, article_id, day) DO UPDATE
            SET impressions = d.impressions + EXCLUDED.impressions, clicks = d.clicks + EXCLUDED.clicks,
                dismissals = d.dismissals + EXCLUDED.dismissals, conversions = d.conversions + EXCLUDED.conversions
         RETURNING 1
       )
       SELECT COALESCE((SELECT array_agg(event_id::text) FROM fresh), '{}') AS fresh`,
      [
        sorted.map((e) => e.eventId),
        sorted.map((e) => e.type),
        sorted.map((e) => e.campaignId),
        sorted.map((e) => e.variantId),
        sorted.map((e) => e.articleId),
        sorted.map((e) => e.at),
        receivedAt,
        NO_ARTICLE_ID,
      ],
    );
    return new Set(rows[0]!.fresh);
  }

  /** Drops dedupe rows older than `before`, a bounded batch at a time. */
  async sweepEventIds(before: Date, batch = 5000): Promise<number> {
    const rows = await queryRows(
      this.db,
      `DELETE FROM donation_banner_events WHERE event_id IN (
         SELECT event_id FROM donation_banner_events WHERE at < $1 LIMIT $2)
       RETURNING 1`,
      [before, batch],
    );
    return rows.length;
  }

  // --- reports --------------------------------------------------------------------------------

  /** Totals of every article the campaign counted on in the range (the byline attribution's input). */
  perArticle(campaignId: string, from: string, to: string): Promise<(CountTotals & { articleId: string })[]> {
    return queryRows<CountTotals & { articleId: string }>(
      this.db,
      `SELECT article_id AS "articleId", ${SUMS} FROM donation_banner_daily_counts
        WHERE campaign_id = $1 AND day BETWEEN $2::date AND $3::date AND article_id <> $4::uuid GROUP BY article_id`,
      [campaignId, from, to, NO_ARTICLE_ID],
    );
  }

  async report(campaignId: string, from: string, to: string, articleLimit: number): Promise<ReportRows> {
    const where = `WHERE campaign_id = $1 AND day BETWEEN $2::date AND $3::date`;
    const [byVariant, byArticle, byDay, byVariantDay] = await Promise.all([
      queryRows<CountTotals & { variantId: string }>(this.db, `SELECT variant_id AS "variantId", ${SUMS} FROM donation_banner_daily_counts ${where} GROUP BY variant_id`, [
        campaignId,
        from,
        to,
      ]),
      queryRows<CountTotals & { articleId: string | null }>(
        this.db,
        `SELECT NULLIF(article_id, $4::uuid) AS "articleId", ${SUMS} FROM donation_banner_daily_counts ${where}
          GROUP BY article_id ORDER BY conversions DESC, clicks DESC, impressions DESC, article_id LIMIT $5`,
        [campaignId, from, to, NO_ARTICLE_ID, articleLimit],
      ),
      queryRows<CountTotals & { day: string }>(this.db, `SELECT to_char(day, 'YYYY-MM-DD') AS day, ${SUMS} FROM donation_banner_daily_counts ${where} GROUP BY day ORDER BY day`, [
        campaignId,
        from,
        to,
      ]),
      queryRows<CountTotals & { variantId: string; day: string }>(
        this.db,
        `SELECT variant_id AS "variantId", to_char(day, 'YYYY-MM-DD') AS day, ${SUMS} FROM donation_banner_daily_counts ${where}
          GROUP BY variant_id, day ORDER BY day, variant_id`,
        [campaignId, from, to],
      ),
    ]);
    return { byVariant, byArticle, byDay, byVariantDay };
  }
}
