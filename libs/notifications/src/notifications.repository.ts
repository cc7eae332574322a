import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '#libs/database';
import { randomToken, type KeysetCursor } from '#libs/kernel';
import type { Delivery, NotificationKind } from './notification.rules.js';

export interface NotificationRow {
  id: string;
  accountId: string;
  kind: NotificationKind;
  eventKey: string;
  articleId: string | null;
  title: string;
  body: string;
  link: string;
  delivery: Exclude<Delivery, 'off'>;
  createdAt: Date;
  readAt: Date | null;
  digestedAt: Date | null;
  /** created_at as full-precision text (keyset cursor). */
  cursorAt: string;
}

export type NewNotification = Omit<NotificationRow, 'readAt' | 'digestedAt' | 'cursorAt'>;

export interface SettingsRow {
  accountId: string;
  timeZone: string | null;
  unsubscribeKey: string;
}

const AT_TEXT = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const COLUMNS = `n.id, n.account_id AS "accountId", n.kind, n.event_key AS "eventKey", n.article_id AS "articleId", n.title, n.body, n.link,
  n.delivery, n.created_at AS "createdAt", n.read_at AS "readAt", n.digested_at AS "digestedAt", ${AT_TEXT('n.created_at')} AS "cursorAt"`;

/** The only SQL of notifications, on its own tables. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Inserts unless this event already reached this account; true if inserted. */
  async insert(tx: EntityManager, n: NewNotification): Promise<boolean> {
    const rows = await queryRows(
      tx,
      `INSERT INTO notifications (id, account_id, kind, event_key, article_id, title, body, link, delivery, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (event_key, account_id) DO NOTHING RETURNING id`,
      [n.id, n.accountId, n.kind, n.eventKey, n.articleId, n.title, n.body, n.link, n.delivery, n.createdAt],
    );
    return rows.length > 0;
  }

  async preferences(accountIds: readonly string[], m: EntityManager | DataSource = this.db): Promise<{ accountId: string; kind: NotificationKind; delivery: Delivery }[]> {
    if (!accountIds.length) return [];
    return queryRows(m, `SELECT account_id AS "accountId", kind, delivery FROM notification_preferences WHERE account_id = ANY($1::uuid[])`, [accountIds]);
  }

  async setPreference(tx: EntityManager, accountId: string, kind: NotificationKind, delivery: Delivery, now: Date): Promise<void> {
    await queryRows(
      tx,
      `INSERT INTO notification_preferences (account_id, kind, delivery, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (account_id, kind) DO UPDATE SET delivery = EXCLUDED.delivery, updated_at = EXCLUDED.updated_at`,
      [accountId, kind, delivery, now],
    );
  }

  /** The account's settings row, made (with a fresh unsubscribe key) on first use. */
  async settings(m: EntityManager | DataSource, accountId: string, now: Date): Promise<SettingsRow> {
    await queryRows(m, `INSERT INTO notification_settings (account_id, time_zone, unsubscribe_key, updated_at) VALUES ($1, NULL, $2, $3) ON CONFLICT (account_id) DO NOTHING`, [
      accountId,
      randomToken(32),
      now,
    ]);
    return (await this.findSettings(accountId, m))!;
  }

  async findSettings(accountId: string, m: EntityManager | DataSource = this.db): Promise<SettingsRow | null> {
    const rows = await queryRows<SettingsRow>(
      m,
      `SELECT account_id AS "accountId", time_zone AS "timeZone", unsubscribe_key AS "unsubscribeKey" FROM notification_settings WHERE account_id = $1`,
      [accountId],
    );
    return rows[0] ?? null;
  }

  async setTimeZone(tx: EntityManager, accountId: string, timeZone: string | null, now: Date): Promise<void> {
    await queryRows(tx, `UPDATE notification_settings SET time_zone = $2, updated_at = $3 WHERE account_id = $1`, [accountId, timeZone, now]);
  }

  /** Newest first, keyset on (created_at, id); `limit + 1` rows to know whether more follow. */
  async list(accountId: string, q: { unreadOnly: boolean; after: KeysetCursor | null; limit: number }): Promise<NotificationRow[]> {
    const params: unknown[] = [accountId];
    let where = 'n.account_id = $1';
    if (q.unreadOnly) where += ' AND n.read_at IS NULL';
    if (q.after) {
      params.push(q.after.at, q.after.id);
      where += ` AND (n.created_at, n.id) < ($2::timestamptz, $3::uuid)`;
    }
    params.push(q.limit + 1);
    return queryRows<NotificationRow>(this.db, `SELECT ${COLUMNS} FROM notifications n WHERE ${where} ORDER BY n.created_at DESC, n.id DESC LIMIT $${params.length}`, params);
  }

  async unreadCount(accountId: string): Promise<number> {
    const rows = await queryRows<{ n: number }>(this.db, `SELECT count(*)::int AS n FROM notifications WHERE account_id = $1 AND read_at IS NULL`, [accountId]);
    return rows[0]!.n;
  }

  /** Marks one of the account's notifications read (keeps the first read time); null if it is not theirs. */
  async markRead(accountId: string, id: string, now: Date): Promise<NotificationRow | null> {
    const rows = await queryRows<NotificationRow>(
      this.db,
      `UPDATE notifications n SET read_at = COALESCE(n.read_at, $3) WHERE n.id = $2 AND n.account_id = $1 RETURNING ${COLUMNS}`,
      [accountId, id, now],
    );
    return rows[0] ?? null;
  }

  async markAllRead(accountId: string, now: Date): Promise<number> {
    const rows = await queryRows(this.db, `UPDATE notifications SET read_at = $2 WHERE account_id = $1 AND read_at IS NULL RETURNING id`, [accountId, now]);
    return rows.length;
  }

  /** Accounts with notifications waiting for a digest, with their time zone (null: the default). */
  async digestCandidates(): Promise<{ accountId: string; timeZone: string | null }[]> {
    return queryRows(
      this.db,
      `SELECT p.account_id AS "accountId", s.time_zone AS "timeZone"
         FROM (SELECT DISTINCT account_id FROM notifications WHERE delivery = 'digest' AND digested_at IS NULL) p
         LEFT JOIN notification_settings s ON s.account_id = p.account_id`,
    );
  }

  async digestSent(accountId: string, day: string): Promise<boolean> {
    const rows = await queryRows(this.db, `SELECT 1 FROM notification_digests WHERE account_id = $1 AND day = $2::date`, [accountId, day]);
    return rows.length > 0;
  }

  /** Claims the (account, day) digest; false when it was sent already. */
  async claimDigest(tx: EntityManager, accountId: string, day: string, now: Date): Promise<boolean> {
    const rows = await queryRows(
      tx,
      `INSERT INTO notification_digests (account_id, day, items, sent_at) VALUES ($1, $2::date, 0, $3) ON CONFLICT (account_id, day) DO NOTHING RETURNING account_id`,
      [accountId, day, now],
    );
    return rows.length > 0;
  }

  async setDigestItems(tx: EntityManager, accountId: string, day: string, items: number): Promise<void> {
    await queryRows(tx, `UPDATE notification_digests SET items = $3 WHERE account_id = $1 AND day = $2::date`, [accountId, day, items]);
  }

  /** The account's notifications waiting for a digest, oldest first, locked for this transaction. */
  async lockPendingDigest(tx: EntityManager, accountId: string): Promise<NotificationRow[]> {
    return queryRows<NotificationRow>(
      tx,
      `SELECT ${COLUMNS} FROM notifications n WHERE n.account_id = $1 AND n.delivery = 'digest' AND n.digested_at IS NULL ORDER BY n.created_at, n.id FOR UPDATE`,
      [accountId],
    );
  }

  async markDigested(tx: EntityManager, ids: readonly string[], now: Date): Promise<void> {
    if (ids.length) await queryRows(tx, `UPDATE notifications SET digested_at = $2 WHERE id = ANY($1::uuid[])`, [ids, now]);
  }
}
