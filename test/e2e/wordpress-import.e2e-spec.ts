import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WordpressImporter } from '#libs/wordpress-import';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/wxr/${name}`, import.meta.url));
const images = (name: string) => fileURLToPath(new URL(`../fixtures/images/${name}`, import.meta.url));

let t: TestApp;
let admin: Credential;
let editor: Credential;
let key: string;
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'wp-import-'));
  t = await createTestApp({
    worker: true,
    env: { IMPORT_STORAGE_DIR: path.join(scratch, 'imports'), IMAGE_STORAGE_DIR: path.join(scratch, 'images'), IMAGE_BASE_URL: 'https://cms.example.org/media/images' },
  });
  admin = await actingAs(t, 'admin');
  editor = await actingAs(t, 'editor');
  key = await contentKey(t, admin);
});
afterAll(async () => {
  await t?.close();
});

interface Report {
  counts: Record<string, { created: number; updated: number; unchanged: number; skipped: number; failed: number }>;
  entries: { ref: string; code: string; reason: string }[];
  needsCredit: { ref: string; articleId: string; imageId: string | null }[];
}
interface Run {
  id: string;
  status: string;
  report: Report | null;
  error: { code: string; message: string; line?: number | null; column?: number | null } | null;
  progress: Record<string, unknown>;
}

/** Uploads an export and waits for its job to finish. */
async function importOverHttp(file: string, fields: Record<string, string> = {}): Promise<Run> {
  const req = t.http().post('/v1/admin/imports').set(admin.auth).attach('file', file);
  for (const [k, v] of Object.entries(fields)) req.field(k, v);
  const res = await req;
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  expect(res.headers.location).toBe(`/v1/admin/imports/${res.body.id}`);
  for (;;) {
    const r = await t.http().get(`/v1/admin/imports/${res.body.id}`).set(admin.auth);
    expect(r.status).toBe(200);
    if (r.body.status === 'succeeded' || r.body.status === 'failed') return r.body as Run;
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

const content = (p: string) => t.http().get(p).set('X-Api-Key', key);
const codes = (r: Report, ref: string) =>
  r.entries
    .filter((e) => e.ref === ref)
    .map((e) => e.code)
    .sort();

describe('WordPress import: a WXR 1.2 export', () => {
  it('imports authors, sections, tags, images and a published post the content API serves, with its old dates', async () => {
    const run = await importOverHttp(fixture('basic-1.2.xml'));
    expect(run.error).toBeNull();
    expect(run.status).toBe('succeeded');
    expect(run.report!.counts.article).toMatchObject({ created: 1, failed: 0 });
    expect(run.report!.counts.author).toMatchObject({ created: 2 });
    expect(run.report!.counts.image).toMatchObject({ created: 1 });
    expect(codes(run.report!, 'taxonomy:nav_menu')).toEqual(['TAXONOMY_SKIPPED']);

    const page = await content('/v1/content/articles/kyiv-winter');
    expect(page.status).toBe(200);
    const a = page.body.article;
    expect(a.headline).toBe('Kyiv & the winter');
    expect(a.dek).toBe('A short dek.');
    // RULE: the section is the top-level ancestor of the first category; the lower one a tag
    expect(a.section).toMatchObject({ slug: 'world', name: 'World' });
    expect(a.tags.map((x: { name: string }) => x.name).sort()).toEqual(['Europe & Eurasia', 'NATO']);
    expect(a.bylines.map((b: { name: string }) => b.name)).toEqual(['Jane Doe']);
    expect(a.bodyHtml).toBe('<p>First paragraph with <em>emphasis</em>.</p><p>Second paragraph.</p>');
    expect(a.topImage).toMatchObject({ alt: 'A tram on a snowy street', caption: 'Trams run through the blackout', creditLine: 'Top image credit: Olena Koval / Reuters' });
    expect(a.firstPublishedAt).toBe('2023-11-05T10:00:00.000Z');
    expect(a.updatedAt).toBe('2023-11-06T07:30:00.000Z');

    // the old permalinks answer with a 301 to the new page
    for (const old of ['/2023/11/05/kyiv-winter/', 'https://old.example.org/2023/11/05/kyiv-winter/', '/?p=12', '/2023/11/kyiv-winter']) {
      const r = await content(`/v1/content/redirects?path=${encodeURIComponent(old)}`).redirects(0);
      expect(r.status, old).toBe(301);
      expect(r.headers.location).toBe('/v1/content/articles/kyiv-winter');
    }
    const none = await content(`/v1/content/redirects?path=${encodeURIComponent('/2023/11/05/nothing/')}`);
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('REDIRECT_NOT_FOUND');

    // the admin API sees the piece as published, with a transition `import`
    const list = await t.http().get('/v1/admin/articles?status=published').set(editor.auth);
    const mine = list.body.items.filter((x: { slug: string }) => x.slug === 'kyiv-winter');
    expect(mine).toHaveLength(1);
  });

  it('is idempotent: the same file again changes nothing and creates nothing twice', async () => {
    const before = await t.sql<{ n: number }>(
      `SELECT (SELECT count(*) FROM articles)::int + (SELECT count(*) FROM images)::int + (SELECT count(*) FROM contributors)::int + (SELECT count(*) FROM article_revisions)::int AS n`,
    );
    const run = await importOverHttp(fixture('basic-1.2.xml'));
    expect(run.status).toBe('succeeded');
    expect(run.report!.counts.article).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect(run.report!.counts.image).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect(run.report!.counts.author).toMatchObject({ created: 0, unchanged: 2 });
    const after = await t.sql<{ n: number }>(
      `SELECT (SELECT count(*) FROM articles)::int + (SELECT count(*) FROM images)::int + (SELECT count(*) FROM contributors)::int + (SELECT count(*) FROM article_revisions)::int AS n`,
    );
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('a newer export of the site updates what changed and adds what is new', async () => {
    const run = await importOverHttp(fixture('basic-1.2-newer.xml'));
    expect(run.status).toBe('succeeded');
    expect(run.report!.counts.article).toMatchObject({ created: 1, updated: 1 });
    const page = await content('/v1/content/articles/kyiv-winter');
    expect(page.body.article.headline).toBe('Kyiv through the winter');
    expect(page.body.article.bodyHtml).toContain('Second paragraph, revised.');
    expect(page.body.article.firstPublishedAt).toBe('2023-11-05T10:00:00.000Z');
    expect(page.body.article.updatedAt).toBe('2023-12-01T08:00:00.000Z');
    expect((await content('/v1/content/articles/a-second-piece')).status).toBe(200);
    const rows = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM articles WHERE slug = 'kyiv-winter'`);
    expect(rows[0]!.n).toBe(1);
    // the edit is a new revision of the same piece
    const revs = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM article_revisions r JOIN articles a ON a.id = r.article_id WHERE a.slug = 'kyiv-winter'`);
    expect(revs[0]!.n).toBe(2);
  });
});

describe('WordPress import: statuses and post types', () => {
  let run: Run;
  beforeAll(async () => {
    run = await importOverHttp(fixture('statuses.xml'));
  });

  const stateOf = async (slug: string) => (await t.sql<{ status: string; scheduled_at: Date | null }>(`SELECT status, scheduled_at FROM articles WHERE slug = $1`, [slug]))[0];

  it('maps draft, pending, private and future, and skips trash', async () => {
    expect(run.status).toBe('succeeded');
    expect((await stateOf('a-draft'))?.status).toBe('draft');
    expect((await stateOf('pending-review'))?.status).toBe('in_review');
    expect((await stateOf('private-note'))?.status).toBe('draft');
    expect(codes(run.report!, 'post:103')).toEqual(['PRIVATE_AS_DRAFT']);
    const future = await stateOf('coming-soon');
    expect(future).toMatchObject({ status: 'scheduled', scheduled_at: new Date('2099-01-01T09:00:00Z') });
    expect(await stateOf('thrown-away')).toBeUndefined();
    expect(codes(run.report!, 'post:105')).toEqual(['TRASHED_SKIPPED']);
    // a schedule already past: published at its date, and flagged
    expect(codes(run.report!, 'post:110')).toEqual(['SCHEDULE_PASSED', 'TOP_IMAGE_MISSING']);
    expect((await content('/v1/content/articles/past-schedule')).body.article.firstPublishedAt).toBe('2020-05-05T05:05:05.000Z');
    // nothing that is not published is on the content API
    for (const slug of ['a-draft', 'pending-review', 'private-note', 'coming-soon']) expect((await content(`/v1/content/articles/${slug}`)).status).toBe(404);
  });

  it('reports pages, menu items, revisions and custom types instead of importing them', async () => {
    expect(codes(run.report!, 'post:106')).toEqual(['PAGE_NOT_IMPORTED']);
    expect(run.report!.entries.find((e) => e.ref === 'post:106')!.reason).toContain('https://old.example.org/about/');
    expect(codes(run.report!, 'post:107')).toEqual(['MENU_ITEM_SKIPPED']);
    expect(codes(run.report!, 'post:108')).toEqual(['REVISION_SKIPPED']);
    expect(codes(run.report!, 'post:109')).toEqual(['POST_TYPE_SKIPPED']);
    expect(await stateOf('about')).toBeUndefined();
    expect(run.report!.counts.page).toMatchObject({ skipped: 1 });
  });

  it('an unknown author and category are created and reported, other taxonomies reported', async () => {
    expect(codes(run.report!, 'post:111')).toEqual(['AUTHOR_UNKNOWN', 'CATEGORY_UNKNOWN', 'TAXONOMY_SKIPPED', 'TOP_IMAGE_MISSING']);
    const page = await content('/v1/content/articles/by-a-stranger');
    expect(page.body.article.bylines.map((b: { name: string }) => b.name)).toEqual(['ghost']);
    expect(page.body.article.section.slug).toBe('science');
  });
});

describe('WordPress import: bodies and images', () => {
  let run: Run;
  let mediaDir: string;
  beforeAll(async () => {
    mediaDir = path.join(scratch, 'uploads');
    await mkdir(path.join(mediaDir, '2023/11'), { recursive: true });
    await mkdir(path.join(mediaDir, '2024/01'), { recursive: true });
    await copyFile(images('sample-credited.jpg'), path.join(mediaDir, '2023/11/kyiv-winter.jpg'));
    await writeFile(path.join(mediaDir, '2024/01/broken.jpg'), 'not an image at all');
    // 2024/01/uncredited.jpg is missing on purpose
    const outcome = await t.app.get(WordpressImporter).run({ file: fixture('body-and-images.xml'), mediaDir, ctx: null });
    run = { id: outcome.runId, status: outcome.status, report: outcome.report, error: outcome.error, progress: {} };
  });

  it('stores files found under the media dir, registers the others by URL, reports each problem', async () => {
    expect(run.status).toBe('succeeded');
    const rows = await t.sql<{ external_url: string | null; source: string; alt_text: string | null }>(`SELECT source, external_url, alt_text FROM images ORDER BY created_at`);
    const bySource = rows.map((r) => `${r.source}:${r.external_url ?? ''}`);
    expect(bySource).toContain('url:https://media.example.org/wp-content/uploads/2024/01/uncredited.jpg');
    expect(bySource).toContain('url:https://media.example.org/wp-content/uploads/2024/01/broken.jpg');
    expect(rows.some((r) => r.source === 'upload' && r.alt_text === 'A tram on a snowy street')).toBe(true);
    expect(codes(run.report!, 'attachment:31')).toEqual(['IMAGE_CREDIT_MISSING', 'MEDIA_FILE_MISSING']);
    expect(codes(run.report!, 'attachment:32')).toEqual(['IMAGE_UNREADABLE']);
  });

  it('turns [caption] into a figure with the credit, embeds on their own line, reports other shortcodes', async () => {
    const page = await content('/v1/content/articles/body-rules');
    expect(page.status).toBe(200);
    const html: string = page.body.article.bodyHtml;
    expect(html).toContain('<p>Opening paragraph<br />\nwith a line break.</p>');
    expect(html).toMatch(
      /<figure><img src="https:\/\/cms\.example\.org\/media\/images\/[0-9a-f]+\.jpg" alt="A tram on a snowy street" \/><figcaption>Trams in the dark <cite>Olena Koval \/ Reuters<\/cite><\/figcaption><\/figure>/,
    );
    expect(html).toContain('<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"');
    expect(html).toContain('Closing words [sic].');
    expect(html).not.toContain('[gallery');
    expect(codes(run.report!, 'post:201')).toEqual(['SHORTCODE_REMOVED']);
    // the top image is the uploaded file, credited
    expect(page.body.article.topImage.creditLine).toBe('Top image credit: Olena Koval / Reuters');
  });

  it('a published piece whose image has no credit is imported as published and listed as needing a credit', async () => {
    const page = await content('/v1/content/articles/needs-a-credit');
    expect(page.status).toBe(200);
    expect(page.body.article.topImage.creditLine).toBeNull();
    expect(codes(run.report!, 'post:202')).toEqual(['NEEDS_CREDIT']);
    expect(run.report!.needsCredit).toEqual([expect.objectContaining({ ref: 'post:202', articleId: page.body.article.articleId })]);
  });
});

describe('WordPress import: bad input', () => {
  it('refuses a file that is not a WordPress export, and DOCTYPEs (entity bombs, external entities), with clear codes', async () => {
    const before = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM wordpress_imports`);
    for (const [name, code] of [
      ['not-wxr.xml', 'WXR_NOT_WXR'],
      ['not-rss.xml', 'WXR_NOT_WXR'],
      ['entity-bomb.xml', 'WXR_DOCTYPE_REFUSED'],
      ['external-entity.xml', 'WXR_DOCTYPE_REFUSED'],
      ['version-9.xml', 'WXR_VERSION_UNSUPPORTED'],
    ]) {
      const res = await t.http().post('/v1/admin/imports').set(admin.auth).attach('file', fixture(name!));
      expect(res.status, name).toBe(400);
      expect(res.body.error.code, name).toBe(code);
    }
    const after = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM wordpress_imports`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('malformed XML fails the run with line and column; the items complete before it are imported', async () => {
    const run = await importOverHttp(fixture('malformed.xml'));
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'WXR_MALFORMED', line: 7 });
    expect(run.error!.column).toBeGreaterThan(0);
    expect((await content('/v1/content/articles/one')).status).toBe(200);
  });

  it('needs a multipart body with a file', async () => {
    const json = await t.http().post('/v1/admin/imports').set(admin.auth).send({ file: 'x' });
    expect(json.status).toBe(415);
    expect(json.body.error.code).toBe('IMPORT_NOT_MULTIPART');
    const noFile = await t.http().post('/v1/admin/imports').set(admin.auth).field('dryRun', 'true');
    expect(noFile.status).toBe(400);
    expect(noFile.body.error.code).toBe('IMPORT_FILE_MISSING');
  });

  it('is for admins only (imports.manage)', async () => {
    // (no file attached: the guard refuses before the body is read, and a client still uploading
    // then meets a closed socket, EPIPE, on a loaded machine; the refusal itself is what is tested)
    const runs = async () => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM wordpress_imports`))[0]!.n;
    const before = await runs();
    const res = await t.http().post('/v1/admin/imports').set(editor.auth);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('AUTH_FORBIDDEN');
    expect(await runs()).toBe(before);
    expect((await t.http().get(`/v1/admin/imports/00000000-0000-4000-8000-000000000000`).set(editor.auth)).status).toBe(403);
    expect((await t.http().get(`/v1/admin/imports/00000000-0000-4000-8000-000000000000`).set(admin.auth)).status).toBe(404);
  });

  it('a dry run reports what would happen and writes nothing', async () => {
    const before = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM articles`);
    const run = await importOverHttp(fixture('basic-1.0.xml'), { dryRun: 'true' });
    expect(run.status).toBe('succeeded');
    expect(run.report!.counts.article).toMatchObject({ created: 1 });
    const after = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM articles`);
    expect(after[0]!.n).toBe(before[0]!.n);
    expect((await content('/v1/content/articles/hello')).status).toBe(404);
  });
});
