import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { queryRows } from '#libs/database';
import { NewsletterConfirmationTokenEntity, NewsletterConsentRecordEntity, NewsletterConsentTextEntity, NewsletterListEntity } from './newsletter.entities.js';
import type { ConsentAction, ConsentChannel, SubscriptionStatus } from './newsletter.rules.js';

export interface SignupSource {
  page: string | null;
  articleId: string | null;
  placement: string | null;
}

export interface SubscriptionRow {
  id: string;
  listId: string;
  status: SubscriptionStatus;
}

export interface ConsentRecordInput {
  subscriberId: string;
  listId: string | null;
  action: ConsentAction;
  previousStatus: SubscriptionStatus | null;
  channel: ConsentChannel;
  consentTextId: string | null;
  at: Date;
  source: SignupSource;
  ipHash: string | null;
}

export interface ListWithCounts {
  id: string;
  slug: string;
  name: string;
  description: string;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
  pending: number;
  confirmed: number;
  unsubscribed: number;
}

export interface SubscriberSearch {
  q?: string;
  listId?: string;
  status?: SubscriptionStatus;
  after?: { at: string; id: string };
  limit: number;
}

export interface SubscriberSummary {
  id: string;
  email: string;
  createdAt: Date;
  subscriptions: { listId: string; listSlug: string; status: SubscriptionStatus; confirmedAt: string | null; unsubscribedAt: string | null }[];
}

export interface ExportRow {
  subscriptionId: string;
  createdAt: Date;
  subscriberId: string;
  email: string;
  listSlug: string;
  listName: string;
  status: string;
  confirmedAt: Date | null;
  unsubscribedAt: Date | null;
  sourcePage: string | null;
  sourceArticleId: string | null;
  sourcePlacement: string | null;
}

export interface GrowthRow {
  day: string;
  listId: string;
  signups: number;
  confirmations: number;
  unsubscriptions: number;
  lostConfirmed: number;
}

export interface AttributionRow {
  key: string | null;
  signups: number;
  confirmations: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** All newsletter SQL lives here. */
@Injectable()
export class NewsletterRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // ---- lists and consent texts

  openLists(ids: string[], m: EntityManager = this.db.manager): Promise<{ id: string; name: string }[]> {
    return queryRows(m, `SELECT id, name FROM newsletter_lists WHERE id = ANY($1::uuid[]) AND archived_at IS NULL`, [ids]);
  }

  listsByIds(ids: string[], m: EntityManager = this.db.manager): Promise<{ id: string; name: string }[]> {
    return queryRows(m, `SELECT id, name FROM newsletter_lists WHERE id = ANY($1::uuid[]) ORDER BY name`, [ids]);
  }

  activeLists(): Promise<NewsletterListEntity[]> {
    return this.db.manager.find(NewsletterListEntity, { where: { archivedAt: IsNull() }, order: { name: 'ASC', id: 'ASC' } });
  }

  listsWithCounts(includeArchived: boolean): Promise<ListWithCounts[]> {
    return queryRows(
      this.db,
      `SELECT l.id, l.slug, l.name, l.description, l.created_at AS "createdAt", l.updated_at AS "updatedAt", l.archived_at AS "archivedAt",
              count(s.id) FILTER (WHERE s.status = 'pending')::int AS pending,
              count(s.id) FILTER (WHERE s.status = 'confirmed')::int AS confirmed,
              count(s.id) FILTER (WHERE s.status = 'unsubscribed')::int AS unsubscribed
         FROM newsletter_lists l LEFT JOIN newsletter_subscriptions s ON s.list_id = l.id
        WHERE $1 OR l.archived_at IS NULL
        GROUP BY l.id ORDER BY l.name, l.id`,
      [includeArchived],
    );
  }

