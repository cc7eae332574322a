import type { DataSource } from 'typeorm';
import type { Logger as Pino } from 'pino';
import type { AppConfig } from '#libs/config';
import { createDataSource, dataSourceOptions, migrateWithLock, startEmbeddedPostgres, type EmbeddedPostgresHandle } from '#libs/database';
import { migrations } from '#migrations';
import { ALL_ENTITIES } from './entities.js';

export interface Database {
  url: string;
  dataSource: DataSource;
  embedded: EmbeddedPostgresHandle | undefined;
  /** Migration names applied by this start. */
  applied: string[];
  close(): Promise<void>;
}

/**
 * Resolves the database (DATABASE_URL, or the embedded server), connects, and applies
 * migrations under the advisory lock.
 */
export async function openDatabase(config: AppConfig, log: Pino): Promise<Database> {
  let embedded: EmbeddedPostgresHandle | undefined;
  let url = config.database.url;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: config.database.embedded.dir,
      port: config.database.embedded.port,
      log: (m) => log.info({ context: 'EmbeddedPostgres' }, m.trim()),
    });
    url = embedded.url;
  }
  const dataSource = createDataSource(dataSourceOptions(config, url, ALL_ENTITIES, migrations));
  try {
    await dataSource.initialize();
    const applied = await migrateWithLock(dataSource, config.database.schema);
    if (applied.length) log.info({ context: 'Migrations', applied }, `applied ${applied.length} migration(s)`);
    return {
      url,
      dataSource,
      embedded,
      applied,
      close: async () => {
        if (dataSource.isInitialized) await dataSource.destroy();
      },
    };
  } catch (e) {
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    throw e;
  }
}
