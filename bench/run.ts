import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { BootModule, PinoNestLogger, createRootLogger, openDatabase, type Database } from '#libs/boot';
import { loadConfig } from '#libs/config';
import { EditorialWorkflowModule } from '#libs/editorial-workflow';
import { Jobs } from '#libs/jobs';
import { ApiKeysService } from '#libs/identity';
import { cpuSecondsOf, fmtSecs, intEnv, load, log, postgresCpuSeconds, rssOf, RssSampler, sleep, startChild, table, type Child, type LoadFigures } from './lib.js';
import { formatSummary, summarizeProfile, type ProfileSummary } from './profile.js';
import { seedBench, type SeedResult } from './seed.js';

/**
 * `npm run bench`: seeds BENCH_ARTICLES articles through the services into a fresh schema,
 * starts the api and two ceilings (bare Fastify JSON, bare Fastify + pg) as child processes,
 * then measures them alternately with autocannon over loopback. Prints a markdown table,
 * writes bench/results/bench-<timestamp>.json, drops the schema unless BENCH_KEEP=1.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = join(ROOT, 'bench', 'results');
const APP_MAIN = join(ROOT, 'dist/apps/api/src/main.js');
const CEILING_JSON = join(ROOT, 'dist/bench/ceiling-json.js');
const CEILING_PG = join(ROOT, 'dist/bench/ceiling-pg.js');

const ARTICLES = intEnv('BENCH_ARTICLES', 10_000, 1);
const SECONDS = intEnv('BENCH_SECONDS', 10, 1);
const WARMUP = intEnv('BENCH_WARMUP_SECONDS', 1, 0);
const CONNECTIONS = intEnv('BENCH_CONNECTIONS', 50, 1);
const ROUNDS = intEnv('BENCH_ROUNDS', 1, 1);
const CONCURRENCY = intEnv('BENCH_CONCURRENCY', 8, 1);
/** BENCH_SEED_PATH=services seeds one article at a time through the services (the old way). */
const SEED_PATH = process.env.BENCH_SEED_PATH === 'services' ? 'services' : 'bulk';
const SEED = intEnv('BENCH_SEED', 42);
const DEPTH = intEnv('BENCH_DEEP_PAGE', 500, 2);
/**
 * BENCH_REUSE=<schema>: run the load against a schema an earlier `BENCH_KEEP=1` run seeded (its
 * seeding figures are read from bench/results/seed-<schema>.json); the schema is kept. Seeding
 * 100k articles takes long enough that measuring twice should not mean seeding twice.
 */
const REUSE = process.env.BENCH_REUSE ?? '';
if (REUSE && !/^bench_[0-9a-f]{8}$/.test(REUSE)) throw new Error(`BENCH_REUSE must name a bench schema (bench_xxxxxxxx), not ${JSON.stringify(REUSE)}`);
const KEEP = process.env.BENCH_KEEP === '1' || REUSE !== '';
// BENCH_SEED_ONLY=1: seed (and time it), then stop.
const PROFILE = (process.env.BENCH_PROFILE ?? 'auto') as 'auto' | '0' | '1';
/**
 * Node flags for the api child: those `npm start` uses (read from package.json, so the bench runs
 * the api as production does), or BENCH_APP_NODE_ARGS="--max-old-space-size=256 ..." instead.
 */
