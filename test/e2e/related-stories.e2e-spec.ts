import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '#libs/outbox';
import { RelatedStoriesService, TeaserAlertsService } from '#libs/related-stories';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp, responseHeader } from '../support/app-harness.js';
import { act, completeArticle, makeWorld, PARAGRAPHS, type World } from '../support/world.js';

let t: TestApp;
let editor: Credential;
let writer: Credential;
let w: World;

const uniq = () => randomBytes(3).toString('hex');

const created = async (res: { status: number; body: { id?: string } }, what: string): Promise<string> => {
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body.id!;
};

const newTag = async () =>
  created(
    await t
      .http()
      .post('/v1/admin/tags')
      .set(editor.auth)
      .send({ name: `Topic ${uniq()}`, kind: 'topic' }),
    'tag',
  );
const newSection = async () =>
  created(
    await t
      .http()
      .post('/v1/admin/sections')
      .set(editor.auth)
      .send({ name: `Region ${uniq()}` }),
    'section',
  );

/** An image with alt text and (unless `credited` is false) an agency credit. */
async function newImage(credited = true): Promise<{ id: string; creditLine: string | null }> {
  const img = await t
    .http()
    .post('/v1/admin/images/by-url')
    .set(editor.auth)
    .send({ url: `https://img.example/${randomUUID()}.jpg`, width: 1200, height: 800, altText: 'A harbour at dusk' });
  expect(img.status, JSON.stringify(img.body)).toBe(201);
  if (!credited) return { id: img.body.id, creditLine: null };
  const agency = await created(
    await t
      .http()
      .post('/v1/admin/credit-parties')
      .set(editor.auth)
      .send({ kind: 'agency', name: `Matrix Images ${uniq()}` }),
    'agency',
  );
  const credit = await t.http().put(`/v1/admin/images/${img.body.id}/credit`).set(editor.auth).send({ agencyId: agency, form: 'standard', label: 'photo' });
  expect(credit.status, JSON.stringify(credit.body)).toBe(200);
  return { id: img.body.id, creditLine: credit.body.creditLine };
}

/** A draft by `author` (default: the editor), through the admin API. */
async function draft(fields: Record<string, unknown> = {}, author: Credential = editor): Promise<string> {
  return created(await t.http().post('/v1/admin/articles').set(author.auth).send(completeArticle(w, fields)), 'article');
}

async function transition(id: string, who: Credential, action: string, extra: Record<string, unknown> = {}) {
  const r = await act(t, who, id, action, extra);
  expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
}

/** create -> submit -> approve -> publish; returns the live article's id. */
async function publish(fields: Record<string, unknown> = {}, author: Credential = editor): Promise<string> {
  const id = await draft(fields, author);
  await transition(id, author, 'submit');
  await transition(id, editor, 'approve');
  await transition(id, editor, 'publish');
  return id;
}

const retract = async (id: string) => {
  const r = await t.http().post(`/v1/admin/articles/${id}/corrections`).set(editor.auth).send({ kind: 'retraction', text: 'This article has been retracted.' });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
};

/** Runs the outbox relay until nothing is due (what the worker does in the background). */
const drainOutbox = async () => {
  const relay = t.app.get(OutboxRelay);
  for (let i = 0; i < 50 && (await relay.tick()) > 0; i++);
};

const related = (id: string, who: Credential = editor, count?: number) =>
  t
    .http()
    .get(`/v1/admin/articles/${id}/related${count ? `?count=${count}` : ''}`)
    .set(who.auth);
const putPins = (id: string, pins: unknown[], who: Credential = editor) => t.http().put(`/v1/admin/articles/${id}/related`).set(who.auth).send({ pins });

const pinRows = (id: string) =>
  t.sql<{ position: number; target_article_id: string; headline_override: string | null }>(
    `SELECT position, target_article_id, headline_override FROM related_pins WHERE article_id = $1 ORDER BY position`,
    [id],
  );
const auditCount = async (id: string) =>
  (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE target_id = $1 AND action = 'article.related_pins_replace'`, [id]))[0]!.n;
const refreshes = async (id: string) =>
  (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_messages WHERE topic = 'publication.refresh' AND payload->>'articleId' = $1`, [id]))[0]!.n;
