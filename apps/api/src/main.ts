import 'reflect-metadata';
import { buildApiApp } from './bootstrap.js';
import { configOrExit, createRootLogger, onShutdownSignal, openDatabase } from '#libs/boot';
import { seedIfWanted } from './seed/seed-runner.js';

const config = configOrExit();
const log = createRootLogger(config.log.level);

let db: Awaited<ReturnType<typeof openDatabase>> | undefined;
try {
  db = await openDatabase(config, log);
  const opened = db;
  const app = await buildApiApp({ config, db, logger: log });
  onShutdownSignal(log, config.shutdownGraceMs, async () => {
    await app.close(); // stops accepting, drains in-flight requests, stops jobs, closes the pool
    await opened.close();
    await opened.embedded?.stop();
  });
  await seedIfWanted(app, config, db, log);
  await app.listen({ port: config.port, host: config.host });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info(
    { port, surfaces: config.surfaces, jobsInProcess: config.jobsInProcess, embeddedDatabase: Boolean(db.embedded) },
    `newsroom-cms listening on http://${config.host}:${port} (docs at /docs)`,
  );
} catch (err) {
  log.fatal({ err }, 'failed to start');
  await db?.close().catch(() => undefined);
  if (db?.embedded?.started) await db.embedded.stop();
  process.exit(1);
}
