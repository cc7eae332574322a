import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** The run's database (the machine's PostgreSQL in CI; see test/support/global-setup.ts). */
export const databaseUrl = (): string => inject('databaseUrl');

export const freshSchemaName = (prefix = 'rel') => `${prefix}_${randomBytes(5).toString('hex')}`;

/** Runs `fn` with a plain client on `url` (default: the run's database), then closes it. */
export async function withClient<T>(fn: (c: pg.Client) => Promise<T>, url = databaseUrl()): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function rows<T = Record<string, unknown>>(text: string, params: unknown[] = [], url = databaseUrl()): Promise<T[]> {
  return withClient(async (c) => (await c.query(text, params)).rows as T[], url);
}

export async function dropSchemas(schema: string, url = databaseUrl()): Promise<void> {
  await withClient(async (c) => {
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.query(`DROP SCHEMA IF EXISTS "${schema}_jobs" CASCADE`);
  }, url);
}

/** The same server, another database name. */
export function urlForDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
