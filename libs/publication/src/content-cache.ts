import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#libs/config';

/** A rendered public response, ready to send. */
export interface CachedResponse {
  status: number;
  body: string;
  contentType: string;
  etag: string;
  surrogateKeys: string[];
  /** For 301s. */
  location?: string;
}

const MAX_ENTRIES = 5_000;

export const strongEtag = (body: string): string => `"${createHash('sha1').update(body).digest('base64url')}"`;

/**
 * Per-instance cache of rendered content responses, keyed by URL. Any change to the read
 * model NOTIFYs `publication`; every instance LISTENs and drops its cache, so a publish is
 * visible everywhere at once. While the LISTEN connection is down the cache is bypassed
 * (never serve what we cannot invalidate).
 */
@Injectable()
export class ContentCache implements OnApplicationShutdown {
  private readonly log = new Logger('ContentCache');
  private readonly entries = new Map<string, { value: CachedResponse; until: number }>();
  private listener: pg.Client | undefined;
  private listening = false;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** Bumped on every invalidation, so a render that raced with one is not stored. */
  private generation = 0;
  hits = 0;
  misses = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(): Promise<void> {
    if (this.listener || this.stopped) return;
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
    client.on('notification', () => this.invalidate());
    this.listener = client;
    try {
      await client.connect();
      await client.query('LISTEN publication');
      this.listening = true;
      this.invalidate(); // whatever changed while we were not listening
    } catch (err) {
      this.log.warn({ err }, 'cannot LISTEN; content cache bypassed until it can');
      lost();
    }
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  /** A fresh cached response, or undefined (never while invalidation is not guaranteed). */
  peek(key: string): CachedResponse | undefined {
    if (!this.listening) return undefined;
    const hit = this.entries.get(key);
    if (!hit || hit.until <= Date.now()) return undefined;
    this.hits++;
    return hit.value;
  }

  async get(key: string, render: () => Promise<CachedResponse>): Promise<CachedResponse> {
    const now = Date.now();
    const hit = this.listening ? this.entries.get(key) : undefined;
    if (hit && hit.until > now) {
      this.hits++;
      return hit.value;
    }
    this.misses++;
    const generation = this.generation;
    const value = await render();
    if (this.listening && generation === this.generation && value.status < 500) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { value, until: now + this.config.contentCacheTtlMs });
    }
    return value;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const l = this.listener;
    this.listener = undefined;
    await l?.end().catch(() => undefined);
  }
}