  findList(id: string, m: EntityManager = this.db.manager, lock = false): Promise<NewsletterListEntity | null> {
    return m.findOne(NewsletterListEntity, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  async insertList(list: NewsletterListEntity, m: EntityManager): Promise<void> {
    await m.insert(NewsletterListEntity, list);
  }

  async updateList(id: string, patch: Partial<Pick<NewsletterListEntity, 'name' | 'description' | 'slug' | 'updatedAt' | 'archivedAt'>>, m: EntityManager): Promise<void> {
    await m.update(NewsletterListEntity, { id }, patch);
  }

  findConsentText(id: string, m: EntityManager = this.db.manager): Promise<NewsletterConsentTextEntity | null> {
    return m.findOne(NewsletterConsentTextEntity, { where: { id } });
  }

  currentConsentText(): Promise<NewsletterConsentTextEntity | null> {
    return this.db.manager.findOne(NewsletterConsentTextEntity, { where: {}, order: { version: 'DESC' } });
  }

  consentTexts(): Promise<NewsletterConsentTextEntity[]> {
    return this.db.manager.find(NewsletterConsentTextEntity, { order: { version: 'DESC' } });
  }

  /** Inserts the next version; concurrent writers are serialized by a transaction-scoped advisory lock. */
  async insertConsentTextVersion(text: Omit<NewsletterConsentTextEntity, 'version'>, m: EntityManager): Promise<NewsletterConsentTextEntity> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('newsletter_consent_texts'))`);
    const rows = await queryRows<{ version: number }>(m, `SELECT COALESCE(max(version), 0)::int + 1 AS version FROM newsletter_consent_texts`);
    const entity = { ...text, version: rows[0]!.version };
    await m.insert(NewsletterConsentTextEntity, entity);
    return entity;
  }

  // ---- signup

  /**
   * Inserts the subscriber or takes the existing row's lock (ON CONFLICT DO UPDATE locks it):
   * concurrent signups for one address are serialized from here to commit.
   */
  async upsertSubscriber(
    s: { id: string; email: string; unsubscribeToken: string; now: Date },
    m: EntityManager,
  ): Promise<{ id: string; lastConfirmationSentAt: Date | null; unsubscribeToken: string }> {
    const rows = await queryRows<{ id: string; lastConfirmationSentAt: Date | null; unsubscribeToken: string }>(
      m,
      `INSERT INTO newsletter_subscribers (id, email, unsubscribe_token, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (email) DO UPDATE SET updated_at = EXCLUDED.updated_at
       RETURNING id, last_confirmation_sent_at AS "lastConfirmationSentAt", unsubscribe_token AS "unsubscribeToken"`,
      [s.id, s.email, s.unsubscribeToken, s.now],
    );
    return rows[0]!;
  }

  subscriptionsOf(subscriberId: string, m: EntityManager): Promise<SubscriptionRow[]> {
    return queryRows(m, `SELECT id, list_id AS "listId", status FROM newsletter_subscriptions WHERE subscriber_id = $1 ORDER BY created_at, id`, [subscriberId]);
  }

  async insertPendingSubscriptions(
    rows: { id: string; subscriberId: string; listId: string }[],
    consentTextId: string,
    source: SignupSource,
    now: Date,
    m: EntityManager,
  ): Promise<void> {
    if (!rows.length) return;
    await queryRows(
      m,
      `INSERT INTO newsletter_subscriptions (id, subscriber_id, list_id, status, consent_text_id, source_page, source_article_id, source_placement, created_at, updated_at)
       SELECT unnest($1::uuid[]), $2, unnest($3::uuid[]), 'pending', $4, $5, $6, $7, $8, $8`,
      [rows.map((r) => r.id), rows[0]!.subscriberId, rows.map((r) => r.listId), consentTextId, source.page, source.articleId, source.placement, now],
    );
  }

  async reactivateSubscriptions(subscriberId: string, listIds: string[], consentTextId: string, source: SignupSource, now: Date, m: EntityManager): Promise<void> {
    if (!listIds.length) return;
    await queryRows(
      m,
      `UPDATE newsletter_subscriptions
          SET status = 'pending', consent_text_id = $3, source_page = $4, source_article_id = $5, source_placement = $6,
              confirmed_at = NULL, unsubscribed_at = NULL, updated_at = $7
        WHERE subscriber_id = $1 AND list_id = ANY($2::uuid[]) AND status = 'unsubscribed'`,
      [subscriberId, listIds, consentTextId, source.page, source.articleId, source.placement, now],
    );
  }

  async insertConsentRecords(records: ConsentRecordInput[], newId: () => string, m: EntityManager): Promise<void> {
    if (!records.length) return;
    await m.insert(
      NewsletterConsentRecordEntity,
      records.map((r) => ({
        id: newId(),
        subscriberId: r.subscriberId,
        listId: r.listId,
        action: r.action,
        previousStatus: r.previousStatus,
        channel: r.channel,
        consentTextId: r.consentTextId,
        at: r.at,
        sourcePage: r.source.page,
        sourceArticleId: r.source.articleId,
        sourcePlacement: r.source.placement,
        ipHash: r.ipHash,
      })),
    );
  }

  async openToken(subscriberId: string, now: Date, m: EntityManager): Promise<{ id: string } | null> {
    const rows = await queryRows<{ id: string }>(
      m,
      `SELECT id FROM newsletter_confirmation_tokens WHERE subscriber_id = $1 AND used_at IS NULL AND expires_at > $2
        ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
      [subscriberId, now],
    );
    return rows[0] ?? null;
  }

