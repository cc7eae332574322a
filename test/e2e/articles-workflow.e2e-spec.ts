import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp, responseHeader } from '../support/app-harness.js';
import { livePage } from '../support/content.js';
import { waitFor } from '../support/wait.js';
import { act, completeArticle, makeWorld, type World } from '../support/world.js';

let t: TestApp;
let editor: Credential;
let writer: Credential;
let otherWriter: Credential;
let w: World;

let key: string;
// is it live, and as what: asked through the content API (the cache is off, see beforeAll)
const live = (id: string) => livePage(t, key, editor, id);

beforeAll(async () => {
  t = await createTestApp({ worker: true, env: { WORKFLOW_SLA: 'in_review=1ms', CONTENT_CACHE_MAX_MB: '0' } });
  let admin: Credential;
  [admin, editor, writer, otherWriter] = await Promise.all([actingAs(t, 'admin'), actingAs(t, 'editor'), actingAs(t, 'contributor'), actingAs(t, 'contributor')]);
  w = await makeWorld(t, editor, { contributorAccountId: writer.accountId });
  key = await contentKey(t, admin);
});
afterAll(() => t?.close());

describe('the whole editorial path over HTTP', () => {
  it('draft -> review -> changes requested -> review -> approve -> schedule -> published by the worker -> edit live -> republish -> unpublish', async () => {
    // a contributor writes; their byline is filled from their linked profile
    const { bylineIds: _b, ...fields } = completeArticle(w);
    const created = await t.http().post('/v1/admin/articles').set(writer.auth).send(fields);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ status: 'draft', version: 1, bylineIds: [w.contributorId] });
    expect(created.headers.etag).toBe('"v1"');

    expect((await act(t, writer, id, 'submit')).body.status).toBe('in_review');
    // the author cannot approve their own piece
    expect((await act(t, writer, id, 'approve')).status).toBe(403);
    const noComment = await act(t, editor, id, 'request_changes');
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.code).toBe('WORKFLOW_COMMENT_REQUIRED');
    expect((await act(t, editor, id, 'request_changes', { comment: 'Cite the communiqué in paragraph two.' })).body.status).toBe('draft');

    // the author sees the comment
    const seen = await t.http().get(`/v1/admin/articles/${id}`).set(writer.auth);
    expect(seen.body.changeRequest).toMatchObject({ comment: 'Cite the communiqué in paragraph two.', by: editor.email });

    const edit = await t.http().patch(`/v1/admin/articles/${id}`).set(writer.auth).set('If-Match', responseHeader(seen, 'etag')).send({ dek: 'Now citing the communiqué.' });
    expect(edit.status).toBe(200);
    expect((await act(t, writer, id, 'submit')).body.status).toBe('in_review');
    // contributors edit only drafts
    const late = await t.http().patch(`/v1/admin/articles/${id}`).set(writer.auth).set('If-Match', '"v6"').send({ dek: 'x' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('ARTICLE_NOT_EDITABLE');

    expect((await act(t, editor, id, 'approve')).body.status).toBe('approved');
    const at = new Date(Date.now() + 1500);
    const scheduled = await act(t, editor, id, 'schedule', { at: at.toISOString() });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(200);
    expect(scheduled.body).toMatchObject({ status: 'scheduled', scheduledAt: at.toISOString() });
    expect(await live(id)).toBeUndefined();

    // the worker publishes it within 2 s of its time
    const published = await waitFor(async () => (await live(id)) ?? null, 6000).catch(async (e: Error) => {
      const row = await t.sql(`SELECT status, last_job_error FROM articles WHERE id = $1`, [id]);
      throw new Error(`${e.message}: ${JSON.stringify(row)}`);
    });
    const publishedAt = (await t.sql<{ published_at: Date }>(`SELECT published_at FROM articles WHERE id = $1`, [id]))[0]!.published_at;
    expect(publishedAt.getTime() - at.getTime()).toBeLessThan(2000);
    expect(publishedAt.getTime()).toBeGreaterThanOrEqual(at.getTime());
    expect(published.headline).toBe(fields.headline);
    expect(published.page).toMatchObject({
      kicker: expect.stringContaining(' | '),
      bylines: [expect.objectContaining({ contributorId: w.contributorId, title: 'Senior fellow, Example Institute' })],
    });

    // editing the live piece leaves the public copy alone
    const current = await t.http().get(`/v1/admin/articles/${id}`).set(editor.auth);
    expect(current.body.status).toBe('published');
    const liveEdit = await t
      .http()
      .patch(`/v1/admin/articles/${id}`)
      .set(editor.auth)
      .set('If-Match', responseHeader(current, 'etag'))
      .send({ headline: 'A sharper headline for the live piece' });
    expect(liveEdit.status).toBe(200);
    expect(liveEdit.body.hasUnpublishedChanges).toBe(true);
    expect((await live(id))!.headline).toBe(fields.headline);

    // publishing the changes updates it
    expect((await act(t, editor, id, 'publish')).body.hasUnpublishedChanges).toBe(false);
    expect((await live(id))!.headline).toBe('A sharper headline for the live piece');

    expect((await act(t, editor, id, 'unpublish')).body.status).toBe('unpublished');
    expect(await live(id)).toBeUndefined();

    const log = await t.http().get(`/v1/admin/articles/${id}/transitions`).set(editor.auth);
    expect(log.body.map((r: { action: string }) => r.action)).toEqual(['submit', 'request_changes', 'submit', 'approve', 'schedule', 'publish_due', 'publish', 'unpublish']);
    expect(log.body.find((r: { action: string }) => r.action === 'publish_due').actor).toBe('system');
    const events = await t.sql<{ topic: string }>(`SELECT topic FROM outbox_messages WHERE payload->>'articleId' = $1 AND topic LIKE 'article.%' ORDER BY created_at`, [id]);
    expect(events.filter((e) => e.topic === 'article.transitioned')).toHaveLength(8);
    expect(events.map((e) => e.topic)).toEqual(expect.arrayContaining(['article.published', 'article.updated', 'article.unpublished']));
    const audit = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE target_id = $1 AND action LIKE 'article.%'`, [id]);
    expect(audit[0]!.n).toBeGreaterThanOrEqual(10);
  });
});

describe('optimistic concurrency', () => {
  it('50 parallel PATCHes with one If-Match: exactly one 200, 49 412, no lost update', async () => {
    const a = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w));
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t
          .http()
          .patch(`/v1/admin/articles/${a.body.id}`)
          .set(editor.auth)
          .set('If-Match', responseHeader(a, 'etag'))
          .send({ dek: `edit ${i}` }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(49);
    const winner = results.find((r) => r.status === 200)!;
    const loser = results.find((r) => r.status === 412)!;
    expect(loser.body.error).toMatchObject({ code: 'ARTICLE_VERSION_MISMATCH', currentVersion: 2 });
    const row = (await t.sql<{ dek: string; version: number }>(`SELECT dek, version FROM articles WHERE id = $1`, [a.body.id]))[0]!;
    expect(row).toEqual({ dek: winner.body.dek, version: 2 });
    const revisions = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM article_revisions WHERE article_id = $1`, [a.body.id]);
    expect(revisions[0]!.n).toBe(2);
  });

  it('no If-Match -> 428; garbage -> 400; stale transition -> 412; nothing changes', async () => {
    const a = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w));
    const none = await t.http().patch(`/v1/admin/articles/${a.body.id}`).set(editor.auth).send({ dek: 'x' });
    expect(none.status).toBe(428);
    expect(none.body.error.code).toBe('ARTICLE_IF_MATCH_REQUIRED');
    const garbage = await t.http().patch(`/v1/admin/articles/${a.body.id}`).set(editor.auth).set('If-Match', '*').send({ dek: 'x' });
    expect(garbage.status).toBe(400);
    const stale = await t.http().post(`/v1/admin/articles/${a.body.id}/transitions`).set(editor.auth).set('If-Match', '"v9"').send({ action: 'submit' });
    expect(stale.status).toBe(412);
    const statusField = await t.http().patch(`/v1/admin/articles/${a.body.id}`).set(editor.auth).set('If-Match', '"v1"').send({ status: 'published' });
    expect(statusField.status).toBe(400);
    expect(statusField.body.error.details[0]).toMatchObject({ field: 'status', code: 'unknownField' });
    const row = (await t.sql<{ dek: string; version: number; status: string }>(`SELECT dek, version, status FROM articles WHERE id = $1`, [a.body.id]))[0];
    expect(row).toEqual({ dek: a.body.dek, version: 1, status: 'draft' });
  });
});

