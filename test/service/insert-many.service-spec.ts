import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMany, Transactions } from '#libs/database';
import { WordpressImportRefEntity } from '#libs/wordpress-import';
import { createServiceContext, type ServiceContext } from '../support/service-harness.js';

// insertMany sends rows beyond 2 M characters of JSON in further statements: every row still
// goes in once, whole, in the caller's transaction, and the conflict clause applies to each.
describe('insertMany with more JSON than one statement carries', () => {
  let t: ServiceContext;
  beforeAll(async () => (t = await createServiceContext()));
  afterAll(async () => t?.close());

  const rows = (hash: string) =>
    Array.from({ length: 30 }, (_, k) => ({
      site: 'insert-many.test',
      kind: 'image',
      wpKey: String(k),
      targetId: randomUUID(),
      hash,
      // ~100,000 characters a row, one of them outside Latin-1: ~3 M characters for the set
      info: { k, text: `${'x'.repeat(100_000)}’${k}` },
    }));

  it('writes every row once, whole, and applies the conflict clause to all of them', async () => {
    const tx = t.ctx.get(Transactions);
    expect(await tx.run((m) => insertMany(m, WordpressImportRefEntity, rows('first')))).toBe(30);
    await tx.run((m) => insertMany(m, WordpressImportRefEntity, rows('second'), 'ON CONFLICT (site, kind, wp_key) DO UPDATE SET hash = EXCLUDED.hash, info = EXCLUDED.info'));
    const got = await t.db.dataSource.query(
      `SELECT wp_key, hash, length(info->>'text') AS len, right(info->>'text', 3) AS tail, (info->>'k')::int AS k
         FROM wordpress_import_refs WHERE site = 'insert-many.test' ORDER BY wp_key::int`,
    );
    expect(got).toHaveLength(30);
    got.forEach((r: { wp_key: string; hash: string; len: number; tail: string; k: number }, k: number) => {
      expect(r).toEqual({ wp_key: String(k), hash: 'second', len: 100_001 + String(k).length, tail: `x’${k}`.slice(-3), k });
    });
  });

  it('rolls every statement back with the transaction', async () => {
    const tx = t.ctx.get(Transactions);
    await expect(
      tx.run(async (m) => {
        await insertMany(
          m,
          WordpressImportRefEntity,
          rows('third').map((r) => ({ ...r, site: 'insert-many.rollback' })),
        );
        throw new Error('stop');
      }, 1),
    ).rejects.toThrow('stop');
    const [{ n }] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM wordpress_import_refs WHERE site = 'insert-many.rollback'`);
    expect(n).toBe(0);
  });
});