  async addListsToToken(tokenId: string, listIds: string[], m: EntityManager): Promise<void> {
    await queryRows(m, `UPDATE newsletter_confirmation_tokens SET list_ids = ARRAY(SELECT DISTINCT x FROM unnest(list_ids || $2::uuid[]) AS x) WHERE id = $1`, [tokenId, listIds]);
  }

  async insertToken(token: NewsletterConfirmationTokenEntity, m: EntityManager): Promise<void> {
    await m.insert(NewsletterConfirmationTokenEntity, token);
  }

  async markConfirmationSent(subscriberId: string, at: Date, m: EntityManager): Promise<void> {
    await queryRows(m, `UPDATE newsletter_subscribers SET last_confirmation_sent_at = $2 WHERE id = $1`, [subscriberId, at]);
  }

  // ---- confirm and unsubscribe

  tokenByHash(hash: string, m: EntityManager): Promise<NewsletterConfirmationTokenEntity | null> {
    return m.findOne(NewsletterConfirmationTokenEntity, { where: { tokenHash: hash } });
  }

  lockTokenByHash(hash: string, m: EntityManager): Promise<NewsletterConfirmationTokenEntity | null> {
    return m.findOne(NewsletterConfirmationTokenEntity, { where: { tokenHash: hash }, lock: { mode: 'pessimistic_write' } });
  }

  async markTokenUsed(id: string, at: Date, m: EntityManager): Promise<void> {
    await queryRows(m, `UPDATE newsletter_confirmation_tokens SET used_at = $2 WHERE id = $1`, [id, at]);
  }

  /** Pending -> confirmed for these lists; returns the lists that changed. */
  confirmPending(subscriberId: string, listIds: string[], at: Date, m: EntityManager): Promise<{ listId: string }[]> {
    return queryRows(
      m,
      `UPDATE newsletter_subscriptions SET status = 'confirmed', confirmed_at = $3, updated_at = $3
        WHERE subscriber_id = $1 AND list_id = ANY($2::uuid[]) AND status = 'pending'
        RETURNING list_id AS "listId"`,
      [subscriberId, listIds, at],
    );
  }

  async lockSubscriberByUnsubscribeToken(token: string, m: EntityManager): Promise<{ id: string } | null> {
    const rows = await queryRows<{ id: string }>(m, `SELECT id FROM newsletter_subscribers WHERE unsubscribe_token = $1 FOR UPDATE`, [token]);
    return rows[0] ?? null;
  }

