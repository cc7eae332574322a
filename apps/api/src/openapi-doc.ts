import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { pino } from 'pino';
import { loadConfig } from '#libs/config';
import { AppModule } from './app.module.js';
import { buildOpenApi } from './bootstrap.js';
import { openDatabase } from '#libs/boot';

/**
 * `node dist/apps/api/src/openapi-doc.js <out.json>`: writes the api's OpenAPI document (both
 * surfaces) without listening, for the desk's generated client (`npm run desk:api`).
 */
const out = process.argv[2];
if (!out) throw new Error('usage: openapi-doc <out.json>');
const config = loadConfig({ ...process.env, LOG_LEVEL: 'error', API_SURFACES: 'admin,content', JOBS_IN_PROCESS: 'false', SEED_DEMO: 'never' });
const log = pino({ level: 'error' });
const db = await openDatabase(config, log);
try {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ config, dataSource: db.dataSource, databaseUrl: db.url }), new FastifyAdapter(), {
    logger: false,
    abortOnError: false,
  });
  writeFileSync(out, `${JSON.stringify(buildOpenApi(app), null, 2)}\n`);
  await app.close();
} finally {
  await db.close();
  await db.embedded?.stop();
}
process.exit(0);
