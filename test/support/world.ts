import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Credential, TestApp } from './app-harness.js';

export interface World {
  sectionId: string;
  typeId: string;
  tagIds: string[];
  contributorId: string;
  /** A credited, described image: the publish gate wants a top image. */
  topImageId: string;
}

// 6 bytes: a reliability test makes 1,000 pieces from completeArticle in one schema, and with 3
// bytes two headlines (and so two slugs) came out the same in about 3 % of its runs
const uniq = () => randomBytes(6).toString('hex');

async function created(res: { status: number; body: { id?: string } }, what: string): Promise<string> {
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body.id!;
}

/** A registered image with alt text and a photographer's credit, made through the admin API. */
export async function makeTopImage(t: TestApp, editor: Credential, altText = 'Three leaders at a summit table'): Promise<string> {
  const h = () => t.http().set(editor.auth);
  const u = uniq();
  const image = await h()
    .post('/v1/admin/images/by-url')
    .send({ url: `https://img.example.org/world/${u}.jpg`, width: 1600, height: 900, altText });
  expect(image.status, `image: ${JSON.stringify(image.body)}`).toBeLessThan(300);
  const party = await created(
    await h()
      .post('/v1/admin/credit-parties')
      .send({ kind: 'person', name: `Photographer ${u}` }),
    'credit party',
  );
  const credit = await h().put(`/v1/admin/images/${image.body.id}/credit`).send({ photographerId: party });
  expect(credit.status, `credit: ${JSON.stringify(credit.body)}`).toBe(200);
  return image.body.id as string;
}

/** A section, a type, two tags, a contributor profile and a top image, made through the admin API. */
export async function makeWorld(t: TestApp, editor: Credential, opts: { contributorAccountId?: string } = {}): Promise<World> {
  const h = () => t.http().set(editor.auth);
  const u = uniq();
  const sectionId = await created(
    await h()
      .post('/v1/admin/sections')
      .send({ name: `Europe ${u}` }),
    'section',
  );
  const typeId = await created(
    await h()
      .post('/v1/admin/article-types')
      .send({ name: `Analysis ${u}` }),
    'type',
  );
  const tagIds = [
    await created(
      await h()
        .post('/v1/admin/tags')
        .send({ name: `Emmanuel Macron ${u}`, kind: 'person' }),
      'tag',
    ),
    await created(
      await h()
        .post('/v1/admin/tags')
        .send({ name: `Donald Tusk ${u}`, kind: 'person' }),
      'tag',
    ),
  ];
  const contributorId = await created(
    await h()
      .post('/v1/admin/contributors')
      .send({ name: `Ada Writer ${u}`, title: 'Senior fellow, Example Institute' }),
    'contributor',
  );
  if (opts.contributorAccountId) {
    const link = await h().put(`/v1/admin/contributors/${contributorId}/account`).send({ accountId: opts.contributorAccountId });
    expect(link.status, JSON.stringify(link.body)).toBeLessThan(300);
  }
  const topImageId = await makeTopImage(t, editor);
  return { sectionId, typeId, tagIds, contributorId, topImageId };
}

export const PARAGRAPHS = [
  'Three leaders met in a borrowed room and left with a plan that none of them could sell at home.',
  'The plan is modest on paper: shared procurement, a rotating command, and a promise to talk again in spring.',
  'Its weakness is that each capital reads the promise differently, and the differences matter more than the text.',
];

/** A complete draft body: enough for the publish gate. */
export const completeArticle = (w: World, extra: Record<string, unknown> = {}) => ({
  headline: `Europe’s leaders test a new coalition ${uniq()}`,
  dek: 'A modest plan whose weak point is what each capital thinks it promised.',
  sectionId: w.sectionId,
  typeId: w.typeId,
  tagIds: w.tagIds,
  bylineIds: [w.contributorId],
  bodyHtml: PARAGRAPHS.map((p) => `<p>${p}</p>`).join(''),
  topImageId: w.topImageId,
  ...extra,
});

/** POST a transition with the current ETag (read first); returns the response. */
export async function act(t: TestApp, who: Credential, id: string, action: string, extra: Record<string, unknown> = {}) {
  const current = await t.http().get(`/v1/admin/articles/${id}`).set(who.auth);
  return t
    .http()
    .post(`/v1/admin/articles/${id}/transitions`)
    .set(who.auth)
    .set('If-Match', current.headers.etag ?? '')
    .send({ action, ...extra });
}
