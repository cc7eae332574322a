import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { chromium, type Page } from 'playwright-core';
import { BootModule, PinoNestLogger, createRootLogger, openDatabase, type Database } from '#libs/boot';
import { loadConfig } from '#libs/config';
import { EditorialWorkflowModule } from '#libs/editorial-workflow';
import { AccountsService } from '#libs/identity';
import { Jobs } from '#libs/jobs';
import { fmtSecs, intEnv, log, prng, quantile, startChild, type Child } from './lib.js';
import { seedBench, WORDS } from './seed.js';

/**
 * `npm run bench:desk`: the desk against a DESK_BENCH_ARTICLES-article newsroom (100,000 by
 * default), in headless Chromium on loopback. A script, not a test: it prints and writes figures.
 *
 * - initial JS: the scripts index.html loads (entry + modulepreload), gzipped (level 9);
 * - the article list's first page rendered after an in-app navigation (unfiltered, filtered,
 *   searched), timed in the page from the navigation to the rendered rows;
 * - an article opened from the list (the editor chunk's first load apart);
 * - typing while autosaves are in flight: key-to-frame latency of every key press.
 *
 * Seeding: the taxonomy, contributors, images, accounts and DESK_BENCH_SERVICE_ARTICLES articles
 * go through the services (as `npm run bench` seeds); the rest are BENCH-ONLY set-based copies
 * (INSERT ... SELECT generate_series) into the same `articles` and `article_bylines` rows the
 * articles service writes, with varied headlines, bodies, sections, types, tags, bylines,
 * statuses (draft, in review, approved, archived: never published, so no read model is needed)
 * and times. They have no revision history. DESK_BENCH_KEEP=1 keeps the schema,
 * DESK_BENCH_SCHEMA=<schema> reuses it (migrated to this code first, and refused in words when it
 * is not a complete bench schema: checkReusedSchema), DESK_BENCH_SEED_ONLY=1 stops after seeding.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = join(ROOT, 'bench', 'results');
const APP_MAIN = join(ROOT, 'dist/apps/api/src/main.js');
const DESK_DIR = join(ROOT, 'apps/desk/dist');
const ARTICLES = intEnv('DESK_BENCH_ARTICLES', 100_000, 100);
const SERVICE_ARTICLES = intEnv('DESK_BENCH_SERVICE_ARTICLES', 40, 1);
const RUNS = intEnv('DESK_BENCH_RUNS', 15, 3);
const REUSE = process.env.DESK_BENCH_SCHEMA ?? '';
if (REUSE && !/^deskbench_[0-9a-f]{8}$/.test(REUSE)) throw new Error(`DESK_BENCH_SCHEMA must name a desk bench schema (deskbench_xxxxxxxx), not ${JSON.stringify(REUSE)}`);
const KEEP = process.env.DESK_BENCH_KEEP === '1' || REUSE !== '';
const schema = REUSE || `deskbench_${randomBytes(4).toString('hex')}`;
const jobsSchema = `${schema}_jobs`;
const EDITOR = { email: 'desk-bench-editor@newsroom.example', password: 'desk-bench-password-1' };
const stamp = new Date().toISOString().replace(/[:.]/g, '-');

@Module({})
class DeskBenchSeedModule {
  static forRoot(app: DynamicModule): DynamicModule {
    return { module: DeskBenchSeedModule, imports: [app, EditorialWorkflowModule] };
  }
}

const ms = (v: number) => `${v.toFixed(0)} ms`;
function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, median: quantile(s, 0.5), p95: quantile(s, 0.95), max: s[s.length - 1] ?? 0 };
}

/** BENCH-ONLY: set-based copies of articles (see the header). Returns how many rows it wrote. */
async function bulkArticles(pool: pg.Pool, n: number, ownerId: string): Promise<{ rows: number; names: string[] }> {
  const rand = prng(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const sentences = Array.from({ length: 97 }, () => {
    const w = Array.from({ length: 12 + Math.floor(rand() * 12) }, () => pick(WORDS));
    return `${w.join(' ').replace(/^./, (c) => c.toUpperCase())}.`;
  });
  // names (people, places, firms): what a desk search usually looks for; each in about 60 pieces
  const SYL = [
    'ka',
    'ro',
    'vel',
    'mir',
    'tan',
    'sor',
    'bel',
    'din',
    'lu',
    'mar',
    'os',
    'pek',
    'ra',
    'sil',
    'tor',
    'ven',
    'za',
    'hal',
    'ib',
    'jor',
    'kem',
    'lin',
    'nov',
    'or',
    'pra',
    'qui',
    'ruth',
    'sten',
    'ul',
    'wes',
    'yar',
    'ze',
    'dro',
    'fen',
    'gar',
    'hu',
    'ist',
    'kov',
    'mel',
    'nad',
  ];
  const names = Array.from({ length: 20_000 }, () => {
    const n = pick(SYL) + pick(SYL) + pick(SYL);
    return n.charAt(0).toUpperCase() + n.slice(1);
  });
  const ids = async (sql: string) => (await pool.query<{ id: string }>(sql)).rows.map((r) => r.id);
  const sections = await ids(`SELECT id FROM "${schema}".sections ORDER BY id`);
  const types = await ids(`SELECT id FROM "${schema}".article_types ORDER BY id`);
  const tags = await ids(`SELECT id FROM "${schema}".tags ORDER BY id`);
  const people = await ids(`SELECT id FROM "${schema}".contributors ORDER BY id`);
  const client = await pool.connect();
  try {
    await client.query(`SET search_path TO "${schema}"`);
    await client.query(`SET statement_timeout = 0`);
    await client.query('BEGIN');
    // one statement: every column the articles service fills for a draft, varied by g
    const r = await client.query(
      `INSERT INTO articles (id, status, version, status_changed_at, owner_id, headline, dek, slug, type_id, section_id, tag_ids, byline_ids,
                             body_html, body_text, excerpt, word_count, reading_minutes, created_at, updated_at)
       SELECT gen_random_uuid(), x.status, 1, x.at, CASE WHEN g % 10 = 0 THEN $1::uuid END, x.headline, x.dek, 'desk-bench-' || g,
              ($2::uuid[])[1 + g % cardinality($2::uuid[])], ($3::uuid[])[1 + (g / 7) % cardinality($3::uuid[])],
              ARRAY[($4::uuid[])[1 + g % cardinality($4::uuid[])], ($4::uuid[])[1 + (g / 3) % cardinality($4::uuid[])]],
              ARRAY[($5::uuid[])[1 + (g / 5) % cardinality($5::uuid[])]],
              x.html, x.text, left(x.text, 200), 320, 2, x.at, x.at
         FROM generate_series(1, $7::int) g
         CROSS JOIN LATERAL (
           SELECT (ARRAY['draft','draft','draft','in_review','approved','archived'])[1 + g % 6] AS status,
                  now() - make_interval(mins => g * 5) AS at,
                  ($6::text[])[1 + g % 97] || ' ' || ($6::text[])[1 + (g / 97) % 97] AS headline,
                  ($6::text[])[1 + (g * 31) % 97] AS dek,
                  (SELECT string_agg('<p>' || ($6::text[])[1 + ((g::bigint * 7919 + i * 104729) % 97)::int] || ' ' || ($6::text[])[1 + ((g::bigint * 104723 + i * 7907) % 97)::int] || ' So said ' || ($8::text[])[1 + ((g::bigint * 31337 + i * 7) % 20000)::int] || '.</p>', '' ORDER BY i)
                     FROM generate_series(1, 12) i) AS html,
                  (SELECT string_agg(($6::text[])[1 + ((g::bigint * 7919 + i * 104729) % 97)::int] || ' ' || ($6::text[])[1 + ((g::bigint * 104723 + i * 7907) % 97)::int] || ' So said ' || ($8::text[])[1 + ((g::bigint * 31337 + i * 7) % 20000)::int] || '.', E'\\n\\n' ORDER BY i)
                     FROM generate_series(1, 12) i) AS text
         ) x`,
      [ownerId, types, sections, tags, people, sentences, n, names],
    );
    await client.query(`INSERT INTO article_bylines (article_id, contributor_id, position) SELECT id, byline_ids[1], 0 FROM articles WHERE slug LIKE 'desk-bench-%'`);
    await client.query('COMMIT');
    await client.query('ANALYZE articles');
    await client.query('ANALYZE article_bylines');
    return { rows: r.rowCount ?? 0, names };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/**
 * A reused schema (DESK_BENCH_SCHEMA) is measured only if it is a complete desk bench schema at
 * this code's migrations: `openDatabase` has just applied what was missing (listed here, and the
 * tables analysed again so the plans are a fresh seed's); without the bench editor or the
 * set-based articles (a seed that stopped half way), it is refused in words, never measured.
 */
async function checkReusedSchema(pool: pg.Pool, applied: string[]): Promise<void> {
  const refuse = (why: string) => new Error(`DESK_BENCH_SCHEMA=${schema} cannot be measured: ${why}. Seed a new schema (unset DESK_BENCH_SCHEMA; DESK_BENCH_KEEP=1 keeps it).`);
  if (applied.some((m) => m.startsWith('CreateIdentity'))) {
    // openDatabase found nothing there and migrated an empty schema: not the one meant
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.query(`DROP SCHEMA IF EXISTS "${jobsSchema}" CASCADE`);
    throw refuse('there was no such schema in this database');
  }
  if (applied.length) {
    log(`desk bench: migrated the reused schema ${schema}: ${applied.join(', ')}; analysing it again`);
    await pool.query(`ANALYZE "${schema}".articles`);
    await pool.query(`ANALYZE "${schema}".article_bylines`);
  }
  const editor = await pool.query(`SELECT status FROM "${schema}".accounts WHERE email = $1`, [EDITOR.email]);
  if (editor.rows[0]?.status !== 'active') throw refuse(`it has no active bench editor (${EDITOR.email})`);
  const bulk = Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".articles WHERE slug LIKE 'desk-bench-%'`)).rows[0]!.n);
  if (!bulk) throw refuse('its set-based articles are missing (the seed stopped before them)');
}

/** The time from `go()` (in the page) until `ready` (a page predicate) holds, in ms, measured in the page. */
async function timed(page: Page, go: string, ready: string): Promise<number> {
  await page.evaluate(`window.__t0 = performance.now(); ${go}`);
  const h = await page.waitForFunction(`(${ready})() ? performance.now() - window.__t0 : false`, undefined, { polling: 'raf', timeout: 30_000 }).catch(async (e: unknown) => {
    const shot = join(RESULTS, `desk-${stamp}-failed.png`);
    await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
    // say what the page showed instead of what was awaited (an error, a sign-in form), not only "timeout"
    const shown = await page.evaluate(`[...document.querySelectorAll('[role=alert], .error, h1')].map((x) => x.textContent.trim()).filter(Boolean).join(' | ')`).catch(() => '');
    throw new Error(`the desk did not reach ${ready} within 30 s at ${page.url()}; the page shows: ${String(shown) || '(nothing)'}; screenshot ${shot}`, { cause: e });
  });
  return (await h.jsonValue()) as number;
}

const pushState = (path: string) => `history.pushState(null, '', ${JSON.stringify(path)}); dispatchEvent(new PopStateEvent('popstate'));`;
const LIST_READY = `() => { const t = document.querySelector('table.list'); return !!t && t.getAttribute('aria-busy') === 'false' && (t.querySelectorAll('tbody tr').length > 0 || document.body.textContent.includes('No article matches')); }`;
const HOME_READY = `() => !!document.querySelector('.boxes') && !document.querySelector('.box [role=status]')`;

function initialJs(): { files: { file: string; bytes: number; gzip: number }[]; gzipTotal: number } {
  const html = readFileSync(join(DESK_DIR, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map((m) => (m[1] ?? m[2])!);
  const files = [...new Set(refs)].map((ref) => {
    const buf = readFileSync(join(DESK_DIR, ref.replace(/^\/desk\//, '')));
    return { file: ref, bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
  });
  return { files, gzipTotal: files.reduce((a, f) => a + f.gzip, 0) };
}

async function main(): Promise<void> {
  const t0 = Date.now();
  if (!existsSync(APP_MAIN)) throw new Error(`${APP_MAIN} is missing: run \`npm run build\` first (npm run bench:desk does)`);
  if (!existsSync(join(DESK_DIR, 'index.html'))) throw new Error('the desk is not built: `npm run desk:build` (npm run bench:desk does)');
  mkdirSync(RESULTS, { recursive: true });
  const env = {
    ...process.env,
    DATABASE_SCHEMA: schema,
    JOBS_SCHEMA: jobsSchema,
    LOG_LEVEL: 'warn',
    DATABASE_STATEMENT_TIMEOUT: '30m',
    JOBS_IN_PROCESS: 'false',
    SEED_DEMO: 'never',
    EMBEDDED_PG_DIR: process.env.EMBEDDED_PG_DIR ?? '.data/bench-postgres',
    EMBEDDED_PG_PORT: process.env.EMBEDDED_PG_PORT ?? '54331',
  };
  const config = loadConfig(env);
  const logger = createRootLogger('warn');
  const db: Database = await openDatabase(config, logger);
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  let app: Child | undefined;
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  const seeding = { servicesSeconds: 0, bulkSeconds: 0, articles: 0 };
  try {
    if (REUSE) await checkReusedSchema(pool, db.applied);
    const have = REUSE ? Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".articles`)).rows[0]!.n) : 0;
    if (!REUSE) {
      log(`desk bench: seeding ${ARTICLES} articles into schema ${schema}`);
      const ctx = await NestFactory.createApplicationContext(DeskBenchSeedModule.forRoot(BootModule.forRoot({ config, dataSource: db.dataSource, databaseUrl: db.url })), {
        logger: new PinoNestLogger(logger),
        abortOnError: false,
      });
      let editorId: string;
      try {
        await ctx.get(Jobs).start(false);
        const s0 = Date.now();
        await seedBench(ctx, db.dataSource, { articles: SERVICE_ARTICLES, concurrency: 4, seed: 42 }, log);
        editorId = (await ctx.get(AccountsService).create({ email: EDITOR.email, displayName: 'Desk Bench Editor', role: 'editor', password: EDITOR.password, status: 'active' }))
          .id;
        seeding.servicesSeconds = (Date.now() - s0) / 1000;
      } finally {
        await ctx.close();
      }
      const b0 = Date.now();
      await bulkArticles(pool, ARTICLES - SERVICE_ARTICLES, editorId);
      seeding.bulkSeconds = (Date.now() - b0) / 1000;
      log(`seeded: ${SERVICE_ARTICLES} through the services in ${fmtSecs(seeding.servicesSeconds)}, ${ARTICLES - SERVICE_ARTICLES} set-based in ${fmtSecs(seeding.bulkSeconds)}`);
    } else log(`desk bench: reusing schema ${schema} (${have} articles)`);
    seeding.articles = Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".articles`)).rows[0]!.n);
    if (process.env.DESK_BENCH_SEED_ONLY === '1') {
      process.stdout.write(`seeded ${seeding.articles} articles into ${schema}; DESK_BENCH_SEED_ONLY=1: no measurements\n`);
      return;
    }

    app = await startChild({
      name: 'desk-api',
      script: APP_MAIN,
      cwd: ROOT,
      logFile: join(RESULTS, `desk-${stamp}-api.log`),
      readyPath: '/health',
      env: {
        DATABASE_URL: db.url,
        DATABASE_SCHEMA: schema,
        JOBS_SCHEMA: jobsSchema,
        LOG_REQUESTS: 'false',
        LOG_LEVEL: 'warn',
        JOBS_IN_PROCESS: 'false',
        SEED_DEMO: 'never',
        DESK_DIR,
      },
    });
    // the editor signs in through the api first: a schema without a working sign-in is refused here, in words
    const login = await fetch(`${app.base}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(EDITOR) });
    if (!login.ok)
      throw new Error(
        `the bench editor (${EDITOR.email}) cannot sign in to schema ${schema}: ${login.status} ${await login.text()}${REUSE ? ' (seed a new schema: unset DESK_BENCH_SCHEMA)' : ''}`,
      );
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
    // (bypassCSP: the bench's string predicates are evaluated in the page; the desk's CSP allows no eval)
    const context = await browser.newContext({ baseURL: app.base, viewport: { width: 1360, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto('/desk');
    await page.getByLabel('Email').fill(EDITOR.email);
    await page.getByLabel('Password').fill(EDITOR.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.waitForFunction(HOME_READY, undefined, { timeout: 30_000 });

    // the list: from Home, an in-app navigation to its first page (ready once its fetch is answered and rendered)
    const sections = (await pool.query<{ id: string }>(`SELECT id FROM "${schema}".sections ORDER BY id`)).rows.map((r) => r.id);
    const rand = prng(11);
    const lists: Record<string, number[]> = {
      unfiltered: [],
      'status + section': [],
      tag: [],
      'search (a common word)': [],
      'search (a name)': [],
      'search (three common words)': [],
    };
    const someNames = (
      await pool.query<{ w: string }>(
        `SELECT substring(body_text from 'So said ([A-Z][a-z]+)') AS w FROM "${schema}".articles WHERE slug LIKE 'desk-bench-%' ORDER BY random() LIMIT $1`,
        [RUNS],
      )
    ).rows.map((r) => r.w);
    const tags = (await pool.query<{ id: string }>(`SELECT id FROM "${schema}".tags ORDER BY id`)).rows.map((r) => r.id);
    for (let i = 0; i < RUNS; i++) {
      for (const [kind, path] of [
        ['unfiltered', '/desk/articles'],
        ['status + section', `/desk/articles?status=${['draft', 'in_review', 'approved'][i % 3]}&sectionId=${sections[i % sections.length]}`],
        ['tag', `/desk/articles?tagId=${tags[i % tags.length]}`],
        ['search (a common word)', `/desk/articles?q=${encodeURIComponent(WORDS[Math.floor(rand() * WORDS.length)]!)}`],
        ['search (a name)', `/desk/articles?q=${encodeURIComponent(someNames[i % someNames.length] ?? 'Karovel')}`],
        [
          'search (three common words)',
          `/desk/articles?q=${encodeURIComponent(`${WORDS[Math.floor(rand() * WORDS.length)]} ${WORDS[Math.floor(rand() * WORDS.length)]} ${WORDS[Math.floor(rand() * WORDS.length)]}`)}`,
        ],
      ] as const) {
        await timed(page, `${pushState('/desk')}`, HOME_READY);
        lists[kind]!.push(await timed(page, pushState(path), LIST_READY));
      }
    }

    // opening an article from the list: the first (loads the editor chunk), then warm ones
    const ids = (
      await pool.query<{ id: string; headline: string }>(`SELECT id, headline FROM "${schema}".articles WHERE status = 'draft' ORDER BY updated_at DESC LIMIT $1`, [RUNS + 1])
    ).rows;
    const OPEN_READY = (h: string) =>
      `() => { const l = [...document.querySelectorAll('label')].find((x) => x.textContent === 'Headline'); const i = l && document.getElementById(l.htmlFor); return !!i && i.value === ${JSON.stringify(h)} && !!document.querySelector('.ProseMirror p'); }`;
    const opens: number[] = [];
    let firstOpen = 0;
    for (let i = 0; i < ids.length; i++) {
      await timed(page, pushState('/desk/articles'), LIST_READY);
      const took = await timed(page, pushState(`/desk/articles/${ids[i]!.id}`), OPEN_READY(ids[i]!.headline));
      if (i === 0) firstOpen = took;
      else opens.push(took);
    }

    // typing while saves are in flight: each key's latency to the next frame
    let saves = 0;
    let savesInFlightWhileTyping = 0;
    let inFlight = 0;
    page.on('request', (r) => {
      if (r.method() === 'PATCH' && /\/v1\/admin\/articles\/[0-9a-f-]{36}$/.test(r.url())) {
        saves++;
        inFlight++;
      }
    });
    const done = (r: { method(): string }) => {
      if (r.method() === 'PATCH') inFlight--;
    };
    page.on('requestfinished', done);
    page.on('requestfailed', done);
    // saves answer slowly (600 ms more than the api takes): typing must not notice
    await page.route(/\/v1\/admin\/articles\/[0-9a-f-]{36}$/, async (route) => {
      if (route.request().method() === 'PATCH') await new Promise((r) => setTimeout(r, 600));
      await route.continue();
    });
    await timed(page, pushState(`/desk/articles/${ids[0]!.id}`), OPEN_READY(ids[0]!.headline));
    await page.evaluate(
      `window.__lat = []; document.addEventListener('keydown', () => { const t = performance.now(); requestAnimationFrame(() => window.__lat.push(performance.now() - t)); }, true);`,
    );
    await page.locator('.ProseMirror').click();
    await page.keyboard.press('Control+End');
    const typed = ' Typing on while the desk saves what came before, and nothing waits for it.';
    for (let round = 0; round < 4; round++) {
      for (const ch of typed) {
        await page.keyboard.type(ch);
        if (inFlight > 0) savesInFlightWhileTyping++;
        await new Promise((r) => setTimeout(r, 35));
      }
      await new Promise((r) => setTimeout(r, 1200)); // a pause: the autosave fires
    }
    const keyLatency = stats((await page.evaluate('window.__lat')) as number[]);
    const bodyText = (await page.locator('.ProseMirror').textContent()) ?? '';
    const allThere = bodyText.includes(typed.repeat(4).trim());

    const js = initialJs();
    const result = {
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, loadavg: loadavg() },
      schema,
      seeding,
      initialJs: { gzipBytes: js.gzipTotal, files: js.files },
      listFirstPageMs: Object.fromEntries(Object.entries(lists).map(([k, v]) => [k, stats(v)])),
      articleOpenMs: { first: firstOpen, warm: stats(opens) },
      typing: { keyToFrameMs: keyLatency, saves, keysTypedWithASaveInFlight: savesInFlightWhileTyping, everyKeyKept: allThere },
    };
    writeFileSync(join(RESULTS, `desk-${stamp}.json`), JSON.stringify(result, null, 2));
    const out = [
      `desk bench: ${seeding.articles} articles (schema ${schema}), ${RUNS} runs each, ${fmtSecs((Date.now() - t0) / 1000)} in all`,
      `initial JS: ${(js.gzipTotal / 1024).toFixed(1)} KB gzipped (${js.files.map((f) => `${f.file.split('/').pop()} ${(f.gzip / 1024).toFixed(1)} KB`).join(', ')})`,
      ...Object.entries(result.listFirstPageMs).map(([k, s]) => `list first page, ${k}: median ${ms(s.median)}, p95 ${ms(s.p95)}, max ${ms(s.max)}`),
      `article open: first ${ms(firstOpen)} (loads the editor chunk), then median ${ms(result.articleOpenMs.warm.median)}, p95 ${ms(result.articleOpenMs.warm.p95)}, max ${ms(result.articleOpenMs.warm.max)}`,
      `typing: ${keyLatency.n} keys, key to frame median ${ms(keyLatency.median)}, p95 ${ms(keyLatency.p95)}, max ${ms(keyLatency.max)}; ${saves} saves, ${savesInFlightWhileTyping} keys typed with a save in flight; every key kept: ${allThere}`,
      `written to bench/results/desk-${stamp}.json`,
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await browser?.close().catch(() => undefined);
    await app?.stop(15_000).catch(() => undefined);
    if (!KEEP) {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await pool.query(`DROP SCHEMA IF EXISTS "${jobsSchema}" CASCADE`).catch(() => undefined);
    } else log(`DESK_BENCH_KEEP=1: schema ${schema} kept (DESK_BENCH_SCHEMA=${schema} reuses it)`);
    await pool.end();
    await db.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
