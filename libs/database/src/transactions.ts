import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { ReadSource } from './read-source.js';

const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected

const committedHooks = new WeakMap<EntityManager, (() => void)[]>();

/**
 * Runs `fn` once the transaction `tx` belongs to has committed (never if it rolls back).
 * Outside a `Transactions.run` transaction it runs right away.
 */
export function afterCommit(tx: EntityManager, fn: () => void): void {
  const hooks = committedHooks.get(tx);
  if (hooks) hooks.push(fn);
  else fn();
}

/**
 * Runs work in one database transaction. Serialization failures and deadlocks are retried a
 * few times (the work must be safe to run again: it only touches the database).
 */
@Injectable()
export class Transactions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run<T>(work: (tx: EntityManager) => Promise<T>, attempts = 3): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        let hooks: (() => void)[] = [];
        const result = await this.dataSource.transaction(async (tx) => {
          hooks = [];
          committedHooks.set(tx, hooks);
          return work(tx);
        });
        for (const hook of hooks) hook();
        return result;
      } catch (e) {
        const code = (e as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (e as { code?: string }).code;
        if (attempt >= attempts || !code || !RETRYABLE.has(code)) throw e;
      }
    }
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }
}

/** The Postgres SQLSTATE of a driver error, if any. */
export function pgErrorCode(e: unknown): string | undefined {
  const err = e as { code?: unknown; driverError?: { code?: unknown } };
  const code = err?.driverError?.code ?? err?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The constraint a unique/foreign-key violation names, if any. */
export function pgConstraint(e: unknown): string | undefined {
  const err = e as { constraint?: unknown; driverError?: { constraint?: unknown } };
  const c = err?.driverError?.constraint ?? err?.constraint;
  return typeof c === 'string' ? c : undefined;
}

/**
 * The pg Pool a DataSource's postgres driver holds. TypeORM keeps it in `driver.master`, which
 * is not public API: when an upgrade moves it this throws (and `test/service/read-rows.service-spec.ts`
 * fails) instead of readRows quietly taking another path.
 */
export function poolOf(ds: DataSource): pg.Pool {
  const pool: unknown = (ds.driver as unknown as { master?: unknown }).master;
  if (!(pool instanceof pg.Pool)) {
    throw new Error(`TypeORM's ${ds.options.type} driver holds no pg Pool in driver.master (moved by a TypeORM upgrade, or not initialized): readRows needs the pool`);
  }
  return pool;
}

/**
 * A single read outside any transaction, straight on the pool TypeORM holds (no query runner
 * around it): for the hot public reads, where creating, connecting and releasing a runner was a
 * visible share of the request. Same connections, same settings (statement timeout), same
 * errors; TypeORM's query logging does not see these reads.
 *
 * `prepareAs` names a server-side prepared statement: each connection parses and plans the SQL
 * once and then only binds and runs it. Only for SQL whose generic plan is as good as a custom
 * one (a lookup by a unique key, an unfiltered keyset page), never for SQL the planner must see
 * the values of.
 */
export async function readRows<T = Record<string, unknown>>(ds: DataSource | ReadSource, sql: string, params: unknown[] = [], prepareAs?: string): Promise<T[]> {
  if (ds instanceof ReadSource) return ds.rows<T>(sql, params, prepareAs);
  const pool = poolOf(ds);
  // a config object is copied property by property by pg on every query: only when it names one
  const result = prepareAs ? await pool.query({ text: sql, values: params, name: prepareAs }) : await pool.query(sql, params);
  return result.rows as T[];
}

/**
 * Runs SQL and returns its rows, whatever the command (TypeORM's plain `query` returns
 * `[rows, count]` for UPDATE/DELETE, which is easy to misread).
 */
export async function queryRows<T = Record<string, unknown>>(m: EntityManager | DataSource, sql: string, params: unknown[] = []): Promise<T[]> {
  const runner = (m as EntityManager).queryRunner;
  if (runner && !runner.isReleased) {
    const r = await runner.query(sql, params, true);
    return r.records as T[];
  }
  const ds = (m as EntityManager).connection ?? (m as DataSource);
  const own = ds.createQueryRunner();
  try {
    const r = await own.query(sql, params, true);
    return r.records as T[];
  } finally {
    await own.release();
  }
}
