import 'reflect-metadata';
import type { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { pino } from 'pino';
import { inject } from 'vitest';
import { BootModule, openDatabase, PinoNestLogger, type Database } from '#libs/boot';
import { loadConfig, type AppConfig } from '#libs/config';
import { randomBytes } from 'node:crypto';
import { AccountsService, type ActionContext, type Role } from '#libs/identity';
import { queryRows } from '#libs/database';
import { Clock, SystemClock } from '#libs/kernel';
import { rawClient, testSchemaName } from './app-harness.js';

/**
 * The service tier: every lib booted as the worker boots them (BootModule, no HTTP), on a fresh
 * schema of the test database, migrated. For a rule whose test through HTTP would be mostly
 * setup: call the lib's service, check what its public API answers. Job handlers do not run.
 */
export interface ServiceContext {
  ctx: INestApplicationContext;
  config: AppConfig;
  db: Database;
  schema: string;
  get<T>(type: Type<T>): T;
  /** Raw SQL against this test's schema (setup, never the assertion on a read model). */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function createServiceContext(options: { env?: Record<string, string>; clock?: Clock } = {}): Promise<ServiceContext> {
  const url = inject('databaseUrl');
  const schema = testSchemaName();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    DATABASE_SCHEMA: schema,
    JOBS_SCHEMA: `${schema}_jobs`,
    DATABASE_POOL_SIZE: '4',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const logger = pino({ level: config.log.level });
  const db = await openDatabase(config, logger);
  const ctx = await NestFactory.createApplicationContext(
    BootModule.forRoot({ config, dataSource: db.dataSource, databaseUrl: db.url, clock: options.clock ?? new SystemClock() }),
    {
      logger: new PinoNestLogger(logger),
    },
  );
  await ctx.init();
  return {
    ctx,
    config,
    db,
    schema,
    get: (type) => ctx.get(type),
    sql: (text, params = []) => queryRows(db.dataSource, text, params),
    close: async () => {
      await ctx.close();
      await db.close();
      const client = rawClient();
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.query(`DROP SCHEMA IF EXISTS "${schema}_jobs" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** An action context for a new active account with `role` (what a logged-in request carries). */
export async function actionContext(t: ServiceContext, role: Role): Promise<ActionContext> {
  const email = `${role}-${randomBytes(4).toString('hex')}@service.test`;
  const a = await t.get(AccountsService).create({ email, displayName: `Service ${role}`, role, password: `pw-${randomBytes(9).toString('hex')}` });
  return { actor: { accountId: a.id, role, sessionId: 'service-test', email, displayName: `Service ${role}` }, requestId: null, ip: null };
}
