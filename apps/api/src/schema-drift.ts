import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { ALL_ENTITIES } from '#libs/boot';
import { loadConfig } from '#libs/config';
import { createDataSource, dataSourceOptions, migrateWithLock, startEmbeddedPostgres } from '#libs/database';
import { functionDrift, migrations } from '#migrations';

/**
 * Fails (exit 1) when the entities and the migrations disagree: applies every migration to a
 * scratch schema, then asks TypeORM which SQL would bring that schema to the entities; and when
 * a function in that schema differs from `migrations/functions.ts` (body, search path, or one
 * that only one side has).
 * `--print` writes that SQL (the starting point of a new migration) instead of failing.
 */
const print = process.argv.includes('--print');
const writeIdx = process.argv.indexOf('--write');
const writeName = writeIdx > 0 ? process.argv[writeIdx + 1] : undefined;
const argOf = (flag: string) => (process.argv.includes(flag) ? process.argv[process.argv.indexOf(flag) + 1] : undefined);
// --at <unix-ms>: the migration's timestamp; --only t1,t2: keep statements about these tables
const at = argOf('--at');
const only = argOf('--only')
  ?.split(',')
  .map((t) => t.trim());
const config = loadConfig({ ...process.env, LOG_LEVEL: 'error' });
const embedded = config.database.url ? undefined : await startEmbeddedPostgres({ dataDir: config.database.embedded.dir, port: config.database.embedded.port });
const url = config.database.url ?? embedded!.url;
const schema = `drift_${randomBytes(4).toString('hex')}`;
const ds = createDataSource(dataSourceOptions({ ...config, database: { ...config.database, schema } }, url, ALL_ENTITIES, migrations));
await ds.initialize();
let code = 0;
try {
  await migrateWithLock(ds, schema);
  const sql = await ds.driver.createSchemaBuilder().log();
  const strip = (q: string) => q.replaceAll(`"${schema}".`, '');
  const mentions = (q: string) => !only || only.some((t) => q.includes(`"${t}"`));
  const statements = sql.upQueries.map((q) => strip(q.query)).filter(mentions);
  if (writeName) {
    if (!/^[A-Z][A-Za-z0-9]+$/.test(writeName)) throw new Error('--write needs a PascalCase name, e.g. CreateArticles');
    const ts = at ? Number(at) : Date.now();
    const down = sql.downQueries
      .map((q) => strip(q.query))
      .filter(mentions)
      .reverse();
    const body = (qs: string[]) => qs.map((q) => `    await q.query(\`${q.replace(/\s+/g, ' ').trim().replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${')}\`);`).join('\n');
    const file = `import type { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${writeName}${ts} implements MigrationInterface {\n  name = '${writeName}${ts}';\n\n  async up(q: QueryRunner): Promise<void> {\n${body(statements)}\n  }\n\n  async down(q: QueryRunner): Promise<void> {\n${body(down)}\n  }\n}\n`;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`migrations/${ts}-${writeName}.ts`, file);
    process.stdout.write(`wrote migrations/${ts}-${writeName}.ts (${statements.length} statements); add it to migrations/index.ts\n`);
  } else if (print) {
    process.stdout.write(statements.map((s) => `${s};`).join('\n') + '\n');
  } else {
    const functions = await functionDrift((text, params) => ds.query(text, params), schema);
    if (statements.length) process.stderr.write(`Entities and migrations drift: a migration would need\n${statements.map((s) => `  ${s};`).join('\n')}\n`);
    if (functions.length) process.stderr.write(`Functions and migrations/functions.ts drift:\n${functions.map((f) => `  ${f}`).join('\n')}\n`);
    if (statements.length || functions.length) code = 1;
    else process.stdout.write(`schema drift check: entities and functions match the ${migrations.length} migration(s)\n`);
  }
} finally {
  await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await ds.destroy();
  if (embedded?.started) await embedded.stop();
}
process.exit(code);
