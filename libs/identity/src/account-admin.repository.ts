import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '#libs/database';
import type { KeysetCursor } from '#libs/kernel';
import type { AccountTokenPurpose } from './account-admin.rules.js';
import { AccountTokenEntity } from './account-token.entity.js';
import type { AccountStatus, Role } from './identity.rules.js';

/** An account as administration sees it (never the password hash itself). */
export interface AccountRecord {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  status: AccountStatus;
  hasPassword: boolean;
  createdAt: Date;
  updatedAt: Date;
  lastLoginAt: Date | null;
  /** created_at as text with full precision (keyset cursor). */
  cursorAt: string;
}

export interface TokenRecord {
  id: string;
  accountId: string;
  purpose: AccountTokenPurpose;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  accountStatus: AccountStatus;
  email: string;
  displayName: string;
  role: Role;
}

export interface AccountFilter {
  status?: AccountStatus;
  role?: Role;
  /** Substring of the e-mail or display name. */
  q?: string;
}

export interface AuditFilter {
  actorId?: string;
  actorLabel?: string;
  targetType?: string;
  targetId?: string;
  action?: string;
  /** `account.*` style prefix on the action. */
  actionPrefix?: string;
  from?: Date;
  to?: Date;
}

export interface AuditRow {
  id: string;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  summary: Record<string, unknown>;
  requestId: string | null;
  ip: string | null;
  cursorAt: string;
}

// full-precision UTC text of a timestamptz, round-tripped through keyset cursors
const AT_TEXT = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const ACCOUNT_COLUMNS = `a.id, a.email, a.display_name AS "displayName", a.role, a.status, (a.password_hash IS NOT NULL) AS "hasPassword",
  a.created_at AS "createdAt", a.updated_at AS "updatedAt", a.last_login_at AS "lastLoginAt", ${AT_TEXT('a.created_at')} AS "cursorAt"`;