describe('who sees what', () => {
  it("contributors get 404 for anyone else's piece, and cannot take editor actions", async () => {
    const mine = await t.http().post('/v1/admin/articles').set(writer.auth).send(completeArticle(w));
    const theirs = await t.http().get(`/v1/admin/articles/${mine.body.id}`).set(otherWriter.auth);
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.code).toBe('ARTICLE_NOT_FOUND');
    const patch = await t.http().patch(`/v1/admin/articles/${mine.body.id}`).set(otherWriter.auth).set('If-Match', '"v1"').send({ dek: 'hijack' });
    expect(patch.status).toBe(404);
    const list = await t.http().get('/v1/admin/articles').set(otherWriter.auth);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(mine.body.id);
    const editorList = await t.http().get('/v1/admin/articles?limit=100').set(editor.auth);
    expect(editorList.body.items.map((i: { id: string }) => i.id)).toContain(mine.body.id);
    const publish = await act(t, writer, mine.body.id, 'publish');
    expect(publish.status).toBe(409); // a draft cannot be published by anyone
    await act(t, writer, mine.body.id, 'submit');
    await act(t, editor, mine.body.id, 'approve');
    const own = await act(t, writer, mine.body.id, 'publish');
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('WORKFLOW_FORBIDDEN');
  });
});

