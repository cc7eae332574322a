import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { act, completeArticle, makeWorld, type World } from '../support/world.js';

// A window of the 3 newest pieces (the bench's archive has 5,000), ranked there when it holds 2
// matches: the path every search of a large archive takes, with the month filter on.
let t: TestApp;
let editor: Credential;
let key: string;
let w: World;

beforeAll(async () => {
  t = await createTestApp({ env: { SEARCH_WINDOW_PIECES: '3', SEARCH_WINDOW_MIN_HITS: '2' } });
  const admin = await actingAs(t, 'admin');
  editor = await actingAs(t, 'editor');
  key = await contentKey(t, admin);
  w = await makeWorld(t, editor);
});
afterAll(() => t?.close());

const DAY = 86_400_000;
const month = (at: Date) => `~m:${at.toISOString().slice(0, 7)}`;

async function publishedAt(bodyWords: string, daysAgo: number): Promise<{ id: string; at: Date }> {
  const r = await t
    .http()
    .post('/v1/admin/articles')
    .set(editor.auth)
    .send(completeArticle(w, { bodyHtml: `<p>Officials discussed ${bodyWords} at length.</p>` }));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const id = r.body.id as string;
  for (const action of ['submit', 'approve', 'publish']) expect((await act(t, editor, id, action)).status).toBe(200);
  // an archive built over years: the piece's time moves back (the trigger keeps the search row's time and month)
  const at = new Date(Date.now() - daysAgo * DAY);
  await t.sql(`UPDATE published_articles SET published_at = $2 WHERE article_id = $1`, [id, at]);
  return { id, at };
}

const search = async (q: string) => {
  const r = await t
    .http()
    .get(`/v1/content/search?q=${encodeURIComponent(q)}`)
    .set('X-Api-Key', key);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body.items as { articleId: string }[]).map((i) => i.articleId);
};

describe('search window', () => {
  it('ranks a common term among the newest pieces, months and all; a rare one across the archive', async () => {
    const common = `wombatine${Date.now().toString(36).replace(/[0-9]/g, '')}`;
    const rare = `${common}rare`;
    const newest = await publishedAt(common, 1);
    const other = await publishedAt('nothing of note', 10);
    const recent = await publishedAt(common, 45); // another month
    const edge = await publishedAt(common, 100); // the window's oldest piece (the 4th newest)
    const old = await publishedAt(`${common} ${rare}`, 800);
    const older = await publishedAt(common, 1200);

    // the match vector carries the piece's month, moved with its time; the ranking vector has none
    const rows = await t.sql<{ id: string; months: string[]; rankMonths: number }>(
      `SELECT article_id AS id, ARRAY(SELECT l FROM unnest(tsvector_to_array(search)) l WHERE l LIKE '~m:%') AS months,
              cardinality(ARRAY(SELECT l FROM unnest(tsvector_to_array(search_rank)) l WHERE l LIKE '~m:%')) AS "rankMonths"
         FROM published_search WHERE article_id = ANY($1::uuid[])`,
      [[newest, other, recent, edge, old, older].map((p) => p.id)],
    );
    for (const p of [newest, other, recent, edge, old, older]) {
      expect(rows.find((r) => r.id === p.id)).toEqual({ id: p.id, months: [month(p.at)], rankMonths: 0 });
    }

    // three matches among the window (the 3 newest and the one at its edge): ranked there only
    expect((await search(common)).sort()).toEqual([newest.id, recent.id, edge.id].sort());
    // no match in the window: the whole archive
    expect(await search(rare)).toEqual([old.id]);
    // what a reader types never reaches a month lexeme, and stop words alone match nothing
    expect(await search(month(newest.at))).toEqual([]);
    expect(await search('the of and')).toEqual([]);
    const parsed = await t.sql<{ q: string }>(`SELECT websearch_to_tsquery('english', $1)::text AS q`, [month(newest.at)]);
    expect(parsed[0]!.q).not.toContain('~m:');
  });
});