/** SQL of account administration, invitations, password resets and the audit-log query. */
@Injectable()
export class AccountAdminRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Locks every active admin row (in id order, so concurrent callers never deadlock) and
   * returns their ids. Callers count admins only after this, inside the same transaction.
   */
  async lockActiveAdminIds(tx: EntityManager): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(tx, `SELECT id FROM accounts WHERE role = 'admin' AND status = 'active' ORDER BY id FOR UPDATE`);
    return rows.map((r) => r.id);
  }

  async lockAccount(tx: EntityManager, id: string): Promise<AccountRecord | null> {
    const rows = await queryRows<AccountRecord>(tx, `SELECT ${ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  async findAccount(id: string, m: EntityManager | DataSource = this.db): Promise<AccountRecord | null> {
    const rows = await queryRows<AccountRecord>(m, `SELECT ${ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async findAccountByEmail(tx: EntityManager, email: string): Promise<AccountRecord | null> {
    const rows = await queryRows<AccountRecord>(tx, `SELECT ${ACCOUNT_COLUMNS} FROM accounts a WHERE a.email = $1 FOR UPDATE`, [email]);
    return rows[0] ?? null;
  }

  /** Newest first, keyset on (created_at, id). Fetches `limit + 1` rows to know if more follow. */
  async listAccounts(filter: AccountFilter, after: KeysetCursor | null, limit: number): Promise<AccountRecord[]> {
    const w = new Where();
    if (filter.status) w.add('a.status = ?', filter.status);
    if (filter.role) w.add('a.role = ?', filter.role);
    if (filter.q) {
      const pattern = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
      w.add('(a.email ILIKE ? OR a.display_name ILIKE ?)', pattern, pattern);
    }
    if (after) w.add('(a.created_at, a.id) < (?::timestamptz, ?::uuid)', after.at, after.id);
    return queryRows<AccountRecord>(this.db, `SELECT ${ACCOUNT_COLUMNS} FROM accounts a ${w.sql()} ORDER BY a.created_at DESC, a.id DESC LIMIT ${w.param(limit + 1)}`, w.params);
  }

  async updateRole(tx: EntityManager, id: string, role: Role, now: Date): Promise<void> {
    await queryRows(tx, `UPDATE accounts SET role = $2, updated_at = $3 WHERE id = $1`, [id, role, now]);
  }

  async updateStatus(tx: EntityManager, id: string, status: AccountStatus, now: Date): Promise<void> {
    await queryRows(tx, `UPDATE accounts SET status = $2, updated_at = $3 WHERE id = $1`, [id, status, now]);
  }

  async setPassword(tx: EntityManager, id: string, passwordHash: string, now: Date, activate: { displayName?: string } | null = null): Promise<void> {
    if (activate) {
      await queryRows(tx, `UPDATE accounts SET password_hash = $2, status = 'active', display_name = COALESCE($4, display_name), updated_at = $3 WHERE id = $1`, [
        id,
        passwordHash,
        now,
        activate.displayName ?? null,
      ]);
    } else {
      await queryRows(tx, `UPDATE accounts SET password_hash = $2, updated_at = $3 WHERE id = $1`, [id, passwordHash, now]);
    }
  }

  /** Ends every session of the account: its access and refresh tokens stop working at once. */
  async revokeAllSessions(tx: EntityManager, accountId: string, now: Date): Promise<number> {
    const rows = await queryRows(tx, `UPDATE sessions SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL RETURNING id`, [accountId, now]);
    return rows.length;
  }

  async insertToken(tx: EntityManager, token: AccountTokenEntity): Promise<void> {
    await tx.insert(AccountTokenEntity, token);
  }

  /** Revokes the account's outstanding tokens (of one purpose, or all). */
  async revokeTokens(tx: EntityManager, accountId: string, purpose: AccountTokenPurpose | null, now: Date): Promise<void> {
    await queryRows(
      tx,
      `UPDATE account_tokens SET revoked_at = $3
        WHERE account_id = $1 AND ($2::text IS NULL OR purpose = $2) AND used_at IS NULL AND revoked_at IS NULL`,
      [accountId, purpose, now],
    );
  }

  /** The token and its account, both locked: two redemptions of one token serialize here. */
  async lockToken(tx: EntityManager, tokenHash: string): Promise<TokenRecord | null> {
    const rows = await queryRows<TokenRecord>(
      tx,
      `SELECT t.id, t.account_id AS "accountId", t.purpose, t.expires_at AS "expiresAt", t.used_at AS "usedAt", t.revoked_at AS "revokedAt",
              a.status AS "accountStatus", a.email, a.display_name AS "displayName", a.role
         FROM account_tokens t JOIN accounts a ON a.id = t.account_id
        WHERE t.token_hash = $1
        FOR UPDATE`,
      [tokenHash],
    );
    return rows[0] ?? null;
  }

  async markTokenUsed(tx: EntityManager, id: string, now: Date): Promise<void> {
    await queryRows(tx, `UPDATE account_tokens SET used_at = $2 WHERE id = $1`, [id, now]);
  }

  /** Newest first, keyset on (at, id). Fetches `limit + 1` rows to know if more follow. */
  async queryAudit(filter: AuditFilter, after: KeysetCursor | null, limit: number): Promise<AuditRow[]> {
    const w = new Where();
    if (filter.actorId) w.add('l.actor_id = ?::uuid', filter.actorId);
    if (filter.actorLabel) w.add('l.actor_label = ?', filter.actorLabel);
    if (filter.targetType) w.add('l.target_type = ?', filter.targetType);
    if (filter.targetId) w.add('l.target_id = ?', filter.targetId);
    if (filter.action) w.add('l.action = ?', filter.action);
    if (filter.actionPrefix) w.add('starts_with(l.action, ?)', filter.actionPrefix);
    if (filter.from) w.add('l.at >= ?', filter.from);
    if (filter.to) w.add('l.at < ?', filter.to);
    if (after) w.add('(l.at, l.id) < (?::timestamptz, ?::uuid)', after.at, after.id);
    return queryRows<AuditRow>(
      this.db,
      `SELECT l.id, l.at, l.actor_id AS "actorId", l.actor_label AS "actorLabel", l.action, l.target_type AS "targetType",
              l.target_id AS "targetId", l.summary, l.request_id AS "requestId", l.ip, ${AT_TEXT('l.at')} AS "cursorAt"
         FROM audit_log l ${w.sql()}
        ORDER BY l.at DESC, l.id DESC LIMIT ${w.param(limit + 1)}`,
      w.params,
    );
  }
}

/** AND-ed conditions with numbered parameters (`?` marks where each value goes). */
class Where {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  add(condition: string, ...values: unknown[]): void {
    let i = 0;
    this.parts.push(condition.replace(/\?/g, () => this.param(values[i++])));
  }

  sql(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}