describe('edit lock', () => {
  it('others get 423 while it is held; editors can take it over', async () => {
    const other = await actingAs(t, 'editor');
    const a = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w));
    const taken = await t.http().post(`/v1/admin/articles/${a.body.id}/lock`).set(editor.auth);
    expect(taken.body.lock).toMatchObject({ holderId: editor.accountId });
    const blocked = await t.http().patch(`/v1/admin/articles/${a.body.id}`).set(other.auth).set('If-Match', responseHeader(taken, 'etag')).send({ dek: 'mine now' });
    expect(blocked.status).toBe(423);
    expect(blocked.body.error).toMatchObject({ code: 'ARTICLE_LOCKED', lock: { holderId: editor.accountId } });
    expect((await t.http().post(`/v1/admin/articles/${a.body.id}/lock`).set(other.auth)).status).toBe(423);
    const over = await t.http().post(`/v1/admin/articles/${a.body.id}/lock/takeover`).set(other.auth);
    expect(over.body.lock.holderId).toBe(other.accountId);
    expect((await t.http().put(`/v1/admin/articles/${a.body.id}/lock`).set(editor.auth)).body.error.code).toBe('ARTICLE_LOCK_NOT_HELD');
    const now = await t.http().patch(`/v1/admin/articles/${a.body.id}`).set(other.auth).set('If-Match', responseHeader(over, 'etag')).send({ dek: 'mine now' });
    expect(now.status).toBe(200);
    expect((await t.http().post(`/v1/admin/articles/${a.body.id}/lock/takeover`).set(writer.auth)).status).toBe(403);
  });
});

