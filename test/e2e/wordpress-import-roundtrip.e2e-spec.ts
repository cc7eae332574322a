import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Transactions } from '#libs/database';
import { FixedClock } from '#libs/kernel';
import { PublicationService } from '#libs/publication';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { act } from '../support/world.js';
import { exportWxr } from '../support/wxr-export.js';

/**
 * The round trip of issue 21: pieces built through the admin API (sections, tags, bylines,
 * credited images; published, draft, in review, scheduled), exported as WXR by a test helper,
 * imported into a fresh schema over POST /v1/admin/imports; the content API then serves the
 * same pages (headline, dek, body, bylines, section, tags, top image with its credit, dates,
 * slug, and everything else the page carries) up to ids, and the pieces that are not live are
 * in the same state. Both apps run on a clock at whole seconds (WXR dates have no milliseconds).
 */
// tomorrow 09:00 UTC: the scheduled piece's job (pg-boss keeps real time) must not come due during the test
const START = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + 86_400_000 + 9 * 3_600_000);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

let source: TestApp;
let target: TestApp;
let clock: FixedClock;
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'wp-roundtrip-'));
  clock = new FixedClock(START);
  const env = (name: string) => ({
    CONTENT_CACHE_MAX_MB: '0',
    IMPORT_STORAGE_DIR: path.join(scratch, `imports-${name}`),
    IMAGE_STORAGE_DIR: path.join(scratch, `images-${name}`),
    IMAGE_BASE_URL: 'https://cms.example.org/media/images',
  });
  source = await createTestApp({ clock, env: env('source') });
  target = await createTestApp({ clock, worker: true, env: env('target') });
}, 120_000);
afterAll(async () => {
  await source?.close();
  await target?.close();
});

/** The body of a 201, or a failed expectation naming what was made. */
async function made(res: { status: number; body: { id?: string } }, what: string): Promise<string> {
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body.id!;
}

/** Ids replaced by a placeholder, keys sorted: two pages equal up to ids print equal. */
const withoutIds = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(withoutIds)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, withoutIds((v as Record<string, unknown>)[k])]),
        )
      : typeof v === 'string'
        ? v.replace(UUID, '<id>')
        : v;

