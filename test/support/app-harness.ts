import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino, type DestinationStream } from 'pino';
import supertest from 'supertest';
import { inject } from 'vitest';
import { openDatabase, type Database } from '#libs/boot';
import { loadConfig, type AppConfig } from '#libs/config';
import { queryRows } from '#libs/database';
import { AccountsService, type Role } from '#libs/identity';
import { Clock, SystemClock } from '#libs/kernel';
import { buildApiApp } from '../../apps/api/src/bootstrap.js';

export interface TestAppOptions {
  /** Extra environment (config keys) for this app. */
  env?: Record<string, string>;
  clock?: Clock;
  /** Run job handlers in this process (default false: jobs are only enqueued). */
  worker?: boolean;
  /** Reuse another harness's schema (a second api instance on the same data). */
  schema?: string;
  /** Where the app's log lines go (default: stdout at TEST_LOG_LEVEL, silent). */
  logDestination?: DestinationStream;
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  db: Database;
  schema: string;
  http: () => supertest.Agent;
  /** Raw SQL against this test's schema. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export const testSchemaName = () => `t_${randomBytes(5).toString('hex')}`;

/** Boots the whole api against a fresh schema of the test database, migrated. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const url = inject('databaseUrl');
  const schema = options.schema ?? testSchemaName();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    DATABASE_SCHEMA: schema,
    JOBS_SCHEMA: `${schema}_jobs`,
    DATABASE_POOL_SIZE: '8',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    ...options.env,
  });
  const logger = options.logDestination ? pino({ level: config.log.level }, options.logDestination) : pino({ level: config.log.level });
  const db = await openDatabase(config, logger);
  const app = await buildApiApp({ config, db, logger, clock: options.clock ?? new SystemClock(), worker: options.worker ?? false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const owner = options.schema === undefined;
  return {
    app,
    config,
    db,
    schema,
    http: () => supertest.agent(app.getHttpServer()),
    sql: (text, params = []) => queryRows(db.dataSource, text, params),
    close: async () => {
      await app.close(); // also closes the DataSource
      await db.close();
      if (owner) {
        const client = rawClient();
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          await client.query(`DROP SCHEMA IF EXISTS "${schema}_jobs" CASCADE`);
        } finally {
          await client.end();
        }
      }
    },
  };
}

export interface Credential {
  role: Role;
  email: string;
  password: string;
  accountId: string;
  accessToken: string;
  refreshToken: string;
  auth: { Authorization: string };
}

let counter = 0;

/** Creates an active account with `role` and logs it in over HTTP. */
export async function actingAs(t: TestApp, role: Role, overrides: { email?: string; displayName?: string } = {}): Promise<Credential> {
  const email = overrides.email ?? `${role}-${++counter}-${randomBytes(3).toString('hex')}@test.example`;
  const password = `pw-${randomBytes(9).toString('hex')}`;
  const account = await t.app.get(AccountsService).create({ email, displayName: overrides.displayName ?? `Test ${role}`, role, password });
  const res = await t.http().post('/v1/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login failed for ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    role,
    email,
    password,
    accountId: account.id,
    accessToken: res.body.accessToken,
    refreshToken: res.body.refreshToken,
    auth: { Authorization: `Bearer ${res.body.accessToken}` },
  };
}

/** A content API key for the front-end role. */
export async function contentKey(t: TestApp, admin: Credential): Promise<string> {
  const res = await t.http().post('/v1/admin/api-keys').set(admin.auth).send({ name: 'test front-end' });
  if (res.status !== 201) throw new Error(`api key creation failed: ${res.status}`);
  return res.body.key;
}

/** A plain pg client on the test database (for checks outside the app's pool). */
export const rawClient = () => new pg.Client({ connectionString: inject('databaseUrl') });

/** A response header that must be there (an ETag to send back, say): throws when it is not. */
export function responseHeader(res: { headers: Record<string, unknown> }, name: string): string {
  const value = res.headers[name];
  if (typeof value !== 'string') throw new Error(`the response has no ${name} header`);
  return value;
}

/** The one row a query must return (a count, a lookup by key): throws on none or several. */
export function onlyRow<T>(rows: T[]): T {
  const [row, ...more] = rows;
  if (row === undefined || more.length) throw new Error(`expected exactly one row, got ${rows.length}`);
  return row;
}
