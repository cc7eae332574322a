import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContributorsService } from '#libs/contributors';
import { Transactions } from '#libs/database';
import { DomainError } from '#libs/kernel';
import { actingAs, createTestApp, onlyRow, type Credential, type TestApp } from '../support/app-harness.js';

let t: TestApp;
let editor: Credential;
let admin: Credential;
let contributor: Credential;
const NIL = '7d1f5f8e-8d53-4a53-9df1-8ab0d5d4a0aa';

/** Everything a contributor write can touch. */
const counts = async () =>
  onlyRow(
    await t.sql<{ c: number; h: number; audit: number; outbox: number; linked: number }>(
      `SELECT (SELECT count(*) FROM contributors)::int c, (SELECT count(*) FROM contributor_slug_history)::int h,
              (SELECT count(*) FROM audit_log)::int audit, (SELECT count(*) FROM outbox_messages)::int outbox,
              (SELECT count(*) FROM contributors WHERE account_id IS NOT NULL)::int linked`,
    ),
  );
const auditFor = (id: string) =>
  t.sql<{ action: string; actor_id: string; request_id: string | null; summary: Record<string, Record<string, unknown>> }>(
    `SELECT action, actor_id, request_id, summary FROM audit_log WHERE target_id = $1 ORDER BY at`,
    [id],
  );
const outboxFor = (id: string) =>
  t.sql<{ topic: string; payload: Record<string, unknown> }>(`SELECT topic, payload FROM outbox_messages WHERE payload->>'id' = $1 ORDER BY created_at`, [id]);
const create = async (body: Record<string, unknown>) => {
  const r = await t.http().post('/v1/admin/contributors').set(editor.auth).send(body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; slug: string; name: string; accountId: string | null };
};

beforeAll(async () => {
  t = await createTestApp();
  editor = await actingAs(t, 'editor');
  admin = await actingAs(t, 'admin');
  contributor = await actingAs(t, 'contributor');
});
afterAll(() => t?.close());

