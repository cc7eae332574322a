import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaxonomyService } from '#libs/taxonomy';
import { actingAs, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';

let t: TestApp;
let editor: Credential;
let contributor: Credential;
const NIL = '7d1f5f8e-8d53-4a53-9df1-8ab0d5d4a0aa';

/** Everything a taxonomy write can touch. */
const counts = async () =>
  (
    await t.sql<Record<string, number>>(
      `SELECT (SELECT count(*) FROM sections)::int s, (SELECT count(*) FROM article_types)::int ty, (SELECT count(*) FROM tags)::int tg,
              (SELECT count(*) FROM audit_log)::int audit, (SELECT count(*) FROM outbox_messages)::int outbox`,
    )
  )[0];
const outboxFor = (id: string) =>
  t.sql<{ topic: string; payload: Record<string, unknown> }>(`SELECT topic, payload FROM outbox_messages WHERE payload->>'id' = $1 ORDER BY created_at`, [id]);
const auditFor = (id: string) =>
  t.sql<{ action: string; actor_id: string; summary: Record<string, Record<string, unknown>> }>(
    `SELECT action, actor_id, summary FROM audit_log WHERE target_id = $1 ORDER BY at`,
    [id],
  );

beforeAll(async () => {
  t = await createTestApp();
  editor = await actingAs(t, 'editor');
  contributor = await actingAs(t, 'contributor');
});
afterAll(() => t?.close());

describe('sections', () => {
  it('create: slug from the name, placed last, audited, readable by contributors', async () => {
    const a = await t.http().post('/v1/admin/sections').set(editor.auth).send({ name: '  Middle   East ', description: 'The region.' });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ slug: 'middle-east', name: 'Middle East', description: 'The region.' });
    const b = await t.http().post('/v1/admin/sections').set(editor.auth).send({ name: 'Africa', slug: 'africa' });
    expect(b.body.position).toBe(a.body.position + 1);
    const first = await t.http().post('/v1/admin/sections').set(editor.auth).send({ name: 'Europe', position: 0 });
    expect(first.status).toBe(201);

    const rows = await t.sql(`SELECT slug, name, position FROM sections WHERE id = $1`, [a.body.id]);
    expect(rows).toEqual([{ slug: 'middle-east', name: 'Middle East', position: a.body.position }]);
    expect(await auditFor(a.body.id)).toEqual([
      {
        action: 'section.create',
        actor_id: editor.accountId,
        summary: { after: { slug: 'middle-east', name: 'Middle East', description: 'The region.', position: a.body.position } },
      },
    ]);

    const list = await t.http().get('/v1/admin/sections').set(contributor.auth);
    expect(list.status).toBe(200);
    const slugs = list.body.map((s: { slug: string }) => s.slug);
    expect(slugs.indexOf('europe')).toBeLessThan(slugs.indexOf('middle-east'));
    expect(slugs.indexOf('middle-east')).toBeLessThan(slugs.indexOf('africa'));
    const one = await t.http().get(`/v1/admin/sections/${a.body.id}`).set(contributor.auth);
    expect(one.body).toEqual(a.body);
  });

  it('slug conflicts are 409 SECTION_SLUG_TAKEN, given or generated, and write nothing', async () => {
    await t.http().post('/v1/admin/sections').set(editor.auth).send({ name: 'Global Crises' }).expect(201);
    const before = await counts();
    for (const body of [{ name: 'Global Crises' }, { name: 'Other', slug: 'global-crises' }]) {
      const r = await t.http().post('/v1/admin/sections').set(editor.auth).send(body);
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('SECTION_SLUG_TAKEN');
      expect(r.body.error.details[0].field).toBe('slug');
    }
    expect(await counts()).toEqual(before);
  });

  it('racing creates of one slug: exactly one wins, the rest get 409 (never 500)', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => t.http().post('/v1/admin/sections').set(editor.auth).send({ name: 'South Asia' })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.error.code === 'SECTION_SLUG_TAKEN')).toBe(true);
    expect(await t.sql(`SELECT count(*)::int n FROM sections WHERE slug = 'south-asia'`)).toEqual([{ n: 1 }]);
  });

  it.each([
    ['a slug that is not one', { name: 'Asia', slug: 'Asia Pacific' }, 'SECTION_SLUG_INVALID'],
    ['a name with nothing to slug', { name: '???' }, 'SECTION_SLUG_INVALID'],
    ['a blank name', { name: '   ' }, 'SECTION_NAME_INVALID'],
    ['a missing name', {}, 'VALIDATION_FAILED'],
    ['an unknown field', { name: 'Asia', color: 'red' }, 'VALIDATION_FAILED'],
    ['a negative position', { name: 'Asia', position: -1 }, 'VALIDATION_FAILED'],
    ['a fractional position', { name: 'Asia', position: 1.5 }, 'VALIDATION_FAILED'],
  ])('refuses %s with 400 and writes nothing', async (_, body, code) => {
    const before = await counts();
    const r = await t.http().post('/v1/admin/sections').set(editor.auth).send(body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe(code);
    expect(await counts()).toEqual(before);
  });

  it('rename keeps the slug, emits taxonomy.changed and audits before/after in one go', async () => {
    const s = (await t.http().post('/v1/admin/sections').set(editor.auth).send({ name: 'Americas' })).body;
    const r = await t.http().patch(`/v1/admin/sections/${s.id}`).set(editor.auth).send({ name: 'The Americas' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: s.id, slug: 'americas', name: 'The Americas' });
    expect(await outboxFor(s.id)).toEqual([{ topic: 'taxonomy.changed', payload: { kind: 'section', id: s.id } }]);
    const audit = await auditFor(s.id);
    expect(audit.map((a) => a.action)).toEqual(['section.create', 'section.update']);
    expect(audit[1]!.summary).toEqual({ before: { name: 'Americas' }, after: { name: 'The Americas' } });

    // the same values again change nothing and announce nothing
    const before = await counts();
    const same = await t.http().patch(`/v1/admin/sections/${s.id}`).set(editor.auth).send({ name: 'The Americas', slug: 'americas' });
    expect(same.status).toBe(200);
    expect(await counts()).toEqual(before);

    const reslug = await t.http().patch(`/v1/admin/sections/${s.id}`).set(editor.auth).send({ slug: 'americas-region', description: null, position: 42 });
    expect(reslug.body).toMatchObject({ slug: 'americas-region', position: 42, description: null });
    expect((await t.app.get(TaxonomyService).findSectionBySlug('americas-region'))?.id).toBe(s.id);
    expect(await t.app.get(TaxonomyService).findSectionBySlug('americas')).toBeNull();
  });

  it('a failing update changes nothing at all', async () => {
    const s = (await t.http().post('/v1/admin/sections').set(editor.auth).send({ name: 'Oceania' })).body;
    const before = await counts();
    const taken = await t.http().patch(`/v1/admin/sections/${s.id}`).set(editor.auth).send({ name: 'Pacific', slug: 'middle-east' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('SECTION_SLUG_TAKEN');
    const nulled = await t.http().patch(`/v1/admin/sections/${s.id}`).set(editor.auth).send({ name: null });
    expect(nulled.status).toBe(400);
    expect(nulled.body.error.details.map((d: { field: string }) => d.field)).toContain('name');
    expect(await counts()).toEqual(before);
    expect((await t.sql(`SELECT name, slug FROM sections WHERE id = $1`, [s.id]))[0]).toEqual({ name: 'Oceania', slug: 'oceania' });
  });

  it('unknown and malformed ids', async () => {
    const missing = await t.http().patch(`/v1/admin/sections/${NIL}`).set(editor.auth).send({ name: 'x' });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'SECTION_NOT_FOUND']);
    const get = await t.http().get(`/v1/admin/sections/${NIL}`).set(editor.auth);
    expect([get.status, get.body.error.code]).toEqual([404, 'SECTION_NOT_FOUND']);
    const bad = await t.http().get('/v1/admin/sections/nope').set(editor.auth);
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});

describe('article types', () => {
  it('create, conflict, rename with taxonomy.changed {kind: type}', async () => {
    const ids: string[] = [];
    for (const name of ['Analysis', 'News', 'Opinion', 'Interview']) {
      const r = await t.http().post('/v1/admin/article-types').set(editor.auth).send({ name });
      expect(r.status).toBe(201);
      expect(r.body.slug).toBe(name.toLowerCase());
      ids.push(r.body.id);
    }
    const before = await counts();
    const dup = await t.http().post('/v1/admin/article-types').set(editor.auth).send({ name: 'ANALYSIS' });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'ARTICLE_TYPE_SLUG_TAKEN']);
    expect(await counts()).toEqual(before);

    const list = await t.http().get('/v1/admin/article-types').set(contributor.auth);
    expect(list.body.map((x: { name: string }) => x.name)).toEqual(['Analysis', 'Interview', 'News', 'Opinion']);

    const renamed = await t.http().patch(`/v1/admin/article-types/${ids[1]}`).set(editor.auth).send({ name: 'Reporting', slug: 'reporting' });
    expect(renamed.body).toMatchObject({ name: 'Reporting', slug: 'reporting' });
    expect(await outboxFor(ids[1]!)).toEqual([{ topic: 'taxonomy.changed', payload: { kind: 'type', id: ids[1] } }]);
    expect((await auditFor(ids[1]!)).map((a) => a.action)).toEqual(['article_type.create', 'article_type.update']);
  });
});

