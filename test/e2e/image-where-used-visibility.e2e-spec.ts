import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { completeArticle, makeWorld, type World } from '../support/world.js';

/** Item 20: an image's where-used list shows a caller only the uses on articles they may see. */

let t: TestApp;
let editor: Credential;
let writer: Credential;
let other: Credential;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  [editor, writer, other] = await Promise.all([actingAs(t, 'editor'), actingAs(t, 'contributor'), actingAs(t, 'contributor')]);
  w = await makeWorld(t, editor);
});
afterAll(async () => {
  await t?.close();
});

async function draftBy(who: Credential, imageId: string, caption: string): Promise<string> {
  const r = await t
    .http()
    .post('/v1/admin/articles')
    .set(who.auth)
    .send(completeArticle(w, { topImageId: imageId, topImageCaption: caption, topImageCredit: `Credit ${caption}` }));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

describe("item 20: an image's where-used list", () => {
  it("hides other writers' drafts and their overrides from a contributor, everywhere the uses show", async () => {
    const img = await t
      .http()
      .post('/v1/admin/images/by-url')
      .set(writer.auth)
      .send({ url: `https://images.example.org/${randomUUID()}.jpg`, width: 1600, height: 900, altText: 'A harbour' });
    expect(img.status).toBe(201);
    const imageId: string = img.body.id;
    const own = await draftBy(writer, imageId, 'mine');
    const editors = await draftBy(editor, imageId, 'the desk secret caption');
    const others = await draftBy(other, imageId, 'another writer caption');

    // an editor sees every use
    const all = await t.http().get(`/v1/admin/images/${imageId}/uses`).set(editor.auth);
    expect(all.status).toBe(200);
    expect(all.body.map((u: { usageId: string }) => u.usageId).sort()).toEqual([own, editors, others].sort());

    for (const [who, mine] of [
      [writer, own],
      [other, others],
    ] as const) {
      const uses = await t.http().get(`/v1/admin/images/${imageId}/uses`).set(who.auth);
      expect(uses.status).toBe(200);
      expect(uses.body.map((u: { usageId: string }) => u.usageId)).toEqual([mine]);
      const one = await t.http().get(`/v1/admin/images/${imageId}`).set(who.auth);
      expect(one.body.uses.map((u: { usageId: string }) => u.usageId)).toEqual([mine]);
      const list = await t.http().get('/v1/admin/images?limit=100').set(who.auth);
      const listed = list.body.items.find((i: { id: string }) => i.id === imageId);
      expect(listed.uses.map((u: { usageId: string }) => u.usageId)).toEqual([mine]);
      for (const body of [JSON.stringify(uses.body), JSON.stringify(one.body), JSON.stringify(listed)]) {
        expect(body).not.toContain('the desk secret caption');
        expect(body).not.toContain(editors);
      }
    }
    // the writer's own edit answer shows only their own use as well
    const edited = await t.http().patch(`/v1/admin/images/${imageId}`).set(writer.auth).send({ altText: 'A harbour at dawn' });
    expect(edited.status).toBe(200);
    expect(edited.body.uses.map((u: { usageId: string }) => u.usageId)).toEqual([own]);
  });
});
