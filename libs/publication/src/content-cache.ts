import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hash } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { ReadReplicas } from '#libs/database';

/** A rendered public response, ready to send. */
export interface CachedResponse {
  status: number;
  /** Bytes, not a string: kept outside the JS heap and sent as they are. */
  body: Buffer;
  contentType: string;
  etag: string;
  surrogateKeys: string[];
  /** For 301s. */
  location?: string;
  /**
   * Set on an error response (a 404): the envelope without its request id, which each answer
   * adds (`body` holds the same envelope as it is, for the byte budget and the ETag).
   */
  error?: { code: string; message: string; details: unknown[] };
  /**
   * Set on an article page: what the per-request step (the reader's donation banners) needs to
   * finish it. The cached part is the same for every reader.
   */
  articleContext?: { articleId: string; sectionId: string; typeId: string; tagIds: string[] };
  /**
   * Bytes sent after `body` (a reader's banners after the shared page): written as a second
   * chunk, so the shared bytes are never copied per request. Never set on a cached entry.
   */
  tail?: Buffer;
}

export const strongEtag = (body: Buffer | string): string => `"${hash('sha1', body, 'base64url')}"`;

/**
 * RULE (cache admission): a key is admitted on a miss when it is among the last `size` keys
 * missed and not admitted (it is then forgotten), or always when `size` is 0; `remember` puts a
 * key there without a miss (one whose entry was dropped while it was in demand).
 */
export class Doorkeeper {
  // insertion order is age: the oldest key goes first when full
  private readonly keys = new Set<string>();

  constructor(private readonly size: number) {}

  admit(key: string): boolean {
    if (this.size === 0 || this.keys.delete(key)) return true;
    this.remember(key);
    return false;
  }

  remember(key: string): void {
    if (this.size === 0) return;
    this.keys.delete(key);
    this.keys.add(key);
    if (this.keys.size > this.size) this.keys.delete(this.keys.values().next().value!);
  }
}

// what an entry costs besides its body (key, headers, map slot), for the byte budget
const ENTRY_OVERHEAD_BYTES = 512;

interface Entry {
  value: CachedResponse;
  until: number;
  bytes: number;
}

/**
 * Per-instance cache of rendered content responses, keyed by URL, bounded by bytes
 * (CONTENT_CACHE_MAX_MB; least recently used first out). Any change to the read model NOTIFYs
 * `publication`; every instance LISTENs and drops its cache, so a publish is visible everywhere
 * at once. While the LISTEN connection is down the cache is bypassed (never serve what we
 * cannot invalidate). Concurrent misses on one key render once.
 *
 * Admission (the doorkeeper of W-TinyLFU): a response is stored on its key's second miss among
 * the last CONTENT_CACHE_DOORKEEPER misses, not on its first. A sweep over more pages than the
 * budget holds (a crawler walking the archive) otherwise pushed out every page readers were on,
 * stored pages nobody asked for again, and kept their bytes alive just long enough to be copied
 * out of the young generation and collected by full GCs.
 */
@Injectable()
export class ContentCache implements OnApplicationShutdown {
  private readonly log = new Logger('ContentCache');
  // a Map iterates in insertion order: re-inserting on a hit keeps the least recently used first
  private readonly entries = new Map<string, Entry>();
  private readonly rendering = new Map<string, Promise<CachedResponse>>();
  private readonly doorkeeper: Doorkeeper;
  private bytes = 0;
  private listener: pg.Client | undefined;
  private listening = false;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** Bumped on every invalidation, so a render that raced with one is not stored. */
  private generation = 0;
  private readonly invalidated: (() => void)[] = [];
  hits = 0;
  misses = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly replicas: ReadReplicas,
  ) {
    this.doorkeeper = new Doorkeeper(config.contentCacheDoorkeeper);
  }

  async start(): Promise<void> {
    if (this.listener || this.stopped) return;
    await this.replicas.start();
    const client = new pg.Client({ connectionString: (this.db.options as { url?: string }).url, application_name: 'newsroom-cms-cache' });
    const lost = () => {
      if (this.listener !== client) return;
      this.listener = undefined;
      this.listening = false;
      this.invalidate();
      if (!this.stopped) this.reconnectTimer = setTimeout(() => void this.start().catch(() => undefined), 1000);
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', () => this.changed(client));
    this.listener = client;
    try {
      await client.connect();
      await client.query('LISTEN publication');
      this.listening = true;
      this.changed(client); // whatever changed while we were not listening
    } catch (err) {
      this.log.warn({ err }, 'cannot LISTEN; content cache bypassed until it can');
      lost();
    }
  }

  /**
   * The primary committed a change (its NOTIFY arrived, so the commit is behind us): drop what is
   * cached, and refill only from standbys that have replayed the primary's WAL up to where it is
   * now, which is past that commit (a position taken inside the writing transaction would be
   * before its commit record, so the NOTIFY's payload cannot carry it).
   */
  private changed(client: pg.Client): void {
    this.invalidate();
    if (this.replicas.configured) this.replicas.changed(client.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn').then((r) => r.rows[0]?.lsn ?? null));
  }

  /** Called on every invalidation (a cache of something the cached responses are built from). */
  onInvalidate(listener: () => void): void {
    this.invalidated.push(listener);
  }

  invalidate(): void {
    this.generation++;
    for (const l of this.invalidated) l();
    // what was cached had proven its demand: stored again on its next miss, not its second
    for (const key of this.entries.keys()) this.doorkeeper.remember(key);
    this.entries.clear();
    this.rendering.clear();
    this.bytes = 0;
  }

  /** A fresh cached response, or undefined (never while invalidation is not guaranteed). */
  peek(key: string): CachedResponse | undefined {
    if (!this.listening) return undefined;
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.until <= Date.now()) {
      this.remove(key, hit);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, hit);
    this.hits++;
    return hit.value;
  }

  async get(key: string, render: () => Promise<CachedResponse>): Promise<CachedResponse> {
    const hit = this.peek(key);
    if (hit) return hit;
    const pending = this.listening ? this.rendering.get(key) : undefined;
    if (pending) return pending;
    this.misses++;
    const generation = this.generation;
    const now = Date.now();
    const promise = render();
    if (this.listening) this.rendering.set(key, promise);
    try {
      const value = await promise;
      const bytes = value.body.length + ENTRY_OVERHEAD_BYTES;
      // one response may not push out most of the others; only a storable one asks the doorkeeper
      // (with the cache off, nothing does)
      const storable = bytes <= this.config.contentCacheMaxBytes / 4;
      if (this.listening && generation === this.generation && value.status < 500 && storable && this.doorkeeper.admit(key)) this.store(key, value, bytes, now);
      return value;
    } finally {
      if (this.rendering.get(key) === promise) this.rendering.delete(key);
    }
  }

  private store(key: string, value: CachedResponse, bytes: number, now: number): void {
    const budget = this.config.contentCacheMaxBytes;
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    for (const [k, e] of this.entries) {
      if (this.bytes + bytes <= budget) break;
      this.remove(k, e);
    }
    this.entries.set(key, { value, until: now + this.config.contentCacheTtlMs, bytes });
    this.bytes += bytes;
  }

  private remove(key: string, e: Entry): void {
    this.entries.delete(key);
    this.bytes -= e.bytes;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const l = this.listener;
    this.listener = undefined;
    await l?.end().catch(() => undefined);
  }
}
