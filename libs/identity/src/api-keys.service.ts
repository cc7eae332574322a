import { Injectable } from '@nestjs/common';
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

/**
 * Content API keys: random secrets stored as SHA-256 hashes and shown once on creation.
 * Verification is cached for a few seconds per process (the content surface checks a key on
 * every request); a revocation clears this process's cache at once and others within the TTL.
 */
@Injectable()
export class ApiKeysService {
  private readonly cache = new Map<string, { client: ApiClient | null; until: number }>();

  constructor(
    private readonly repo: IdentityRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
  ) {}

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
    const hit = this.cache.get(hash);
    let client: ApiClient | null;
    if (hit && hit.until > now) {
      client = hit.client;
    } else {
      const row = await this.repo.findActiveApiKeyByHash(hash);
      client = row ? { apiKeyId: row.id, name: row.name } : null;
      if (this.cache.size >= CACHE_MAX) this.cache.clear();
      this.cache.set(hash, { client, until: now + CACHE_TTL_MS });
    }
    if (!client) throw new DomainError('unauthenticated', IdentityErrorCode.ApiKeyInvalid, 'The API key is not valid.');
    return client;
  }
}
