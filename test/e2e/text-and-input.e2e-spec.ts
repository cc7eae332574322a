import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { act, completeArticle, makeWorld, type World } from '../support/world.js';

/**
 * Issue 17, items 9, 10, 12, 21, 22: what an editor types into bodies, plain-text, date and URL
 * fields, read back through the admin and content APIs and the feeds.
 */

let t: TestApp;
let editor: Credential;
let admin: Credential;
let key: string;
let w: World;
const uniq = () => randomBytes(4).toString('hex');

beforeAll(async () => {
  t = await createTestApp();
  editor = await actingAs(t, 'editor');
  admin = await actingAs(t, 'admin');
  key = await contentKey(t, admin);
  w = await makeWorld(t, editor);
});
afterAll(async () => {
  await t?.close();
});

/** A credited top image with alt text (what the publish gate asks for). */
async function topImage(): Promise<string> {
  const party = await t.http().post('/v1/admin/credit-parties').set(editor.auth).send({ kind: 'person', name: `Photographer ${uniq()}` });
  expect(party.status, JSON.stringify(party.body)).toBe(201);
  const image = await t.http().post('/v1/admin/images/by-url').set(editor.auth).send({ url: `https://img.example.org/${uniq()}.jpg`, width: 1600, height: 900, altText: 'A harbour at dusk' });
  expect(image.status, JSON.stringify(image.body)).toBeLessThan(300);
  const credit = await t.http().put(`/v1/admin/images/${image.body.id}/credit`).set(editor.auth).send({ photographerId: party.body.id });
  expect(credit.status, JSON.stringify(credit.body)).toBeLessThan(300);
  return image.body.id as string;
}

async function draft(extra: Record<string, unknown> = {}) {
  const r = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w, { topImageId: await topImage(), ...extra }));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r;
}

async function published(extra: Record<string, unknown> = {}) {
  const r = await draft(extra);
  for (const action of ['submit', 'approve', 'publish']) {
    const step = await act(t, editor, r.body.id, action);
    expect(step.status, `${action}: ${JSON.stringify(step.body)}`).toBe(200);
  }
  return r.body as { id: string; slug: string };
}

const content = (url: string) => t.http().get(url).set('X-Api-Key', key);

describe('issue 17 item 9: a disallowed iframe is dropped entirely', () => {
  it('leaves no empty frame behind; an allowed one stays', async () => {
    const r = await draft({
      bodyHtml:
        '<p>Before.</p><iframe src="https://evil.example/embed" width="600" height="400"></iframe>' +
        '<iframe src="javascript:alert(1)" width="600" height="400">fallback text</iframe>' +
        '<iframe src="https://user:pw@www.youtube.com/embed/x" width="600"></iframe>' +
        '<iframe width="600" height="400"></iframe>' +
        '<iframe src="https://www.youtube-nocookie.com/embed/abc" width="560" height="315"></iframe><p>After.</p>',
    });
    const frames = (r.body.bodyHtml as string).match(/<iframe[^>]*>/g) ?? [];
    expect(frames).toEqual(['<iframe src="https://www.youtube-nocookie.com/embed/abc" width="560" height="315">']);
    expect(r.body.bodyHtml).not.toContain('fallback text');
  });
});

describe('issue 17 item 10: derived text comes from a parser, plain-text fields stay text', () => {
  it('a literal "<" in the body keeps the words after it in text, excerpt, word count and search', async () => {
    const word = `zq${uniq()}`;
    const a = await published({ bodyHtml: `<p>Turnout was x &lt;y in the east, where ${word} voters stayed home.</p><p>Second paragraph &amp; more.</p>` });
    const admin1 = await t.http().get(`/v1/admin/articles/${a.id}`).set(editor.auth);
    expect(admin1.body.bodyText).toBe(`Turnout was x <y in the east, where ${word} voters stayed home.\n\nSecond paragraph & more.`);
    expect(admin1.body.wordCount).toBe(15);
    expect(admin1.body.excerpt).toContain(`${word} voters`);
    const page = await content(`/v1/content/articles/${a.slug}`);
    expect(page.status).toBe(200);
    expect(JSON.stringify(page.body)).toContain(`${word} voters`);
    const search = await content(`/v1/content/search?q=${word}`);
    expect(search.status).toBe(200);
    expect(JSON.stringify(search.body)).toContain(a.id);
    const list = await content('/v1/content/articles?limit=100');
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).toContain(`${word} voters stayed home.`);
  });

  it('a typed <angles> in a dek is text; six layers of encoded script reach no feed', async () => {
    const a = await published({ dek: 'Why <angles> matter, and x <y in the east' });
    expect((await t.http().get(`/v1/admin/articles/${a.id}`).set(editor.auth)).body.dek).toBe('Why <angles> matter, and x <y in the east');
    let six = '<script>alert(1)</script>';
    for (let i = 0; i < 6; i++) six = six.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const b = await published({ dek: `Six layers ${six} deep` });
    const stored = (await t.http().get(`/v1/admin/articles/${b.id}`).set(editor.auth)).body.dek as string;
    expect(stored).toBe('Six layers deep');
    const feed = await t.http().get('/feed.xml');
    expect(feed.status).toBe(200);
    // an RSS description is HTML once XML-decoded: the typed angles are escaped text there
    expect(feed.text).toContain('Why &amp;lt;angles&amp;gt; matter');
    expect(feed.text).not.toMatch(/<script|lt;script|alert/i);
  });
});
