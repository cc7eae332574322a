import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTICLE_SEARCH_TEXT } from '#libs/articles';
import { actingAs, createTestApp, responseHeader, type Credential, type TestApp } from '../support/app-harness.js';
import { act, completeArticle, makeWorld, type World } from '../support/world.js';

/**
 * The admin article list the desk pages through: filters by status, section, type, tag, author
 * and date, a search over headline, dek and body, keyset paging; and the indexes behind them.
 */

let t: TestApp;
let editor: Credential;
let writer: Credential;
let w: World;
let other: World;
const made: Record<string, string> = {};

interface Summary {
  id: string;
  headline: string;
  status: string;
  updatedAt: string;
}
async function list(query: string, who: Credential = editor): Promise<{ items: Summary[]; nextCursor: string | null }> {
  const r = await t.http().get(`/v1/admin/articles?${query}`).set(who.auth);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}
const headlines = async (query: string, who?: Credential) => (await list(query, who)).items.map((i) => i.headline).sort();

beforeAll(async () => {
  t = await createTestApp();
  editor = await actingAs(t, 'editor');
  writer = await actingAs(t, 'contributor');
  w = await makeWorld(t, editor, { contributorAccountId: writer.accountId });
  other = await makeWorld(t, editor);
  const pieces: [string, Credential, World, Record<string, unknown>][] = [
    ['Alpha: grain corridor', writer, w, { bodyHtml: '<p>The Black Sea insurers met in Istanbul.</p>' }],
    ['Beta: Baltic balance', editor, other, { bodyHtml: '<p>Ferries and cables under the Baltic.</p>', tagIds: [other.tagIds[1]] }],
    ['Gamma: 100% tariffs_and more', editor, w, { dek: 'Why a tariff of 100% is a signal.' }],
  ];
  for (const [headline, who, world, extra] of pieces) {
    const r = await t
      .http()
      .post('/v1/admin/articles')
      .set(who.auth)
      .send(completeArticle(world, { headline, ...extra }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    made[headline.split(':')[0]!] = r.body.id;
  }
});
afterAll(async () => {
  await t?.close();
});

describe('the admin article list', () => {
  it('searches headline, dek and body, case-insensitively; % and _ are literal', async () => {
    expect(await headlines('q=istanbul')).toEqual(['Alpha: grain corridor']);
    expect(await headlines('q=BALTIC')).toEqual(['Beta: Baltic balance']);
    expect(await headlines('q=signal')).toEqual(['Gamma: 100% tariffs_and more']);
    expect(await headlines('q=100%25')).toEqual(['Gamma: 100% tariffs_and more']);
    expect(await headlines('q=s_a')).toEqual(['Gamma: 100% tariffs_and more']);
    expect(await headlines('q=nowhere-to-be-found')).toEqual([]);
  });

  it('reads plain words as the beginnings of words, all of them, in any order (the word search)', async () => {
    expect(await headlines('q=istan')).toEqual(['Alpha: grain corridor']);
    expect(await headlines('q=baltic%20FERR')).toEqual(['Beta: Baltic balance']);
    expect(await headlines('q=cables%20ferries%20baltic')).toEqual(['Beta: Baltic balance']);
    expect(await headlines('q=baltic%20istanbul')).toEqual([]);
    // a word inside a word is no match for words: that is what a literal string is for
    expect(await headlines('q=stanbul')).toEqual([]);
    expect(await headlines('q=grain%3A%20corr')).toEqual(['Alpha: grain corridor']);
    // the writer's own pieces only, drafts included
    expect(await headlines('q=baltic', writer)).toEqual([]);
    expect(await headlines('q=black%20sea', writer)).toEqual(['Alpha: grain corridor']);
  });

  it('searches what was saved last: the words follow every edit of headline, dek and body', async () => {
    const created = await t
      .http()
      .post('/v1/admin/articles')
      .set(editor.auth)
      .send(completeArticle(w, { headline: 'Delta: quarry', bodyHtml: '<p>Zanzibar cloves.</p>' }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    try {
      expect(await headlines('q=zanzibar')).toEqual(['Delta: quarry']);
      const saved = await t
        .http()
        .patch(`/v1/admin/articles/${id}`)
        .set(editor.auth)
        .set('If-Match', responseHeader(created, 'etag'))
        .send({ bodyHtml: '<p>Madagascar vanilla.</p>', dek: 'Spice routes' });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      expect(await headlines('q=zanzibar')).toEqual([]);
      expect(await headlines('q=madagascar%20spice')).toEqual(['Delta: quarry']);
      expect(await headlines('q=quarry%20vanilla')).toEqual(['Delta: quarry']);
    } finally {
      await t.sql(`DELETE FROM articles WHERE id = $1`, [id]);
    }
  });

  it('pages a word search by keyset in the list order, drafts and submitted pieces alike, each once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const who = i % 2 ? writer : editor;
      const r = await t
        .http()
        .post('/v1/admin/articles')
        .set(who.auth)
        .send(completeArticle(w, { headline: `Harbour ${i}`, bodyHtml: `<p>The common harbour tale number ${i}.</p>` }));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      ids.push(r.body.id);
    }
    // one piece submitted for review, and distinct update times, two of them equal (the id breaks the tie)
    expect((await act(t, writer, ids[1]!, 'submit')).status).toBe(200);
    for (const [i, at] of [
      '2026-05-01T10:00:00Z',
      '2026-05-03T10:00:00Z',
      '2026-05-02T10:00:00Z',
      '2026-05-02T10:00:00Z',
      '2026-04-01T10:00:00Z',
      '2026-06-01T10:00:00Z',
      '2026-05-05T10:00:00Z',
    ].entries()) {
      await t.sql(`UPDATE articles SET updated_at = $2 WHERE id = $1`, [ids[i], at]);
    }
    const expected = (await t.sql<{ headline: string }>(`SELECT headline FROM articles WHERE headline LIKE 'Harbour %' ORDER BY updated_at DESC, id DESC`)).map((r) => r.headline);
    expect(expected).toHaveLength(7);
    for (const limit of [1, 2, 3, 7, 25]) {
      const seen: Summary[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Summary[]; nextCursor: string | null } = await list(`q=harbour%20tale&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      expect(
        seen.map((i) => i.headline),
        `limit ${limit}`,
      ).toEqual(expected);
    }
    const first = await list('q=harb&limit=3');
    expect(first.items.map((i) => i.headline)).toEqual(expected.slice(0, 3));
    expect(new Set((await list('q=harbour&limit=25')).items.map((i) => i.status))).toEqual(new Set(['draft', 'in_review']));
    // the writer pages through their own three
    const mine = expected.filter((h) => Number(h.split(' ')[1]) % 2 === 1);
    const p1 = await list('q=harbour&limit=2', writer);
    const p2 = await list(`q=harbour&limit=2&cursor=${encodeURIComponent(p1.nextCursor!)}`, writer);
    expect([...p1.items, ...p2.items].map((i) => i.headline)).toEqual(mine);
    expect(p2.nextCursor).toBeNull();
    await t.sql(`DELETE FROM articles WHERE headline LIKE 'Harbour %'`);
  });

  it('filters by section, type, tag and author, and a contributor sees only their own', async () => {
    expect(await headlines(`sectionId=${other.sectionId}`)).toEqual(['Beta: Baltic balance']);
    expect(await headlines(`typeId=${w.typeId}`)).toEqual(['Alpha: grain corridor', 'Gamma: 100% tariffs_and more']);
    expect(await headlines(`tagId=${other.tagIds[1]}`)).toEqual(['Beta: Baltic balance']);
    expect(await headlines(`tagId=${other.tagIds[0]}`)).toEqual([]);
    expect(await headlines(`contributorId=${w.contributorId}`)).toEqual(['Alpha: grain corridor', 'Gamma: 100% tariffs_and more']);
    expect(await headlines(`contributorId=${w.contributorId}&q=istanbul`)).toEqual(['Alpha: grain corridor']);
    expect(await headlines('', writer)).toEqual(['Alpha: grain corridor']);
    expect(await headlines('status=draft&mine=true')).toEqual(['Beta: Baltic balance', 'Gamma: 100% tariffs_and more']);
  });

  it('filters by date: updated (default), created, published, scheduled', async () => {
    await t.sql(`UPDATE articles SET updated_at = '2026-03-10T12:00:00Z', created_at = '2026-01-05T08:00:00Z' WHERE id = $1`, [made.Alpha]);
    await t.sql(`UPDATE articles SET updated_at = '2026-04-20T12:00:00Z', created_at = '2026-04-01T08:00:00Z' WHERE id = $1`, [made.Beta]);
    expect(await headlines('from=2026-03-01&to=2026-04-01')).toEqual(['Alpha: grain corridor']);
    expect(await headlines('dateField=updated&from=2026-03-01T00:00:00Z&to=2026-05-01T00:00:00Z')).toEqual(['Alpha: grain corridor', 'Beta: Baltic balance']);
    expect(await headlines('dateField=created&to=2026-02-01')).toEqual(['Alpha: grain corridor']);
    expect(await headlines('dateField=published&from=2000-01-01')).toEqual([]);
    expect(await headlines('dateField=scheduled&to=2100-01-01')).toEqual([]);
  });

  it('refuses a bad date field or date with a 400 naming it', async () => {
    for (const [query, field] of [
      ['dateField=deadline', 'dateField'],
      ['from=2026-02-30', 'from'],
      ['to=yesterday', 'to'],
    ]) {
      const r = await t.http().get(`/v1/admin/articles?${query}`).set(editor.auth);
      expect(r.status, query).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(r.body.error.details)).toContain(field);
    }
  });

  it('pages by keyset, newest first, each piece once, with the filters kept', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Summary[]; nextCursor: string | null } = await list(`limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}&typeId=${w.typeId}`);
      seen.push(...page.items.map((i) => i.headline));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(['Alpha: grain corridor', 'Gamma: 100% tariffs_and more']);
  });

  it('has the indexes the search and the array filters use', async () => {
    const rows = await t.sql<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = 'articles' AND indexname IN ('idx_articles_search_trgm', 'idx_articles_search_words', 'idx_articles_tag_ids', 'idx_articles_byline_ids') ORDER BY indexname`,
      [t.schema],
    );
    expect(rows.map((r) => r.indexname)).toEqual(['idx_articles_byline_ids', 'idx_articles_search_trgm', 'idx_articles_search_words', 'idx_articles_tag_ids']);
    expect(rows.find((r) => r.indexname === 'idx_articles_search_trgm')!.indexdef).toMatch(/USING gin \(.*headline.*dek.*body_text\)\) \S*gin_trgm_ops\)/);
    // the list's search expression is the indexed one (seq scans off: the tables here are tiny)
    const runner = t.app.get(DataSource).createQueryRunner();
    try {
      await runner.query(`SET enable_seqscan = off`);
      const plan = async (where: string, params: unknown[] = []) =>
        ((await runner.query(`EXPLAIN SELECT a.id FROM "${t.schema}".articles a WHERE ${where}`, params)) as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n');
      expect(await plan(`${ARTICLE_SEARCH_TEXT} ILIKE '%istanbul%'`)).toContain('Bitmap Index Scan on idx_articles_search_trgm');
      expect(await plan(`a.search_words @@ to_tsquery('simple', 'istanbul:*')`)).toContain('Bitmap Index Scan on idx_articles_search_words');
      // the list's order and its keyset condition come from one index, without a sort
      await runner.query(`SET enable_sort = off`);
      const ordered = await plan(`(a.updated_at, a.id) < (now(), $1::uuid) ORDER BY a.updated_at DESC, a.id DESC LIMIT 26`, [made.Alpha]);
      expect(ordered).toMatch(/Index (Only )?Scan Backward using idx_articles_updated_at_id[^\n]*\n\s*Index Cond: \(ROW\(updated_at, id\) </);
      expect(ordered).not.toContain('Sort');
      await runner.query(`RESET enable_sort`);
      expect(await plan(`a.tag_ids @> ARRAY[$1]::uuid[]`, [w.tagIds[0]])).toContain('Bitmap Index Scan on idx_articles_tag_ids');
      expect(await plan(`a.byline_ids @> ARRAY[$1]::uuid[]`, [w.contributorId])).toContain('Bitmap Index Scan on idx_articles_byline_ids');
    } finally {
      await runner.query(`RESET enable_seqscan`);
      await runner.release();
    }
  });
});
