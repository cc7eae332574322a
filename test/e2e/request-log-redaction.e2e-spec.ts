import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { completeArticle, makeWorld } from '../support/world.js';

/** Item 18: request logs never carry API keys, preview tokens or unsubscribe tokens in clear. */

const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});

let t: TestApp;
let editor: Credential;
let key: string;

beforeAll(async () => {
  t = await createTestApp({ env: { LOG_LEVEL: 'info', LOG_REQUESTS: 'true' }, logDestination: sink });
  const admin = await actingAs(t, 'admin');
  editor = await actingAs(t, 'editor');
  key = await contentKey(t, admin);
});
afterAll(async () => {
  await t?.close();
});

const requestLines = () => lines.map((l) => JSON.parse(l) as { msg?: string; url?: string }).filter((l) => typeof l.url === 'string');

describe('item 18: secrets in request URLs are redacted in the request log', () => {
  it('redacts ?key=, preview tokens and one-click unsubscribe tokens, on the fast path and through Nest', async () => {
    const w = await makeWorld(t, editor);
    const draft = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w));
    expect(draft.status).toBe(201);
    const link = await t.http().post(`/v1/admin/articles/${draft.body.id}/preview-links`).set(editor.auth).send({ expiresInHours: 1 });
    expect(link.status).toBe(201);
    const previewToken: string = link.body.token;
    const unsubscribeToken = 'unsubscribe0token0that0is0secret';

    expect((await t.http().get(`/v1/content/articles?key=${key}&limit=5`)).status).toBe(200);
    expect((await t.http().get(`/v1/content/sections?key=${key}`)).status).toBe(200);
    expect((await t.http().get(`${link.body.path}?key=${key}`)).status).toBe(200);
    const oneClick = await t.http().post(`/v1/content/newsletter/unsubscribe/one-click?token=${unsubscribeToken}`).type('form').send('List-Unsubscribe=One-Click');
    expect(oneClick.status).toBe(404);
    expect((await t.http().get(`/v1/content/nowhere?key=${key}&access_token=${unsubscribeToken}`)).status).toBe(404);
    // the log is written when the answer has gone out: wait for our last line
    for (let i = 0; i < 50 && !requestLines().some((l) => l.url?.startsWith('/v1/content/nowhere')); i++) await new Promise((r) => setTimeout(r, 20));

    const logged = requestLines();
    const urls = logged.map((l) => l.url!);
    expect(urls.some((u) => u.startsWith('/v1/content/articles?key=[REDACTED]&limit=5'))).toBe(true);
    expect(urls).toContain('/v1/content/preview/[REDACTED]?key=[REDACTED]');
    expect(urls).toContain('/v1/content/newsletter/unsubscribe/one-click?token=[REDACTED]');
    const all = lines.join('\n');
    for (const secret of [key, previewToken, unsubscribeToken]) expect(all).not.toContain(secret);
  });
});