describe('profiles', () => {
  it('create: slug from the name, no account needed, audited, no outbox (nothing live shows it yet)', async () => {
    const avatar = await t
      .http()
      .post('/v1/admin/images/by-url')
      .set(editor.auth)
      .send({ url: `https://img.example.org/avatars/${randomUUID()}.jpg`, width: 400, height: 400, altText: 'Portrait' });
    expect(avatar.status, JSON.stringify(avatar.body)).toBe(201);
    const before = await counts();
    const r = await t
      .http()
      .post('/v1/admin/contributors')
      .set(editor.auth)
      .set('x-request-id', 'req-create-1')
      .send({
        name: ' Zoë  Ångström ',
        title: 'Senior Fellow,\n Carnegie Europe',
        bio: 'Writes on <b>European</b> security.\r\nBased in Brussels.<script>alert(1)</script>',
        avatarImageId: (avatar.body.id as string).toUpperCase(),
        socialLinks: [
          { network: 'bluesky', url: 'https://bsky.app/profile/zoe.example.org' },
          { network: 'website', url: 'https://zoe.example.org' },
        ],
        disclosure: 'Has advised the European Commission.',
      });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      slug: 'zoe-angstrom',
      name: 'Zoë Ångström',
      title: 'Senior Fellow, Carnegie Europe',
      bio: 'Writes on European security.\nBased in Brussels.',
      avatarImageId: avatar.body.id,
      socialLinks: [
        { network: 'bluesky', url: 'https://bsky.app/profile/zoe.example.org' },
        { network: 'website', url: 'https://zoe.example.org/' },
      ],
      disclosure: 'Has advised the European Commission.',
      accountId: null,
      mergedIntoId: null,
      articleCount: 0,
    });
    const row = (await t.sql(`SELECT slug, name, bio, social_links FROM contributors WHERE id = $1`, [r.body.id]))[0];
    expect(row).toEqual({ slug: 'zoe-angstrom', name: 'Zoë Ångström', bio: r.body.bio, social_links: r.body.socialLinks });
    const audit = await auditFor(r.body.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'contributor.create', actor_id: editor.accountId, request_id: 'req-create-1' });
    expect(audit[0]!.summary.after).toMatchObject({ slug: 'zoe-angstrom', name: 'Zoë Ångström' });
    expect(await counts()).toEqual({ ...before, c: before.c + 1, audit: before.audit + 1 });

    const got = await t.http().get(`/v1/admin/contributors/${r.body.id}`).set(contributor.auth);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(r.body);
  });

  it.each([
    ['an http link', { name: 'A', socialLinks: [{ network: 'x', url: 'http://x.com/a' }] }, 'CONTRIBUTOR_SOCIAL_LINK_INVALID', 'socialLinks.0.url'],
    ['a javascript: link', { name: 'A', socialLinks: [{ network: 'website', url: 'javascript:alert(1)' }] }, 'CONTRIBUTOR_SOCIAL_LINK_INVALID', 'socialLinks.0.url'],
    [
      'a link off the network host',
      { name: 'A', socialLinks: [{ network: 'linkedin', url: 'https://evil.example/in/a' }] },
      'CONTRIBUTOR_SOCIAL_LINK_INVALID',
      'socialLinks.0.url',
    ],
    ['an unknown network', { name: 'A', socialLinks: [{ network: 'myspace', url: 'https://myspace.com/a' }] }, 'CONTRIBUTOR_SOCIAL_LINK_INVALID', 'socialLinks.0.network'],
    ['a link without url', { name: 'A', socialLinks: [{ network: 'x' }] }, 'VALIDATION_FAILED', 'socialLinks.0.url'],
    ['a link with extra fields', { name: 'A', socialLinks: [{ network: 'x', url: 'https://x.com/a', label: 'x' }] }, 'VALIDATION_FAILED', 'socialLinks.0.label'],
    ['links that are not a list', { name: 'A', socialLinks: 'https://x.com/a' }, 'VALIDATION_FAILED', 'socialLinks'],
    ['13 links', { name: 'A', socialLinks: Array.from({ length: 13 }, (_, i) => ({ network: 'website', url: `https://s${i}.example.org` })) }, 'VALIDATION_FAILED', 'socialLinks'],
    ['a bio over 5,000 characters', { name: 'A', bio: 'x'.repeat(5001) }, 'VALIDATION_FAILED', 'bio'],
    ['an avatar id that is not a UUID', { name: 'A', avatarImageId: 'img-1' }, 'VALIDATION_FAILED', 'avatarImageId'],
    ['a blank name', { name: '  ' }, 'CONTRIBUTOR_NAME_INVALID', 'name'],
    ['a slug that is not one', { name: 'A', slug: 'Jane Doe' }, 'CONTRIBUTOR_SLUG_INVALID', 'slug'],
    ['a name without letters or digits', { name: '—' }, 'CONTRIBUTOR_SLUG_INVALID', 'slug'],
    ['an account id (linking has its own route)', { name: 'A', accountId: NIL }, 'VALIDATION_FAILED', 'accountId'],
  ])('refuses %s with 400, names the field, writes nothing', async (_, body, code, field) => {
    const before = await counts();
    const r = await t.http().post('/v1/admin/contributors').set(editor.auth).send(body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe(code);
    expect(r.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await counts()).toEqual(before);
  });

  it('a bio of exactly 5,000 characters is plain text and kept whole', async () => {
    const c = await create({ name: 'Long Bio', bio: 'b'.repeat(5000) });
    expect((await t.sql<{ n: number }>(`SELECT char_length(bio)::int n FROM contributors WHERE id = $1`, [c.id]))[0]!.n).toBe(5000);
  });

  it('slug conflicts are 409 CONTRIBUTOR_SLUG_TAKEN (given or generated) and write nothing; racing creates leave one', async () => {
    await create({ name: 'Jane Doe' });
    const before = await counts();
    for (const body of [{ name: 'Jane Doe' }, { name: 'Someone Else', slug: 'jane-doe' }]) {
      const r = await t.http().post('/v1/admin/contributors').set(editor.auth).send(body);
      expect([r.status, r.body.error.code, r.body.error.details[0].field]).toEqual([409, 'CONTRIBUTOR_SLUG_TAKEN', 'slug']);
    }
    expect(await counts()).toEqual(before);
    const ok = await create({ name: 'Jane Doe', slug: 'jane-doe-2' });
    expect(ok.slug).toBe('jane-doe-2');

    const race = await Promise.all(Array.from({ length: 5 }, () => t.http().post('/v1/admin/contributors').set(editor.auth).send({ name: 'Race Writer' })));
    expect(race.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
  });

  it('edit: changed fields only are audited, contributor.changed is emitted, a renamed slug keeps redirecting', async () => {
    const c = await create({ name: 'Omar Haddad', title: 'Correspondent' });
    const r = await t
      .http()
      .patch(`/v1/admin/contributors/${c.id}`)
      .set(editor.auth)
      .send({
        title: 'Middle East correspondent',
        slug: 'omar-haddad-beirut',
        socialLinks: [{ network: 'x', url: 'https://x.com/omar' }],
      });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ slug: 'omar-haddad-beirut', title: 'Middle East correspondent', name: 'Omar Haddad' });
    const audit = await auditFor(c.id);
    expect(audit.map((a) => a.action)).toEqual(['contributor.create', 'contributor.update']);
    expect(audit[1]!.summary).toEqual({
      before: { slug: 'omar-haddad', title: 'Correspondent', socialLinks: [] },
      after: { slug: 'omar-haddad-beirut', title: 'Middle East correspondent', socialLinks: [{ network: 'x', url: 'https://x.com/omar' }] },
    });
    expect(await outboxFor(c.id)).toEqual([{ topic: 'contributor.changed', payload: { id: c.id } }]);
    expect(await t.sql(`SELECT slug FROM contributor_slug_history WHERE contributor_id = $1`, [c.id])).toEqual([{ slug: 'omar-haddad' }]);

    const svc = t.app.get(ContributorsService);
    expect(await svc.findBySlug('omar-haddad')).toMatchObject({ contributor: { id: c.id, slug: 'omar-haddad-beirut' }, redirectedFrom: 'omar-haddad' });
    const direct = await svc.findBySlug('omar-haddad-beirut');
    expect(direct?.contributor.id).toBe(c.id);
    expect(direct?.redirectedFrom).toBeUndefined();
    expect(await svc.findBySlug('nobody-at-all')).toBeNull();

    // the former slug belongs to Omar: nobody else may take it
    const before = await counts();
    const taken = await t.http().post('/v1/admin/contributors').set(editor.auth).send({ name: 'Omar Haddad' });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'CONTRIBUTOR_SLUG_TAKEN']);
    expect(await counts()).toEqual(before);

    // ...but Omar may take it back: it stops redirecting and the other one starts
    const back = await t.http().patch(`/v1/admin/contributors/${c.id}`).set(editor.auth).send({ slug: 'omar-haddad' });
    expect(back.body.slug).toBe('omar-haddad');
    expect(await t.sql(`SELECT slug FROM contributor_slug_history WHERE contributor_id = $1`, [c.id])).toEqual([{ slug: 'omar-haddad-beirut' }]);
    expect((await svc.findBySlug('omar-haddad'))?.redirectedFrom).toBeUndefined();

    // sending what is already there writes nothing
    const quiet = await counts();
    const same = await t
      .http()
      .patch(`/v1/admin/contributors/${c.id}`)
      .set(editor.auth)
      .send({ title: 'Middle East correspondent', socialLinks: [{ network: 'x', url: 'https://x.com/omar' }] });
    expect(same.status).toBe(200);
    expect(await counts()).toEqual(quiet);
  });

  it('a failing edit changes nothing; nulling a required field is refused', async () => {
    const c = await create({ name: 'Lena Fischer', title: 'Berlin' });
    const other = await create({ name: 'Paul Weber' });
    const before = await counts();
    const cases = [
      [{ title: 'Bonn', slug: other.slug }, 409, 'CONTRIBUTOR_SLUG_TAKEN'],
      [{ title: 'Bonn', socialLinks: [{ network: 'x', url: 'ftp://x.com/l' }] }, 400, 'CONTRIBUTOR_SOCIAL_LINK_INVALID'],
      [{ name: null }, 400, 'VALIDATION_FAILED'],
      [{ slug: null }, 400, 'VALIDATION_FAILED'],
      [{ socialLinks: null }, 400, 'VALIDATION_FAILED'],
      [{ mergedIntoId: other.id }, 400, 'VALIDATION_FAILED'],
    ] as const;
    for (const [body, status, code] of cases) {
      const r = await t.http().patch(`/v1/admin/contributors/${c.id}`).set(editor.auth).send(body);
      expect([r.status, r.body.error.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect(await counts()).toEqual(before);
    expect((await t.sql(`SELECT title, slug FROM contributors WHERE id = $1`, [c.id]))[0]).toEqual({ title: 'Berlin', slug: 'lena-fischer' });
    const cleared = await t.http().patch(`/v1/admin/contributors/${c.id}`).set(editor.auth).send({ title: null, bio: '' });
    expect(cleared.body).toMatchObject({ title: null, bio: null });
  });

  it('unknown and malformed ids', async () => {
    for (const r of [
      await t.http().get(`/v1/admin/contributors/${NIL}`).set(editor.auth),
      await t.http().patch(`/v1/admin/contributors/${NIL}`).set(editor.auth).send({ name: 'x' }),
      await t.http().put(`/v1/admin/contributors/${NIL}/account`).set(editor.auth).send({ accountId: editor.accountId }),
      await t.http().post(`/v1/admin/contributors/${NIL}/merge`).set(editor.auth).send({ intoId: randomUUID() }),
    ]) {
      expect([r.status, r.body.error.code]).toEqual([404, 'CONTRIBUTOR_NOT_FOUND']);
    }
    const bad = await t.http().get('/v1/admin/contributors/123').set(editor.auth);
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});

describe('list', () => {
  it('pages through active profiles in slug order, filters by text, rejects bad cursors', async () => {
    const prefix = `lst-${randomUUID().slice(0, 6)}`;
    for (const n of ['c', 'a', 'b', 'd']) await create({ name: `${prefix} ${n}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { slug: string }[]; nextCursor: string | null } } = await t
        .http()
        .get('/v1/admin/contributors')
        .query({ q: prefix, limit: '3', ...(cursor ? { cursor } : {}) })
        .set(contributor.auth);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((x) => x.slug));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['a', 'b', 'c', 'd'].map((n) => `${prefix}-${n}`));
    for (const query of [{ cursor: '!!' }, { limit: '101' }, { sort: 'name' }]) {
      expect((await t.http().get('/v1/admin/contributors').query(query).set(editor.auth)).status, JSON.stringify(query)).toBe(400);
    }
  });
});

describe('account link', () => {
  it('link, refuse a second profile for the same account, unlink; each audited', async () => {
    const c = await create({ name: 'Staff Reporter' });
    const other = await create({ name: 'Other Reporter' });
    const writer = await actingAs(t, 'contributor');

    const linked = await t.http().put(`/v1/admin/contributors/${c.id}/account`).set(editor.auth).send({ accountId: writer.accountId });
    expect([linked.status, linked.body.accountId]).toEqual([200, writer.accountId]);
    expect((await t.sql(`SELECT account_id FROM contributors WHERE id = $1`, [c.id]))[0]).toEqual({ account_id: writer.accountId });
    expect((await t.app.get(ContributorsService).findByAccount(writer.accountId))?.id).toBe(c.id);

    const before = await counts();
    const dup = await t.http().put(`/v1/admin/contributors/${other.id}/account`).set(editor.auth).send({ accountId: writer.accountId });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'CONTRIBUTOR_ACCOUNT_TAKEN']);
    const ghost = await t.http().put(`/v1/admin/contributors/${other.id}/account`).set(editor.auth).send({ accountId: NIL });
    expect([ghost.status, ghost.body.error.code]).toEqual([400, 'CONTRIBUTOR_ACCOUNT_NOT_FOUND']);
    const junk = await t.http().put(`/v1/admin/contributors/${other.id}/account`).set(editor.auth).send({ accountId: 'me' });
    expect([junk.status, junk.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(await counts()).toEqual(before);

    const unlinked = await t.http().delete(`/v1/admin/contributors/${c.id}/account`).set(editor.auth);
    expect([unlinked.status, unlinked.body.accountId]).toEqual([200, null]);
    expect(await t.app.get(ContributorsService).findByAccount(writer.accountId)).toBeNull();
    expect((await auditFor(c.id)).map((a) => [a.action, a.summary])).toEqual([
      ['contributor.create', expect.anything()],
      ['contributor.link_account', { before: { accountId: null }, after: { accountId: writer.accountId } }],
      ['contributor.unlink_account', { before: { accountId: writer.accountId }, after: { accountId: null } }],
    ]);
    // unlinking again is a no-op
    const quiet = await counts();
    expect((await t.http().delete(`/v1/admin/contributors/${c.id}/account`).set(editor.auth)).status).toBe(200);
    expect(await counts()).toEqual(quiet);
  });
});

/** Articles crediting the given profiles, in order, made through the articles API. */
type Bylines = { add(ids: string[]): Promise<string> };
let bylines: Bylines | undefined;
async function bylineFixture(): Promise<Bylines> {
  if (bylines) return bylines;
  const h = () => t.http().set(editor.auth);
  const u = randomUUID().slice(0, 6);
  const sectionId = (
    await h()
      .post('/v1/admin/sections')
      .send({ name: `Merge ${u}` })
      .expect(201)
  ).body.id as string;
  const typeId = (
    await h()
      .post('/v1/admin/article-types')
      .send({ name: `Merge ${u}` })
      .expect(201)
  ).body.id as string;
  bylines = {
    add: async (ids) => {
      const r = await h()
        .post('/v1/admin/articles')
        .send({ headline: `Merge test ${randomUUID()}`, sectionId, typeId, tagIds: [], bylineIds: ids, bodyHtml: '<p>Body.</p>' });
      // a setup that fails fails the test: it never skips the assertions it exists for
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as string;
    },
  };
  return bylines;
}
const bylinesOf = (articleId: string) =>
  t.sql<{ contributor_id: string; position: number }>(`SELECT contributor_id, position FROM article_bylines WHERE article_id = $1 ORDER BY position`, [articleId]);

describe('merge', () => {
  it('moves every byline (an article crediting both keeps one), redirects slugs, moves the login, hides the source', async () => {
    const fx = await bylineFixture();
    const from = await create({ name: 'Duplicate Writer' });
    const into = await create({ name: 'Canonical Writer' });
    const third = await create({ name: 'Third Writer' });
    const writer = await actingAs(t, 'contributor');
    await t.http().put(`/v1/admin/contributors/${from.id}/account`).set(editor.auth).send({ accountId: writer.accountId }).expect(200);
    await t.http().patch(`/v1/admin/contributors/${from.id}`).set(editor.auth).send({ slug: 'duplicate-writer-2' }).expect(200);

    const a1 = await fx.add([from.id]);
    const a2 = await fx.add([third.id, from.id, into.id]);
    await fx.add([into.id, third.id]);
    const a4 = await fx.add([third.id]);
    const creditedBefore = await t.sql<{ article_id: string }>(`SELECT DISTINCT article_id FROM article_bylines WHERE contributor_id = ANY($1::uuid[]) ORDER BY article_id`, [
      [from.id, into.id],
    ]);
    expect((await t.http().get(`/v1/admin/contributors/${from.id}`).set(editor.auth)).body.articleCount).toBe(2);

    const r = await t.http().post(`/v1/admin/contributors/${from.id}/merge`).set(admin.auth).send({ intoId: into.id });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ mergedId: from.id, bylinesMoved: 1, duplicateBylinesDropped: 1, contributor: { id: into.id, accountId: writer.accountId, articleCount: 3 } });

    // every article that credited either profile credits the remaining one, exactly once
    const creditedAfter = await t.sql<{ article_id: string }>(`SELECT DISTINCT article_id FROM article_bylines WHERE contributor_id = $1 ORDER BY article_id`, [into.id]);
    expect(creditedAfter).toEqual(creditedBefore);
    expect(await t.sql(`SELECT count(*)::int n FROM article_bylines WHERE contributor_id = $1`, [from.id])).toEqual([{ n: 0 }]);
    expect(await bylinesOf(a1)).toEqual([{ contributor_id: into.id, position: 0 }]);
    expect((await bylinesOf(a2)).map((b) => b.contributor_id)).toEqual([third.id, into.id]);
    expect(await bylinesOf(a4)).toEqual([{ contributor_id: third.id, position: 0 }]);
    // the article itself says the same (what the editor shows and the list filter reads), in order,
    // and its version moved so an editor open on it re-reads before saving the old list
    const a2Row = await t.sql<{ version: number }>(`SELECT version FROM articles WHERE id = $1`, [a2]);
    expect((await t.http().get(`/v1/admin/articles/${a2}`).set(editor.auth)).body.bylineIds).toEqual([third.id, into.id]);
    expect((await t.http().get(`/v1/admin/articles/${a1}`).set(editor.auth)).body.bylineIds).toEqual([into.id]);
    expect((await t.http().get('/v1/admin/articles').query({ contributorId: from.id }).set(editor.auth)).body.items).toEqual([]);
    expect(a2Row[0]!.version).toBeGreaterThan(1);

    // the source stays for the record, hidden, pointing at the target, without the login
    expect((await t.sql(`SELECT merged_into_id, account_id FROM contributors WHERE id = $1`, [from.id]))[0]).toEqual({ merged_into_id: into.id, account_id: null });
    const shown = await t.http().get(`/v1/admin/contributors/${from.id}`).set(editor.auth);
    expect(shown.body.mergedIntoId).toBe(into.id);
    const list = await t.http().get('/v1/admin/contributors').query({ q: 'writer', limit: '100' }).set(editor.auth);
    expect(list.body.items.map((x: { id: string }) => x.id)).not.toContain(from.id);
    expect(list.body.items.find((x: { id: string }) => x.id === into.id).articleCount).toBe(3);

    // both former slugs of the source redirect to the target, and stay reserved
    const svc = t.app.get(ContributorsService);
    for (const slug of ['duplicate-writer', 'duplicate-writer-2']) {
      expect(await svc.findBySlug(slug)).toMatchObject({ contributor: { id: into.id }, redirectedFrom: slug });
      const reuse = await t.http().post('/v1/admin/contributors').set(editor.auth).send({ name: 'New', slug });
      expect(reuse.status).toBe(409);
    }
    expect((await svc.findByAccount(writer.accountId))?.id).toBe(into.id);

    // audited once, announced for both profiles
    const audit = (await auditFor(from.id)).filter((a) => a.action === 'contributor.merge');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: admin.accountId, summary: { after: { mergedIntoId: into.id, bylinesMoved: 1, duplicateBylinesDropped: 1, accountMoved: true } } });
    expect((await outboxFor(from.id)).at(-1)).toEqual({ topic: 'contributor.changed', payload: { id: from.id, mergedIntoId: into.id } });
    expect(await outboxFor(into.id)).toEqual([{ topic: 'contributor.changed', payload: { id: into.id } }]);

    // a merged profile can no longer be bylined, edited or merged
    const err = await t.app
      .get(Transactions)
      .run((tx) => svc.requireMany(tx, [into.id, from.id]))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect([(err as DomainError).kind, (err as DomainError).code, (err as DomainError).details.map((d) => d.id)]).toEqual(['validation', 'CONTRIBUTOR_NOT_FOUND', [from.id]]);
    // ...while data saved before the merge still resolves, to the remaining profile
    const resolved = await t.app.get(Transactions).run((tx) => svc.resolveMany(tx, [from.id, third.id, into.id]));
    expect(resolved.map((c) => c.id)).toEqual([into.id, third.id]);
    const before = await counts();
    const edit = await t.http().patch(`/v1/admin/contributors/${from.id}`).set(editor.auth).send({ name: 'Zombie' });
    expect([edit.status, edit.body.error.code]).toEqual([409, 'CONTRIBUTOR_MERGED']);
    const again = await t.http().post(`/v1/admin/contributors/${from.id}/merge`).set(editor.auth).send({ intoId: third.id });
    expect([again.status, again.body.error.code]).toEqual([409, 'CONTRIBUTOR_MERGED']);
    const intoMerged = await t.http().post(`/v1/admin/contributors/${third.id}/merge`).set(editor.auth).send({ intoId: from.id });
    expect([intoMerged.status, intoMerged.body.error.code]).toEqual([400, 'CONTRIBUTOR_MERGE_TARGET_INVALID']);
    expect(await counts()).toEqual(before);
  });

  it('a later merge of the target carries the old redirects along', async () => {
    const a = await create({ name: 'Chain A' });
    const b = await create({ name: 'Chain B' });
    const c = await create({ name: 'Chain C' });
    await t.http().post(`/v1/admin/contributors/${a.id}/merge`).set(editor.auth).send({ intoId: b.id }).expect(200);
    await t.http().post(`/v1/admin/contributors/${b.id}/merge`).set(editor.auth).send({ intoId: c.id }).expect(200);
    const svc = t.app.get(ContributorsService);
    expect((await svc.findBySlug('chain-a'))?.contributor.id).toBe(c.id);
    expect((await svc.findBySlug('chain-b'))?.contributor.id).toBe(c.id);
    expect((await t.sql(`SELECT merged_into_id FROM contributors WHERE id = $1`, [a.id]))[0]).toEqual({ merged_into_id: c.id });
    const resolved = await t.app.get(Transactions).run((tx) => svc.resolveMany(tx, [a.id, b.id]));
    expect(resolved.map((x) => x.id)).toEqual([c.id]);
    const unknown = await t.app
      .get(Transactions)
      .run((tx) => svc.resolveMany(tx, [c.id, NIL]))
      .catch((e: unknown) => e);
    expect((unknown as DomainError).code).toBe('CONTRIBUTOR_NOT_FOUND');
  });

  it('refuses merging into itself, into nothing, and two logins; writes nothing', async () => {
    const a = await create({ name: 'Login One' });
    const b = await create({ name: 'Login Two' });
    const [w1, w2] = [await actingAs(t, 'contributor'), await actingAs(t, 'contributor')];
    await t.http().put(`/v1/admin/contributors/${a.id}/account`).set(editor.auth).send({ accountId: w1.accountId }).expect(200);
    await t.http().put(`/v1/admin/contributors/${b.id}/account`).set(editor.auth).send({ accountId: w2.accountId }).expect(200);
    const before = await counts();
    const cases = [
      [a.id, { intoId: a.id }, 400, 'CONTRIBUTOR_MERGE_INTO_SELF'],
      [a.id, { intoId: NIL }, 400, 'CONTRIBUTOR_MERGE_TARGET_INVALID'],
      [a.id, { intoId: 'nope' }, 400, 'VALIDATION_FAILED'],
      [a.id, {}, 400, 'VALIDATION_FAILED'],
      [a.id, { intoId: b.id }, 409, 'CONTRIBUTOR_MERGE_ACCOUNT_CONFLICT'],
    ] as const;
    for (const [id, body, status, code] of cases) {
      const r = await t.http().post(`/v1/admin/contributors/${id}/merge`).set(editor.auth).send(body);
      expect([r.status, r.body.error.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect(await counts()).toEqual(before);
  });

  it('opposite merges racing each other: one wins, the other is refused, no deadlock', async () => {
    const a = await create({ name: 'Race Left' });
    const b = await create({ name: 'Race Right' });
    const [ab, ba] = await Promise.all([
      t.http().post(`/v1/admin/contributors/${a.id}/merge`).set(editor.auth).send({ intoId: b.id }),
      t.http().post(`/v1/admin/contributors/${b.id}/merge`).set(editor.auth).send({ intoId: a.id }),
    ]);
    expect([ab.status, ba.status].sort()).toEqual([200, ab.status === 200 ? ba.status : ab.status].sort());
    expect([ab.status, ba.status].filter((s) => s === 200)).toHaveLength(1);
    expect([ab, ba].find((r) => r.status !== 200)!.body.error.code).toMatch(/^CONTRIBUTOR_(MERGED|MERGE_TARGET_INVALID)$/);
    const rows = await t.sql<{ merged_into_id: string | null }>(`SELECT merged_into_id FROM contributors WHERE id = ANY($1::uuid[])`, [[a.id, b.id]]);
    expect(rows.filter((r) => r.merged_into_id !== null)).toHaveLength(1);
  });
});

describe('permissions', () => {
  it('contributors may read profiles but every write is 403 and writes nothing; anonymous is 401', async () => {
    const c = await create({ name: 'Guarded Profile' });
    const other = await create({ name: 'Guarded Other' });
    const before = await counts();
    const writes = [
      t.http().post('/v1/admin/contributors').set(contributor.auth).send({ name: 'Self Made' }),
      t.http().patch(`/v1/admin/contributors/${c.id}`).set(contributor.auth).send({ name: 'Renamed' }),
      t.http().put(`/v1/admin/contributors/${c.id}/account`).set(contributor.auth).send({ accountId: contributor.accountId }),
      t.http().delete(`/v1/admin/contributors/${c.id}/account`).set(contributor.auth),
      t.http().post(`/v1/admin/contributors/${c.id}/merge`).set(contributor.auth).send({ intoId: other.id }),
    ];
    for (const r of await Promise.all(writes)) expect([r.status, r.body.error.code]).toEqual([403, 'AUTH_FORBIDDEN']);
    expect(await counts()).toEqual(before);
    expect((await t.http().get('/v1/admin/contributors').set(contributor.auth)).status).toBe(200);
    expect((await t.http().get(`/v1/admin/contributors/${c.id}`)).status).toBe(401);
    expect((await t.http().post('/v1/admin/contributors').send({ name: 'Anon' })).status).toBe(401);
  });
});
