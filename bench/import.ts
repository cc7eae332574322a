import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { intEnv, log } from './lib.js';
import { generateWxr, type WxrGenResult } from './wxr-generator.js';

/**
 * `npm run bench:import`: writes a realistic WXR of BENCH_IMPORT_POSTS posts (default 100,000;
 * 300 authors, 200 categories, 5,000 tags, 10,000 attachments with their image files), imports
 * it with `import:wxr` (the CLI a user runs) into a fresh schema of DATABASE_URL, and prints
 * posts/s, the importer's peak RSS and the CPU the PostgreSQL backends of the run used; then
 * checks that the read model, search, teasers and redirects are complete.
 *
 * BENCH_IMPORT_PATH=single|bulk (default bulk): the importer's path (`--path`).
 * BENCH_IMPORT_BATCH: posts per transaction (`--batch`). BENCH_KEEP=1 keeps the schema.
 * The generated export is kept under bench/results/wxr-<posts>/ and reused by the next run.
 *
 * The importer runs with `--trace-gc`: the live heap after each full (mark-compact) GC is
 * printed per tenth of the posts (lowest and highest), so a run that keeps something per
 * post shows a rising floor long before it reaches the heap limit.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const POSTS = intEnv('BENCH_IMPORT_POSTS', 100_000, 1);
const PATH = process.env.BENCH_IMPORT_PATH || 'bulk';
const BATCH = process.env.BENCH_IMPORT_BATCH;
const ATTACHMENTS = intEnv('BENCH_IMPORT_ATTACHMENTS', Math.min(10_000, Math.max(10, Math.round(POSTS / 10))), 1);
const CLI = join(ROOT, 'dist/apps/api/src/import-wxr.js');
const RESULTS = join(ROOT, 'bench/results');
const url = process.env.DATABASE_URL;
if (!url) throw new Error('bench:import needs DATABASE_URL (a PostgreSQL 15 database it may create schemas in)');
if (!['single', 'bulk'].includes(PATH)) throw new Error('BENCH_IMPORT_PATH is single or bulk');

const clk = 100; // USER_HZ on Linux
function cpuOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / clk;
  } catch {
    return null;
  }
}
function statusKb(pid: number, key: string): number | null {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm run bench:import does)`);
  mkdirSync(RESULTS, { recursive: true });
  const dir = join(RESULTS, `wxr-${POSTS}-${ATTACHMENTS}`);
  const file = join(dir, 'export.xml');
  const media = join(dir, 'uploads');
  const metaFile = join(dir, 'meta.json');
  let gen: WxrGenResult;
  if (existsSync(metaFile)) {
    gen = JSON.parse(readFileSync(metaFile, 'utf8')) as WxrGenResult;
    log(`reusing ${file} (${(gen.bytes / 2 ** 20).toFixed(0)} MB)`);
  } else {
    mkdirSync(dir, { recursive: true });
    const t = Date.now();
    gen = await generateWxr(
      file,
      { posts: POSTS, attachments: ATTACHMENTS, authors: Math.min(300, POSTS), categories: Math.min(200, POSTS), tags: Math.min(5000, POSTS * 2) },
      media,
    );
    writeFileSync(metaFile, JSON.stringify(gen));
    log(`wrote ${file}: ${gen.posts} posts, ${gen.attachments} attachments, ${(gen.bytes / 2 ** 20).toFixed(0)} MB in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const expectedLive = gen.byStatus.publish ?? 0;
  const schema = `bench_imp_${randomBytes(4).toString('hex')}`;
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const dbName = (await pool.query<{ d: string }>('SELECT current_database() AS d')).rows[0]!.d;
  const imagesDir = join(RESULTS, `images-${schema}`);
  const load0 = loadavg();
  log(`importing ${gen.posts} posts (${PATH} path${BATCH ? `, batch ${BATCH}` : ''}) into schema ${schema}; load average ${load0.map((x) => x.toFixed(2)).join(' ')}`);
  // the heap flag `npm run import:wxr` runs the CLI with
  const args = ['--max-old-space-size=192', '--trace-gc', CLI, file, '--media-dir', media, '--path', PATH, ...(BATCH ? ['--batch', BATCH] : [])];
  const started = Date.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_SCHEMA: schema,
      JOBS_SCHEMA: `${schema}_jobs`,
      IMAGE_STORAGE_DIR: imagesDir,
      LOG_LEVEL: 'warn',
      JOBS_IN_PROCESS: 'false',
      DATABASE_STATEMENT_TIMEOUT: '30m',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  // --trace-gc lines go to stdout: each full GC's heap after it, with the posts done then
  const fullGcs: { posts: number; mb: number }[] = [];
  let postsDone = 0;
  let partial = '';
  child.stdout.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      if (/^\[\d+:0x[0-9a-f]+\]\s+\d+ ms: /.test(line)) {
        const m = /Mark-Compact(?: \(reduce\))? [\d.]+ \([\d.]+\) -> ([\d.]+) \(/.exec(line);
        if (m) fullGcs.push({ posts: postsDone, mb: Number(m[1]) });
      } else stdout += `${line}\n`;
    }
  });
  let lastLine = '';
  // the end of the importer's stderr, printed when it fails (a crash writes its reason there)
  let errTail = '';
  let mediaStarted: number | null = null;
  let postsStarted: number | null = null;
  child.stderr.on('data', (d: Buffer) => {
    const s = d.toString();
    errTail = (errTail + s).slice(-4000);
    lastLine =
      s
        .split(/[\r\n]/)
        .filter(Boolean)
        .pop() ?? lastLine;
    if (mediaStarted === null && /attachments \d+/.test(s)) mediaStarted = Date.now();
    if (postsStarted === null && /posts \d+/.test(s)) postsStarted = Date.now();
    for (const m of s.matchAll(/posts (\d+)\//g)) postsDone = Number(m[1]);
  });
  // the backends of this database while the import runs (the other databases' are not ours)
  const backendCpu = new Map<number, { first: number; last: number }>();
  let peakRss = 0;
  const sample = async () => {
    peakRss = Math.max(peakRss, statusKb(child.pid!, 'VmHWM') ?? 0);
    const pids = (
      await pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid()`, [dbName])
    ).rows;
    for (const { pid } of pids) {
      const c = cpuOf(pid);
      if (c === null) continue;
      const seen = backendCpu.get(pid);
      if (seen) seen.last = c;
      else backendCpu.set(pid, { first: c, last: c });
    }
  };
  const timer = setInterval(() => {
    sample().catch(() => undefined);
    if (process.stderr.isTTY) process.stderr.write(`\r${lastLine.padEnd(70).slice(0, 90)}`);
  }, 500);
  const code = await new Promise<number | null>((ok) => child.once('close', ok));
  clearInterval(timer);
  stdout += partial;
  const seconds = (Date.now() - started) / 1000;
  process.stderr.write('\n');
  const pgCpu = [...backendCpu.values()].reduce((s, c) => s + (c.last - c.first), 0);
  const load1 = loadavg();
  if (code !== 0) {
    log(stdout.slice(-4000));
    log(errTail);
    throw new Error(`import:wxr exited with ${code}`);
  }
  const summary = stdout.split('\n').slice(0, 9).join('\n') + (/BULK_FALLBACK.*/.exec(stdout)?.[0] ? `\n${/BULK_FALLBACK.*/.exec(stdout)![0]}` : '');
  log(summary);

  // completeness: every published post live with its search row, teasers and redirects
  const q = async (sql: string) => Number((await pool.query<{ n: string }>(sql)).rows[0]!.n);
  const s = `"${schema}"`;
  const checks = {
    published: await q(`SELECT count(*) AS n FROM ${s}.articles WHERE status = 'published'`),
    readModel: await q(
      `SELECT count(*) AS n FROM ${s}.published_articles p JOIN ${s}.articles a ON a.id = p.article_id AND a.live_revision_id = p.revision_id WHERE p.page_body IS NOT NULL AND p.card IS NOT NULL`,
    ),
    search: await q(`SELECT count(*) AS n FROM ${s}.published_search`),
    teasers: await q(`SELECT count(*) AS n FROM ${s}.published_articles WHERE teasers IS NOT NULL`),
    redirects: await q(`SELECT count(DISTINCT article_id) AS n FROM ${s}.legacy_paths`),
    revisions: await q(`SELECT count(*) AS n FROM ${s}.article_revisions`),
    articles: await q(`SELECT count(*) AS n FROM ${s}.articles`),
    searchHits: await q(`SELECT count(*) AS n FROM ${s}.published_search WHERE search @@ websearch_to_tsquery('english', 'ceasefire')`),
  };
  const problems: string[] = [];
  if (checks.published < expectedLive) problems.push(`${checks.published} published, the export has ${expectedLive}`);
  if (checks.readModel !== checks.published) problems.push(`read model has ${checks.readModel} complete rows for ${checks.published} published pieces`);
  if (checks.search !== checks.published) problems.push(`search has ${checks.search} rows for ${checks.published} published pieces`);
  if (checks.teasers !== checks.published) problems.push(`${checks.published - checks.teasers} live pages without teasers`);
  if (checks.redirects !== checks.articles) problems.push(`${checks.articles - checks.redirects} pieces without their old permalinks`);
  if (checks.revisions < checks.articles) problems.push('a piece without a revision');
  if (!checks.searchHits) problems.push('search finds nothing');
  const rate = gen.posts / seconds;
  // the live heap after full GCs, per tenth of the posts (pass 1 and the attachments: "before")
  const heapAfterGc: { upTo: string; minMb: number; maxMb: number; gcs: number }[] = [];
  const tenth = Math.max(1, Math.ceil(gen.posts / 10));
  for (let k = -1; k < 10; k++) {
    const inIt = fullGcs.filter((g) => (k < 0 ? g.posts === 0 : g.posts > k * tenth && g.posts <= (k + 1) * tenth));
    if (!inIt.length) continue;
    const mbs = inIt.map((g) => g.mb);
    heapAfterGc.push({ upTo: k < 0 ? 'before posts' : `${Math.min(gen.posts, (k + 1) * tenth)} posts`, minMb: Math.min(...mbs), maxMb: Math.max(...mbs), gcs: inIt.length });
  }
  const result = {
    at: new Date().toISOString(),
    path: PATH,
    batch: BATCH ?? null,
    posts: gen.posts,
    attachments: gen.attachments,
    fileMb: Math.round(gen.bytes / 2 ** 20),
    seconds: Math.round(seconds * 10) / 10,
    // until the first batch of attachments, of posts, is in (boot + header, + attachments)
    phases: { firstAttachmentsSeconds: mediaStarted ? (mediaStarted - started) / 1000 : null, firstPostsSeconds: postsStarted ? (postsStarted - started) / 1000 : null },
    postsPerSecond: Math.round(rate * 10) / 10,
    peakRssMb: Math.round(peakRss / 1024),
    postgresCpuSeconds: Math.round(pgCpu * 10) / 10,
    heapAfterGc,
    loadAverage: { start: load0, end: load1 },
    checks,
    problems,
  };
  writeFileSync(join(RESULTS, `import-${result.at.replace(/[:.]/g, '-')}.json`), JSON.stringify(result, null, 2));
  process.stdout.write(
    `\n${gen.posts} posts + ${gen.attachments} attachments (${result.fileMb} MB) in ${result.seconds} s: ${result.postsPerSecond} posts/s overall\n` +
      `first attachments batch in after ${result.phases.firstAttachmentsSeconds ?? '-'} s, first posts batch after ${result.phases.firstPostsSeconds ?? '-'} s\n` +
      `peak RSS of the importer ${result.peakRssMb} MB; PostgreSQL backends CPU ${result.postgresCpuSeconds} s (${((pgCpu / seconds) * 100).toFixed(0)} % of one core)\n` +
      `heap after full GC (MB, lowest-highest): ${heapAfterGc.map((h) => `${h.upTo} ${h.minMb.toFixed(0)}-${h.maxMb.toFixed(0)}`).join(', ')}\n` +
      `load average before ${load0.map((x) => x.toFixed(2)).join(' ')}, after ${load1.map((x) => x.toFixed(2)).join(' ')}\n` +
      `checks: ${JSON.stringify(checks)}\n${problems.length ? `INCOMPLETE: ${problems.join('; ')}` : 'read model, search, teasers and redirects complete'}\n`,
  );
  if (process.env.BENCH_KEEP !== '1') {
    await pool.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}_jobs" CASCADE`);
    await rm(imagesDir, { recursive: true, force: true });
  } else log(`BENCH_KEEP=1: schema ${schema} kept`);
  await pool.end();
  if (problems.length) process.exit(1);
}

main().catch((e: unknown) => {
  log(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
