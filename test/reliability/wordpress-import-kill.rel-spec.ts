import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWxr, type WxrGenResult } from '../../bench/wxr-generator.js';
import { actingAs, contentKey, createTestApp, type TestApp } from '../support/app-harness.js';
import { databaseUrl } from './support/db.js';
import { sleep } from './support/processes.js';

/**
 * `import:wxr` SIGKILLed in the middle of the posts, then run again: the second run completes,
 * nothing is there twice, and at no point does the content API show a half-imported piece
 * (every live page answers with its section, byline and tags, and its old permalink
 * redirects to it). Then the importer's peak RSS on a generated export of RSS_POSTS posts.
 */
const POSTS = 600;
const RSS_POSTS = Number(process.env.REL_IMPORT_RSS_POSTS ?? 5_000);
const CLI = path.resolve('dist/apps/api/src/import-wxr.js');

let t: TestApp;
let key: string;
let scratch: string;
let gen: WxrGenResult;
let file: string;
let media: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'wp-kill-'));
  t = await createTestApp({ env: { IMAGE_STORAGE_DIR: path.join(scratch, 'images') } });
  key = await contentKey(t, await actingAs(t, 'admin'));
  file = path.join(scratch, 'export.xml');
  media = path.join(scratch, 'uploads');
  gen = await generateWxr(file, { posts: POSTS, attachments: 60, authors: 30, categories: 20, tags: 200, seed: 99 }, media);
});
afterAll(async () => {
  await t?.close();
});

function importer(args: string[], schema = t.schema): { proc: ChildProcess; done: Promise<{ code: number | null; signal: string | null; stdout: string; peakRssKb: number }> } {
  const proc = spawn(process.execPath, ['--max-old-space-size=192', CLI, ...args], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl(),
      DATABASE_SCHEMA: schema,
      JOBS_SCHEMA: `${schema}_jobs`,
      IMAGE_STORAGE_DIR: path.join(scratch, 'images'),
      LOG_LEVEL: 'warn',
      JOBS_IN_PROCESS: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  proc.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr!.resume();
  let peakRssKb = 0;
  const timer = setInterval(() => {
    readFile(`/proc/${proc.pid}/status`, 'utf8')
      .then((s) => (peakRssKb = Math.max(peakRssKb, Number(/^VmHWM:\s+(\d+)/m.exec(s)?.[1] ?? 0))))
      .catch(() => undefined);
  }, 200);
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; peakRssKb: number }>((resolve) =>
    proc.once('exit', (code, signal) => {
      clearInterval(timer);
      resolve({ code, signal, stdout, peakRssKb });
    }),
  );
  return { proc, done };
}

const content = (p: string) => t.http().get(p).set('X-Api-Key', key);

/** Every live page through the content API: whole, and reachable from its old permalink. */
async function assertNothingHalfImported(): Promise<number> {
  const slugs: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await content(`/v1/content/articles?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    for (const a of res.body.items as { slug: string }[]) slugs.push(a.slug);
    cursor = res.body.nextCursor as string | null;
  } while (cursor);
  expect(new Set(slugs).size).toBe(slugs.length);
  const pieces = await t.sql<{ slug: string; wp: string }>(
    `SELECT p.slug, r.wp_key AS wp FROM published_articles p JOIN wordpress_import_refs r ON r.kind = 'article' AND r.target_id = p.article_id`,
  );
  // every live page is an imported piece with its ref (one transaction wrote both)
  expect(pieces.length).toBe(slugs.length);
  for (const p of pieces.filter((_, i) => i % 5 === 0)) {
    const page = await content(`/v1/content/articles/${p.slug}`);
    expect(page.status, p.slug).toBe(200);
    expect(page.body.article.bylines.length, p.slug).toBe(1);
    expect(page.body.article.section.slug, p.slug).toBeTruthy();
    expect(page.body.article.tags.length, p.slug).toBeGreaterThan(0);
    expect(Array.isArray(page.body.relatedStories), p.slug).toBe(true);
    const old = await content(`/v1/content/redirects?path=${encodeURIComponent(`/?p=${p.wp}`)}`).redirects(0);
    expect(old.status, p.slug).toBe(301);
    expect(old.headers.location).toBe(`/v1/content/articles/${p.slug}`);
  }
  return slugs.length;
}

describe('WordPress import killed with SIGKILL', () => {
  it('resumes on the next run: completes, nothing twice, nothing half-imported visible', async () => {
    const first = importer([file, '--media-dir', media, '--batch', '50']);
    // kill it once some batches of posts are in, while it is writing more
    for (let i = 0; ; i++) {
      const n = (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM wordpress_import_refs WHERE kind = 'article'`))[0]!.n;
      if (n >= 150) break;
      if (i > 1200) throw new Error('the import did not get to the posts in 4 minutes');
      await sleep(200);
    }
    first.proc.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    const partial = (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM articles`))[0]!.n;
    expect(partial).toBeGreaterThanOrEqual(150);
    expect(partial).toBeLessThan(POSTS);
    const liveBefore = await assertNothingHalfImported();
    expect(liveBefore).toBeGreaterThan(0);

    const second = await importer([file, '--media-dir', media, '--batch', '50']).done;
    expect(second.code, second.stdout.slice(-2000)).toBe(0);
    expect(second.stdout).toMatch(/succeeded/);
    const counts = await t.sql<{ articles: number; refs: number; revisions: number; slugs: number; images: number; contributors: number }>(
      `SELECT (SELECT count(*)::int FROM articles) AS articles, (SELECT count(*)::int FROM wordpress_import_refs WHERE kind = 'article') AS refs,
              (SELECT count(*)::int FROM article_revisions) AS revisions, (SELECT count(DISTINCT slug)::int FROM published_articles) AS slugs,
              (SELECT count(*)::int FROM images) AS images, (SELECT count(*)::int FROM contributors) AS contributors`,
    );
    expect(counts[0]).toMatchObject({ articles: POSTS, refs: POSTS, revisions: POSTS, images: gen.attachments, contributors: 30 });
    const live = await assertNothingHalfImported();
    expect(live).toBe(gen.byStatus.publish);

    // and a third run finds nothing to do
    const third = await importer([file, '--media-dir', media, '--batch', '50']).done;
    expect(third.code).toBe(0);
    expect(third.stdout).toMatch(new RegExp(`article\\s+0\\s+0\\s+${POSTS}\\s`));
  });

  it(`streams: a ${RSS_POSTS}-post export imports with the process under 300 MB RSS`, async () => {
    const big = path.join(scratch, 'big.xml');
    const g = await generateWxr(
      big,
      { posts: RSS_POSTS, attachments: 200, authors: 100, categories: 50, tags: 2000, seed: 5, site: 'https://big.example.org' },
      path.join(scratch, 'big-uploads'),
    );
    const run = await importer([big, '--media-dir', path.join(scratch, 'big-uploads')]).done;
    expect(run.code, run.stdout.slice(-2000)).toBe(0);
    const n = (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM wordpress_import_refs WHERE kind = 'article' AND site = 'big.example.org'`))[0]!.n;
    expect(n).toBe(RSS_POSTS);
    process.stdout.write(`import RSS: ${(g.bytes / 2 ** 20).toFixed(0)} MB export, ${RSS_POSTS} posts, peak RSS ${(run.peakRssKb / 1024).toFixed(0)} MB\n`);
    expect(run.peakRssKb).toBeGreaterThan(0);
    expect(run.peakRssKb / 1024).toBeLessThan(300);
  }, 1_800_000);
});
