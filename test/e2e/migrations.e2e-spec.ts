import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ALL_ENTITIES } from '#libs/boot';
import { loadConfig } from '#libs/config';
import { createDataSource, dataSourceOptions, migrateWithLock } from '#libs/database';
import { migrations } from '#migrations';
import { testSchemaName } from '../support/app-harness.js';

const dataSourceFor = (schema: string) => {
  const config = loadConfig({ DATABASE_URL: inject('databaseUrl'), DATABASE_SCHEMA: schema });
  return createDataSource(dataSourceOptions(config, inject('databaseUrl'), ALL_ENTITIES, migrations));
};

describe('migrations', () => {
  it('two instances migrating one empty schema at once: one applies, the other waits, no errors', async () => {
    const schema = testSchemaName();
    const a = dataSourceFor(schema);
    const b = dataSourceFor(schema);
    await Promise.all([a.initialize(), b.initialize()]);
    try {
      const [ra, rb] = await Promise.all([migrateWithLock(a, schema), migrateWithLock(b, schema)]);
      expect([ra.length, rb.length].sort()).toEqual([0, migrations.length]);
      const rows = await a.query(`SELECT count(*)::int AS n FROM "${schema}".schema_migrations`);
      expect(rows[0].n).toBe(migrations.length);
    } finally {
      await a.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await Promise.all([a.destroy(), b.destroy()]);
    }
  });

  it('entities and migrations do not drift', async () => {
    const schema = testSchemaName();
    const ds = dataSourceFor(schema);
    await ds.initialize();
    try {
      await migrateWithLock(ds, schema);
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      // and every migration can be reverted
      for (let i = 0; i < migrations.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      const left = await ds.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'schema_migrations'`, [schema]);
      expect(left[0].n).toBe(0);
    } finally {
      await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await ds.destroy();
    }
  });
});
