import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '#libs/config';
import { SnakeNamingStrategy } from './naming.strategy.js';

type EntityList = NonNullable<DataSourceOptions['entities']>;
type MigrationList = NonNullable<DataSourceOptions['migrations']>;

/** TypeORM options for our Postgres: snake_case, migrations only (never synchronize). */
export function dataSourceOptions(config: AppConfig, url: string, entities: EntityList, migrations: MigrationList): DataSourceOptions {
  const schema = config.database.schema;
  return {
    type: 'postgres',
    url,
    schema,
    entities,
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    logging: ['error'],
    poolSize: config.database.poolSize,
    applicationName: 'newsroom-cms',
    extra: {
      // every connection sees our schema first, so raw SQL needs no qualification
      options: `-c search_path=${schema},public -c statement_timeout=${config.database.statementTimeoutMs}`,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
      max: config.database.poolSize,
    },
  };
}

export const createDataSource = (options: DataSourceOptions): DataSource => new DataSource(options);
