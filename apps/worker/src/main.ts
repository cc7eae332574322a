import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../api/src/app.module.js';
import { startBackground } from '../../api/src/background.js';
import { PinoNestLogger } from '../../api/src/http/logger.js';
import { configOrExit, createRootLogger, onShutdownSignal } from '../../api/src/process.js';
import { openDatabase } from '../../api/src/runtime.js';

const config = configOrExit();
const log = createRootLogger(config.log.level).child({ process: 'worker' });

try {
  const db = await openDatabase(config, log);
  const ctx = await NestFactory.createApplicationContext(
    AppModule.forRoot({ config, dataSource: db.dataSource, databaseUrl: db.url, worker: true, http: false }),
    { logger: new PinoNestLogger(log) },
  );
  await startBackground(ctx, true);
  onShutdownSignal(log, config.shutdownGraceMs, async () => {
    await ctx.close();
    await db.close();
    await db.embedded?.stop();
  });
  log.info('worker running');
} catch (err) {
  log.fatal({ err }, 'worker failed to start');
  process.exit(1);
}
