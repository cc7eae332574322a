import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Transactions } from '#libs/database';
import { FixedClock } from '#libs/kernel';
import { TeaserCandidateSource, type TeaserCandidate } from '#libs/related-stories';
import { WordpressImporter, type ImportOutcome } from '#libs/wordpress-import';
import { generateWxr } from '../../bench/wxr-generator.js';
import { createTestApp, type TestApp } from '../support/app-harness.js';

/**
 * Property: the bulk path (set-based writes through the owning libs) and the single-article
 * path (one piece at a time through the services) leave the same rows for the same export:
 * articles, revisions, bylines, image uses, transitions, the read model (page, card, page
 * bytes), search rows, teasers, byline snapshots, redirects, images and credit parties.
 * Ids are replaced by what they stand for (the WordPress key of the thing, a revision's piece
 * and number, a party's name); times taken from the clock of the run are left out, the
 * export's own dates are compared.
 */
const NOW = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

let single: TestApp;
let bulk: TestApp;
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'wp-bulk-'));
  const env = (name: string) => ({ IMAGE_STORAGE_DIR: path.join(scratch, `images-${name}`), IMAGE_BASE_URL: 'https://cms.example.org/media/images' });
  single = await createTestApp({ clock: new FixedClock(NOW), env: env('single') });
  bulk = await createTestApp({ clock: new FixedClock(NOW), env: env('bulk') });
}, 120_000);
afterAll(async () => {
  await single?.close();
  await bulk?.close();
});

/** The value with every object's keys in order (so equal rows print equal). */
const sorted = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(sorted)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
        )
      : v;

/** Each table as sorted JSON rows, ids replaced, volatile columns left out. */
async function snapshot(t: TestApp): Promise<Record<string, string[]>> {
  const names = new Map<string, string>();
  for (const r of await t.sql<{ kind: string; wp_key: string; target_id: string }>(`SELECT kind, wp_key, target_id FROM wordpress_import_refs`))
    names.set(r.target_id, `${r.kind}:${r.wp_key}`);
  for (const r of await t.sql<{ id: string; article_id: string; number: number }>(`SELECT id, article_id, number FROM article_revisions`))
    names.set(r.id, `rev:${names.get(r.article_id)}:${r.number}`);
  for (const r of await t.sql<{ id: string; kind: string; name: string }>(`SELECT id, kind, name FROM credit_parties`)) names.set(r.id, `party:${r.kind}:${r.name}`);
  const tables: [string, string[]][] = [
    ['articles', ['created_at', 'updated_at', 'status_changed_at', 'scheduled_job_id']],
    ['article_revisions', ['id', 'created_at']],
    ['article_bylines', []],
    ['article_transitions', ['id', 'at']],
    ['image_uses', ['id', 'created_at']],
    ['images', ['created_at', 'updated_at']],
    ['credit_parties', ['id', 'created_at', 'updated_at']],
    ['sections', ['created_at', 'updated_at']],
    ['tags', ['created_at', 'updated_at']],
    ['contributors', ['created_at', 'updated_at']],
    // page_tag and card_tag are MD5s of page_body and card_text, whose ids differ between runs:
    // the texts are compared
    ['published_articles', ['page_tag', 'card_tag']],
    ['published_search', []],
    ['byline_snapshots', ['taken_at']],
    ['legacy_paths', ['created_at']],
  ];
  const out: Record<string, string[]> = {};
  for (const [table, drop] of tables) {
    const rows = await t.sql<{ r: Record<string, unknown> }>(`SELECT to_jsonb(x) AS r FROM ${table} x`);
    out[table] = rows
      .map(({ r }) => {
        for (const k of drop) delete r[k];
        return JSON.stringify(sorted(r)).replace(UUID, (id) => names.get(id) ?? 'uuid?');
      })
      .sort();
  }
  const jobs = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM articles WHERE scheduled_job_id IS NOT NULL`);
  out.scheduledJobs = [String(jobs[0]!.n)];
  return out;
}

const normalReport = (o: ImportOutcome) => ({
  status: o.status,
  error: o.error,
  counts: o.report.counts,
  entries: o.report.entries
    .filter((e) => e.code !== 'BULK_FALLBACK')
    .map((e) => JSON.stringify(e))
    .sort(),
  needsCredit: o.report.needsCredit.map((n) => `${n.ref} ${n.headline}`).sort(),
});

describe('WordPress import: the bulk path and the single-article path', () => {
  it.each([
    { seed: 7, posts: 160, attachments: 30, batch: 50 },
    { seed: 1234, posts: 90, attachments: 12, batch: 25 },
  ])(
    'give the same rows for the same generated export (seed $seed)',
    async ({ seed, posts, attachments, batch }) => {
      const dir = path.join(scratch, `gen-${seed}`);
      const file = path.join(scratch, `export-${seed}.xml`);
      const gen = await generateWxr(
        file,
        { posts, attachments, authors: 12, categories: 30, tags: 40, seed, now: NOW, site: `https://seed${seed}.example.org` },
        path.join(dir, 'uploads'),
      );
      expect(gen.posts).toBe(posts);
      const run = (t: TestApp, p: 'single' | 'bulk') => t.app.get(WordpressImporter).run({ file, mediaDir: path.join(dir, 'uploads'), ctx: null, batchSize: batch, path: p });
      const a = await run(single, 'single');
      const b = await run(bulk, 'bulk');
      expect(a.status).toBe('succeeded');
      // the bulk path took every batch set-based (no fall-back to one by one)
      expect(b.report.entries.filter((e) => e.code === 'BULK_FALLBACK')).toEqual([]);
      expect(normalReport(b)).toEqual(normalReport(a));
      const [sa, sb] = [await snapshot(single), await snapshot(bulk)];
      // the export is not trivial: pieces went live with teasers, redirects and search rows
      expect(sa.published_articles!.length).toBeGreaterThan(posts / 2);
      expect(sa.published_articles!.every((r) => !r.includes('"teasers":null'))).toBe(true);
      expect(sa.legacy_paths!.length).toBeGreaterThan(posts);
      for (const table of Object.keys(sa)) expect(sb[table], table).toEqual(sa[table]);

      // and a second run of the same file on either path changes nothing
      const again = await run(bulk, 'bulk');
      expect(again.report.counts.article).toMatchObject({ created: 0, updated: 0, unchanged: posts - (gen.byStatus.trash ?? 0) });
      expect(await snapshot(bulk)).toEqual(sb);
    },
    300_000,
  );
});

