import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryRows } from '#libs/database';
import { Clock, DomainError, sha256 } from '#libs/kernel';

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

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async hit(limit: Limit): Promise<LimitResult> {
    const now = this.clock.now();
    const start = windowStartOf(now, limit.windowMs);
    const end = new Date(start.getTime() + limit.windowMs);
    const rows = await queryRows<{ hits: number }>(
      this.db,
      `INSERT INTO rate_limit_counters (key, window_start, hits, expires_at) VALUES ($1, $2, 1, $3)
       ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_counters.hits + 1
       RETURNING hits`,
      [sha256(limit.key), start, end],
    );
    void this.sweep(now);
    const hits = rows[0]!.hits;
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

  private async sweep(now: Date): Promise<void> {
    if (now.getTime() - this.lastSweep < 60_000) return;
    this.lastSweep = now.getTime();
    await this.db.query(`DELETE FROM rate_limit_counters WHERE expires_at < $1`, [now]).catch(() => undefined);
  }
}
