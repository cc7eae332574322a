import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ArticlesRepository } from '#libs/articles';
import { queryRows } from '#libs/database';
import { decodeCursor, encodeCursor, type Page } from '#libs/kernel';
import { RelatedPinEntity, TeaserAlertEntity } from './related-stories.entity.js';
import type { AlertReason, TeaserCandidate } from './related-stories.rules.js';
import { TeaserCandidateSource } from './teaser-candidates.js';

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

/** The tag branch ranks only this many of the newest pieces sharing a tag (bounded work per page). */
export const TAG_CANDIDATE_WINDOW = 200;

type PinRecord = Omit<PinRow, 'target'>;

const PIN_COLUMNS = `rp.id, rp.position, rp.target_article_id AS "targetArticleId", rp.headline_override AS "headlineOverride",
  rp.excerpt_override AS "excerptOverride", rp.image_id_override AS "imageIdOverride"`;

/**
 * All related-stories SQL (its own tables). What the public sees of a piece comes from the
 * read model through TeaserCandidateSource; working headlines, states and owners from the
 * articles repository.
 */
@Injectable()
export class RelatedStoriesRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly candidates: TeaserCandidateSource,
    private readonly articles: ArticlesRepository,
  ) {}

  private pinsOf(articleId: string, m: EntityManager): Promise<PinRecord[]> {
    return queryRows<PinRecord>(m, `SELECT ${PIN_COLUMNS} FROM related_pins rp WHERE rp.article_id = $1 ORDER BY rp.position`, [articleId]);
  }

  /** The page's own live row (if live) and its pins in order, each with its target's live row (null when not live). */
  async subjectAndPins(articleId: string, m: EntityManager = this.db.manager): Promise<{ subject: TeaserCandidate | null; pins: PinRow[] }> {
    const pins = await this.pinsOf(articleId, m);
    const live = await this.candidates.live([articleId, ...pins.map((p) => p.targetArticleId)], m);
    return { subject: live.get(articleId) ?? null, pins: pins.map((p) => ({ ...p, target: live.get(p.targetArticleId) ?? null })) };
  }

  /** Candidates for the automatic fill (see TeaserCandidateSource.fill); the caller ranks them. */
  fillCandidates(q: { tagIds: string[]; sectionId: string | null; exclude: string[]; limit: number }, m: EntityManager = this.db.manager): Promise<TeaserCandidate[]> {
    return this.candidates.fill({ ...q, tagWindow: TAG_CANDIDATE_WINDOW }, m);
  }

  /** `fillCandidates` for many subjects at once (see TeaserCandidateSource.fillMany). */
  fillCandidatesMany(
    m: EntityManager,
    subjects: { articleId: string; tagIds: string[]; sectionId: string | null }[],
    limit: number,
    pending: readonly TeaserCandidate[] = [],
  ): Promise<Map<string, TeaserCandidate[]>> {
    return this.candidates.fillMany(subjects, { limit, tagWindow: TAG_CANDIDATE_WINDOW }, m, pending);
  }

  /** Which of these pages have pins. */
  async pinnedAmong(m: EntityManager, ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    return new Set((await queryRows<{ id: string }>(m, `SELECT DISTINCT article_id AS id FROM related_pins WHERE article_id = ANY($1::uuid[])`, [ids])).map((r) => r.id));
  }

  /** Which of these pages are live without pins, with what drives their fill. */
  async liveSubjectsWithoutPins(m: EntityManager, ids: string[]): Promise<{ articleId: string; tagIds: string[]; sectionId: string | null }[]> {
    if (!ids.length) return [];
    const pinned = await this.pinnedAmong(m, ids);
    const live = await this.candidates.live(
      ids.filter((id) => !pinned.has(id)),
      m,
    );
    return [...live.values()].map((c) => ({ articleId: c.articleId, tagIds: c.tagIds, sectionId: c.sectionId }));
  }

  /** The page's pins with each target's state (live row, status, working headline). */
  async adminPins(articleId: string, m: EntityManager = this.db.manager): Promise<AdminPinRow[]> {
    const pins = await this.pinsOf(articleId, m);
    const targets = pins.map((p) => p.targetArticleId);
    const states = new Map((await this.articles.statusesOf(m, targets)).map((a) => [a.id, a]));
    const live = await this.candidates.live(targets, m);
    return pins.flatMap((p) => {
      const a = states.get(p.targetArticleId);
      return a ? [{ ...p, target: live.get(p.targetArticleId) ?? null, targetStatus: a.status, targetWorkingHeadline: a.headline }] : [];
    });
  }

  /** Live rows of these articles: id -> retracted? (absent = not live). */
  liveTargets(tx: EntityManager, ids: string[]): Promise<Map<string, { retracted: boolean }>> {
    return this.candidates.liveStates(ids, tx);
  }

  async replacePins(tx: EntityManager, articleId: string, pins: RelatedPinEntity[]): Promise<void> {
    await queryRows(tx, `DELETE FROM related_pins WHERE article_id = $1`, [articleId]);
    if (pins.length) await tx.insert(RelatedPinEntity, pins);
  }

  /** Pages pinning this target. */
  async pagesPinning(targetArticleId: string, m: EntityManager = this.db.manager): Promise<string[]> {
    const rows = await queryRows<{ articleId: string }>(m, `SELECT DISTINCT article_id AS "articleId" FROM related_pins WHERE target_article_id = $1 ORDER BY 1`, [
      targetArticleId,
    ]);
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
    const rows = await queryRows<AlertRecord>(m, `${ALERT_SELECT} WHERE ta.id = $1`, [id]);
    return (await this.withArticles(rows, m))[0] ?? null;
  }

  /** Alerts newest first, keyset-paginated on (created_at, id). */
  async listAlerts(f: AlertFilter, m: EntityManager = this.db.manager): Promise<Page<TeaserAlertRow>> {
    const after = f.cursor ? decodeCursor(f.cursor) : null;
    const owned = f.ownerId ? await this.articles.idsOwnedBy(f.ownerId, m) : null;
    const rows = await queryRows<AlertRecord>(
      m,
      `${ALERT_SELECT}
        WHERE ($1::boolean IS NULL OR (ta.resolved_at IS NOT NULL) = $1)
          AND ($2::uuid[] IS NULL OR ta.article_id = ANY($2::uuid[]))
          AND ($3::uuid IS NULL OR ta.article_id = $3)
          AND ($4::timestamptz IS NULL OR (ta.created_at, ta.id) < ($4, $5::uuid))
        ORDER BY ta.created_at DESC, ta.id DESC
        LIMIT $6`,
      [f.resolved ?? null, owned, f.articleId ?? null, after?.at ?? null, after?.id ?? null, f.limit + 1],
    );
    const items = (await this.withArticles(rows.slice(0, f.limit), m)).map(({ ownerId: _o, ...r }) => r);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > f.limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : null };
  }

  /** The headlines of both pieces and the page's owner, from the articles lib (both rows exist: foreign keys). */
  private async withArticles(rows: AlertRecord[], m: EntityManager): Promise<(TeaserAlertRow & { ownerId: string | null })[]> {
    const ids = [...new Set(rows.flatMap((r) => [r.articleId, r.targetArticleId]))];
    const articles = new Map((await this.articles.statusesOf(m, ids)).map((a) => [a.id, a]));
    return rows.map((r) => ({
      ...r,
      articleHeadline: articles.get(r.articleId)?.headline ?? '',
      targetHeadline: articles.get(r.targetArticleId)?.headline ?? '',
      ownerId: articles.get(r.articleId)?.ownerId ?? null,
    }));
  }
}

type AlertRecord = Omit<TeaserAlertRow, 'articleHeadline' | 'targetHeadline'>;

const ALERT_SELECT = `SELECT ta.id, ta.article_id AS "articleId", ta.target_article_id AS "targetArticleId", ta.reason,
       ta.created_at AS "createdAt", ta.resolved_at AS "resolvedAt", ta.resolved_by AS "resolvedBy"
  FROM teaser_alerts ta`;