const APP_NODE_ARGS = (process.env.BENCH_APP_NODE_ARGS ?? startFlags()).split(' ').filter(Boolean);
function startFlags(): string {
  const start =
    (JSON.parse(readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? '';
  return /^node ((?:--\S+ ?)*)/.exec(start)?.[1]?.trim() ?? '';
}
const LIMIT = 20;
const PROFILE_SECONDS = Math.min(SECONDS, 5);
const SEARCH_RATE = intEnv('BENCH_SEARCH_RATE', 50, 1);
/**
 * BENCH_READ_URL: a streaming standby of DATABASE_URL's database (`bash .ci/replica.sh start`
 * makes one of 127.0.0.1:5432 on port 5433). Adds a third api, cache off, reading its content there
 * (DATABASE_READ_URLS), and compares its uncached page and list with the primary-only api's.
 */
const READ_URL = process.env.BENCH_READ_URL ?? '';

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const schema = REUSE || `bench_${randomBytes(4).toString('hex')}`;
const jobsSchema = `${schema}_jobs`;

mkdirSync(RESULTS, { recursive: true });
const logFile = (name: string) => join(RESULTS, `bench-${stamp}-${name}.log`);

// ---------------------------------------------------------------- cache-defeating URL variants

/** Flips the case of the letters of `s` by the bits of `bits` (Postgres reads uuids and tsqueries case-insensitively). */
function caseVariant(s: string, bits: number): string {
  let out = '';
  let bit = 0;
  for (const ch of s) {
    if (/[a-z]/i.test(ch)) {
      const upper = Math.floor(bits / 2 ** bit) % 2 === 1;
      out += upper ? ch.toUpperCase() : ch.toLowerCase();
      bit++;
    } else out += ch;
  }
  return out;
}
const letters = (s: string) => (s.match(/[a-z]/gi) ?? []).length;

/**
 * The k-th equivalent of a keyset cursor: the same instant, an id k + 1 below the cursor's. The
 * API accepts a cursor only as it spells one (a UTC time, a lower-case uuid: issue 17 item 13), so
 * the spelling cannot vary; the id can: `(published_at, id) < (at, id')` names the same rows for
 * any id' at or below the last row's own (no other piece was published at that very instant; the
 * sanity checks below compare the answers). The in-process cache keys on the URL, so each variant
 * is a miss, while Postgres runs exactly the same keyset query.
 */
function cursorVariant(cursor: string, k: number): string {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|') as [string, string];
  const value = BigInt(`0x${id.replace(/-/g, '')}`);
  const hex = (value - 1n - (BigInt(k) % (value > 2n ** 40n ? 2n ** 40n : value))).toString(16).padStart(32, '0');
  const variant = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return Buffer.from(`${at}|${variant}`).toString('base64url');
}
const cursorCapacity = (cursor: string) => {
  const value = BigInt(`0x${Buffer.from(cursor, 'base64url').toString('utf8').split('|')[1]!.replace(/-/g, '')}`);
  return Number(value > 2n ** 40n ? 2n ** 40n : value);
};

/** Page 1 expressed as a cursor "before the year 2999": the same rows as no cursor, but with an id to vary. */
const SENTINEL = Buffer.from('2999-01-01T00:00:00.000Z|ffffffff-ffff-ffff-ffff-ffffffffffff').toString('base64url');

const SEARCH_TERMS = ['sanctions enforcement', 'energy security', 'Sahel ceasefire', '"coalition talks"', 'migration -europe'];
const searchCapacity = SEARCH_TERMS.length * 2 ** Math.min(30, Math.min(...SEARCH_TERMS.map(letters)));
const searchVariant = (k: number) => caseVariant(SEARCH_TERMS[k % SEARCH_TERMS.length]!, Math.floor(k / SEARCH_TERMS.length));

// ---------------------------------------------------------------- scenarios

type Target = 'app' | 'render' | 'json' | 'pg' | 'replica';
interface Scenario {
  id: string;
  label: string;
  target: Target;
  path: string | (() => string);
  /** Paced load: one request every 1000/rate ms, open loop (bench/lib.ts `paced`), instead of CONNECTIONS flat out. */
  rate?: number;
  /** Distinct cache keys this generator can produce before repeating (cold scenarios). */
  capacity?: number;
  note: string;
}
interface ScenarioResult {
  id: string;
  label: string;
  target: Target;
  note: string;
  rounds: LoadFigures[];
  mean: LoadFigures;
  rssMaxMb?: number;
  capacity?: number;
  /** CPU seconds used during the measured runs: the answering server, and every PostgreSQL process. */
  cpu: { serverS: number; postgresS: number };
}

/** CPU per answered request, in microseconds. */
const cpuPerRequest = (r: ScenarioResult) => ({
  serverUs: (r.cpu.serverS / Math.max(1, r.mean.requests)) * 1e6,
  postgresUs: (r.cpu.postgresS / Math.max(1, r.mean.requests)) * 1e6,
});

const mean = (xs: LoadFigures[]): LoadFigures => {
  const avg = (f: (x: LoadFigures) => number) => xs.reduce((s, x) => s + f(x), 0) / xs.length;
  const sum = (f: (x: LoadFigures) => number) => xs.reduce((s, x) => s + f(x), 0);
  return {
    reqPerSec: avg((x) => x.reqPerSec),
    p50: avg((x) => x.p50),
    p99: avg((x) => x.p99),
    mean: avg((x) => x.mean),
    requests: sum((x) => x.requests),
    non2xx: sum((x) => x.non2xx),
    errors: sum((x) => x.errors),
    timeouts: sum((x) => x.timeouts),
    durationS: sum((x) => x.durationS),
  };
};

// ---------------------------------------------------------------- lifecycle

/** The app's modules without HTTP, plus the workflow (only the admin surface imports it). */
@Module({})
class BenchSeedModule {
  static forRoot(app: DynamicModule): DynamicModule {
    return { module: BenchSeedModule, imports: [app, EditorialWorkflowModule] };
  }
}

let db: Database | undefined;
let pool: pg.Pool | undefined;
const children: Child[] = [];
let cleaned = false;

async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  for (const c of children) await c.stop(15_000).catch(() => undefined);
  if (pool) {
    if (!KEEP) {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch((e) => log(`could not drop schema ${schema}: ${String(e)}`));
      await pool.query(`DROP SCHEMA IF EXISTS "${jobsSchema}" CASCADE`).catch(() => undefined);
    } else log(`BENCH_KEEP=1: schema ${schema} (and ${jobsSchema}) kept`);
    await pool.end().catch(() => undefined);
  }
  await db?.close().catch(() => undefined);
  if (db?.embedded?.started) await db.embedded.stop().catch(() => undefined);
}

process.on('SIGINT', () => {
  log('\ninterrupted: stopping children and dropping the bench schema');
  void cleanup().finally(() => process.exit(130));
});

async function getJson<T>(url: string, headers: Record<string, string>): Promise<{ status: number; body: T; text: string; contentType: string }> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  return {
    status: res.status,
    body: (res.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as T) : (undefined as T),
    text,
    contentType: res.headers.get('content-type') ?? '',
  };
}

