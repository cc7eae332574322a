import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AccountsService } from '#libs/identity';
import { BootModule, PinoNestLogger, configOrExit, createRootLogger, openDatabase } from '#libs/boot';
import { printCredentials, seedDemo } from './seed/seed-runner.js';

// `npm run seed`: load the demo content into the configured database if it has no accounts yet.
const config = configOrExit();
const log = createRootLogger(config.log.level);
const db = await openDatabase(config, log);
const ctx = await NestFactory.createApplicationContext(BootModule.forRoot({ config, dataSource: db.dataSource, databaseUrl: db.url }), { logger: new PinoNestLogger(log) });
let code = 0;
if ((await ctx.get(AccountsService).count()) > 0) {
  log.warn('the database already has accounts: not seeding (seed needs an empty database)');
  code = 2;
} else {
  printCredentials(await seedDemo(ctx), config.publicBaseUrl);
}
await ctx.close();
await db.close();
if (db.embedded?.started) await db.embedded.stop();
process.exit(code);
