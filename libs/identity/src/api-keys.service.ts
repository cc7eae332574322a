import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { Transactions } from '#libs/database';
import { DomainError, newId, randomToken, sha256 } from '#libs/kernel';
import type { ActionContext } from './action-context.js';
import type { ApiClient } from './actor.js';
import { AuditLog } from './audit-log.service.js';
import { ApiKeyEntity } from './identity.entities.js';
import { IdentityErrorCode } from './identity.errors.js';
import { IdentityRepository } from './identity.repository.js';

const CACHE_TTL_MS = 5_000;
const CACHE_MAX = 1_000;
/** The NOTIFY channel a revocation is announced on (payload: the key's id). */
export const API_KEYS_CHANNEL = 'api_keys';

/**
 * Content API keys: random secrets stored as SHA-256 hashes and shown once on creation.
 * Verification is cached for a few seconds per process (the content surface checks a key on
 * every request). A revocation NOTIFYs `api_keys` in its transaction; every instance LISTENs
 * and drops its cache when it commits, so a revoked key stops working everywhere at once.
 * While an instance's LISTEN connection is down it does not cache at all (it could not learn
 * of a revocation).
 */
@Injectable()
export class ApiKeysService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('ApiKeys');
  private readonly cache = new Map<string, { client: ApiClient | null; until: number }>();
  private listener: pg.Client | undefined;
  private listening = false;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** How many revocations this instance has heard of (another instance's included). */
  invalidations = 0;

  constructor(
    private readonly repo: IdentityRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
  }

  private async listen(): Promise<void> {
    if (this.listener || this.stopped) return;
    const client = new pg.Client({ connectionString: (this.db.options as { url?: string }).url, application_name: 'newsroom-cms-api-keys' });
    const lost = () => {
      if (this.listener !== client) return;
      this.listener = undefined;
      this.listening = false;
      this.cache.clear();
      if (!this.stopped) this.reconnectTimer = setTimeout(() => void this.listen().catch(() => undefined), 1000);
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', () => {
      this.invalidations++;
      this.cache.clear();
    });
    this.listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${API_KEYS_CHANNEL}`);
      this.cache.clear(); // whatever was revoked while we were not listening
      this.listening = true;
    } catch (err) {
      this.log.warn({ err }, 'cannot LISTEN; API key checks bypass the cache until it can');
      lost();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const l = this.listener;
    this.listener = undefined;
    this.listening = false;
    await l?.end().catch(() => undefined);
  }

  /** `ctx` is null when the system creates a key (the demo seed); `createdBy` then names the owner. */
  async create(name: string, ctx: ActionContext | null, createdBy: string | null = ctx?.actor.accountId ?? null): Promise<{ key: ApiKeyEntity; secret: string }> {
    const secret = `ncms_${randomToken(24)}`;
    const key: ApiKeyEntity = {
      id: newId(),
      name,
      keyPrefix: secret.slice(0, 12),
      keyHash: sha256(secret),
      createdBy,
      createdAt: new Date(),
      revokedAt: null,
    };
    await this.transactions.run(async (tx) => {
      await this.repo.insertApiKey(key, tx);
      await this.audit.record(tx, ctx, { action: 'api_key.create', targetType: 'api_key', targetId: key.id, summary: { after: { name, keyPrefix: key.keyPrefix } } });
    });
    return { key, secret };
  }

  list(): Promise<ApiKeyEntity[]> {
    return this.repo.listApiKeys();
  }

  async revoke(id: string, ctx: ActionContext | null): Promise<ApiKeyEntity> {
    const key = await this.transactions.run(async (tx) => {
      const before = await this.repo.findApiKeyForUpdate(id, tx);
      if (!before) throw new DomainError('not_found', IdentityErrorCode.ApiKeyNotFound, 'No such API key.');
      if (before.revokedAt) return before;
      const after = (await this.repo.revokeApiKey(id, tx))!;
      // every instance (this one included) drops its cache when this commits
      await tx.query(`SELECT pg_notify('${API_KEYS_CHANNEL}', $1)`, [id]);
      await this.audit.record(tx, ctx, {
        action: 'api_key.revoke',
        targetType: 'api_key',
        targetId: id,
        summary: { before: { name: before.name, revokedAt: null }, after: { name: after.name, revokedAt: after.revokedAt?.toISOString() ?? null } },
      });
      return after;
    });
    this.cache.clear();
    return key;
  }

  async verify(secret: string): Promise<ApiClient> {
    const hash = sha256(secret);
    const now = Date.now();
    const hit = this.listening ? this.cache.get(hash) : undefined;
    let client: ApiClient | null;
    if (hit && hit.until > now) {
      client = hit.client;
    } else {
      // a revocation heard while this look-up ran: its answer may predate it, do not keep it
      const heard = this.invalidations;
      const row = await this.repo.findActiveApiKeyByHash(hash);
      client = row ? { apiKeyId: row.id, name: row.name } : null;
      if (this.listening && heard === this.invalidations) {
        if (this.cache.size >= CACHE_MAX) this.cache.clear();
        this.cache.set(hash, { client, until: now + CACHE_TTL_MS });
      }
    }
    if (!client) throw new DomainError('unauthenticated', IdentityErrorCode.ApiKeyInvalid, 'The API key is not valid.');
    return client;
  }
}
