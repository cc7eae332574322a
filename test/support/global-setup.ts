import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '#libs/database';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

let embedded: EmbeddedPostgresHandle | undefined;

/**
 * One database for the run: DATABASE_URL when set (CI: the machine's PostgreSQL 15),
 * otherwise an embedded server with its own data dir and port (never the `npm start` one).
 * Each spec file then works in a schema of its own (see app-harness.ts).
 */
export async function setup(project: TestProject): Promise<void> {
  let url = process.env.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: path.resolve(process.env.TEST_EMBEDDED_PG_DIR ?? '.data/test-postgres'),
      port: Number(process.env.TEST_EMBEDDED_PG_PORT ?? 54330),
    });
    url = embedded.url;
  }
  project.provide('databaseUrl', url);
}

export async function teardown(): Promise<void> {
  if (embedded?.started) await embedded.stop();
}
