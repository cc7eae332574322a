import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '#libs/outbox';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { act, completeArticle, makeWorld, type World } from '../support/world.js';

/** Item 19: preview links die with their creator's deactivation and the piece's archiving, and live 7 days at most. */

let t: TestApp;
let admin: Credential;
let editor: Credential;
let key: string;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  [admin, editor] = await Promise.all([actingAs(t, 'admin'), actingAs(t, 'editor')]);
  key = await contentKey(t, admin);
  w = await makeWorld(t, editor);
});
afterAll(async () => {
  await t?.close();
});

async function draft(): Promise<string> {
  const r = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w));
  expect(r.status).toBe(201);
  return r.body.id;
}

async function mint(who: Credential, articleId: string, body: Record<string, unknown> = {}) {
  return t.http().post(`/v1/admin/articles/${articleId}/preview-links`).set(who.auth).send(body);
}

/** Runs the outbox relay until nothing is due (the revocations run there, as in the worker). */
async function relayAll(): Promise<void> {
  const relay = t.app.get(OutboxRelay);
  for (let i = 0; i < 50 && (await relay.tick()) > 0; i++);
}

const view = (path: string) => t.http().get(path).set('x-api-key', key);

describe('item 19: preview link lifetime', () => {
  it('dies when its creator is deactivated, and stays dead after a reactivation', async () => {
    const minter = await actingAs(t, 'editor');
    const id = await draft();
    const link = await mint(minter, id, { expiresInHours: 24 });
    expect(link.status).toBe(201);
    expect((await view(link.body.path)).status).toBe(200);
    expect((await t.http().post(`/v1/admin/accounts/${minter.accountId}/deactivate`).set(admin.auth)).status).toBe(200);
    const dead = await view(link.body.path);
    expect(dead.status).toBe(404);
    expect(dead.body.error.code).toBe('PREVIEW_NOT_FOUND');
    await relayAll();
    expect((await t.http().post(`/v1/admin/accounts/${minter.accountId}/reactivate`).set(admin.auth)).status).toBe(200);
    expect((await view(link.body.path)).status).toBe(404);
    // a link of someone still active keeps working
    const other = await mint(editor, id, { expiresInHours: 24 });
    expect((await view(other.body.path)).status).toBe(200);
  });

  it('dies when the piece is archived', async () => {
    const id = await draft();
    const link = await mint(editor, id);
    expect((await view(link.body.path)).status).toBe(200);
    expect((await act(t, editor, id, 'archive')).status).toBe(200);
    expect((await view(link.body.path)).status).toBe(404);
    await relayAll();
    // restoring the piece does not bring the old link back to life; a new one works
    expect((await act(t, editor, id, 'restore')).status).toBe(200);
    expect((await view(link.body.path)).status).toBe(404);
    expect((await view((await mint(editor, id)).body.path)).status).toBe(200);
  });

  it('lives 7 days at most: a 30-day link is refused, a link from before the cap stops at it', async () => {
    const id = await draft();
    const long = await mint(editor, id, { expiresInHours: 720 });
    expect(long.status).toBe(400);
    expect(long.body.error.code).toBe('PREVIEW_TTL_TOO_LONG');
    expect(long.body.error.details[0]).toMatchObject({ field: 'expiresInHours' });
    expect(await t.sql(`SELECT 1 FROM article_preview_links WHERE article_id = $1`, [id])).toEqual([]);

    const week = await mint(editor, id, { expiresInHours: 168 });
    expect(week.status).toBe(201);
    const byDefault = await mint(editor, id);
    expect(new Date(byDefault.body.expiresAt).getTime() - new Date(byDefault.body.createdAt).getTime()).toBe(48 * 3_600_000);

    // a 30-day link minted before the cap existed, now 8 days old
    await t.sql(`UPDATE article_preview_links SET created_at = now() - interval '8 days', expires_at = now() + interval '22 days' WHERE id = $1`, [week.body.id]);
    expect((await view(week.body.path)).status).toBe(404);
    expect((await view(byDefault.body.path)).status).toBe(200);
  });
});