/**
 * Property behind the bulk path's teasers: a batch chooses them before its rows go in, from
 * the live rows plus the batch as `pending` pieces. For any set of live pages, their fill
 * candidates with their rows removed and given as `pending` are the ones they get with the
 * rows in - for every branch (tag window, section, newest), with small windows so each cut
 * is reached.
 */
describe('teaser fill with pending pieces', () => {
  it('gives the candidates the rows would give once written', async () => {
    const seed = 99;
    const dir = path.join(scratch, `gen-${seed}`);
    const file = path.join(scratch, `export-${seed}.xml`);
    // many sections, few tags: every branch matters
    await generateWxr(
      file,
      { posts: 120, attachments: 10, authors: 5, categories: 12, tags: 8, seed, now: NOW, site: `https://seed${seed}.example.org` },
      path.join(dir, 'uploads'),
    );
    const out = await bulk.app.get(WordpressImporter).run({ file, mediaDir: path.join(dir, 'uploads'), ctx: null, batchSize: 40, path: 'bulk' });
    expect(out.status).toBe('succeeded');
    const source = bulk.app.get(TeaserCandidateSource);
    const rows = await bulk.sql<TeaserCandidate & { bodyText: string }>(
      `SELECT article_id AS "articleId", slug, headline, body_text AS "bodyText", section_id AS "sectionId", tag_ids AS "tagIds",
              published_at AS "publishedAt", page->'section' AS section, page->'topImage' AS "topImage", retracted
         FROM published_articles ORDER BY article_id`,
    );
    expect(rows.length).toBeGreaterThan(60);
    const sortedFill = (m: Map<string, TeaserCandidate[]>) =>
      [...m].map(([id, cs]) => [id, [...cs].sort((a, b) => (a.articleId < b.articleId ? -1 : 1))] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    let rnd = 12345;
    const next = () => (rnd = (rnd * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const [k, q] of [
      { limit: 3, tagWindow: 200 },
      { limit: 3, tagWindow: 2 },
      { limit: 2, tagWindow: 4 },
      { limit: 5, tagWindow: 1 },
    ].entries()) {
      const chosen = rows.filter(() => next() < [0.3, 0.6, 0.15, 0.9][k]!);
      const subjects = chosen.map((r) => ({ articleId: r.articleId, tagIds: r.tagIds ?? [], sectionId: r.sectionId }));
      const ids = chosen.map((r) => r.articleId);
      let withRows: Map<string, TeaserCandidate[]> | null = null;
      let pendingFill: Map<string, TeaserCandidate[]> | null = null;
      await bulk.app
        .get(Transactions)
        .run(async (tx) => {
          withRows = await source.fillMany(subjects, q, tx);
          await tx.query(`DELETE FROM published_search WHERE article_id = ANY($1::uuid[])`, [ids]);
          await tx.query(`DELETE FROM published_articles WHERE article_id = ANY($1::uuid[])`, [ids]);
          pendingFill = await source.fillMany(subjects, q, tx, chosen);
          throw new Error('rollback');
        })
        .catch((e: unknown) => {
          if (!(e instanceof Error) || e.message !== 'rollback') throw e;
        });
      expect(pendingFill, `case ${k}`).not.toBeNull();
      expect(sortedFill(pendingFill!), `case ${k}`).toEqual(sortedFill(withRows!));
    }
  }, 300_000);
});