describe('revisions', () => {
  it('lists, diffs field by field, and restores as a new revision', async () => {
    const a = await t
      .http()
      .post('/v1/admin/articles')
      .set(editor.auth)
      .send(completeArticle(w, { headline: 'First headline' }));
    const b = await t
      .http()
      .patch(`/v1/admin/articles/${a.body.id}`)
      .set(editor.auth)
      .set('If-Match', responseHeader(a, 'etag'))
      .send({ headline: 'Second headline', tagIds: [w.tagIds[0]] });
    const list = await t.http().get(`/v1/admin/articles/${a.body.id}/revisions`).set(editor.auth);
    expect(list.body.map((r: { number: number }) => r.number)).toEqual([2, 1]);
    expect(list.body[1].data).toMatchObject({ headline: 'First headline', tagIds: w.tagIds, bylineIds: [w.contributorId] });
    const diff = await t.http().get(`/v1/admin/articles/${a.body.id}/revisions/diff?from=1&to=2`).set(editor.auth);
    expect(diff.body).toEqual([
      { field: 'headline', from: 'First headline', to: 'Second headline' },
      { field: 'tagIds', from: w.tagIds, to: [w.tagIds[0]] },
    ]);
    const restored = await t.http().post(`/v1/admin/articles/${a.body.id}/revisions/1/restore`).set(editor.auth).set('If-Match', responseHeader(b, 'etag'));
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body).toMatchObject({ headline: 'First headline', tagIds: w.tagIds, version: 3 });
    const after = await t.http().get(`/v1/admin/articles/${a.body.id}/revisions`).set(editor.auth);
    expect(after.body[0]).toMatchObject({ number: 3, restoredFrom: 1 });
  });
});

