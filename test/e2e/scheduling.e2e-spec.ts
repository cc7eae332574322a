import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { act, completeArticle, makeWorld, type World } from '../support/world.js';

let a: TestApp;
let b: TestApp;
let editor: Credential;
let w: World;

beforeAll(async () => {
  // two processes' worth of api + worker on one schema
  a = await createTestApp({ worker: true });
  b = await createTestApp({ worker: true, schema: a.schema });
  editor = await actingAs(a, 'editor');
  w = await makeWorld(a, editor);
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

async function approved(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, n - i) }, async () => {
        const r = await a.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w));
        expect(r.status).toBe(201);
        await act(a, editor, r.body.id, 'submit');
        expect((await act(a, editor, r.body.id, 'approve')).status).toBe(200);
        return r.body.id as string;
      }),
    );
    ids.push(...batch);
  }
  return ids;
}

describe('scheduled publishing with two workers', () => {
  it('200 pieces due at the same moment are each published exactly once', async () => {
    const t0 = Date.now();
    const ids = await approved(200);
    // all due at one moment, far enough ahead for 200 schedule requests to land first (a schedule
    // is a third of the requests an approval took, so the preparation time bounds it on a busy machine)
    const at = new Date(Date.now() + Math.max(12_000, Date.now() - t0)).toISOString();
    for (let i = 0; i < ids.length; i += 25) {
      await Promise.all(ids.slice(i, i + 25).map(async (id) => expect((await act(a, editor, id, 'schedule', { at })).status).toBe(200)));
    }
    expect(Date.now()).toBeLessThan(new Date(at).getTime());
    const deadline = new Date(at).getTime() + 30_000;
    let published = 0;
    while (Date.now() < deadline) {
      published = (await a.sql<{ n: number }>(`SELECT count(*)::int AS n FROM published_articles WHERE article_id = ANY($1)`, [ids]))[0]!.n;
      if (published === ids.length) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(published).toBe(200);
    const rows = await a.sql<{ article_id: string; n: number }>(
      `SELECT article_id, count(*)::int AS n FROM article_transitions WHERE action = 'publish_due' AND article_id = ANY($1) GROUP BY article_id`,
      [ids],
    );
    expect(rows).toHaveLength(200);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    // both processes took part or not, there is no second publish: one transition each
    const published2 = await a.sql<{ n: number }>(`SELECT count(*)::int AS n FROM article_transitions WHERE article_id = ANY($1) AND to_status = 'published'`, [ids]);
    expect(published2[0]!.n).toBe(200);
  }, 300_000);

  it('unschedule cancels the job; a manual publish supersedes it', async () => {
    const [x, y] = await approved(2);
    const at = new Date(Date.now() + 5000).toISOString();
    await act(a, editor, x!, 'schedule', { at });
    await act(a, editor, y!, 'schedule', { at });
    expect((await act(a, editor, x!, 'unschedule')).body.status).toBe('approved');
    expect((await act(a, editor, y!, 'publish')).body.status).toBe('published');
    expect(Date.now(), 'unschedule and publish landed before the due time').toBeLessThan(Date.parse(at));
    // past the due time, with time for a job that was not cancelled to run
    await new Promise((r) => setTimeout(r, Date.parse(at) + 3000 - Date.now()));
    const log = await a.sql<{ article_id: string; action: string }>(
      `SELECT article_id, action FROM article_transitions WHERE article_id = ANY($1) AND action IN ('publish', 'publish_due') ORDER BY at`,
      [[x, y]],
    );
    expect(log).toEqual([{ article_id: y, action: 'publish' }]);
    expect((await a.sql(`SELECT 1 FROM published_articles WHERE article_id = $1`, [x])).length).toBe(0);
  });

  it('unpublish at a later time takes the piece down when due', async () => {
    const [id] = await approved(1);
    await act(a, editor, id!, 'publish');
    const at = new Date(Date.now() + 1500).toISOString();
    const r = await act(a, editor, id!, 'unpublish', { at });
    expect(r.body).toMatchObject({ status: 'published', unpublishAt: at });
    const deadline = Date.now() + 8000;
    while (Date.now() < deadline && (await a.sql(`SELECT 1 FROM published_articles WHERE article_id = $1`, [id])).length) {
      await new Promise((res) => setTimeout(res, 200));
    }
    expect((await a.sql(`SELECT 1 FROM published_articles WHERE article_id = $1`, [id])).length).toBe(0);
    const row = (await a.sql<{ status: string }>(`SELECT status FROM articles WHERE id = $1`, [id]))[0];
    expect(row!.status).toBe('unpublished');
  });
});
