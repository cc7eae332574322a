import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ALL_ENTITIES } from '#libs/boot';
import { loadConfig } from '#libs/config';
import { createDataSource, dataSourceOptions, migrateWithLock } from '#libs/database';
import { TRIGGER_FUNCTIONS, createFunctionSql, functionDrift, migrations } from '#migrations';
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

  it('the function drift check names a function edited in the database, or one only it has', async () => {
    const schema = testSchemaName();
    const ds = dataSourceFor(schema);
    await ds.initialize();
    try {
      await migrateWithLock(ds, schema);
      const drift = () => functionDrift((text, params) => ds.query(text, params), schema);
      const audit = TRIGGER_FUNCTIONS.find((f) => f.name === 'audit_log_append_only')!;
      await ds.query(createFunctionSql({ ...audit, body: audit.body.replace('append-only', 'append only') }));
      await ds.query(`CREATE FUNCTION stray() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`);
      expect(await drift()).toEqual([
        'function audit_log_append_only: the body in the database differs from migrations/functions.ts (a migration must applyFunctions after the edit)',
        'function stray exists in the database but not in migrations/functions.ts',
      ]);
    } finally {
      await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await ds.destroy();
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
      const drift = () => functionDrift((text, params) => ds.query(text, params), schema);
      expect(await drift()).toEqual([]);
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
