import { Injectable } from '@nestjs/common';
import { DomainError, newId, randomToken, sha256 } from '#libs/kernel';
import type { ApiClient } from './actor.js';
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

  constructor(private readonly repo: IdentityRepository) {}

  async create(name: string, createdBy: string | null): Promise<{ key: ApiKeyEntity; secret: string }> {
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
    await this.repo.insertApiKey(key);
    return { key, secret };
  }

  list(): Promise<ApiKeyEntity[]> {
    return this.repo.listApiKeys();
  }

  async revoke(id: string): Promise<ApiKeyEntity> {
    const key = await this.repo.revokeApiKey(id);
    if (!key) throw new DomainError('not_found', IdentityErrorCode.ApiKeyNotFound, 'No such API key.');
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
