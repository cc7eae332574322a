import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp, responseHeader } from '../support/app-harness.js';
import { livePage } from '../support/content.js';
import { waitFor } from '../support/wait.js';
import { act, completeArticle, makeTopImage, makeWorld, type World } from '../support/world.js';

let t: TestApp;
let editor: Credential;
let w: World;

let key: string;
// is it live, and as what: asked through the content API (the cache is off, see beforeAll)
const live = (id: string) => livePage(t, key, editor, id);
const inHour = () => new Date(Date.now() + 3_600_000).toISOString();

async function approvedWith(extra: Record<string, unknown>): Promise<string> {
  const a = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w, extra));
  expect(a.status, JSON.stringify(a.body)).toBe(201);
  expect((await act(t, editor, a.body.id, 'submit')).status).toBe(200);
  expect((await act(t, editor, a.body.id, 'approve')).status).toBe(200);
  return a.body.id as string;
}

beforeAll(async () => {
  t = await createTestApp({ worker: true, env: { CONTENT_CACHE_MAX_MB: '0' } });
  editor = await actingAs(t, 'editor');
  w = await makeWorld(t, editor);
  key = await contentKey(t, await actingAs(t, 'admin'));
});
afterAll(() => t?.close());

describe('item 1: the publish gate refuses a piece without a top image', () => {
  it('publish and schedule answer 409 PUBLISH_GATE_TOP_IMAGE_MISSING; nothing goes live', async () => {
    const id = await approvedWith({ topImageId: null });
    const publish = await act(t, editor, id, 'publish');
    expect(publish.status, JSON.stringify(publish.body)).toBe(409);
    expect(publish.body.error.code).toBe('PUBLISH_GATE_TOP_IMAGE_MISSING');
    const schedule = await act(t, editor, id, 'schedule', { at: inHour() });
    expect(schedule.status).toBe(409);
    expect(schedule.body.error.code).toBe('PUBLISH_GATE_TOP_IMAGE_MISSING');
    expect(await live(id)).toBeUndefined();
    expect((await t.http().get(`/v1/admin/articles/${id}`).set(editor.auth)).body.status).toBe('approved');
  });

  it('publish_due refuses it too: the piece stays scheduled with the gate code as its job error', async () => {
    const id = await approvedWith({});
    const scheduled = await act(t, editor, id, 'schedule', { at: new Date(Date.now() + 1000).toISOString() });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(200);
    const cur = await t.http().get(`/v1/admin/articles/${id}`).set(editor.auth);
    const cleared = await t.http().patch(`/v1/admin/articles/${id}`).set(editor.auth).set('If-Match', responseHeader(cur, 'etag')).send({ topImageId: null });
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    const row = async () => (await t.sql<{ status: string; last_job_error: string | null }>(`SELECT status, last_job_error FROM articles WHERE id = $1`, [id]))[0]!;
    const failed = await waitFor(async () => ((await row()).last_job_error ? row() : null), 8000);
    expect(failed.status).toBe('scheduled');
    expect(failed.last_job_error).toContain('PUBLISH_GATE_TOP_IMAGE_MISSING');
    const audit = await t.sql<{ summary: { error: string } }>(`SELECT summary FROM audit_log WHERE target_id = $1 AND action = 'article.publish_due_failed'`, [id]);
    expect(audit.length).toBeGreaterThan(0);
    expect(await live(id)).toBeUndefined();
  });
});

describe('item 3: the publish gate refuses a top image whose licence expired or forbids distribution', () => {
  const license = (imageId: string, body: Record<string, unknown>) => t.http().put(`/v1/admin/images/${imageId}/license`).set(editor.auth).send(body);

  it('an expired licence: 409 IMAGE_LICENSE_EXPIRED naming the image, for publish and schedule', async () => {
    const imageId = await makeTopImage(t, editor);
    expect((await license(imageId, { licensor: 'Wire', expiresAt: new Date(Date.now() - 86_400_000).toISOString() })).status).toBe(200);
    const id = await approvedWith({ topImageId: imageId });
    for (const r of [await act(t, editor, id, 'publish'), await act(t, editor, id, 'schedule', { at: inHour() })]) {
      expect(r.status, JSON.stringify(r.body)).toBe(409);
      expect(r.body.error.code).toBe('IMAGE_LICENSE_EXPIRED');
      expect(r.body.error.message).toContain(imageId);
      expect(r.body.error.details).toEqual([expect.objectContaining({ code: 'IMAGE_LICENSE_EXPIRED', imageId })]);
    }
    expect(await live(id)).toBeUndefined();
  });

  it('a licence that expires before the scheduled time refuses the schedule but not an earlier publish', async () => {
    const imageId = await makeTopImage(t, editor);
    expect((await license(imageId, { licensor: 'Wire', expiresAt: new Date(Date.now() + 600_000).toISOString() })).status).toBe(200);
    const id = await approvedWith({ topImageId: imageId });
    expect((await act(t, editor, id, 'schedule', { at: inHour() })).body.error.code).toBe('IMAGE_LICENSE_EXPIRED');
    expect((await act(t, editor, id, 'publish')).status).toBe(200);
  });

  it('a licence that may not be distributed: 409 IMAGE_LICENSE_NOT_DISTRIBUTABLE; allowing it lets the piece publish', async () => {
    const imageId = await makeTopImage(t, editor);
    const set = await license(imageId, { licensor: 'Agency', terms: 'Not for distribution', mayDistribute: false });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.license).toMatchObject({ mayDistribute: false });
    const id = await approvedWith({ topImageId: imageId });
    const refused = await act(t, editor, id, 'publish');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('IMAGE_LICENSE_NOT_DISTRIBUTABLE');
    expect(refused.body.error.details).toEqual([expect.objectContaining({ imageId })]);
    expect((await license(imageId, { licensor: 'Agency', terms: 'Editorial use' })).body.license).toMatchObject({ mayDistribute: true });
    expect((await act(t, editor, id, 'publish')).status).toBe(200);
    expect(await live(id)).toBeDefined();
  });
});