interface ListPage {
  items: { slug: string }[];
  nextCursor: string | null;
}

/** Follows nextCursor from page 1 until page `depth` (or the last page); bounded in time. */
async function walk(base: string, path: string, headers: Record<string, string>, depth: number): Promise<{ page: number; cursor: string | null; firstSlug: string | null }> {
  const deadline = Date.now() + 180_000;
  const sep = path.includes('?') ? '&' : '?';
  let res = await getJson<ListPage>(`${base}${path}`, headers);
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${res.text.slice(0, 200)}`);
  const firstSlug = res.body.items[0]?.slug ?? null;
  let page = 1;
  let cursor: string | null = null;
  while (page < depth && res.body.nextCursor && Date.now() < deadline) {
    const next = await getJson<ListPage>(`${base}${path}${sep}cursor=${res.body.nextCursor}`, headers);
    if (next.status !== 200) throw new Error(`${path} page ${page + 1} answered ${next.status}`);
    // a short last page (a section's last 4 cards) would flatter the deep / p1 comparison: the
    // deep page is the last full one
    if (next.body.items.length < res.body.items.length) break;
    cursor = res.body.nextCursor;
    res = next;
    page++;
  }
  return { page, cursor, firstSlug };
}

async function startApp(dbUrl: string, name: string, nodeArgs: string[] = [], extraEnv: Record<string, string> = {}): Promise<Child> {
  const child = await startChild({
    name,
    script: APP_MAIN,
    cwd: ROOT,
    nodeArgs: [...APP_NODE_ARGS, ...nodeArgs],
    logFile: logFile(name),
    readyPath: '/health',
    env: {
      DATABASE_URL: dbUrl,
      DATABASE_SCHEMA: schema,
      JOBS_SCHEMA: jobsSchema,
      LOG_REQUESTS: 'false',
      LOG_LEVEL: 'warn',
      JOBS_IN_PROCESS: 'false',
      SEED_DEMO: 'never',
      ...extraEnv,
    },
  });
  children.push(child);
  return child;
}

async function stopChild(c: Child): Promise<void> {
  await c.stop(20_000);
  children.splice(children.indexOf(c), 1);
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const t0 = Date.now();
  const loadAvgStart = loadavg();
  if (!existsSync(APP_MAIN)) throw new Error(`${APP_MAIN} is missing: run \`npm run build\` first (npm run bench does)`);
  const scenariosPerRound = 14;
  const est = ROUNDS * scenariosPerRound * (SECONDS + WARMUP + 1);
  log(`bench: ${ARTICLES} articles, ${SECONDS} s per run x ${scenariosPerRound} runs x ${ROUNDS} rounds (~${fmtSecs(est)} of load), ${CONNECTIONS} connections, schema ${schema}`);

  // 1. Database and seeding (in this process, through the services).
  const env = {
    ...process.env,
    DATABASE_SCHEMA: schema,
    JOBS_SCHEMA: jobsSchema,
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: String(CONCURRENCY + 2),
    DATABASE_STATEMENT_TIMEOUT: '30m',
    JOBS_IN_PROCESS: 'false',
    SEED_DEMO: 'never',
    EMBEDDED_PG_DIR: process.env.EMBEDDED_PG_DIR ?? '.data/bench-postgres',
    EMBEDDED_PG_PORT: process.env.EMBEDDED_PG_PORT ?? '54331',
  };
  const config = loadConfig(env);
  const logger = createRootLogger('warn');
  db = await openDatabase(config, logger);
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  const pgVersion = (await pool.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  log(`database: ${db.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'} (PostgreSQL ${pgVersion}), fresh schema "${schema}"`);
  const ctx = await NestFactory.createApplicationContext(BenchSeedModule.forRoot(BootModule.forRoot({ config, dataSource: db.dataSource, databaseUrl: db.url })), {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  let seeded: SeedResult;
  const seedFile = join(RESULTS, `seed-${schema}.json`);
  try {
    await ctx.get(Jobs).start(false); // enqueue only (a campaign's end is a scheduled job); no handlers run here
    if (REUSE) {
      if (!existsSync(seedFile)) throw new Error(`${seedFile} is missing: BENCH_REUSE needs a schema seeded by a BENCH_KEEP=1 run`);
      const earlier = JSON.parse(readFileSync(seedFile, 'utf8')) as SeedResult;
      const { secret } = await ctx.get(ApiKeysService).create(`bench front-end ${stamp}`, null, earlier.adminId);
      seeded = { ...earlier, apiKey: secret };
      log(`reusing schema ${schema}: ${seeded.articles} articles seeded earlier`);
    } else {
      seeded = await seedBench(ctx, db.dataSource, { articles: ARTICLES, concurrency: CONCURRENCY, seed: SEED, path: SEED_PATH }, log);
      if (KEEP) writeFileSync(seedFile, JSON.stringify({ ...seeded, apiKey: undefined }, null, 2));
    }
  } finally {
    await ctx.close();
  }
  log(
    `seeded ${seeded.articles} articles through ${SEED_PATH === 'bulk' ? 'the set-based import path (WorkflowService.importMany)' : 'ArticlesService + WorkflowService'} in ${fmtSecs(seeded.servicesSeconds)} (${seeded.rate.toFixed(0)} articles/s, concurrency ${CONCURRENCY})`,
  );
  if (process.env.BENCH_SEED_ONLY === '1') {
    process.stdout.write(`seeded ${seeded.articles} articles in ${fmtSecs(seeded.servicesSeconds)} (${seeded.rate.toFixed(0)} articles/s); BENCH_SEED_ONLY=1: no load runs\n`);
    return;
  }
  const dbUrl = db.url;
  const sizes = (
    await pool.query<{ rows: string; bytes: string }>(
      `SELECT count(*) AS rows, pg_total_relation_size('"${schema}".published_articles') AS bytes FROM "${schema}".published_articles`,
    )
  ).rows[0]!;

  // 2. The api in a child process, RSS idle.
  const app = await startApp(dbUrl, 'api');
  await sleep(3_000);
  const rssIdle = rssOf(app.pid).rssMb;
  log(`api pid ${app.pid} on ${app.base}: RSS idle ${rssIdle.toFixed(0)} MB`);
  const headers = { 'x-api-key': seeded.apiKey };

  // 3. What to request. The largest section carries the section-list scenarios.
  const counts = (
    await pool.query<{ slug: string; n: number }>(
      `SELECT s.slug, count(*)::int AS n FROM "${schema}".published_articles p JOIN "${schema}".sections s ON s.id = p.section_id GROUP BY s.slug ORDER BY n DESC`,
    )
  ).rows;
  const section = counts[0]!.slug;
  const sectionPath = `/v1/content/articles?section=${section}&limit=${LIMIT}`;
  const latestPath = `/v1/content/latest?limit=${LIMIT}`;
  const sectionDeep = await walk(app.base, sectionPath, headers, DEPTH);
  const latestDeep = await walk(app.base, latestPath, headers, DEPTH);
  if (!sectionDeep.cursor || !latestDeep.cursor) throw new Error('not enough articles for a second page');
  log(`deep pages: section "${section}" (${counts[0]!.n} articles) page ${sectionDeep.page}; latest page ${latestDeep.page} (asked for ${DEPTH}, limit ${LIMIT})`);
  const warmSlug = sectionDeep.firstSlug!;
  const slugs = (await pool.query<{ slug: string }>(`SELECT slug FROM "${schema}".published_articles ORDER BY md5(slug) LIMIT 20000`)).rows.map((r) => r.slug);

  // Sanity: the variants answer what the canonical URLs answer.
  const same = async (a: string, b: string) => (await getJson(`${app.base}${a}`, headers)).text === (await getJson(`${app.base}${b}`, headers)).text;
  const checks = {
    sentinelIsPage1: await same(sectionPath, `${sectionPath}&cursor=${cursorVariant(SENTINEL, 123_457)}`),
    cursorVariantSamePage: await same(`${latestPath}&cursor=${latestDeep.cursor}`, `${latestPath}&cursor=${cursorVariant(latestDeep.cursor, 98_765)}`),
    searchVariantSame: await same(`/v1/content/search?q=${encodeURIComponent(SEARCH_TERMS[1]!)}`, `/v1/content/search?q=${encodeURIComponent(searchVariant(1 + 5 * 77))}`),
    ceilingPgSameRow: false,
  };

  // 4. The ceilings, fed from the api's own answer.
  const page = await getJson<{ article: unknown }>(`${app.base}/v1/content/articles/${warmSlug}`, headers);
  if (page.status !== 200) throw new Error(`article page answered ${page.status}`);
  const bodyFile = join(RESULTS, `bench-${stamp}-article-page.json`);
  writeFileSync(bodyFile, page.text);
  const ceilingJson = await startChild({
    name: 'ceiling-json',
    script: CEILING_JSON,
    cwd: ROOT,
    logFile: logFile('ceiling-json'),
    readyPath: '/health',
    env: { BODY_FILE: bodyFile, CONTENT_TYPE: page.contentType },
  });
  children.push(ceilingJson);
  const ceilingPg = await startChild({
    name: 'ceiling-pg',
    script: CEILING_PG,
    cwd: ROOT,
    logFile: logFile('ceiling-pg'),
    readyPath: '/health',
    env: { DATABASE_URL: dbUrl, DATABASE_SCHEMA: schema, DATABASE_POOL_SIZE: String(config.database.poolSize) },
  });
  children.push(ceilingPg);
  checks.ceilingPgSameRow = (await getJson(`${ceilingPg.base}/articles/${warmSlug}`, {})).text === JSON.stringify(page.body.article);
  const jsonBytes = Buffer.byteLength(page.text);
  log(`ceilings: bare Fastify ${ceilingJson.base} (${(jsonBytes / 1024).toFixed(1)} KB article page), Fastify+pg ${ceilingPg.base}; checks ${JSON.stringify(checks)}`);
  if (!Object.values(checks).every(Boolean)) log('WARNING: a sanity check failed (see checks in the JSON)');

  // 5. Scenarios, alternating targets.
  let k = 0; // one counter for every generated URL: no spelling is ever reused
  const scenarios: Scenario[] = [
    { id: 'ceiling-json', label: 'ceiling: bare Fastify, same JSON bytes', target: 'json', path: '/article', note: 'static bytes' },
    { id: 'article-warm', label: 'article page, warm', target: 'app', path: `/v1/content/articles/${warmSlug}`, note: 'same URL: in-process cache hit' },
    { id: 'ceiling-pg', label: 'ceiling: Fastify + pg, row by slug', target: 'pg', path: () => `/articles/${slugs[k++ % slugs.length]}`, note: `rotating ${slugs.length} slugs` },
    {
      id: 'article-cold',
      label: 'article page, cold',
      target: 'app',
      path: () => `/v1/content/articles/${slugs[k % slugs.length]}?reader=bench-${k++}`,
      capacity: Number.MAX_SAFE_INTEGER,
      note: `rotating ${slugs.length} slugs, a new ?reader= each: the page renders once per slug, the banners on every request`,
    },
    {
      id: 'article-render',
      label: 'article page, uncached render',
      target: 'render',
      path: () => `/v1/content/articles/${slugs[k++ % slugs.length]}`,
      note: `second api with CONTENT_CACHE_MAX_MB=0: every request reads Postgres and renders (rotating ${slugs.length} slugs)`,
    },
    {
      id: 'ceiling-pg-raw',
      label: 'ceiling: Fastify + pg, stored page text',
      target: 'pg',
      path: () => `/raw/${slugs[k++ % slugs.length]}`,
      note: `the row's page_body sent as it is (the bytes the api reads), rotating ${slugs.length} slugs`,
    },
    { id: 'section-p1-warm', label: 'section list p1, warm', target: 'app', path: sectionPath, note: 'same URL: cache hit' },
    {
      id: 'section-p1-cold',
      label: 'section list p1, cold',
      target: 'app',
      path: () => `${sectionPath}&cursor=${cursorVariant(SENTINEL, k++)}`,
      capacity: cursorCapacity(SENTINEL),
      note: 'page 1 as an equivalent cursor spelled anew each request',
    },
    {
      id: 'section-deep-cold',
      label: `section list p${sectionDeep.page}, cold`,
      target: 'app',
      path: () => `${sectionPath}&cursor=${cursorVariant(sectionDeep.cursor!, k++)}`,
      capacity: cursorCapacity(sectionDeep.cursor),
      note: `page ${sectionDeep.page} cursor spelled anew each request`,
    },
    {
      id: 'latest-p1-cold',
      label: 'latest p1, cold',
      target: 'app',
      path: () => `${latestPath}&cursor=${cursorVariant(SENTINEL, k++)}`,
      capacity: cursorCapacity(SENTINEL),
      note: 'page 1 as an equivalent cursor spelled anew each request',
    },
    {
      id: 'ceiling-pg-list',
      label: 'ceiling: Fastify + pg, latest p1 (naive)',
      target: 'pg',
      path: () => `/latest?cursor=${cursorVariant(SENTINEL, k++)}`,
      note: 'the same 20 cards: the same keyset query, pg parses each card, Fastify serializes them again',
    },
    {
      id: 'latest-deep-cold',
      label: `latest p${latestDeep.page}, cold`,
      target: 'app',
      path: () => `${latestPath}&cursor=${cursorVariant(latestDeep.cursor!, k++)}`,
      capacity: cursorCapacity(latestDeep.cursor),
      note: `page ${latestDeep.page} cursor spelled anew each request`,
    },
    {
      id: 'search-cold',
      label: 'search, cold',
      target: 'app',
      path: () => `/v1/content/search?q=${encodeURIComponent(searchVariant(k++))}`,
      capacity: searchCapacity,
      note: `${SEARCH_TERMS.length} queries (${SEARCH_TERMS.join(' | ')}), letter case varied each request`,
    },
    {
      id: 'search-paced',
      label: `search, cold, paced ${SEARCH_RATE} req/s`,
      target: 'app',
      path: () => `/v1/content/search?q=${encodeURIComponent(searchVariant(k++))}`,
      rate: SEARCH_RATE,
      capacity: searchCapacity,
      note: `as above, one request every ${(1000 / SEARCH_RATE).toFixed(0)} ms whatever the answers (open loop; latency from the scheduled send)`,
    },
  ];
  const uncached = await startApp(dbUrl, 'api-uncached', [], { CONTENT_CACHE_MAX_MB: '0' });
  const onReplica = READ_URL ? await startApp(dbUrl, 'api-replica', [], { CONTENT_CACHE_MAX_MB: '0', DATABASE_READ_URLS: READ_URL }) : undefined;
  if (onReplica) {
    scenarios.push(
      {
        id: 'article-render-replica',
        label: 'article page, uncached, on a standby',
        target: 'replica',
        path: () => `/v1/content/articles/${slugs[k++ % slugs.length]}`,
        note: `third api, cache off, DATABASE_READ_URLS=<standby> (rotating ${slugs.length} slugs)`,
      },
      {
        id: 'latest-render',
        label: 'latest p1, uncached, primary only',
        target: 'render',
        path: latestPath,
        note: 'the cache-off api: every request runs the list query on the primary',
      },
      { id: 'latest-render-replica', label: 'latest p1, uncached, on a standby', target: 'replica', path: latestPath, note: 'the standby api: the same query on the standby' },
    );
  }
  const bases: Record<Target, string> = { app: app.base, render: uncached.base, json: ceilingJson.base, pg: ceilingPg.base, replica: onReplica?.base ?? '' };
  const results = new Map<string, ScenarioResult>(
    scenarios.map((s) => [s.id, { id: s.id, label: s.label, target: s.target, note: s.note, rounds: [], mean: mean([]), capacity: s.capacity, cpu: { serverS: 0, postgresS: 0 } }]),
  );
  const pids: Record<Target, number> = { app: app.pid, render: uncached.pid, json: ceilingJson.pid, pg: ceilingPg.pid, replica: onReplica?.pid ?? 0 };
  const loadSampler = new RssSampler(app.pid);
  let rssLoadMax = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    for (const s of scenarios) {
      const run = (seconds: number) =>
        load({
          base: bases[s.target],
          path: s.path,
          seconds,
          connections: s.rate ? 10 : CONNECTIONS,
          rate: s.rate,
          headers: s.target === 'app' || s.target === 'render' || s.target === 'replica' ? headers : {},
        });
      if (WARMUP) await run(WARMUP);
      if (s.target === 'app') loadSampler.start();
      const cpu0 = cpuSecondsOf(pids[s.target]);
      const pg0 = postgresCpuSeconds();
      const f = await run(SECONDS);
      const r = results.get(s.id)!;
      r.cpu.serverS += cpuSecondsOf(pids[s.target]) - cpu0;
      r.cpu.postgresS += postgresCpuSeconds() - pg0;
      if (s.target === 'app') {
        const m = loadSampler.stop();
        r.rssMaxMb = Math.max(r.rssMaxMb ?? 0, m);
        rssLoadMax = Math.max(rssLoadMax, m);
      }
      r.rounds.push(f);
      log(
        `  [round ${round}/${ROUNDS}] ${s.label.padEnd(40)} ${f.reqPerSec.toFixed(0).padStart(6)} req/s  p50 ${f.p50} ms  p99 ${f.p99} ms${f.non2xx || f.errors ? `  non-2xx ${f.non2xx} errors ${f.errors}` : ''}`,
      );
    }
  }
  for (const r of results.values()) r.mean = mean(r.rounds);
  await sleep(3_000);
  const rssAfter = rssOf(app.pid);

  // 6. Targets (issue 9).
  const R = (id: string) => results.get(id)!.mean;
  const ratioWarm = R('article-warm').reqPerSec / R('ceiling-json').reqPerSec;
  const ratioCold = R('article-render').reqPerSec / R('ceiling-pg').reqPerSec;
  const ratioNewReader = R('article-cold').reqPerSec / R('ceiling-pg').reqPerSec;
  const ratioColdRaw = R('article-render').reqPerSec / R('ceiling-pg-raw').reqPerSec;
  const ratioList = R('latest-p1-cold').reqPerSec / R('ceiling-pg-list').reqPerSec;
  const deepLatest = R('latest-deep-cold').p50 / Math.max(R('latest-p1-cold').p50, 0.001);
  const deepSection = R('section-deep-cold').p50 / Math.max(R('section-p1-cold').p50, 0.001);
  const at100k = ARTICLES >= 100_000;
  const targets = [
    { metric: 'article page warm / bare Fastify (req/s)', value: ratioWarm, shown: pct(ratioWarm), target: '>= 50 %', pass: ratioWarm >= 0.5, scenario: 'article-warm' },
    {
      metric: 'article page cold (uncached render) / Fastify+pg (req/s)',
      value: ratioCold,
      shown: pct(ratioCold),
      target: '>= 70 %',
      pass: ratioCold >= 0.7,
      scenario: 'article-render',
    },
    {
      metric: 'article page cold (uncached render) / Fastify+pg sending the stored page text (req/s)',
      value: ratioColdRaw,
      shown: pct(ratioColdRaw),
      target: 'shown, not judged',
      pass: null,
      scenario: 'article-render',
    },
    {
      metric: 'article page, new reader each request / Fastify+pg (req/s)',
      value: ratioNewReader,
      shown: pct(ratioNewReader),
      target: '>= 70 %',
      pass: ratioNewReader >= 0.7,
      scenario: 'article-cold',
    },
    { metric: 'latest p1 cold / naive Fastify+pg list (req/s)', value: ratioList, shown: pct(ratioList), target: '>= 100 %', pass: ratioList >= 1, scenario: 'latest-p1-cold' },
    {
      metric: `latest p${latestDeep.page} / p1 latency (p50, cold)`,
      value: deepLatest,
      shown: deepLatest.toFixed(2),
      target: '<= 1.2',
      pass: deepLatest <= 1.2,
      scenario: 'latest-deep-cold',
    },
    {
      metric: `section p${sectionDeep.page} / p1 latency (p50, cold)`,
      value: deepSection,
      shown: deepSection.toFixed(2),
      target: '<= 1.2',
      pass: deepSection <= 1.2,
      scenario: 'section-deep-cold',
    },
    // 50 searches in flight on 2 cores: p99 there is queueing (throughput), not latency; shown, not judged
    {
      metric: `search p99 (cold, ${CONNECTIONS} connections flat out)${at100k ? '' : `, at ${ARTICLES / 1000}k`}`,
      value: R('search-cold').p99,
      shown: `${R('search-cold').p99.toFixed(1)} ms at ${R('search-cold').reqPerSec.toFixed(0)} req/s`,
      target: 'throughput (saturated)',
      pass: null,
      scenario: 'search-cold',
    },
    {
      metric: `search p99 (cold, paced ${SEARCH_RATE} req/s)${at100k ? '' : `, at ${ARTICLES / 1000}k (target is at 100k)`}`,
      value: R('search-paced').p99,
      shown: `${R('search-paced').p99.toFixed(1)} ms`,
      target: '<= 50 ms',
      pass: R('search-paced').p99 <= 50,
      scenario: 'search-paced',
    },
    { metric: 'api RSS idle (after boot)', value: rssIdle, shown: `${rssIdle.toFixed(0)} MB`, target: '<= 150 MB', pass: rssIdle <= 150, scenario: null },
    { metric: 'api RSS under load (max sampled)', value: rssLoadMax, shown: `${rssLoadMax.toFixed(0)} MB`, target: '<= 300 MB', pass: rssLoadMax <= 300, scenario: null },
  ];
  if (onReplica) {
    // one machine: the standby shares the two cores with the primary, the apis and the load, so
    // this shows what routing through a standby costs or gains here, not what a second host adds
    const page = R('article-render-replica').reqPerSec / R('article-render').reqPerSec;
    const list = R('latest-render-replica').reqPerSec / R('latest-render').reqPerSec;
    targets.push(
      {
        metric: 'article page uncached: primary + standby / primary only (req/s)',
        value: page,
        shown: pct(page),
        target: 'shown, not judged',
        pass: null,
        scenario: 'article-render-replica',
      },
      {
        metric: 'latest p1 uncached: primary + standby / primary only (req/s)',
        value: list,
        shown: pct(list),
        target: 'shown, not judged',
        pass: null,
        scenario: 'latest-render-replica',
      },
    );
  }

  // 7. Profiles of the api where a target was missed (each in a fresh api under --cpu-prof).
  const profiles: { scenario: string; summary: ProfileSummary }[] = [];
  const missed =
    PROFILE === '0'
      ? []
      : scenarios.filter((s) => (s.target === 'app' || s.target === 'render') && (PROFILE === '1' || targets.some((t) => t.pass === false && t.scenario === s.id)));
  // one search profile is enough: the paced run does the same work, more slowly
  const toProfile = missed.filter((s) => !(s.id === 'search-paced' && missed.some((o) => o.id === 'search-cold')));
  if (toProfile.length) {
    await stopChild(app);
    await stopChild(uncached);
    for (const s of toProfile) {
      const dir = join(RESULTS, `bench-${stamp}-prof-${s.id}`);
      mkdirSync(dir, { recursive: true });
      const prof = await startApp(dbUrl, `api-prof-${s.id}`, ['--cpu-prof', `--cpu-prof-dir=${dir}`], s.target === 'render' ? { CONTENT_CACHE_MAX_MB: '0' } : {});
      const run = (seconds: number) => load({ base: prof.base, path: s.path, seconds, connections: s.rate ? 10 : CONNECTIONS, rate: s.rate, headers });
      if (WARMUP) await run(WARMUP);
      const loadStart = Date.now();
      const f = await run(PROFILE_SECONDS);
      const loadEnd = Date.now();
      await stopChild(prof);
      const exitAt = Date.now();
      const file = readdirSync(dir).find((n) => n.endsWith('.cpuprofile'));
      if (!file) {
        log(`no .cpuprofile written for ${s.id}`);
        continue;
      }
      const summary = summarizeProfile(join(dir, file), 20, { fromEndMs: exitAt - loadStart, toEndMs: exitAt - loadEnd });
      profiles.push({ scenario: s.id, summary });
      log(`  profiled ${s.label}: ${f.reqPerSec.toFixed(0)} req/s under the profiler`);
    }
  }

  // 8. Report.
  const totalS = (Date.now() - t0) / 1000;
  const report = {
    at: new Date().toISOString(),
    settings: {
      articles: ARTICLES,
      seconds: SECONDS,
      warmupSeconds: WARMUP,
      connections: CONNECTIONS,
      rounds: ROUNDS,
      seedConcurrency: CONCURRENCY,
      limit: LIMIT,
      deepPageAsked: DEPTH,
    },
    machine: {
      loadAvgStart,
      loadAvgEnd: loadavg(),
      appNodeArgs: APP_NODE_ARGS,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memGb: totalmem() / 2 ** 30,
      node: process.version,
      postgres: pgVersion,
      database: db.embedded ? 'embedded' : 'DATABASE_URL',
    },
    seeding: { ...seeded, apiKey: undefined, publishedArticlesTableMb: Number(sizes.bytes) / 2 ** 20 },
    pages: { section, sectionArticles: counts[0]!.n, sectionDeepPage: sectionDeep.page, latestDeepPage: latestDeep.page, warmSlug, articlePageBytes: jsonBytes },
    checks,
    rss: { idleMb: rssIdle, loadMaxMb: rssLoadMax, afterLoadMb: rssAfter.rssMb, peakHwmMb: rssAfter.hwmMb },
    scenarios: [...results.values()].map((r) => ({ ...r, cpuPerRequest: cpuPerRequest(r) })),
    targets: targets.map(({ scenario: _s, ...t }) => t),
    profiles,
    totalSeconds: totalS,
  };
  const jsonFile = join(RESULTS, `bench-${stamp}.json`);
  writeFileSync(jsonFile, JSON.stringify(report, null, 2));

  const out: string[] = [];
  out.push(`## Benchmark: ${ARTICLES.toLocaleString('en-US')} articles (${new Date().toISOString().slice(0, 16)}Z)`);
  out.push('');
  out.push(
    `${cpus().length} cores (load average ${loadAvgStart[0]!.toFixed(1)} at start, ${report.machine.loadAvgEnd[0]!.toFixed(1)} at end), Node ${process.version}, PostgreSQL ${pgVersion} (${report.machine.database})${APP_NODE_ARGS.length ? `, api flags ${APP_NODE_ARGS.join(' ')}` : ''}; autocannon in the bench process, ${CONNECTIONS} connections, ${SECONDS} s per run after ${WARMUP} s warm-up, targets alternating (ceiling, api, ceiling, api, ...)${ROUNDS > 1 ? `, ${ROUNDS} rounds, figures are the mean of the rounds` : ''}; everything on loopback, sharing the same ${cpus().length} cores.`,
  );
  out.push(
    `Seeding: ${seeded.articles} articles ${SEED_PATH === 'bulk' ? 'through the set-based import path (importMany, 500 per transaction' : 'through the services (create, submit, approve, publish'}; ${seeded.counts.sections} sections, ${seeded.counts.tags} tags, ${seeded.counts.contributors} contributors, ${seeded.counts.images} credited images) in ${fmtSecs(seeded.servicesSeconds)} = ${seeded.rate.toFixed(0)} articles/s at concurrency ${CONCURRENCY}; then published_at spread over ${seeded.spreadYears.toFixed(1)} years by one UPDATE per table + VACUUM ANALYZE (${seeded.spreadSeconds.toFixed(1)} s). published_articles: ${(Number(sizes.bytes) / 2 ** 20).toFixed(0)} MB; article page ${(jsonBytes / 1024).toFixed(1)} KB.`,
  );
  out.push('');
  out.push(
    table(
      ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'server CPU µs/req', 'PostgreSQL CPU µs/req', 'non-2xx', 'api RSS max MB', 'what is requested'],
      [...results.values()].map((r) => [
        r.label,
        r.mean.reqPerSec.toFixed(0),
        r.mean.p50.toFixed(1),
        r.mean.p99.toFixed(1),
        cpuPerRequest(r).serverUs.toFixed(0),
        cpuPerRequest(r).postgresUs.toFixed(0),
        r.mean.non2xx + r.mean.errors,
        r.rssMaxMb ? r.rssMaxMb.toFixed(0) : '-',
        r.note + (r.capacity && r.capacity < r.mean.requests * 2 ? ` (WARNING: only ${r.capacity} spellings)` : ''),
      ]),
    ),
  );
  out.push('');
  out.push(
    table(
      ['target (issue 9)', 'measured', 'target', 'result'],
      targets.map((t) => [t.metric, t.shown, t.target, t.pass === null ? 'info' : t.pass ? 'pass' : 'MISS']),
    ),
  );
  out.push('');
  out.push(
    `Cold means the api's in-process cache cannot answer. The uncached article render runs against a second api with the cache off, rotating over ${slugs.length} slugs; "new reader each request" rotates the same slugs with a unique \`reader\` on the cached api (the page is cached per slug for every reader, the banners are chosen per request). Lists and search send an equivalent cursor/query spelled differently on every request (same instant in another UTC offset, uuid/term letter case), so every request runs the full render and its SQL. Warm repeats one URL. Server CPU per request: user + system time of the process that answered (all its threads, GC included) over the measured runs, from /proc/<pid>/stat, divided by the requests answered; PostgreSQL CPU the same for every postgres process (two cores are shared by the server, PostgreSQL and the load generator, so this, not req/s alone, says whose work a gap is). RSS from /proc/<pid>/status: idle ${rssIdle.toFixed(0)} MB, max under load ${rssLoadMax.toFixed(0)} MB, ${rssAfter.rssMb.toFixed(0)} MB 3 s after the load, VmHWM ${rssAfter.hwmMb.toFixed(0)} MB.`,
  );
  for (const p of profiles) {
    out.push('');
    out.push(`Profile of the api under "${results.get(p.scenario)!.label}":`);
    out.push('```');
    out.push(formatSummary(p.summary));
    out.push('```');
  }
  out.push('');
  out.push(`Total ${fmtSecs(totalS)}. JSON: ${jsonFile.slice(ROOT.length + 1)}`);
  process.stdout.write(out.join('\n') + '\n');
}

function pct(x: number): string {
  return `${(x * 100).toFixed(0)} %`;
}

try {
  await main();
  await cleanup();
  process.exit(0);
} catch (e) {
  log(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  await cleanup();
  process.exit(1);
}