describe('tags', () => {
  it('create with a kind; list filters by kind and text, a page at a time', async () => {
    const made: Record<string, string> = {};
    for (const [name, kind] of [
      ['Emmanuel Macron', 'person'],
      ['Friedrich Merz', 'person'],
      ['Donald Tusk', 'person'],
      ['Kyïv', 'place'],
      ['NATO', 'organization'],
      ['Defence spending', 'topic'],
    ] as const) {
      const r = await t.http().post('/v1/admin/tags').set(editor.auth).send({ name, kind });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      made[r.body.slug] = r.body.id;
    }
    expect(Object.keys(made)).toContain('kyiv');

    const people: string[] = [];
    let cursor: string | null = null;
    do {
      const q: Record<string, string> = { kind: 'person', limit: '2', ...(cursor ? { cursor } : {}) };
      const page = await t.http().get('/v1/admin/tags').query(q).set(contributor.auth);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      people.push(...page.body.items.map((x: { slug: string }) => x.slug));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(people).toEqual(['donald-tusk', 'emmanuel-macron', 'friedrich-merz']);

    const search = await t.http().get('/v1/admin/tags').query({ q: 'ato' }).set(editor.auth);
    expect(search.body.items.map((x: { slug: string }) => x.slug)).toEqual(['nato']);
    const literal = await t.http().get('/v1/admin/tags').query({ q: '%' }).set(editor.auth);
    expect(literal.body.items).toEqual([]);

    for (const query of [{ kind: 'event' }, { limit: '0' }, { limit: 'many' }, { cursor: 'not-base64!' }, { extra: '1' }]) {
      const r = await t.http().get('/v1/admin/tags').query(query).set(editor.auth);
      expect(r.status, JSON.stringify(query)).toBe(400);
    }
  });

  it('kind and slug are validated; conflicts are 409 TAG_SLUG_TAKEN; renames announce themselves', async () => {
    const before = await counts();
    const badKind = await t.http().post('/v1/admin/tags').set(editor.auth).send({ name: 'Davos', kind: 'event' });
    expect([badKind.status, badKind.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const noKind = await t.http().post('/v1/admin/tags').set(editor.auth).send({ name: 'Davos' });
    expect(noKind.status).toBe(400);
    const dup = await t.http().post('/v1/admin/tags').set(editor.auth).send({ name: 'Nato', kind: 'organization' });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'TAG_SLUG_TAKEN']);
    expect(await counts()).toEqual(before);

    const tag = (await t.http().post('/v1/admin/tags').set(editor.auth).send({ name: 'Olaf Scholz', kind: 'person' })).body;
    const r = await t.http().patch(`/v1/admin/tags/${tag.id}`).set(editor.auth).send({ kind: 'topic' });
    expect(r.body.kind).toBe('topic');
    expect(await outboxFor(tag.id)).toEqual([{ topic: 'taxonomy.changed', payload: { kind: 'tag', id: tag.id } }]);
    const clash = await t.http().patch(`/v1/admin/tags/${tag.id}`).set(editor.auth).send({ slug: 'nato' });
    expect([clash.status, clash.body.error.code]).toEqual([409, 'TAG_SLUG_TAKEN']);
    expect((await t.app.get(TaxonomyService).findTagBySlug('olaf-scholz'))?.kind).toBe('topic');
  });
});

describe('permissions', () => {
  it('contributors read but may not write (403) and nothing is written; anonymous gets 401', async () => {
    const s = (await t.http().post('/v1/admin/sections').set(editor.auth).send({ name: 'Arctic' })).body;
    const before = await counts();
    const attempts = [
      t.http().post('/v1/admin/sections').set(contributor.auth).send({ name: 'Antarctica' }),
      t.http().patch(`/v1/admin/sections/${s.id}`).set(contributor.auth).send({ name: 'North' }),
      t.http().post('/v1/admin/article-types').set(contributor.auth).send({ name: 'Explainer' }),
      t.http().post('/v1/admin/tags').set(contributor.auth).send({ name: 'Greenland', kind: 'place' }),
    ];
    for (const r of await Promise.all(attempts)) {
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('AUTH_FORBIDDEN');
    }
    for (const path of ['/v1/admin/sections', '/v1/admin/article-types', '/v1/admin/tags']) {
      expect((await t.http().get(path)).status).toBe(401);
      expect((await t.http().get(path).set(contributor.auth)).status).toBe(200);
    }
    expect(await counts()).toEqual(before);
  });
});