describe('item 2: the credit or alt text of an image on a live or scheduled page cannot be removed', () => {
  const clearCredit = (imageId: string) => t.http().put(`/v1/admin/images/${imageId}/credit`).set(editor.auth).send({ photographerId: null, agencyId: null, providerId: null });
  const clearAlt = (imageId: string) => t.http().patch(`/v1/admin/images/${imageId}`).set(editor.auth).send({ altText: null });
  const creditLineLive = async (id: string) => ((await live(id))!.page.topImage as { creditLine: string | null }).creditLine;
  const publishWith = async (extra: Record<string, unknown>) => {
    const id = await approvedWith(extra);
    expect((await act(t, editor, id, 'publish')).status).toBe(200);
    return id;
  };

  it('a live top image: 409 naming the live use; the page keeps its credit line', async () => {
    const imageId = await makeTopImage(t, editor);
    const id = await publishWith({ topImageId: imageId });
    const before = await creditLineLive(id);
    expect(before).toMatch(/^Top image credit: /);
    const credit = await clearCredit(imageId);
    expect(credit.status, JSON.stringify(credit.body)).toBe(409);
    expect(credit.body.error.code).toBe('IMAGE_CREDIT_NEEDED_BY_LIVE_USE');
    expect(credit.body.error.liveUses).toEqual([expect.objectContaining({ usageType: 'article', usageId: id, status: 'published' })]);
    const alt = await clearAlt(imageId);
    expect(alt.status).toBe(409);
    expect(alt.body.error.code).toBe('IMAGE_ALT_TEXT_NEEDED_BY_LIVE_USE');
    expect(alt.body.error.details).toEqual([expect.objectContaining({ field: 'altText', usageId: id })]);
    const image = await t.http().get(`/v1/admin/images/${imageId}`).set(editor.auth);
    expect(image.body).toMatchObject({ altText: 'Three leaders at a summit table', creditLine: before });
    expect(await creditLineLive(id)).toBe(before);
    // changing the credit to another party is fine
    const party = await t
      .http()
      .post('/v1/admin/credit-parties')
      .set(editor.auth)
      .send({ kind: 'agency', name: `Other Agency ${Date.now()}` });
    expect((await t.http().put(`/v1/admin/images/${imageId}/credit`).set(editor.auth).send({ agencyId: party.body.id })).status).toBe(200);
  });

  it('a scheduled piece counts; once unscheduled, the removal goes through', async () => {
    const imageId = await makeTopImage(t, editor);
    const id = await approvedWith({ topImageId: imageId });
    expect((await act(t, editor, id, 'schedule', { at: inHour() })).status).toBe(200);
    const refused = await clearCredit(imageId);
    expect(refused.status).toBe(409);
    expect(refused.body.error.liveUses).toEqual([expect.objectContaining({ usageId: id, status: 'scheduled' })]);
    expect((await act(t, editor, id, 'unschedule')).status).toBe(200);
    expect((await clearCredit(imageId)).status).toBe(200);
    expect((await clearAlt(imageId)).status).toBe(200);
  });

  it('a per-use credit on every live use lets the image credit go; alt text has no per-use form', async () => {
    const imageId = await makeTopImage(t, editor);
    const id = await publishWith({ topImageId: imageId, topImageCredit: 'Photo: Newsroom staff' });
    const cleared = await clearCredit(imageId);
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    expect(cleared.body.creditLine).toBeNull();
    expect(await creditLineLive(id)).toBe('Photo: Newsroom staff');
    expect((await clearAlt(imageId)).status).toBe(409);
  });

  it('a teaser override image on a live page is protected the same way', async () => {
    const imageId = await makeTopImage(t, editor);
    const target = await publishWith({});
    const page = await publishWith({});
    const pins = await t
      .http()
      .put(`/v1/admin/articles/${page}/related`)
      .set(editor.auth)
      .send({ pins: [{ targetArticleId: target, imageIdOverride: imageId }] });
    expect(pins.status, JSON.stringify(pins.body)).toBe(200);
    const refused = await clearCredit(imageId);
    expect(refused.status).toBe(409);
    expect(refused.body.error.liveUses).toEqual([expect.objectContaining({ usageType: 'teaser', usageId: page, status: 'published' })]);
    expect((await clearAlt(imageId)).body.error.code).toBe('IMAGE_ALT_TEXT_NEEDED_BY_LIVE_USE');
  });

  it('an image used only by drafts can lose its credit and alt text', async () => {
    const imageId = await makeTopImage(t, editor);
    await approvedWith({ topImageId: imageId });
    expect((await clearCredit(imageId)).status).toBe(200);
    expect((await clearAlt(imageId)).status).toBe(200);
  });
});
