import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ImagesService } from '#libs/image-credits';
import { BootModule, PinoNestLogger, configOrExit, createRootLogger, openDatabase, startBackground } from '#libs/boot';

// `npm run images:reorient`: the one-off backfill for uploads stored before the probe applied
// the EXIF orientation (ImagesService.reorientStored). Idempotent: run it again, it changes nothing.
const config = configOrExit();
const log = createRootLogger(config.log.level === 'info' ? 'warn' : config.log.level);
const db = await openDatabase(config, log);
const app = await NestFactory.createApplicationContext(BootModule.forRoot({ config, dataSource: db.dataSource, databaseUrl: db.url }), { logger: new PinoNestLogger(log) });
await startBackground(app, false);
const r = await app.get(ImagesService).reorientStored({ onProgress: (p) => process.stderr.write(`checked ${p.checked}, put right ${p.fixed}\n`) });
process.stdout.write(
  `checked ${r.checked} uploads; put right ${r.fixed.length}${r.fixed.length ? `: ${r.fixed.join(', ')}` : ''}; unreadable ${r.unreadable.length}${r.unreadable.length ? `: ${r.unreadable.join(', ')}` : ''}\n`,
);
await app.close();
await db.close();
if (db.embedded?.started) await db.embedded.stop();
process.exit(0);
