import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, createTestApp, type Credential, type TestApp, responseHeader } from '../support/app-harness.js';
import { act, completeArticle, makeWorld, type World } from '../support/world.js';

let t: TestApp;
let editor: Credential;
let otherEditor: Credential;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  [editor, otherEditor] = await Promise.all([actingAs(t, 'editor'), actingAs(t, 'editor')]);
  w = await makeWorld(t, editor);
});
afterAll(() => t?.close());

const get = (id: string) => t.http().get(`/v1/admin/articles/${id}`).set(editor.auth);
const patch = async (id: string, body: Record<string, unknown>) => {
  const cur = await get(id);
  return t.http().patch(`/v1/admin/articles/${id}`).set(editor.auth).set('If-Match', responseHeader(cur, 'etag')).send(body);
};

async function published(extra: Record<string, unknown> = {}): Promise<string> {
  const a = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w, extra));
  expect(a.status, JSON.stringify(a.body)).toBe(201);
  for (const action of ['submit', 'approve', 'publish']) {
    const r = await act(t, editor, a.body.id, action);
    expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
  }
  return a.body.id as string;
}

describe('item 4: a live piece accepts its unchanged embargoUntil back; only a change is refused', () => {
  it('no embargo: PATCH with embargoUntil null saves; setting one is 409 ARTICLE_EMBARGO_FROZEN', async () => {
    const id = await published();
    const loaded = (await get(id)).body;
    expect(loaded.embargoUntil).toBeNull();
    const echo = await patch(id, { dek: 'A form sends back what it loaded.', embargoUntil: loaded.embargoUntil });
    expect(echo.status, JSON.stringify(echo.body)).toBe(200);
    expect(echo.body).toMatchObject({ dek: 'A form sends back what it loaded.', embargoUntil: null });
    const set = await patch(id, { embargoUntil: new Date(Date.now() + 86_400_000).toISOString() });
    expect(set.status).toBe(409);
    expect(set.body.error.code).toBe('ARTICLE_EMBARGO_FROZEN');
  });

  it('a passed embargo: the same instant (in another spelling) saves; moving or clearing it is refused', async () => {
    const embargo = new Date(Date.UTC(2026, 0, 15, 9, 30, 0));
    const id = await published({ embargoUntil: embargo.toISOString() });
    const same = await patch(id, { headline: 'A sharper live headline', embargoUntil: '2026-01-15T09:30:00Z' });
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect(same.body.embargoUntil).toBe(embargo.toISOString());
    for (const moved of [new Date(embargo.getTime() + 1000).toISOString(), null]) {
      const r = await patch(id, { embargoUntil: moved });
      expect(r.status, JSON.stringify(r.body)).toBe(409);
      expect(r.body.error.code).toBe('ARTICLE_EMBARGO_FROZEN');
    }
    expect((await get(id)).body.embargoUntil).toBe(embargo.toISOString());
  });
});

describe('item 5: restoring a revision restores every field it holds', () => {
  it('embargoUntil comes back with the rest', async () => {
    const first = new Date(Date.now() + 2 * 86_400_000);
    const a = await t
      .http()
      .post('/v1/admin/articles')
      .set(editor.auth)
      .send(completeArticle(w, { headline: 'Restore me', embargoUntil: first.toISOString(), seoTitle: 'First SEO', topImageCaption: 'First caption' }));
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const changed = await patch(a.body.id, { headline: 'Changed', embargoUntil: null, seoTitle: null, topImageCaption: 'Second caption', tagIds: [] });
    expect(changed.status).toBe(200);
    const restored = await t.http().post(`/v1/admin/articles/${a.body.id}/revisions/1/restore`).set(editor.auth).set('If-Match', responseHeader(changed, 'etag'));
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body).toMatchObject({
      headline: 'Restore me',
      embargoUntil: first.toISOString(),
      seoTitle: 'First SEO',
      topImageCaption: 'First caption',
      tagIds: w.tagIds,
    });
    // the new revision equals the restored one field by field
    const diff = await t.http().get(`/v1/admin/articles/${a.body.id}/revisions/diff?from=1&to=3`).set(editor.auth);
    expect(diff.body).toEqual([]);
  });

  it('on a piece that has been public the frozen embargo stays and the rest is restored', async () => {
    const a = await t
      .http()
      .post('/v1/admin/articles')
      .set(editor.auth)
      .send(completeArticle(w, { headline: 'Old headline', embargoUntil: new Date(Date.now() + 86_400_000).toISOString() }));
    const cleared = await patch(a.body.id, { embargoUntil: null, headline: 'Live headline' });
    expect(cleared.status).toBe(200);
    for (const action of ['submit', 'approve', 'publish']) expect((await act(t, editor, a.body.id, action)).status).toBe(200);
    const cur = await get(a.body.id);
    const restored = await t.http().post(`/v1/admin/articles/${a.body.id}/revisions/1/restore`).set(editor.auth).set('If-Match', responseHeader(cur, 'etag'));
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body).toMatchObject({ headline: 'Old headline', embargoUntil: null });
  });
});