describe('WordPress import: the round trip', () => {
  it('serves the pages the services built, from an export of them imported into a fresh schema', async () => {
    const admin = await actingAs(source, 'admin');
    const editor = await actingAs(source, 'editor');
    const h = () => source.http().set(editor.auth);
    // the import gives every piece the type "Article" (WordPress has none)
    const typeId = await made(await h().post('/v1/admin/article-types').send({ name: 'Article' }), 'type');
    const sections = [
      await made(await h().post('/v1/admin/sections').send({ name: 'Europe & Eurasia' }), 'section'),
      await made(await h().post('/v1/admin/sections').send({ name: 'Middle East' }), 'section'),
    ];
    const tags: string[] = [];
    for (const name of ['NATO', 'Energy security', 'Gaza ceasefire', 'Black Sea']) tags.push(await made(await h().post('/v1/admin/tags').send({ name, kind: 'topic' }), 'tag'));
    // WXR carries an author's login, display name and e-mail: no title or bio
    const writers = [
      await made(await h().post('/v1/admin/contributors').send({ name: 'Maren Lindqvist' }), 'contributor'),
      await made(await h().post('/v1/admin/contributors').send({ name: 'Tariq Benali' }), 'contributor'),
    ];
    const party = async (kind: string, name: string) => made(await h().post('/v1/admin/credit-parties').send({ kind, name }), 'party');
    const image = async (n: number, alt: string, caption: string, credit: Record<string, unknown>) => {
      const r = await h()
        .post('/v1/admin/images/by-url')
        .send({ url: `https://img.example.org/2026/03/photo-${n}.jpg`, altText: alt, caption });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const c = await h().put(`/v1/admin/images/${r.body.id}/credit`).send(credit);
      expect(c.status, JSON.stringify(c.body)).toBe(200);
      return r.body.id as string;
    };
    const images = [
      await image(1, 'A tram on a snowy street in Kyiv', 'Trams run through the blackout.', { photographerId: await party('person', 'Olena Koval') }),
      await image(2, 'Tankers at anchor off Ceyhan', 'Tankers wait to load at Ceyhan.', {
        photographerId: await party('person', 'Yuki Tanaka'),
        providerId: await party('provider', 'Reuters'),
        form: 'via',
      }),
    ];
    const body = (n: number) =>
      [
        `<p>The first of ${n} paragraphs, with <em>emphasis</em> and <a href="https://example.org/report">a link</a>.</p>`,
        '<h2>What changed</h2>',
        `<p>A second paragraph &amp; an ampersand.</p>`,
        '<blockquote><p>A quoted line.</p></blockquote>',
      ].join('');

    const create = async (headline: string, extra: Record<string, unknown>) =>
      made(
        await h()
          .post('/v1/admin/articles')
          .send({
            headline,
            dek: `The dek of “${headline}”.`,
            typeId,
            sectionId: sections[0],
            tagIds: tags.slice(0, 2),
            bylineIds: [writers[0]],
            bodyHtml: body(3),
            topImageId: images[0],
            ...extra,
          }),
        headline,
      );
    const drive = async (id: string, actions: string[], extra: Record<string, unknown> = {}) => {
      for (const a of actions) {
        clock.advance(7_000);
        const r = await act(source, editor, id, a, a === 'schedule' ? extra : {});
        expect(r.status, `${a}: ${JSON.stringify(r.body)}`).toBe(200);
      }
    };
    const published = [
      await create('Kyiv through the winter', {}),
      await create('Tankers wait at Ceyhan', { sectionId: sections[1], tagIds: [tags[1], tags[3]], bylineIds: [writers[1]], topImageId: images[1], bodyHtml: body(5) }),
      await create('A ceasefire holds, for now', { sectionId: sections[1], tagIds: [tags[2]], dek: '' }),
    ];
    for (const id of published) await drive(id, ['submit', 'approve', 'publish']);
    // a published piece updated later (the clock moves little: access tokens expire): its last update differs from its first publication
    clock.advance(120_000);
    const cur = await h().get(`/v1/admin/articles/${published[0]}`);
    expect(cur.status, JSON.stringify(cur.body)).toBe(200);
    const edit = await h()
      .patch(`/v1/admin/articles/${published[0]}`)
      .set('If-Match', cur.body.etag as string)
      .send({ bodyHtml: `${body(3)}<p>Updated with the minister’s reply.</p>` });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    await drive(published[0]!, ['publish']);

    const draft = await create('A draft about grain', { tagIds: [tags[3]] });
    const review = await create('Pending: the envoy’s week', { bylineIds: [writers[1]] });
    await drive(review, ['submit']);
    const scheduled = await create('Scheduled: the spring summit', {});
    const at = new Date(START.getTime() + 30 * 86_400_000).toISOString();
    await drive(scheduled, ['submit', 'approve', 'schedule'], { at });

    // RULE of the import (docs/wordpress-import.md): imported live pages choose their teasers from
    // every page live at the end of the batch; a page published in the desk chose them when it
    // went out. The source's pages choose again through the same service call, at the same moment.
    await source.app.get(Transactions).run((tx) => source.app.get(PublicationService).chooseTeasersAgain(tx, published));

    const key = await contentKey(source, admin);
    const pageOf = async (t: TestApp, k: string, slug: string) => {
      const r = await t
        .http()
        .get(`/v1/content/articles/${encodeURIComponent(slug)}`)
        .set('X-Api-Key', k);
      expect(r.status, `${slug}: ${JSON.stringify(r.body)}`).toBe(200);
      return r.body as Record<string, unknown>;
    };
    const adminOf = async (t: TestApp, who: Credential, id: string) => (await t.http().get(`/v1/admin/articles/${id}`).set(who.auth)).body as Record<string, unknown>;
    const built = new Map<string, Record<string, unknown>>();
    for (const id of published) {
      const a = await adminOf(source, editor, id);
      built.set(a.slug as string, await pageOf(source, key, a.slug as string));
    }
    const notLive = new Map<string, Record<string, unknown>>();
    for (const id of [draft, review, scheduled]) {
      const a = await adminOf(source, editor, id);
      notLive.set(a.headline as string, a);
    }

    // export, then import into the fresh schema over HTTP (the worker runs the job)
    const file = path.join(scratch, 'export.xml');
    await writeFile(file, await exportWxr(source, editor, [...published, draft, review, scheduled], { site: 'https://roundtrip.example.org' }));
    const tAdmin = await actingAs(target, 'admin');
    const up = await target.http().post('/v1/admin/imports').set(tAdmin.auth).attach('file', file);
    expect(up.status, JSON.stringify(up.body)).toBe(202);
    let run: { status: string; report: { counts: Record<string, Record<string, number>>; entries: { code: string; ref: string }[] } | null; error: unknown };
    for (;;) {
      run = (await target.http().get(`/v1/admin/imports/${up.body.id}`).set(tAdmin.auth)).body;
      if (run.status === 'succeeded' || run.status === 'failed') break;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    expect(run.error).toBeNull();
    expect(run.report!.counts.article).toMatchObject({ created: 6, failed: 0, skipped: 0 });
    // nothing was flagged: the export was complete
    expect(run.report!.entries.filter((e) => e.ref.startsWith('post:'))).toEqual([]);

    const tKey = await contentKey(target, tAdmin);
    for (const [slug, page] of built) {
      const got = await pageOf(target, tKey, slug);
      expect(withoutIds(got), slug).toEqual(withoutIds(page));
    }
    // and the pieces that are not live are in the same state, with the same fields
    const rows = await target.sql<{ id: string; headline: string }>(`SELECT id, headline FROM articles`);
    expect(rows.map((r) => r.headline).sort()).toEqual(
      [...built.values()]
        .map((p) => (p.article as { headline: string }).headline)
        .concat([...notLive.keys()])
        .sort(),
    );
    for (const [headline, a] of notLive) {
      const id = rows.find((r) => r.headline === headline)!.id;
      const got = await adminOf(target, tAdmin, id);
      const fields = (x: Record<string, unknown>) =>
        withoutIds({ status: x.status, headline: x.headline, dek: x.dek, slug: x.slug, bodyHtml: x.bodyHtml, scheduledAt: x.scheduledAt, firstPublishedAt: x.firstPublishedAt });
      expect(fields(got), headline).toEqual(fields(a));
      expect(
        (
          await target
            .http()
            .get(`/v1/content/articles/${encodeURIComponent(a.slug as string)}`)
            .set('X-Api-Key', tKey)
        ).status,
        headline,
      ).toBe(404);
    }
  }, 180_000);
});
