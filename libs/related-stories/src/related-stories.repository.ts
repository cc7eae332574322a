import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '#libs/database';
import { decodeCursor, encodeCursor, type Page } from '#libs/kernel';
import { RelatedPinEntity, TeaserAlertEntity } from './related-stories.entity.js';
import type { AlertReason, TeaserCandidate } from './related-stories.rules.js';

/** A pin with its target as the public sees it (target null when the target is not live). */
export interface PinRow {
  id: string;
  position: number;
  targetArticleId: string;
  headlineOverride: string | null;
  excerptOverride: string | null;
  imageIdOverride: string | null;
  target: TeaserCandidate | null;
}

/** A pin with the target's editorial state, for the admin view. */
export interface AdminPinRow extends PinRow {
  targetStatus: string;
  targetWorkingHeadline: string;
}

export interface TeaserAlertRow {
  id: string;
  articleId: string;
  articleHeadline: string;
  targetArticleId: string;
  targetHeadline: string;
  reason: AlertReason;
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
}

export interface AlertFilter {
  resolved?: boolean;
  /** Only alerts on pages this account owns (contributors). */
  ownerId?: string;
  articleId?: string;
  limit: number;
  cursor?: string;
}

// What a teaser needs from the read model. The body is cut short: the excerpt needs only
// the first two paragraphs (~400 characters), never the whole text.
const CANDIDATE_COLUMNS = `p.article_id AS "articleId", p.slug, p.headline, left(p.body_text, 2000) AS "bodyText",
  p.section_id AS "sectionId", p.tag_ids AS "tagIds", p.published_at AS "publishedAt",
  p.page->'section' AS section, p.page->'topImage' AS "topImage", p.retracted`;

/** The tag branch ranks only this many of the newest pieces sharing a tag (bounded work per page). */
export const TAG_CANDIDATE_WINDOW = 200;

type CandidateRecord = TeaserCandidate;

const toCandidate = (r: CandidateRecord): TeaserCandidate => ({ ...r, tagIds: r.tagIds ?? [] });

type PinRecord = Omit<PinRow, 'target'> & Partial<CandidateRecord> & { isSubject: boolean };

const toPin = (r: PinRecord): PinRow => ({
  id: r.id,
  position: r.position,
  targetArticleId: r.targetArticleId,
  headlineOverride: r.headlineOverride,
  excerptOverride: r.excerptOverride,
  imageIdOverride: r.imageIdOverride,
  target: r.articleId ? toCandidate(r as CandidateRecord) : null,
});

