import type { DataSource } from 'typeorm';

// Any fixed 64-bit key works; this one spells "newsroom" in ASCII-ish hex.
const MIGRATION_LOCK_KEY = 0x6e657773726f6f6dn;

/**
 * Creates the schema if needed and applies pending migrations while holding a session-level
 * advisory lock, so two instances starting together never race: the second waits, then finds
 * nothing left to do, however long it waited (the wait is exempt from the statement timeout).
 */
export async function migrateWithLock(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // waiting for another instance's migrations is no slow query: the statement timeout must
    // not stop this instance from booting (reset before the connection goes back to the pool)
    await runner.query('SET statement_timeout = 0');
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);
    }
  } finally {
    await runner.query('RESET statement_timeout').catch(() => undefined);
    await runner.release();
  }
}