const ids = (teasers: { articleId: string }[]) => teasers.map((x) => x.articleId);

beforeAll(async () => {
  t = await createTestApp();
  [editor, writer] = await Promise.all([actingAs(t, 'editor'), actingAs(t, 'contributor')]);
  w = await makeWorld(t, editor, { contributorAccountId: writer.accountId });
});
afterAll(() => t?.close());

describe('automatic fill', () => {
  it('ranks most shared tags, then same section, then recency; never the page, a repeat, or anything not live or retracted', async () => {
    const [a, b, c] = [await newTag(), await newTag(), await newTag()];
    const home = await newSection();
    const away = w.sectionId;
    const image = await newImage();

    // oldest first: publish order is recency order
    const twoTags = await publish({ tagIds: [a, b], sectionId: away, topImageId: image.id });
    const oneTagHome = await publish({ tagIds: [a], sectionId: home });
    const oneTagAwayOlder = await publish({ tagIds: [c], sectionId: away });
    const oneTagAwayNewer = await publish({ tagIds: [b], sectionId: away });
    const homeNoTags = await publish({ tagIds: [], sectionId: home });
    // pieces that would rank first but must never show
    const unpublished = await publish({ tagIds: [a, b, c], sectionId: home });
    await transition(unpublished, editor, 'unpublish');
    const approvedOnly = await draft({ tagIds: [a, b, c], sectionId: home });
    await transition(approvedOnly, editor, 'submit');
    await transition(approvedOnly, editor, 'approve');
    const retracted = await publish({ tagIds: [a, b, c], sectionId: home });
    await retract(retracted);
    const page = await publish({ tagIds: [a, b, c], sectionId: home });
    const newestElsewhere = await publish({ tagIds: [], sectionId: away });

    const r = await related(page, editor, 6);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(ids(r.body.teasers)).toEqual([twoTags, oneTagHome, oneTagAwayNewer, oneTagAwayOlder, homeNoTags, newestElsewhere]);
    expect(r.body.teasers.every((x: { pinned: boolean }) => !x.pinned)).toBe(true);
    expect(r.body.pins).toEqual([]);

    // the card: a projection of the published article
    const live = (await t.sql<{ slug: string; headline: string }>(`SELECT slug, headline FROM published_articles WHERE article_id = $1`, [twoTags]))[0]!;
    expect(r.body.teasers[0]).toEqual({
      articleId: twoTags,
      slug: live.slug,
      url: `${t.config.publicBaseUrl}/${live.slug}`,
      section: { slug: expect.any(String), name: expect.stringMatching(/^Europe /) },
      headline: live.headline,
      excerpt: `${PARAGRAPHS[0]}\n\n${PARAGRAPHS[1]}`,
      topImage: { url: expect.stringMatching(/^https:\/\/img\.example\//), alt: 'A harbour at dusk', width: 1200, height: 800, caption: null, creditLine: image.creditLine },
      pinned: false,
    });
    expect(image.creditLine).toMatch(/^Top photo credit: Matrix Images /);

    // the excluded pieces exist: they are excluded, not missing
    const states = await t.sql<{ id: string; status: string; live: boolean }>(
      `SELECT a.id, a.status, p.article_id IS NOT NULL AS live FROM articles a LEFT JOIN published_articles p ON p.article_id = a.id WHERE a.id = ANY($1)`,
      [[unpublished, approvedOnly, retracted]],
    );
    expect(Object.fromEntries(states.map((s) => [s.id, [s.status, s.live]]))).toEqual({
      [unpublished]: ['unpublished', false],
      [approvedOnly]: ['approved', false],
      [retracted]: ['published', true],
    });

    // the service the content page uses answers the same, three by default
    const teasers = await t.app.get(RelatedStoriesService).teasersFor(page);
    expect(ids(teasers)).toEqual([twoTags, oneTagHome, oneTagAwayNewer]);

    // a page that is not live yet fills from its draft's tags and section: two shared tags
    // in its own section, then two shared tags elsewhere (the live page above)
    const pending = await draft({ tagIds: [a, b], sectionId: away });
    const preview = await related(pending, editor, 2);
    expect(ids(preview.body.teasers)).toEqual([twoTags, page]);
  });
});

describe('pins', () => {
  it('come first, in order, with their overrides; the fill skips them; audited; the page refresh is queued', async () => {
    const [a, b] = [await newTag(), await newTag()];
    const ownImage = await newImage();
    const overrideImage = await newImage();
    const old = await publish({ tagIds: [], sectionId: w.sectionId, topImageId: ownImage.id });
    const best = await publish({ tagIds: [a, b] });
    const second = await publish({ tagIds: [a] });
    const page = await publish({ tagIds: [a, b] });
    const refreshesBefore = await refreshes(page);

    const r = await putPins(page, [
      { targetArticleId: old, headlineOverride: '  A <b>sharper</b> headline ', excerptOverride: 'One line.\n\nAnd another.', imageIdOverride: overrideImage.id },
      { targetArticleId: best },
    ]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(ids(r.body.teasers)).toEqual([old, best, second]);
    expect(r.body.teasers.map((x: { pinned: boolean }) => x.pinned)).toEqual([true, true, false]);
    expect(r.body.teasers[0]).toMatchObject({
      headline: 'A sharper headline',
      excerpt: 'One line.\n\nAnd another.',
      topImage: { alt: 'A harbour at dusk', creditLine: overrideImage.creditLine },
    });
    // no override: the target's own headline and image
    const bestLive = (await t.sql<{ headline: string }>(`SELECT headline FROM published_articles WHERE article_id = $1`, [best]))[0]!;
    expect(r.body.teasers[1]).toMatchObject({
      headline: bestLive.headline,
      excerpt: `${PARAGRAPHS[0]}\n\n${PARAGRAPHS[1]}`,
      topImage: expect.objectContaining({ alt: 'Three leaders at a summit table', creditLine: expect.stringMatching(/^Top image credit: /) }),
    });
    expect(r.body.pins).toEqual([
      expect.objectContaining({
        position: 0,
        targetArticleId: old,
        headlineOverride: 'A sharper headline',
        imageIdOverride: overrideImage.id,
        target: expect.objectContaining({ live: true, status: 'published', retracted: false }),
      }),
      expect.objectContaining({ position: 1, targetArticleId: best, headlineOverride: null, excerptOverride: null, imageIdOverride: null }),
    ]);

    expect(await pinRows(page)).toEqual([
      { position: 0, target_article_id: old, headline_override: 'A sharper headline' },
      { position: 1, target_article_id: best, headline_override: null },
    ]);
    expect(await auditCount(page)).toBe(1);
    expect(await refreshes(page)).toBe(refreshesBefore + 1);
    // the override image's where-used list names the page
    const uses = await t.sql(`SELECT usage_id, role FROM image_uses WHERE usage_type = 'teaser' AND image_id = $1`, [overrideImage.id]);
    expect(uses).toEqual([{ usage_id: page, role: 'teaser' }]);

    // GET answers the same; the page's own teasers never show itself
    const got = await related(page);
    expect(got.status).toBe(200);
    expect(ids(got.body.teasers)).toEqual([old, best, second]);

    // replacing with an empty list unpins everything
    const cleared = await putPins(page, []);
    expect(cleared.status).toBe(200);
    expect(await pinRows(page)).toEqual([]);
    expect(ids(cleared.body.teasers)[0]).toBe(best);
    expect(await t.sql(`SELECT 1 FROM image_uses WHERE usage_type = 'teaser' AND usage_id = $1`, [page])).toEqual([]);
  });

  it('refuses bad pins with a stable code and writes nothing', async () => {
    const page = await publish();
    const target = await publish();
    const others = [];
    for (let i = 0; i < 6; i++) others.push(await publish());
    const notLive = await draft();
    const gone = await publish();
    await retract(gone);
    const uncredited = await newImage(false);
    expect((await putPins(page, [{ targetArticleId: target }])).status).toBe(200);
    const before = { pins: await pinRows(page), audits: await auditCount(page), refreshes: await refreshes(page) };

    const cases: [string, unknown, number, string][] = [
      ['self', [{ targetArticleId: page }], 400, 'TEASER_SELF'],
      ['self, upper case', [{ targetArticleId: page.toUpperCase() }], 400, 'TEASER_SELF'],
      ['the same target twice', [{ targetArticleId: target }, { targetArticleId: target }], 400, 'TEASER_DUPLICATE_PIN'],
      ['seven pins', [target, ...others].map((id) => ({ targetArticleId: id })), 400, 'TEASER_TOO_MANY_PINS'],
      ['a draft', [{ targetArticleId: notLive }], 409, 'TEASER_TARGET_NOT_LIVE'],
      ['an unknown article', [{ targetArticleId: randomUUID() }], 409, 'TEASER_TARGET_NOT_LIVE'],
      ['a retracted article', [{ targetArticleId: gone }], 409, 'TEASER_TARGET_RETRACTED'],
      ['an unknown image', [{ targetArticleId: target, imageIdOverride: randomUUID() }], 400, 'IMAGE_NOT_FOUND'],
      ['an image without credit', [{ targetArticleId: target, imageIdOverride: uncredited.id }], 409, 'IMAGE_CREDIT_MISSING'],
      ['a headline override too long', [{ targetArticleId: target, headlineOverride: 'x'.repeat(301) }], 400, 'VALIDATION_FAILED'],
      ['an unknown field', [{ targetArticleId: target, kicker: 'x' }], 400, 'VALIDATION_FAILED'],
      ['not a uuid', [{ targetArticleId: 'nope' }], 400, 'VALIDATION_FAILED'],
    ];
    for (const [name, pins, status, code] of cases) {
      const r = await putPins(page, pins as unknown[]);
      expect(r.status, `${name}: ${JSON.stringify(r.body)}`).toBe(status);
      expect(r.body.error.code, name).toBe(code);
    }
    expect((await t.http().put(`/v1/admin/articles/${page}/related`).set(editor.auth).send({})).body.error.code).toBe('VALIDATION_FAILED');
    expect((await putPins('not-a-uuid', [])).status).toBe(400);
    expect((await putPins(randomUUID(), [])).body.error.code).toBe('ARTICLE_NOT_FOUND');

    expect({ pins: await pinRows(page), audits: await auditCount(page), refreshes: await refreshes(page) }).toEqual(before);
  });

  it('editors write; contributors read their own pages only', async () => {
    const own = await draft({}, writer);
    const target = await publish();
    const anonymous = await t.http().get(`/v1/admin/articles/${own}/related`);
    expect(anonymous.status).toBe(401);
    expect((await putPins(own, [{ targetArticleId: target }], writer)).status).toBe(403);
    expect(await pinRows(own)).toEqual([]);
    expect((await related(own, writer)).status).toBe(200);
    const notTheirs = await related(target, writer);
    expect(notTheirs.status).toBe(404);
    expect(notTheirs.body.error.code).toBe('ARTICLE_NOT_FOUND');
  });
});

describe('teasers stored with the page (the content API reads one row)', () => {
  const page = async (id: string) => {
    const slug = (await t.sql<{ slug: string }>(`SELECT slug FROM published_articles WHERE article_id = $1`, [id]))[0]!.slug;
    const admin = await actingAs(t, 'admin');
    const r = await t
      .http()
      .get(`/v1/content/articles/${slug}`)
      .set('X-Api-Key', await contentKey(t, admin));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r;
  };
  const stored = async (id: string) => (await t.sql<{ teaser_ids: string[] }>(`SELECT teaser_ids FROM published_articles WHERE article_id = $1`, [id]))[0]!.teaser_ids;

  it('are chosen at publish, follow their targets right after (outbox), and tag the page for purges', async () => {
    const tag = await newTag();
    const section = await newSection();
    const [older, newer] = [await publish({ tagIds: [tag], sectionId: section }), await publish({ tagIds: [tag], sectionId: section })];
    const home = await publish({ tagIds: [tag], sectionId: section });
    expect((await stored(home)).slice(0, 2)).toEqual([newer, older]);
    const first = await page(home);
    expect(ids(first.body.relatedStories).slice(0, 2)).toEqual([newer, older]);
    expect(responseHeader(first, 'surrogate-key').split(' ')).toEqual(expect.arrayContaining([`article-${home}`, `article-${newer}`, `article-${older}`]));

    // a target's new headline reaches the stored teaser when the target is republished
    const edited = await t
      .http()
      .patch(`/v1/admin/articles/${newer}`)
      .set(editor.auth)
      .set('If-Match', `"v${(await t.sql<{ version: number }>(`SELECT version FROM articles WHERE id = $1`, [newer]))[0]!.version}"`)
      .send({ headline: 'A sharper headline' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    await transition(newer, editor, 'publish');
    await drainOutbox(); // the worker re-chooses the teasers of pages showing it, right after
    expect((await page(home)).body.relatedStories[0]).toMatchObject({ articleId: newer, headline: 'A sharper headline' });

    // unpublished or retracted targets leave the stored teasers
    await transition(newer, editor, 'unpublish');
    await drainOutbox();
    expect(await stored(home)).not.toContain(newer);
    await retract(older);
    await drainOutbox();
    expect(await stored(home)).not.toContain(older);
    expect(ids((await page(home)).body.relatedStories)).not.toEqual(expect.arrayContaining([newer]));
    expect(ids((await page(home)).body.relatedStories)).not.toContain(older);
  });

  it('a piece going live is offered to the newest pages sharing a tag, and to pages short of teasers', async () => {
    const tag = await newTag();
    const home = await publish({ tagIds: [tag] });
    const before = await stored(home);
    const fresh = await publish({ tagIds: [tag] });
    expect(before).not.toContain(fresh);
    await drainOutbox(); // the worker offers it to the newest pages sharing a tag
    expect((await stored(home))[0]).toBe(fresh);
  });

  it('a row written before teasers were stored (NULL) still gets them, computed on read', async () => {
    const tag = await newTag();
    const target = await publish({ tagIds: [tag] });
    const legacy = await publish({ tagIds: [tag] });
    await t.sql(`UPDATE published_articles SET teasers = NULL, teaser_ids = '{}' WHERE article_id = $1`, [legacy]);
    expect(ids((await page(legacy)).body.relatedStories)[0]).toBe(target);
  });
});

describe('teaser alerts', () => {
  it('an unpublished pinned target drops out and every page pinning it gets one alert, once', async () => {
    const target = await publish({ tagIds: [await newTag()] });
    const backup = await publish();
    const writersPage = await publish({}, writer);
    const editorsPage = await publish();
    expect((await putPins(writersPage, [{ targetArticleId: target }, { targetArticleId: backup }])).status).toBe(200);
    expect((await putPins(editorsPage, [{ targetArticleId: target }])).status).toBe(200);
    expect(ids((await related(writersPage)).body.teasers).slice(0, 2)).toEqual([target, backup]);
    await drainOutbox();
    const refreshesBefore = await refreshes(writersPage);

    await transition(target, editor, 'unpublish');
    // it leaves the teasers at once (the read model no longer holds it); the backup pin moves up
    const after = await related(writersPage);
    expect(ids(after.body.teasers)[0]).toBe(backup);
    expect(ids(after.body.teasers)).not.toContain(target);
    expect(after.body.pins[0]).toMatchObject({ targetArticleId: target, target: { live: false, status: 'unpublished', slug: null } });
    expect(ids(await t.app.get(RelatedStoriesService).teasersFor(editorsPage))).not.toContain(target);

    await drainOutbox();
    const alerts = await t.sql<{ id: string; article_id: string; reason: string; resolved_at: Date | null }>(
      `SELECT id, article_id, reason, resolved_at FROM teaser_alerts WHERE target_article_id = $1 ORDER BY article_id`,
      [target],
    );
    expect(alerts).toHaveLength(2);
    expect(alerts.map((a) => [a.article_id, a.reason, a.resolved_at])).toEqual(
      expect.arrayContaining([
        [writersPage, 'unpublished', null],
        [editorsPage, 'unpublished', null],
      ]),
    );
    expect(await refreshes(writersPage)).toBe(refreshesBefore + 1);

    // the event delivered again (a crash before the relay's mark) adds nothing
    const event = (await t.sql<{ id: string }>(`SELECT id FROM outbox_messages WHERE topic = 'article.unpublished' AND payload->>'articleId' = $1`, [target]))[0]!;
    const again = await t.app.get(TeaserAlertsService).raise(target, 'unpublished', event.id);
    expect(again.opened).toBe(0);
    expect(await t.sql(`SELECT 1 FROM teaser_alerts WHERE target_article_id = $1`, [target])).toHaveLength(2);
    expect(await refreshes(writersPage)).toBe(refreshesBefore + 1);

    // editors see both; the contributor sees the alert on their own page only
    const forEditor = await t.http().get(`/v1/admin/teaser-alerts?resolved=false&limit=100`).set(editor.auth);
    expect(forEditor.status).toBe(200);
    const mine = forEditor.body.items.filter((a: { targetArticleId: string }) => a.targetArticleId === target);
    expect(mine.map((a: { articleId: string }) => a.articleId).sort()).toEqual([writersPage, editorsPage].sort());
    expect(mine[0]).toMatchObject({ reason: 'unpublished', resolvedAt: null, targetHeadline: expect.any(String), articleHeadline: expect.any(String) });
    const forWriter = await t.http().get('/v1/admin/teaser-alerts').set(writer.auth);
    expect(forWriter.body.items.map((a: { articleId: string }) => a.articleId)).toEqual([writersPage]);

    // resolving: editors only; idempotent; audited
    const writersAlert = alerts.find((a) => a.article_id === writersPage)!;
    expect((await t.http().post(`/v1/admin/teaser-alerts/${writersAlert.id}/resolve`).set(writer.auth)).status).toBe(403);
    const resolved = await t.http().post(`/v1/admin/teaser-alerts/${writersAlert.id}/resolve`).set(editor.auth);
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ id: writersAlert.id, resolvedBy: editor.accountId, resolvedAt: expect.any(String) });
    const twice = await t.http().post(`/v1/admin/teaser-alerts/${writersAlert.id}/resolve`).set(editor.auth);
    expect(twice.body.resolvedAt).toBe(resolved.body.resolvedAt);
    expect(await t.sql(`SELECT 1 FROM audit_log WHERE action = 'teaser_alert.resolve' AND target_id = $1`, [writersAlert.id])).toHaveLength(1);
    expect((await t.http().get('/v1/admin/teaser-alerts').set(writer.auth)).body.items).toEqual([]);
    expect((await t.http().get('/v1/admin/teaser-alerts?resolved=true').set(writer.auth)).body.items.map((a: { id: string }) => a.id)).toEqual([writersAlert.id]);
    const unknown = await t.http().post(`/v1/admin/teaser-alerts/${randomUUID()}/resolve`).set(editor.auth);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('TEASER_ALERT_NOT_FOUND');
    expect((await t.http().get('/v1/admin/teaser-alerts?resolved=maybe').set(editor.auth)).status).toBe(400);

    // unpinning the dead target settles the page's open alert about it
    expect((await putPins(editorsPage, [])).status).toBe(200);
    const settled = await t.sql<{ resolved_by: string | null }>(`SELECT resolved_by FROM teaser_alerts WHERE article_id = $1 AND target_article_id = $2`, [editorsPage, target]);
    expect(settled).toEqual([{ resolved_by: editor.accountId }]);
  });

  it('a retraction of a pinned target drops it and alerts; other corrections do not', async () => {
    const target = await publish();
    const corrected = await publish();
    const page = await publish();
    expect((await putPins(page, [{ targetArticleId: target }, { targetArticleId: corrected }])).status).toBe(200);

    const fix = await t.http().post(`/v1/admin/articles/${corrected}/corrections`).set(editor.auth).send({ kind: 'correction', text: 'An earlier version misspelled a name.' });
    expect(fix.status).toBe(201);
    await retract(target);
    await drainOutbox();

    const r = await related(page);
    expect(ids(r.body.teasers)[0]).toBe(corrected);
    expect(ids(r.body.teasers)).not.toContain(target);
    expect(r.body.pins[0].target).toMatchObject({ live: true, retracted: true });
    const alerts = await t.sql<{ target_article_id: string; reason: string }>(`SELECT target_article_id, reason FROM teaser_alerts WHERE article_id = $1`, [page]);
    expect(alerts).toEqual([{ target_article_id: target, reason: 'retracted' }]);
  });
});
