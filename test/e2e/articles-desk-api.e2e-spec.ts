import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { makeWorld, type World } from '../support/world.js';

/** What the desk reads: list filters and the actions offered per role and state. */
describe('articles: list filters and offered actions', () => {
  let t: TestApp;
  let editor: Credential;
  let writer: Credential;
  let world: World;

  beforeAll(async () => {
    t = await createTestApp();
    editor = await actingAs(t, 'editor');
    writer = await actingAs(t, 'contributor');
    world = await makeWorld(t, editor);
  });
  afterAll(async () => t?.close());

  const create = async (who: Credential, body: Record<string, unknown>) => {
    const res = await t.http().post('/v1/admin/articles').set(who.auth).send(body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; etag: string };
  };

  it('filters by type, tag, byline, text and ownership, keyset-paged', async () => {
    const a = await create(editor, {
      headline: 'Zebra crossing in Warsaw',
      typeId: world.typeId,
      tagIds: [world.tagIds[0]],
      bylineIds: [world.contributorId],
      bodyHtml: '<p>The quartermaster spoke.</p>',
    });
    const b = await create(writer, { headline: 'Another piece', tagIds: [world.tagIds[1]] });
    const ids = async (query: Record<string, string>, who = editor) => {
      const res = await t.http().get('/v1/admin/articles').query(query).set(who.auth);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return (res.body.items as { id: string }[]).map((i) => i.id);
    };
    expect(await ids({ typeId: world.typeId })).toEqual([a.id]);
    expect(await ids({ tagId: world.tagIds[1]! })).toEqual([b.id]);
    expect(await ids({ contributorId: world.contributorId })).toEqual([a.id]);
    expect(await ids({ q: 'QUARTERMASTER' })).toEqual([a.id]);
    expect(await ids({ q: 'zebra' })).toEqual([a.id]);
    expect(await ids({ q: '100%_' })).toEqual([]);
    expect(await ids({ mine: 'true' })).toEqual([a.id]);
    expect(await ids({ mine: 'true' }, writer)).toEqual([b.id]);
    const first = await t.http().get('/v1/admin/articles').query({ limit: 1 }).set(editor.auth);
    expect(first.body.items).toHaveLength(1);
    const second = await t.http().get('/v1/admin/articles').query({ limit: 1, cursor: first.body.nextCursor }).set(editor.auth);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    const summary = first.body.items[0];
    expect(Object.keys(summary)).toEqual(expect.arrayContaining(['typeId', 'sectionId', 'bylineIds', 'ownerId', 'scheduledAt', 'publishedAt']));
    const bad = await t.http().get('/v1/admin/articles').query({ tagId: 'nope' }).set(editor.auth);
    expect(bad.status).toBe(400);
  });

  it('offers each role what the transition table allows, with what blocks it, and the api agrees', async () => {
    const own = await create(writer, { headline: 'A contributor draft' });
    const offered = async (id: string, who: Credential) =>
      (await t.http().get(`/v1/admin/articles/${id}/actions`).set(who.auth)).body as {
        action: string;
        blocked: { code: string; details: string[] } | null;
        needsComment: boolean;
        needsTime: boolean;
      }[];
    const mine = await offered(own.id, writer);
    expect(mine.map((o) => o.action)).toEqual(['submit']);
    expect(mine[0]!.blocked).toMatchObject({ code: 'WORKFLOW_REQUIRED_FIELDS_MISSING', details: expect.arrayContaining(['sectionId', 'typeId', 'bodyHtml']) });
    // blocked means refused: the api answers the same code
    const refused = await t.http().post(`/v1/admin/articles/${own.id}/transitions`).set(writer.auth).set('If-Match', own.etag).send({ action: 'submit' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('WORKFLOW_REQUIRED_FIELDS_MISSING');
    expect((await offered(own.id, editor)).map((o) => o.action)).toEqual(['submit', 'archive']);
    // another contributor's piece: not found, as for every other read
    const other = await actingAs(t, 'contributor');
    expect((await t.http().get(`/v1/admin/articles/${own.id}/actions`).set(other.auth)).status).toBe(404);
  });
});
