import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolOf, readRows } from '#libs/database';
import { createServiceContext, type ServiceContext } from '../support/service-harness.js';

// readRows reaches TypeORM's pg Pool through a field that is not public API (driver.master):
// this fails when a TypeORM upgrade moves it, before any public read does.
describe('readRows on the pool TypeORM holds', () => {
  let t: ServiceContext;
  beforeAll(async () => (t = await createServiceContext()));
  afterAll(async () => t?.close());

  it('finds the pg Pool in driver.master and reads through it, with its search path', async () => {
    const pool = poolOf(t.db.dataSource);
    expect(pool).toBeInstanceOf(pg.Pool);
    const before = pool.totalCount;
    const rows = await readRows<{ schema: string; n: number }>(t.db.dataSource, `SELECT current_schema() AS schema, $1::int AS n`, [7], 'read-rows.spec');
    expect(rows).toEqual([{ schema: t.schema, n: 7 }]);
    expect(pool.totalCount).toBeGreaterThanOrEqual(Math.max(1, before));
  });

  it('throws rather than reading another way when the pool is not where it was', () => {
    const moved = { driver: {}, options: { type: 'postgres' } } as unknown as Parameters<typeof poolOf>[0];
    expect(() => poolOf(moved)).toThrow(/holds no pg Pool in driver.master/);
  });
});
