import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { BootModule, PinoNestLogger, configOrExit, createRootLogger, onShutdownSignal, openDatabase, startBackground } from '#libs/boot';

const config = configOrExit();
const log = createRootLogger(config.log.level).child({ process: 'worker' });

try {
  const db = await openDatabase(config, log);
  const ctx = await NestFactory.createApplicationContext(BootModule.forRoot({ config, dataSource: db.dataSource, databaseUrl: db.url }), {
    logger: new PinoNestLogger(log),
  });
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
