import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp, responseHeader } from '../support/app-harness.js';
import { act, completeArticle, makeWorld, type World } from '../support/world.js';

let t: TestApp;
let admin: Credential;
let editor: Credential;
let key: string;
let w: World;

const uniq = () => randomBytes(3).toString('hex');
const content = (path: string) => t.http().get(path).set('X-Api-Key', key);
type Byline = { contributorId: string; name: string; title: string | null; disclosure?: string | null };
const liveBylines = async (id: string) =>
  (await t.sql<{ page: { bylines: Byline[] } }>(`SELECT page FROM published_articles WHERE article_id = $1`, [id]))[0]?.page.bylines ?? null;

async function contributor(body: Record<string, unknown>): Promise<{ id: string; slug: string }> {
  const r = await t
    .http()
    .post('/v1/admin/contributors')
    .set(editor.auth)
    .send({ name: `Writer ${uniq()}`, ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.id, slug: r.body.slug };
}
const editProfile = async (id: string, body: Record<string, unknown>) => {
  const r = await t.http().patch(`/v1/admin/contributors/${id}`).set(editor.auth).send(body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
};
const editArticle = async (id: string, body: Record<string, unknown>) => {
  const cur = await t.http().get(`/v1/admin/articles/${id}`).set(editor.auth);
  const r = await t.http().patch(`/v1/admin/articles/${id}`).set(editor.auth).set('If-Match', responseHeader(cur, 'etag')).send(body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
};
const step = async (id: string, action: string) => {
  const r = await act(t, editor, id, action);
  expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
};
async function published(bylineIds: string[]): Promise<string> {
  const a = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w, { bylineIds }));
  expect(a.status, JSON.stringify(a.body)).toBe(201);
  for (const action of ['submit', 'approve', 'publish']) await step(a.body.id, action);
  return a.body.id as string;
}

beforeAll(async () => {
  t = await createTestApp();
  [admin, editor] = await Promise.all([actingAs(t, 'admin'), actingAs(t, 'editor')]);
  key = await contentKey(t, admin);
  w = await makeWorld(t, editor);
});
afterAll(() => t?.close());

describe('item 6: a republish keeps the frozen bylines; only bylines/refresh re-reads profiles', () => {
  it('a typo-fix republish, a byline added since, an unpublish and a comeback, then a refresh', async () => {
    const a = await contributor({ title: 'Fellow, Institute A' });
    const id = await published([a.id]);
    await editProfile(a.id, { title: 'Director, Institute B' });

    await editArticle(id, { dek: 'A dek without the typo.' });
    await step(id, 'publish');
    expect((await liveBylines(id))!.map((b) => b.title)).toEqual(['Fellow, Institute A']);

    // a byline added since: its profile as of the publish that first shows it
    const c = await contributor({ title: 'Reporter, first title' });
    await editArticle(id, { bylineIds: [a.id, c.id] });
    await step(id, 'publish');
    expect((await liveBylines(id))!.map((b) => b.title)).toEqual(['Fellow, Institute A', 'Reporter, first title']);
    await editProfile(c.id, { title: 'Correspondent, second title' });
    await editArticle(id, { dek: 'Another small fix.' });
    await step(id, 'publish');
    expect((await liveBylines(id))!.map((b) => b.title)).toEqual(['Fellow, Institute A', 'Reporter, first title']);

    // taken down and back: the same bylines
    await step(id, 'unpublish');
    await step(id, 'publish');
    expect((await liveBylines(id))!.map((b) => b.title)).toEqual(['Fellow, Institute A', 'Reporter, first title']);

    // the one way to re-read them, and the next republish keeps what it read
    expect((await t.http().post(`/v1/admin/articles/${id}/bylines/refresh`).set(editor.auth)).status).toBe(204);
    expect((await liveBylines(id))!.map((b) => b.title)).toEqual(['Director, Institute B', 'Correspondent, second title']);
    await editProfile(a.id, { title: 'Emeritus, Institute C' });
    await editArticle(id, { dek: 'A third fix.' });
    await step(id, 'publish');
    expect((await liveBylines(id))!.map((b) => b.title)).toEqual(['Director, Institute B', 'Correspondent, second title']);
  });
});

describe('item 7: the disclosure statement is public', () => {
  it('in the page bylines (frozen with them) and on the contributor page', async () => {
    const p = await contributor({ title: 'Senior Fellow', disclosure: 'Has advised the European Commission on energy policy.' });
    const id = await published([p.id]);
    const slug = (await t.http().get(`/v1/admin/articles/${id}`).set(editor.auth)).body.slug as string;

    const page = await content(`/v1/content/articles/${slug}`);
    expect(page.status).toBe(200);
    expect(page.body.article.bylines).toEqual([expect.objectContaining({ contributorId: p.id, disclosure: 'Has advised the European Commission on energy policy.' })]);
    const profile = await content(`/v1/content/contributors/${p.slug}`);
    expect(profile.status).toBe(200);
    expect(profile.body.contributor).toMatchObject({ id: p.id, disclosure: 'Has advised the European Commission on energy policy.' });

    // the profile's statement changes; the published byline keeps its own until a refresh
    await editProfile(p.id, { disclosure: 'Serves on the board of an energy company.' });
    await editArticle(id, { dek: 'A small fix.' });
    await step(id, 'publish');
    expect((await liveBylines(id))![0]!.disclosure).toBe('Has advised the European Commission on energy policy.');
    expect((await content(`/v1/content/contributors/${p.slug}`)).body.contributor.disclosure).toBe('Serves on the board of an energy company.');
    expect((await t.http().post(`/v1/admin/articles/${id}/bylines/refresh`).set(editor.auth)).status).toBe(204);
    expect((await content(`/v1/content/articles/${slug}`)).body.article.bylines[0].disclosure).toBe('Serves on the board of an energy company.');

    // none: null, never missing
    const quiet = await contributor({});
    const other = await published([quiet.id]);
    expect((await liveBylines(other))![0]).toMatchObject({ disclosure: null });
  });
});

describe('item 8: avatar images are checked, recorded as a use, and served as a URL', () => {
  it('an unknown avatar id is 400 IMAGE_NOT_FOUND and writes nothing', async () => {
    const before = (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM contributors`))[0]!.n;
    const made = await t
      .http()
      .post('/v1/admin/contributors')
      .set(editor.auth)
      .send({ name: `Ghost ${uniq()}`, avatarImageId: '7d1f5f8e-8d53-4a53-9df1-8ab0d5d4a0aa' });
    expect(made.status, JSON.stringify(made.body)).toBe(400);
    expect(made.body.error).toMatchObject({ code: 'IMAGE_NOT_FOUND', details: [expect.objectContaining({ field: 'avatarImageId' })] });
    expect((await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM contributors`))[0]!.n).toBe(before);
    const p = await contributor({});
    const edit = await t.http().patch(`/v1/admin/contributors/${p.id}`).set(editor.auth).send({ avatarImageId: '7d1f5f8e-8d53-4a53-9df1-8ab0d5d4a0aa' });
    expect(edit.status).toBe(400);
    expect(edit.body.error.code).toBe('IMAGE_NOT_FOUND');
    expect((await t.http().get(`/v1/admin/contributors/${p.id}`).set(editor.auth)).body.avatarImageId).toBeNull();
  });

  it('the avatar is a use of the image: where-used names the profile, deletion is refused until it is cleared', async () => {
    const img = await t
      .http()
      .post('/v1/admin/images/by-url')
      .set(editor.auth)
      .send({ url: `https://img.example.org/avatar/${uniq()}.jpg`, width: 400, height: 400, altText: 'Portrait' });
    expect(img.status).toBe(201);
    const p = await contributor({ avatarImageId: img.body.id.toUpperCase() });
    const uses = await t.http().get(`/v1/admin/images/${img.body.id}/uses`).set(editor.auth);
    expect(uses.body).toEqual([expect.objectContaining({ usageType: 'contributor', usageId: p.id, role: 'avatar' })]);
    const refused = await t.http().delete(`/v1/admin/images/${img.body.id}`).set(editor.auth);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('IMAGE_IN_USE');

    // the contributor page carries the avatar's URL, not a bare id
    await published([p.id]);
    const page = await content(`/v1/content/contributors/${p.slug}`);
    expect(page.status).toBe(200);
    expect(page.body.contributor.avatar).toEqual({ url: img.body.url, width: 400, height: 400, alt: 'Portrait', renditions: [], crops: [] }); // registered by URL: no renditions
    expect(page.body.contributor).not.toHaveProperty('avatarImageId');

    await editProfile(p.id, { avatarImageId: null });
    expect((await t.http().get(`/v1/admin/images/${img.body.id}/uses`).set(editor.auth)).body).toEqual([]);
    expect((await t.http().delete(`/v1/admin/images/${img.body.id}`).set(editor.auth)).status).toBe(204);
  });
});