/** All related-stories SQL. Reads the public read model (`published_articles`) read-only. */
@Injectable()
export class RelatedStoriesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * One query: the page's own live row (if live) and its pins in order, each with its target's
   * live row (null when the target is not live).
   */
  async subjectAndPins(articleId: string, m: EntityManager = this.db.manager): Promise<{ subject: TeaserCandidate | null; pins: PinRow[] }> {
    const rows = await queryRows<PinRecord>(
      m,
      `SELECT true AS "isSubject", NULL::uuid AS id, -1 AS position, NULL::uuid AS "targetArticleId", NULL AS "headlineOverride",
              NULL AS "excerptOverride", NULL::uuid AS "imageIdOverride", ${CANDIDATE_COLUMNS}
         FROM published_articles p WHERE p.article_id = $1
       UNION ALL
       SELECT false, rp.id, rp.position, rp.target_article_id, rp.headline_override, rp.excerpt_override, rp.image_id_override, ${CANDIDATE_COLUMNS}
         FROM related_pins rp LEFT JOIN published_articles p ON p.article_id = rp.target_article_id
        WHERE rp.article_id = $1
        ORDER BY 3`,
      [articleId],
    );
    const subject = rows.find((r) => r.isSubject);
    return { subject: subject ? toCandidate(subject as CandidateRecord) : null, pins: rows.filter((r) => !r.isSubject).map(toPin) };
  }

  /**
   * Candidates for the automatic fill: the best `limit` live, unretracted pieces (not in
   * `exclude`) of each of three index-backed branches - sharing a tag (GIN on tag_ids; ranked
   * among the TAG_CANDIDATE_WINDOW newest such pieces, so a page costs the same at 10k or 1M
   * articles and a fresher piece beats an old one sharing more tags beyond that window), same
   * section and newest overall (btree on (section_id|published_at, article_id)). The union
   * holds the top `limit` of the fill ranking; the caller ranks it.
   */
  async fillCandidates(
    q: { tagIds: string[]; sectionId: string | null; exclude: string[]; limit: number },
    m: EntityManager = this.db.manager,
  ): Promise<TeaserCandidate[]> {
    if (q.limit <= 0) return [];
    const rows = await queryRows<CandidateRecord>(
      m,
      `WITH recent_tagged AS (
         SELECT article_id, tag_ids, section_id, published_at FROM published_articles
          WHERE tag_ids && $1::uuid[] AND NOT (article_id = ANY($3::uuid[])) AND NOT retracted
          ORDER BY published_at DESC, article_id DESC
          LIMIT ${TAG_CANDIDATE_WINDOW}),
       tagged AS (
         SELECT article_id FROM recent_tagged
          ORDER BY cardinality(ARRAY(SELECT unnest(tag_ids) INTERSECT SELECT unnest($1::uuid[]))) DESC,
                   (section_id = $2::uuid) IS TRUE DESC, published_at DESC, article_id DESC
          LIMIT $4),
       same_section AS (
         SELECT article_id FROM published_articles
          WHERE section_id = $2::uuid AND NOT (article_id = ANY($3::uuid[])) AND NOT retracted
          ORDER BY published_at DESC, article_id DESC
          LIMIT $4),
       newest AS (
         SELECT article_id FROM published_articles
          WHERE NOT (article_id = ANY($3::uuid[])) AND NOT retracted
          ORDER BY published_at DESC, article_id DESC
          LIMIT $4)
       SELECT ${CANDIDATE_COLUMNS}
         FROM published_articles p
        WHERE p.article_id IN (SELECT article_id FROM tagged UNION SELECT article_id FROM same_section UNION SELECT article_id FROM newest)`,
      [q.tagIds, q.sectionId, q.exclude, q.limit],
    );
    return rows.map(toCandidate);
  }

  /** The page's pins with each target's state (live row, status, working headline). */
  async adminPins(articleId: string, m: EntityManager = this.db.manager): Promise<AdminPinRow[]> {
    const rows = await queryRows<PinRecord & { targetStatus: string; targetWorkingHeadline: string }>(
      m,
      `SELECT false AS "isSubject", rp.id, rp.position, rp.target_article_id AS "targetArticleId", rp.headline_override AS "headlineOverride",
              rp.excerpt_override AS "excerptOverride", rp.image_id_override AS "imageIdOverride",
              a.status AS "targetStatus", a.headline AS "targetWorkingHeadline", ${CANDIDATE_COLUMNS}
         FROM related_pins rp
         JOIN articles a ON a.id = rp.target_article_id
         LEFT JOIN published_articles p ON p.article_id = rp.target_article_id
        WHERE rp.article_id = $1
        ORDER BY rp.position`,
      [articleId],
    );
    return rows.map((r) => ({ ...toPin(r), targetStatus: r.targetStatus, targetWorkingHeadline: r.targetWorkingHeadline }));
  }

  /** Live rows of these articles: id -> retracted? (absent = not live). */
  async liveTargets(tx: EntityManager, ids: string[]): Promise<Map<string, { retracted: boolean }>> {
    if (!ids.length) return new Map();
    const rows = await queryRows<{ articleId: string; retracted: boolean }>(
      tx,
      `SELECT article_id AS "articleId", retracted FROM published_articles WHERE article_id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.articleId, { retracted: r.retracted }]));
  }

  async replacePins(tx: EntityManager, articleId: string, pins: RelatedPinEntity[]): Promise<void> {
    await queryRows(tx, `DELETE FROM related_pins WHERE article_id = $1`, [articleId]);
    if (pins.length) await tx.insert(RelatedPinEntity, pins);
  }

  /** Pages pinning this target. */
  async pagesPinning(targetArticleId: string, m: EntityManager = this.db.manager): Promise<string[]> {
    const rows = await queryRows<{ articleId: string }>(
      m,
      `SELECT DISTINCT article_id AS "articleId" FROM related_pins WHERE target_article_id = $1 ORDER BY 1`,
      [targetArticleId],
    );
    return rows.map((r) => r.articleId);
  }

  /** Opens an alert unless the same one is open already; true if inserted. */
  async openAlert(tx: EntityManager, alert: TeaserAlertEntity): Promise<boolean> {
    const rows = await queryRows(
      tx,
      `INSERT INTO teaser_alerts (id, article_id, target_article_id, reason, created_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (article_id, target_article_id, reason) WHERE resolved_at IS NULL DO NOTHING
       RETURNING id`,
      [alert.id, alert.articleId, alert.targetArticleId, alert.reason, alert.createdAt],
    );
    return rows.length > 0;
  }

  /** Resolves the page's open alerts about targets it no longer pins. */
  async resolveAlertsNotPinned(tx: EntityManager, articleId: string, pinnedTargets: string[], at: Date, by: string | null): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      tx,
      `UPDATE teaser_alerts SET resolved_at = $3, resolved_by = $4
        WHERE article_id = $1 AND resolved_at IS NULL AND NOT (target_article_id = ANY($2::uuid[]))
        RETURNING id`,
      [articleId, pinnedTargets, at, by],
    );
    return rows.map((r) => r.id);
  }

  async resolveAlert(tx: EntityManager, id: string, at: Date, by: string): Promise<boolean> {
    const rows = await queryRows(tx, `UPDATE teaser_alerts SET resolved_at = $2, resolved_by = $3 WHERE id = $1 AND resolved_at IS NULL RETURNING id`, [id, at, by]);
    return rows.length > 0;
  }

  async findAlert(id: string, m: EntityManager = this.db.manager): Promise<(TeaserAlertRow & { ownerId: string | null }) | null> {
    const rows = await queryRows<TeaserAlertRow & { ownerId: string | null }>(m, `${ALERT_SELECT} WHERE ta.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Alerts newest first, keyset-paginated on (created_at, id). */
  async listAlerts(f: AlertFilter, m: EntityManager = this.db.manager): Promise<Page<TeaserAlertRow>> {
    const after = f.cursor ? decodeCursor(f.cursor) : null;
    const rows = await queryRows<TeaserAlertRow & { ownerId: string | null }>(
      m,
      `${ALERT_SELECT}
        WHERE ($1::boolean IS NULL OR (ta.resolved_at IS NOT NULL) = $1)
          AND ($2::uuid IS NULL OR a.owner_id = $2)
          AND ($3::uuid IS NULL OR ta.article_id = $3)
          AND ($4::timestamptz IS NULL OR (ta.created_at, ta.id) < ($4, $5::uuid))
        ORDER BY ta.created_at DESC, ta.id DESC
        LIMIT $6`,
      [f.resolved ?? null, f.ownerId ?? null, f.articleId ?? null, after?.at ?? null, after?.id ?? null, f.limit + 1],
    );
    const items = rows.slice(0, f.limit).map(({ ownerId: _o, ...r }) => r);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > f.limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : null };
  }
}

const ALERT_SELECT = `SELECT ta.id, ta.article_id AS "articleId", a.headline AS "articleHeadline", ta.target_article_id AS "targetArticleId",
       t.headline AS "targetHeadline", ta.reason, ta.created_at AS "createdAt", ta.resolved_at AS "resolvedAt",
       ta.resolved_by AS "resolvedBy", a.owner_id AS "ownerId"
  FROM teaser_alerts ta
  JOIN articles a ON a.id = ta.article_id
  JOIN articles t ON t.id = ta.target_article_id`;
