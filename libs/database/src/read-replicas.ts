import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { isDatabaseUnavailable } from './availability.js';
import { ReadSource } from './read-source.js';

/** A WAL position (`pg_lsn` as text, `16/B374D848`) as a number that orders like the WAL. */
export function parseLsn(text: string | null | undefined): bigint | null {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text ?? '');
  return m ? (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`) : null;
}

export const formatLsn = (lsn: bigint): string => `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;

/** What the last check of one standby found. */
export interface ReplicaState {
  /** Whether reads may go there at all (answered, in recovery, lag within the limit). */
  healthy: boolean;
  /** How far it has replayed the primary's WAL (null: unknown). */
  replayLsn: bigint | null;
  /** Milliseconds behind the primary (0 when it has replayed all the primary has written). */
  lagMs: number | null;
}

/**
 * RULE (where a content read goes): round-robin over the standbys that are healthy and have
 * replayed at least `required` (the newest change this instance was told about), starting after
 * the one used last; none: the primary (-1). A standby that has not replayed a change would serve
 * the page as it was before it, and the cache would keep that stale copy.
 */
export function chooseReplica(replicas: readonly ReplicaState[], required: bigint, last: number): number {
  for (let step = 1; step <= replicas.length; step++) {
    const i = (last + step) % replicas.length;
    const r = replicas[i]!;
    if (r.healthy && r.replayLsn !== null && r.replayLsn >= required) return i;
  }
  return -1;
}

/**
 * RULE (replica lag): a standby that has replayed everything the primary has written is 0 behind,
 * however long ago its last transaction was (an idle primary writes nothing); otherwise it is
 * behind by the time since the last transaction it replayed.
 */
export function replicaLagMs(replayLsn: bigint | null, primaryLsn: bigint | null, sinceLastReplayMs: number | null): number | null {
  if (replayLsn === null) return null;
  if (primaryLsn !== null && replayLsn >= primaryLsn) return 0;
  return sinceLastReplayMs ?? null;
}

interface Replica {
  name: string;
  pool: pg.Pool;
  state: ReplicaState;
  error: string | undefined;
}

type PoolQuery = (q: string | { text: string; values: unknown[]; name: string }, values?: unknown[]) => Promise<{ rows: unknown[] }>;

/** A URL without its password, for logs and /health. */
const display = (url: string): string => {
  try {
    const u = new URL(url);
    u.password = '';
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'replica';
  }
};

/**
 * The standbys of DATABASE_READ_URLS. Each is checked every DATABASE_REPLICA_CHECK_INTERVAL
 * (answers, is in recovery, replay position, lag against the primary's current WAL position); a
 * read goes to a standby only when it is healthy, lags at most DATABASE_MAX_REPLICA_LAG and has
 * replayed every change this instance was told about (`changed`), else to the primary. A standby
 * that fails a read is dropped at once and the read runs on the primary, so a standby going away
 * costs no request. With no standbys configured every read goes to the primary.
 *
 * Writes, transactions, jobs, LISTEN and advisory locks never come here: they use the DataSource.
 */
@Injectable()
export class ReadReplicas extends ReadSource implements OnApplicationShutdown {
  private readonly log = new Logger('ReadReplicas');
  private readonly replicas: Replica[];
  private readonly primaryQuery: PoolQuery;
  /** The newest primary WAL position this instance must see in what it reads (cache refills). */
  private required = 0n;
  /** Changes announced whose WAL position is not known yet: every read goes to the primary. */
  private unresolved = 0;
  private last = -1;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private stopped = false;
  /** Reads answered per target since start (the primary last), for /health. */
  private readonly served: number[];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
    const master = (db.driver as unknown as { master?: { query: PoolQuery } }).master;
    if (!master) throw new Error('ReadReplicas: the TypeORM postgres driver no longer exposes its pool as `master`');
    this.primaryQuery = master.query.bind(master) as PoolQuery;
    const { schema, statementTimeoutMs, poolSize } = config.database;
    this.replicas = config.database.readUrls.map((url) => ({
      name: display(url),
      pool: new pg.Pool({
        connectionString: url,
        max: poolSize,
        application_name: 'newsroom-cms-read',
        options: `-c search_path=${schema},public -c statement_timeout=${statementTimeoutMs}`,
        connectionTimeoutMillis: 2000,
        idleTimeoutMillis: 30000,
      }),
      state: { healthy: false, replayLsn: null, lagMs: null },
      error: undefined,
    }));
    for (const r of this.replicas) r.pool.on('error', () => undefined); // an idle client dying is seen by the next check
    this.served = new Array<number>(this.replicas.length + 1).fill(0);
  }

  get configured(): boolean {
    return this.replicas.length > 0;
  }

  /** Starts the checks; resolves after the first one, so a fresh instance reads from fit standbys. */
  async start(): Promise<void> {
    if (!this.configured || this.timer || this.stopped) return;
    await this.check();
    this.timer = setInterval(() => void this.check(), this.config.database.replicaCheckIntervalMs);
    this.timer.unref();
  }

  /**
   * A change was committed on the primary (a NOTIFY arrived). Until `at` resolves to a WAL
   * position at or past that commit, reads go to the primary; after it, to standbys that have
   * replayed it. Resolving to null (the position could not be read) keeps reads on the primary
   * until the next check has read the primary's position.
   */
  changed(at: Promise<string | null>): void {
    if (!this.configured) return;
    this.unresolved++;
    void at
      .then((text) => {
        const lsn = parseLsn(text);
        if (lsn !== null) {
          if (lsn > this.required) this.required = lsn;
          this.unresolved--;
          this.soonCheck();
        } else this.resolveAtNextCheck();
      })
      .catch(() => this.resolveAtNextCheck());
  }

  async rows<T>(sql: string, params: unknown[], prepareAs?: string): Promise<T[]> {
    const i = this.unresolved > 0 ? -1 : chooseReplica(this.states(), this.required, this.last);
    if (i >= 0) {
      this.last = i;
      const r = this.replicas[i]!;
      try {
        const result = prepareAs ? await r.pool.query({ text: sql, values: params, name: prepareAs }) : await r.pool.query(sql, params);
        this.served[i]!++;
        return result.rows as T[];
      } catch (e) {
        if (!isDatabaseUnavailable(e)) throw e;
        this.drop(r, e);
      }
    }
    const result = prepareAs ? await this.primaryQuery({ text: sql, values: params, name: prepareAs }) : await this.primaryQuery(sql, params);
    this.served[this.replicas.length]!++;
    return result.rows as T[];
  }

  /** Each standby as /health shows it. */
  status(): { standbys: { name: string; healthy: boolean; lagMs: number | null; replayLsn: string | null; reads: number; error?: string }[]; primaryReads: number } {
    const standbys = this.replicas.map((r, i) => ({
      name: r.name,
      healthy: r.state.healthy,
      lagMs: r.state.lagMs,
      replayLsn: r.state.replayLsn === null ? null : formatLsn(r.state.replayLsn),
      reads: this.served[i]!,
      ...(r.error ? { error: r.error } : {}),
    }));
    return { standbys, primaryReads: this.served[this.replicas.length]! };
  }

  private states(): ReplicaState[] {
    return this.replicas.map((r) => r.state);
  }

  private resolveAtNextCheck(): void {
    // the next check reads the primary's position, which is past the commit that was announced
    const pending = this.checking ?? Promise.resolve();
    void pending.then(() => this.check()).finally(() => this.unresolved--);
  }

  private soonTimer: NodeJS.Timeout | undefined;

  /** After a change, look again shortly instead of waiting a whole interval for standbys to catch up. */
  private soonCheck(): void {
    if (this.soonTimer || this.stopped) return;
    this.soonTimer = setTimeout(() => {
      this.soonTimer = undefined;
      void this.check().then(() => {
        if (this.replicas.some((r) => r.state.healthy && r.state.replayLsn !== null && r.state.replayLsn < this.required)) this.soonCheck();
      });
    }, 50);
    this.soonTimer.unref();
  }

  private check(): Promise<void> {
    this.checking ??= this.checkAll().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async checkAll(): Promise<void> {
    let primaryLsn: bigint | null = null;
    try {
      const [row] = (await this.primaryQuery('SELECT pg_current_wal_lsn()::text AS lsn')).rows as { lsn: string }[];
      primaryLsn = parseLsn(row?.lsn);
      if (primaryLsn !== null && this.unresolved > 0 && primaryLsn > this.required) this.required = primaryLsn;
    } catch {
      // the primary is down: standbys are judged on what they say alone
    }
    await Promise.all(this.replicas.map((r) => this.checkOne(r, primaryLsn)));
  }

  private async checkOne(r: Replica, primaryLsn: bigint | null): Promise<void> {
    try {
      const { rows } = await r.pool.query<{ recovery: boolean; lsn: string | null; since: number | null }>(
        `SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn()::text AS lsn,
                (EXTRACT(EPOCH FROM (clock_timestamp() - pg_last_xact_replay_timestamp())) * 1000)::float8 AS since`,
      );
      const row = rows[0]!;
      if (!row.recovery) throw new Error('not a standby (pg_is_in_recovery() is false)');
      const replayLsn = parseLsn(row.lsn);
      const lagMs = replicaLagMs(replayLsn, primaryLsn, row.since === null ? null : Math.max(0, Math.round(row.since)));
      const fit = lagMs !== null && lagMs <= this.config.database.maxReplicaLagMs;
      if (fit && !r.state.healthy) this.log.log({ replica: r.name, lagMs }, 'read replica taken (back) into use');
      if (!fit && r.state.healthy) this.log.warn({ replica: r.name, lagMs }, 'read replica dropped: lagging');
      r.state = { healthy: fit, replayLsn, lagMs };
      r.error = fit ? undefined : `lag ${lagMs ?? 'unknown'} ms exceeds ${this.config.database.maxReplicaLagMs} ms`;
    } catch (e) {
      this.drop(r, e);
    }
  }

  private drop(r: Replica, e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    if (r.state.healthy || r.error === undefined) this.log.warn({ replica: r.name, err: message }, 'read replica dropped: unreachable');
    r.state = { healthy: false, replayLsn: r.state.replayLsn, lagMs: null };
    r.error = message;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.soonTimer);
    await Promise.all(this.replicas.map((r) => r.pool.end().catch(() => undefined)));
  }
}
