import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, contentKey, createTestApp, type TestApp } from '../support/app-harness.js';
import { makeMagazine, type Magazine } from '../support/magazine.js';

/** Issue 22 item 9: a preview token returns the whole page payload, as the live page would. */

let t: TestApp;
let key: string;
let m: Magazine;
let token: string;

beforeAll(async () => {
  t = await createTestApp({ env: { CONTENT_CACHE_MAX_MB: '0' } });
  const admin = await actingAs(t, 'admin');
  const editor = await actingAs(t, 'editor');
  key = await contentKey(t, admin);
  m = await makeMagazine(t, admin, editor);
  const link = await t.http().post(`/v1/admin/articles/${m.main.id}/preview-links`).set(editor.auth).send({});
  expect(link.status, JSON.stringify(link.body)).toBe(201);
  token = link.body.token;
});
afterAll(() => t?.close());

describe('preview parity', () => {
  it('the preview of a live piece without edits equals its live page, apart from `preview` and the preview-time dates', async () => {
    const live = (await t.http().get(`/v1/content/articles/${m.main.slug}?reader=r1`).set('X-Api-Key', key)).body;
    const preview = (await t.http().get(`/v1/content/preview/${token}`).set('X-Api-Key', key)).body;
    expect(preview.preview).toBe(true);
    // documented differences: a preview renders "now" (updatedAt, and the share cards' and JSON-LD's modified time)
    const strip = (p: Record<string, unknown>) => {
      const { preview: _p, ...rest } = p as { preview?: boolean; article: Record<string, unknown> } & Record<string, unknown>;
      const a = structuredClone(rest.article) as Record<string, Record<string, unknown>> & Record<string, unknown>;
      delete a.updatedAt;
      delete a.openGraph!.modifiedTime;
      delete a.jsonLd!.dateModified;
      return { ...rest, article: a };
    };
    expect(Object.keys(preview).sort()).toEqual([...Object.keys(live), 'preview'].sort());
    expect(strip(preview)).toEqual(strip(live));
  });
});