describe('slugs, corrections, embargo, bylines as of publication', () => {
  const publishNow = async (body: Record<string, unknown>) => {
    const a = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w, body));
    await act(t, editor, a.body.id, 'submit');
    await act(t, editor, a.body.id, 'approve');
    const p = await act(t, editor, a.body.id, 'publish');
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    return a.body.id as string;
  };

  it('keeps old slugs of published pieces reserved for redirects and refuses a live duplicate', async () => {
    const id = await publishNow({ slug: 'coalition-of-the-willing' });
    const cur = await t.http().get(`/v1/admin/articles/${id}`).set(editor.auth);
    await t.http().patch(`/v1/admin/articles/${id}`).set(editor.auth).set('If-Match', responseHeader(cur, 'etag')).send({ slug: 'coalition-of-the-reluctant' });
    await act(t, editor, id, 'publish');
    expect((await live(id))!.slug).toBe('coalition-of-the-reluctant');
    const history = await t.sql<{ article_id: string }>(`SELECT article_id FROM article_slug_history WHERE slug = 'coalition-of-the-willing'`);
    expect(history).toEqual([{ article_id: id }]);
    for (const slug of ['coalition-of-the-willing', 'coalition-of-the-reluctant']) {
      const dup = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w, { slug }));
      await act(t, editor, dup.body.id, 'submit');
      await act(t, editor, dup.body.id, 'approve');
      const refused = await act(t, editor, dup.body.id, 'publish');
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('ARTICLE_SLUG_TAKEN');
      expect(await live(dup.body.id)).toBeUndefined();
    }
  });

  it('corrections are kept in order and shown on the live page', async () => {
    const id = await publishNow({});
    for (const [kind, text] of [
      ['correction', 'An earlier version misdated the summit.'],
      ['clarification', 'The plan is not a treaty.'],
    ]) {
      const r = await t.http().post(`/v1/admin/articles/${id}/corrections`).set(editor.auth).send({ kind, text });
      expect(r.status).toBe(201);
    }
    expect(((await live(id))!.page.corrections as { kind: string }[]).map((c) => c.kind)).toEqual(['correction', 'clarification']);
    const bad = await t.http().post(`/v1/admin/articles/${id}/corrections`).set(editor.auth).send({ kind: 'apology', text: 'x' });
    expect(bad.status).toBe(400);
    const byWriter = await t.http().post(`/v1/admin/articles/${id}/corrections`).set(writer.auth).send({ kind: 'correction', text: 'x' });
    expect(byWriter.status).toBe(403);
  });

  it('embargo blocks publish and early schedules, and freezes after first publication', async () => {
    const embargo = new Date(Date.now() + 86_400_000);
    const a = await t
      .http()
      .post('/v1/admin/articles')
      .set(editor.auth)
      .send(completeArticle(w, { embargoUntil: embargo.toISOString() }));
    await act(t, editor, a.body.id, 'submit');
    await act(t, editor, a.body.id, 'approve');
    expect((await act(t, editor, a.body.id, 'publish')).body.error.code).toBe('WORKFLOW_EMBARGOED');
    expect((await act(t, editor, a.body.id, 'schedule', { at: new Date(Date.now() + 3_600_000).toISOString() })).body.error.code).toBe('WORKFLOW_EMBARGOED');
    expect((await act(t, editor, a.body.id, 'schedule', { at: new Date(embargo.getTime() + 60_000).toISOString() })).status).toBe(200);

    const id = await publishNow({});
    const cur = await t.http().get(`/v1/admin/articles/${id}`).set(editor.auth);
    const frozen = await t.http().patch(`/v1/admin/articles/${id}`).set(editor.auth).set('If-Match', responseHeader(cur, 'etag')).send({ embargoUntil: embargo.toISOString() });
    expect(frozen.status).toBe(409);
    expect(frozen.body.error.code).toBe('ARTICLE_EMBARGO_FROZEN');
  });

  it('a profile edit does not rewrite a published byline until an editor refreshes it', async () => {
    const id = await publishNow({});
    const edit = await t.http().patch(`/v1/admin/contributors/${w.contributorId}`).set(editor.auth).send({ title: 'Director, Another Institute' });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    const bylineTitle = async () => ((await live(id))!.page.bylines as { title: string }[])[0]!.title;
    expect(await bylineTitle()).toBe('Senior fellow, Example Institute');
    expect((await t.http().post(`/v1/admin/articles/${id}/bylines/refresh`).set(editor.auth)).status).toBe(204);
    expect(await bylineTitle()).toBe('Director, Another Institute');
    await t.http().patch(`/v1/admin/contributors/${w.contributorId}`).set(editor.auth).send({ title: 'Senior fellow, Example Institute' });
  });

  it('stored XSS comes back inert', async () => {
    const a = await t
      .http()
      .post('/v1/admin/articles')
      .set(editor.auth)
      .send(
        completeArticle(w, {
          headline: '<script>alert(1)</script>Headline <b>bold</b>',
          bodyHtml: '<p onclick="x()">Hi<img src=x onerror=alert(1)></p><script>steal()</script><a href="javascript:alert(1)">l</a>',
        }),
      );
    expect(a.body.headline).toBe('Headline bold');
    expect(a.body.bodyHtml).not.toMatch(/script|onerror|onclick|javascript:/i);
    expect(a.body.bodyText).not.toContain('steal');
  });
});

