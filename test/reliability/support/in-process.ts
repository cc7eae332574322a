import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { pino } from 'pino';
import { openDatabase } from '#libs/boot';
import { loadConfig } from '#libs/config';
import { buildApiApp } from '../../../apps/api/src/bootstrap.js';

/**
 * Boots the api in this process against `url`/`schema` (migrating it), runs `fn` with it, and
 * closes it: for setting up accounts on a database the vitest harness does not know (the
 * embedded server of the pg-restart suite).
 */
export async function withInProcessApi<T>(url: string, schema: string, jwtSecret: string, fn: (app: NestFastifyApplication) => Promise<T>): Promise<T> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    DATABASE_SCHEMA: schema,
    JOBS_SCHEMA: `${schema}_jobs`,
    LOG_LEVEL: 'silent',
    JWT_SECRET: jwtSecret,
    PORT: '0',
    DATABASE_POOL_SIZE: '2',
  });
  const logger = pino({ level: 'silent' });
  const db = await openDatabase(config, logger);
  const app = await buildApiApp({ config, db, logger, worker: false });
  try {
    return await fn(app);
  } finally {
    await app.close();
    await db.close();
  }
}
