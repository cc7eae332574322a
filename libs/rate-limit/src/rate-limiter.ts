import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryRows } from '#libs/database';
import { Clock, Coalescer, DomainError, sha256 } from '#libs/kernel';

interface Hit {
  key: string;
  start: Date;
  end: Date;
}

export interface Limit {
  /** What is limited, e.g. `newsletter:ip:<ip>`; hashed before storage. */
  key: string;
  max: number;
  windowMs: number;
}

export interface LimitResult {
  allowed: boolean;
  hits: number;
  retryAfterSeconds: number;
}

/** RULE: the window a moment falls in (fixed windows aligned on the epoch). */
export const windowStartOf = (at: Date, windowMs: number): Date => new Date(Math.floor(at.getTime() / windowMs) * windowMs);

/**
 * Counts hits per key in fixed windows in PostgreSQL, so a limit holds across every api
 * instance. One atomic upsert per hit.
 */
@Injectable()
export class RateLimiter {
  private lastSweep = 0;
  // Hits on one counter arriving together are written as one upsert (a hot counter row would
  // otherwise serialize every request on its row lock).
  private readonly hits = new Coalescer<Hit, number>((group) => this.write(group), { maxWaitMs: 2, maxItems: 500 });

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async hit(limit: Limit): Promise<LimitResult> {
    const now = this.clock.now();
    const start = windowStartOf(now, limit.windowMs);
    const end = new Date(start.getTime() + limit.windowMs);
    const hits = await this.hits.submit({ key: sha256(limit.key), start, end });
    void this.sweep(now);
    return { allowed: hits <= limit.max, hits, retryAfterSeconds: Math.max(1, Math.ceil((end.getTime() - now.getTime()) / 1000)) };
  }

  /** Hits every limit (all are counted) and throws 429 RATE_LIMITED if any is exceeded. */
  async enforce(limits: Limit[], code = 'RATE_LIMITED'): Promise<void> {
    const results = await Promise.all(limits.map((l) => this.hit(l)));
    const blocked = results.filter((r) => !r.allowed);
    if (blocked.length) {
      throw new DomainError('rate_limited', code, 'Too many requests; try again later.', [], {
        retryAfterSeconds: Math.max(...blocked.map((b) => b.retryAfterSeconds)),
      });
    }
  }

  /**
   * Adds a group's hits per counter in one statement; each hit learns the count it made
   * (in arrival order), so exactly `max` of them are allowed per window.
   */
  private async write(group: Hit[]): Promise<number[]> {
    const byCounter = new Map<string, { hit: Hit; n: number }>();
    for (const h of group) {
      const id = `${h.key}|${h.start.getTime()}`;
      const c = byCounter.get(id) ?? { hit: h, n: 0 };
      c.n++;
      byCounter.set(id, c);
    }
    const counters = [...byCounter.values()].sort((a, b) => (a.hit.key < b.hit.key ? -1 : 1));
    const rows = await queryRows<{ key: string; window_start: Date; hits: number }>(
      this.db,
      `INSERT INTO rate_limit_counters (key, window_start, hits, expires_at)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::int[], $4::timestamptz[])
       ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_counters.hits + EXCLUDED.hits
       RETURNING key, window_start, hits`,
      [counters.map((c) => c.hit.key), counters.map((c) => c.hit.start), counters.map((c) => c.n), counters.map((c) => c.hit.end)],
    );
    const total = new Map(rows.map((r) => [`${r.key}|${new Date(r.window_start).getTime()}`, r.hits]));
    const seen = new Map<string, number>();
    return group.map((h) => {
      const id = `${h.key}|${h.start.getTime()}`;
      const c = byCounter.get(id)!;
      const j = seen.get(id) ?? 0;
      seen.set(id, j + 1);
      return total.get(id)! - c.n + j + 1;
    });
  }

  private async sweep(now: Date): Promise<void> {
    if (now.getTime() - this.lastSweep < 60_000) return;
    this.lastSweep = now.getTime();
    await this.db.query(`DELETE FROM rate_limit_counters WHERE expires_at < $1`, [now]).catch(() => undefined);
  }
}