describe('the publish gate and the top image', () => {
  it('refuses a top image without credit or alt text, naming the missing part; a per-use credit counts', async () => {
    const image = async (body: Record<string, unknown>) => {
      const r = await t
        .http()
        .post('/v1/admin/images/by-url')
        .set(editor.auth)
        .send({ width: 1200, height: 800, ...body });
      expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
      return (r.body.id ?? r.body.image?.id) as string;
    };
    const uncredited = await image({ url: `https://img.example.org/${Date.now()}-a.jpg`, altText: 'A harbour at dusk' });
    const noAlt = await image({ url: `https://img.example.org/${Date.now()}-b.jpg` });
    const approvedWith = async (extra: Record<string, unknown>) => {
      const a = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w, extra));
      await act(t, editor, a.body.id, 'submit');
      await act(t, editor, a.body.id, 'approve');
      return a.body.id as string;
    };
    const a = await approvedWith({ topImageId: uncredited });
    const refused = await act(t, editor, a, 'publish');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('IMAGE_CREDIT_MISSING');
    expect((await act(t, editor, a, 'schedule', { at: new Date(Date.now() + 3_600_000).toISOString() })).body.error.code).toBe('IMAGE_CREDIT_MISSING');
    expect(await live(a)).toBeUndefined();

    const b = await approvedWith({ topImageId: noAlt, topImageCredit: 'Photo: Newsroom staff' });
    expect((await act(t, editor, b, 'publish')).body.error.code).toBe('IMAGE_ALT_TEXT_MISSING');

    const c = await approvedWith({ topImageId: uncredited, topImageCredit: 'Photo: Newsroom staff' });
    const ok = await act(t, editor, c, 'publish');
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(((await live(c))!.page.topImage as { creditLine: string }).creditLine).toBe('Photo: Newsroom staff');
  });
});

describe('unknown relations and bad input write nothing', () => {
  it('400 naming the field, no article row', async () => {
    const before = (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM articles`))[0]!.n;
    const missing = '7d1f5f8e-8d53-4a53-9df1-8ab0d5d4a0aa';
    for (const body of [
      completeArticle(w, { sectionId: missing }),
      completeArticle(w, { tagIds: [missing] }),
      completeArticle(w, { bylineIds: [missing] }),
      completeArticle(w, { slug: 'Not A Slug' }),
      { headline: '' },
      { headline: 'x', typeId: 'nope' },
    ]) {
      const r = await t.http().post('/v1/admin/articles').set(editor.auth).send(body);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
    }
    expect((await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM articles`))[0]!.n).toBe(before);
  });
});

describe('workflow SLA', () => {
  it('lists pieces waiting in review longer than the budget', async () => {
    const a = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w));
    await act(t, editor, a.body.id, 'submit');
    await new Promise((r) => setTimeout(r, 20));
    const overdue = await t.http().get('/v1/admin/workflow/overdue').set(editor.auth);
    expect(overdue.status).toBe(200);
    const item = overdue.body.find((o: { articleId: string }) => o.articleId === a.body.id);
    expect(item).toMatchObject({ status: 'in_review', budgetMs: 1 });
    expect(item.waitedMs).toBeGreaterThan(1);
    expect((await t.http().get('/v1/admin/workflow/overdue').set(writer.auth)).status).toBe(403);
  });

  it('answers the longest over budget first, at most ?limit= of them (the desk asks for a few)', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const a = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w));
      expect((await act(t, editor, a.body.id, 'submit')).status).toBe(200);
      ids.push(a.body.id);
    }
    // waited 3, 1 and 2 days
    for (const [i, days] of [3, 1, 2].entries()) await t.sql(`UPDATE articles SET status_changed_at = now() - make_interval(days => $2) WHERE id = $1`, [ids[i], days]);
    const all = await t.http().get('/v1/admin/workflow/overdue').set(editor.auth);
    expect(all.status).toBe(200);
    const waits = (all.body as { waitedMs: number; budgetMs: number }[]).map((o) => o.waitedMs - o.budgetMs);
    expect(waits).toEqual([...waits].sort((x, y) => y - x));
    expect((all.body as { articleId: string }[]).slice(0, 3).map((o) => o.articleId)).toEqual([ids[0], ids[2], ids[1]]);
    const two = await t.http().get('/v1/admin/workflow/overdue?limit=2').set(editor.auth);
    expect(two.body.map((o: { articleId: string }) => o.articleId)).toEqual([ids[0], ids[2]]);
    for (const bad of ['0', '501', 'x']) {
      const r = await t.http().get(`/v1/admin/workflow/overdue?limit=${bad}`).set(editor.auth);
      expect(r.status, bad).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
    }
  });
});