  async lockSubscriber(id: string, m: EntityManager): Promise<{ id: string; email: string | null; erasedAt: Date | null } | null> {
    const rows = await queryRows<{ id: string; email: string | null; erasedAt: Date | null }>(
      m,
      `SELECT id, email, erased_at AS "erasedAt" FROM newsletter_subscribers WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  }

  async markUnsubscribed(ids: string[], at: Date, m: EntityManager): Promise<void> {
    if (!ids.length) return;
    await queryRows(m, `UPDATE newsletter_subscriptions SET status = 'unsubscribed', unsubscribed_at = $2, updated_at = $2 WHERE id = ANY($1::uuid[])`, [ids, at]);
  }

  /** Erasure: the address, its token and pending confirmations go; consent rows stay, without the address hash. */
  async erase(subscriberId: string, at: Date, m: EntityManager): Promise<void> {
    await queryRows(m, `DELETE FROM newsletter_confirmation_tokens WHERE subscriber_id = $1`, [subscriberId]);
    await queryRows(m, `UPDATE newsletter_consent_records SET ip_hash = NULL WHERE subscriber_id = $1`, [subscriberId]);
    await queryRows(
      m,
      `UPDATE newsletter_subscribers SET email = NULL, unsubscribe_token = NULL, last_confirmation_sent_at = NULL, erased_at = $2, updated_at = $2 WHERE id = $1`,
      [subscriberId, at],
    );
  }

  // ---- admin reads

  async searchSubscribers(f: SubscriberSearch): Promise<SubscriberSummary[]> {
    const params: unknown[] = [];
    const where = ['sub.email IS NOT NULL'];
    if (f.q) {
      params.push(`%${escapeLike(f.q.trim().toLowerCase())}%`);
      where.push(`sub.email LIKE $${params.length}`);
    }
    if (f.listId || f.status) {
      const conds = ['x.subscriber_id = sub.id'];
      if (f.listId) {
        params.push(f.listId);
        conds.push(`x.list_id = $${params.length}`);
      }
      if (f.status) {
        params.push(f.status);
        conds.push(`x.status = $${params.length}`);
      }
      where.push(`EXISTS (SELECT 1 FROM newsletter_subscriptions x WHERE ${conds.join(' AND ')})`);
    }
    if (f.after) {
      params.push(f.after.at, f.after.id);
      where.push(`(sub.created_at, sub.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(f.limit);
    return queryRows(
      this.db,
      `SELECT sub.id, sub.email, sub.created_at AS "createdAt",
              COALESCE((SELECT json_agg(json_build_object('listId', s.list_id, 'listSlug', l.slug, 'status', s.status,
                                                          'confirmedAt', s.confirmed_at, 'unsubscribedAt', s.unsubscribed_at) ORDER BY l.slug)
                          FROM newsletter_subscriptions s JOIN newsletter_lists l ON l.id = s.list_id
                         WHERE s.subscriber_id = sub.id), '[]') AS subscriptions
         FROM newsletter_subscribers sub
        WHERE ${where.join(' AND ')}
        ORDER BY sub.created_at DESC, sub.id DESC
        LIMIT $${params.length}`,
      params,
    );
  }

  async subscriberDetail(id: string): Promise<(SubscriberSummary & { consent: ConsentRecordView[] }) | null> {
    const rows = await queryRows<SubscriberSummary>(
      this.db,
      `SELECT sub.id, sub.email, sub.created_at AS "createdAt",
              COALESCE((SELECT json_agg(json_build_object('listId', s.list_id, 'listSlug', l.slug, 'status', s.status,
                                                          'confirmedAt', s.confirmed_at, 'unsubscribedAt', s.unsubscribed_at) ORDER BY l.slug)
                          FROM newsletter_subscriptions s JOIN newsletter_lists l ON l.id = s.list_id
                         WHERE s.subscriber_id = sub.id), '[]') AS subscriptions
         FROM newsletter_subscribers sub WHERE sub.id = $1 AND sub.email IS NOT NULL`,
      [id],
    );
    if (!rows[0]) return null;
    const consent = await queryRows<ConsentRecordView>(
      this.db,
      `SELECT r.at, r.action, r.channel, r.list_id AS "listId", r.previous_status AS "previousStatus", t.version AS "consentTextVersion",
              r.source_page AS "sourcePage", r.source_article_id AS "sourceArticleId", r.source_placement AS "sourcePlacement"
         FROM newsletter_consent_records r LEFT JOIN newsletter_consent_texts t ON t.id = r.consent_text_id
        WHERE r.subscriber_id = $1 ORDER BY r.at, r.id`,
      [id],
    );
    return { ...rows[0], consent };
  }

  /** One page of the export, in (created_at, id) order after `after`. */
  exportBatch(f: { listId?: string; status?: SubscriptionStatus; after?: { at: Date; id: string }; limit: number }): Promise<ExportRow[]> {
    return queryRows(
      this.db,
      `SELECT s.id AS "subscriptionId", s.created_at AS "createdAt", sub.id AS "subscriberId", sub.email, l.slug AS "listSlug", l.name AS "listName",
              s.status, s.confirmed_at AS "confirmedAt", s.unsubscribed_at AS "unsubscribedAt",
              s.source_page AS "sourcePage", s.source_article_id AS "sourceArticleId", s.source_placement AS "sourcePlacement"
         FROM newsletter_subscriptions s
         JOIN newsletter_subscribers sub ON sub.id = s.subscriber_id
         JOIN newsletter_lists l ON l.id = s.list_id
        WHERE sub.email IS NOT NULL
          AND ($1::uuid IS NULL OR s.list_id = $1) AND ($2::text IS NULL OR s.status = $2)
          AND ($3::timestamptz IS NULL OR (s.created_at, s.id) > ($3::timestamptz, $4::uuid))
        ORDER BY s.created_at, s.id
        LIMIT $5`,
      [f.listId ?? null, f.status ?? null, f.after?.at ?? null, f.after?.id ?? null, f.limit],
    );
  }

  growth(from: Date, to: Date, listId?: string): Promise<GrowthRow[]> {
    return queryRows(
      this.db,
      `SELECT to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, r.list_id AS "listId",
              count(*) FILTER (WHERE r.action = 'signup')::int AS signups,
              count(*) FILTER (WHERE r.action = 'confirm')::int AS confirmations,
              count(*) FILTER (WHERE r.action = 'unsubscribe')::int AS unsubscriptions,
              count(*) FILTER (WHERE r.action = 'unsubscribe' AND r.previous_status = 'confirmed')::int AS "lostConfirmed"
         FROM newsletter_consent_records r
        WHERE r.list_id IS NOT NULL AND r.at >= $1 AND r.at < $2 AND ($3::uuid IS NULL OR r.list_id = $3)
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [from, to, listId ?? null],
    );
  }

  attribution(by: 'article' | 'placement', from: Date, to: Date): Promise<AttributionRow[]> {
    const col = by === 'article' ? 'source_article_id::text' : 'source_placement';
    return queryRows(
      this.db,
      `SELECT ${col} AS key,
              count(*) FILTER (WHERE action = 'signup')::int AS signups,
              count(*) FILTER (WHERE action = 'confirm')::int AS confirmations
         FROM newsletter_consent_records
        WHERE action IN ('signup', 'confirm') AND at >= $1 AND at < $2
        GROUP BY 1 ORDER BY signups DESC, confirmations DESC, key NULLS LAST`,
      [from, to],
    );
  }
}

export interface ConsentRecordView {
  at: Date;
  action: ConsentAction;
  channel: ConsentChannel;
  listId: string | null;
  previousStatus: SubscriptionStatus | null;
  consentTextVersion: number | null;
  sourcePage: string | null;
  sourceArticleId: string | null;
  sourcePlacement: string | null;
}