describe('also found: an edit after approval by someone other than the approver needs a new approval', () => {
  const patchAs = async (who: Credential, id: string, body: Record<string, unknown>) => {
    const cur = await t.http().get(`/v1/admin/articles/${id}`).set(who.auth);
    return t.http().patch(`/v1/admin/articles/${id}`).set(who.auth).set('If-Match', responseHeader(cur, 'etag')).send(body);
  };
  async function approved(): Promise<string> {
    const a = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w));
    for (const action of ['submit', 'approve']) expect((await act(t, editor, a.body.id, action)).status).toBe(200);
    return a.body.id as string;
  }
  const log = async (id: string) =>
    (await t.http().get(`/v1/admin/articles/${id}/transitions`).set(editor.auth)).body as { action: string; from: string; to: string; actor: string; comment: string | null }[];

  it("another editor's edit sends an approved piece back to review; it must be approved again to publish", async () => {
    const id = await approved();
    const edit = await patchAs(otherEditor, id, { dek: 'A late change nobody approved.' });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body).toMatchObject({ status: 'in_review', dek: 'A late change nobody approved.' });
    expect(edit.headers.etag).toBe(`"v${edit.body.version}"`);
    expect((await log(id)).at(-1)).toMatchObject({
      action: 'reopen_review',
      from: 'approved',
      to: 'in_review',
      actor: otherEditor.email,
      comment: expect.stringContaining('needs approval again'),
    });
    const publish = await act(t, editor, id, 'publish');
    expect(publish.status).toBe(409);
    expect(publish.body.error.code).toBe('WORKFLOW_INVALID_TRANSITION');
    expect((await act(t, otherEditor, id, 'approve')).body.status).toBe('approved');
    expect((await act(t, editor, id, 'publish')).status).toBe(200);
  });

  it("the approver's own edit keeps the approval", async () => {
    const id = await approved();
    const edit = await patchAs(editor, id, { dek: 'The approver tightens the dek.' });
    expect(edit.status).toBe(200);
    expect(edit.body.status).toBe('approved');
    expect((await log(id)).map((r) => r.action)).toEqual(['submit', 'approve']);
  });

  it('a scheduled piece edited by someone else goes back to review and loses its schedule', async () => {
    const id = await approved();
    expect((await act(t, editor, id, 'schedule', { at: new Date(Date.now() + 3_600_000).toISOString() })).status).toBe(200);
    const edit = await patchAs(otherEditor, id, { headline: 'A new headline after scheduling' });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body).toMatchObject({ status: 'in_review', scheduledAt: null });
    const jobs = await t.sql<{ state: string }>(`SELECT state FROM "${t.schema}_jobs".job WHERE name = 'article-publish-due' AND data->>'articleId' = $1`, [id]);
    expect(jobs.map((j) => j.state)).toEqual(['cancelled']);
  });

  it('a restore by someone else counts as an edit too', async () => {
    const id = await approved();
    const cur = await t.http().get(`/v1/admin/articles/${id}`).set(otherEditor.auth);
    const restored = await t.http().post(`/v1/admin/articles/${id}/revisions/1/restore`).set(otherEditor.auth).set('If-Match', responseHeader(cur, 'etag'));
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body.status).toBe('in_review');
  });
});
