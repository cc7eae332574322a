import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '#libs/database';
import { AccountEntity, ApiKeyEntity, SessionEntity } from './identity.entities.js';
import type { Role } from './identity.rules.js';

export interface SessionWithAccount {
  sessionId: string;
  accountId: string;
  email: string;
  displayName: string;
  role: Role;
  accountStatus: string;
  expiresAt: Date;
  revokedAt: Date | null;
  refreshHash: string;
  previousRefreshHash: string | null;
}

/** All identity SQL lives here. */
@Injectable()
export class IdentityRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findAccountByEmail(email: string, m: EntityManager = this.db.manager): Promise<AccountEntity | null> {
    return m.findOne(AccountEntity, { where: { email } });
  }

  findAccountById(id: string, m: EntityManager = this.db.manager): Promise<AccountEntity | null> {
    return m.findOne(AccountEntity, { where: { id } });
  }

  async insertAccount(account: AccountEntity, m: EntityManager = this.db.manager): Promise<void> {
    await m.insert(AccountEntity, account);
  }

  async countAccounts(m: EntityManager = this.db.manager): Promise<number> {
    return m.count(AccountEntity);
  }

  /** Returns the lock expiry if the pair is currently locked. */
  /**
   * Counts a login attempt before its password is checked, so parallel guesses cannot all slip
   * in before the first failure is written: a compare-and-set on the failure count (retried
   * when another attempt got there first). The attempt that reaches the limit sets the lock
   * at once; its success clears it again. A locked key admits nothing.
   */
  async beginLoginAttempt(key: string, lockMsFor: (failures: number) => number): Promise<{ lockedUntil: Date | null }> {
    for (;;) {
      const [row] = await queryRows<{ failures: number; locked_until: Date | null; locked: boolean }>(
        this.db,
        `SELECT failures, locked_until, coalesce(locked_until > now(), false) AS locked FROM login_throttle WHERE key = $1`,
        [key],
      );
      if (row?.locked) return { lockedUntil: row.locked_until };
      const next = (row?.failures ?? 0) + 1;
      const lockMs = lockMsFor(next);
      const won = row
        ? await queryRows(
            this.db,
            `UPDATE login_throttle
                SET failures = $2, updated_at = now(),
                    locked_until = CASE WHEN $3::bigint > 0 THEN now() + ($3::bigint * interval '1 millisecond') ELSE locked_until END
              WHERE key = $1 AND failures = $4 AND (locked_until IS NULL OR locked_until <= now())
              RETURNING key`,
            [key, next, lockMs, row.failures],
          )
        : await queryRows(
            this.db,
            `INSERT INTO login_throttle (key, failures, updated_at, locked_until)
             VALUES ($1, 1, now(), CASE WHEN $2::bigint > 0 THEN now() + ($2::bigint * interval '1 millisecond') END)
             ON CONFLICT (key) DO NOTHING RETURNING key`,
            [key, lockMs],
          );
      if (won.length) return { lockedUntil: null };
    }
  }

  async clearLoginFailures(key: string): Promise<void> {
    await queryRows(this.db, `DELETE FROM login_throttle WHERE key = $1`, [key]);
  }

  async insertSession(session: SessionEntity, m: EntityManager = this.db.manager): Promise<void> {
    await m.insert(SessionEntity, session);
  }

  async findSession(sessionId: string): Promise<SessionWithAccount | null> {
    const rows = await queryRows<SessionWithAccount>(
      this.db,
      `SELECT s.id AS "sessionId", s.account_id AS "accountId", a.email, a.display_name AS "displayName",
              a.role, a.status AS "accountStatus", s.expires_at AS "expiresAt", s.revoked_at AS "revokedAt",
              s.refresh_hash AS "refreshHash", s.previous_refresh_hash AS "previousRefreshHash"
         FROM sessions s JOIN accounts a ON a.id = s.account_id
        WHERE s.id = $1`,
      [sessionId],
    );
    return rows[0] ?? null;
  }

  /** Conditional rotation: only succeeds if the presented hash is still the current one. */
  async rotateRefresh(sessionId: string, presentedHash: string, nextHash: string, expiresAt: Date): Promise<boolean> {
    const rows = await queryRows(
      this.db,
      `UPDATE sessions SET previous_refresh_hash = refresh_hash, refresh_hash = $3, expires_at = $4, last_used_at = now()
        WHERE id = $1 AND refresh_hash = $2 AND revoked_at IS NULL
        RETURNING id`,
      [sessionId, presentedHash, nextHash, expiresAt],
    );
    return rows.length === 1;
  }

  async revokeSession(sessionId: string, m: EntityManager | DataSource = this.db): Promise<void> {
    await queryRows(m, `UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [sessionId]);
  }

  async revokeAllSessions(accountId: string, m: EntityManager = this.db.manager): Promise<void> {
    await queryRows(m, `UPDATE sessions SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL`, [accountId]);
  }

  async touchLogin(accountId: string): Promise<void> {
    await queryRows(this.db, `UPDATE accounts SET last_login_at = now() WHERE id = $1`, [accountId]);
  }

  async insertApiKey(key: ApiKeyEntity, m: EntityManager = this.db.manager): Promise<void> {
    await m.insert(ApiKeyEntity, key);
  }

  listApiKeys(): Promise<ApiKeyEntity[]> {
    return this.db.manager.find(ApiKeyEntity, { order: { createdAt: 'DESC' } });
  }

  async findActiveApiKeyByHash(hash: string): Promise<{ id: string; name: string } | null> {
    const rows = await queryRows<{ id: string; name: string }>(this.db, `SELECT id, name FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`, [hash]);
    return rows[0] ?? null;
  }

  async revokeApiKey(id: string, m: EntityManager = this.db.manager): Promise<ApiKeyEntity | null> {
    await queryRows(m, `UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [id]);
    return m.findOne(ApiKeyEntity, { where: { id } });
  }

  async findApiKeyForUpdate(id: string, m: EntityManager): Promise<ApiKeyEntity | null> {
    return m.findOne(ApiKeyEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }
}
