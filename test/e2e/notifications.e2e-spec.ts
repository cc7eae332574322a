import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LicenseSweep } from '#libs/image-credits';
import { DIGEST_QUEUE, NOTIFICATION_SOURCE_TOPICS, NotificationDigests } from '#libs/notifications';
import { MAIL_SEND_TOPIC, MailOutboxHandler } from '#libs/mail';
import { OutboxRelay, type OutboxMessage } from '#libs/outbox';
import { actingAs, createTestApp, type Credential, type TestApp, responseHeader } from '../support/app-harness.js';
import { SmtpInbox, headerOf } from '../support/smtp-inbox.js';
import { act, completeArticle, makeWorld, type World } from '../support/world.js';

/**
 * Notifications end to end: workflow events through the outbox to inboxes (HTTP) and to a real
 * SMTP server, as the accounts' preferences say.
 */

const BASE = 'https://mag.example';
const TOPICS = [...NOTIFICATION_SOURCE_TOPICS, 'mail.send'];

let t: TestApp;
const smtp = new SmtpInbox();
let admin: Credential, e1: Credential, e2: Credential, e3: Credential, c: Credential, c2: Credential, d: Credential;
let people: Record<string, Credential>;
let w: World;
let bylines: string[];

/** Runs the relay until no message of the notification topics (or mail) is waiting. */
async function drain(timeoutMs = 20_000): Promise<void> {
  const relay = t.app.get(OutboxRelay);
  const until = Date.now() + timeoutMs;
  for (;;) {
    await relay.tick();
    const [row] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_messages WHERE topic = ANY($1) AND delivered_at IS NULL AND dead_at IS NULL`, [TOPICS]);
    if (row!.n === 0) return;
    if (Date.now() > until) throw new Error(`${row!.n} outbox messages still waiting`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Item {
  id: string;
  kind: string;
  articleId: string | null;
  title: string;
  body: string;
  link: string;
  delivery: string;
  readAt: string | null;
}

async function inbox(who: Credential, query = ''): Promise<{ items: Item[]; nextCursor: string | null; unreadCount: number }> {
  const r = await t.http().get(`/v1/admin/notifications?limit=100${query}`).set(who.auth);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

const seen = new Map<string, Set<string>>();
/** What each person got since the last call (by kind), read through their own inbox. */
async function news(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [name, who] of Object.entries(people)) {
    const ids = seen.get(name) ?? new Set<string>();
    seen.set(name, ids);
    const fresh = (await inbox(who)).items.filter((i) => !ids.has(i.id));
    for (const i of fresh) ids.add(i.id);
    if (fresh.length) out[name] = fresh.map((i) => i.kind).sort();
  }
  return out;
}

const mailCount = () => smtp.received.length;
const subjectsTo = (who: Credential, from = 0) =>
  smtp.received
    .slice(from)
    .filter((m) => m.envelopeTo.includes(who.email))
    .map((m) => m.parsed.subject);

async function linkProfile(name: string, accountId: string): Promise<string> {
  const p = await t.http().post('/v1/admin/contributors').set(e1.auth).send({ name });
  expect(p.status).toBe(201);
  const link = await t.http().put(`/v1/admin/contributors/${p.body.id}/account`).set(e1.auth).send({ accountId });
  expect(link.status, JSON.stringify(link.body)).toBeLessThan(300);
  return p.body.id;
}

async function piece(author: Credential, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await t
    .http()
    .post('/v1/admin/articles')
    .set(author.auth)
    .send(completeArticle(w, { bylineIds: bylines, ...extra }));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

async function ok(res: Promise<{ status: number; body: unknown }>): Promise<void> {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

beforeAll(async () => {
  const port = await smtp.start();
  t = await createTestApp({
    env: {
      MAIL_TRANSPORT: 'smtp',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(port),
      MAIL_FROM: 'The Magazine <desk@mag.example>',
      PUBLIC_BASE_URL: BASE,
      NOTIFY_CHECK_INTERVAL: '0',
      // approved pieces are overdue after a second (only the overdue test runs the sweep)
      WORKFLOW_SLA: 'in_review=4h,approved=1s',
    },
  });
  admin = await actingAs(t, 'admin');
  e1 = await actingAs(t, 'editor');
  e2 = await actingAs(t, 'editor');
  e3 = await actingAs(t, 'editor');
  c = await actingAs(t, 'contributor');
  c2 = await actingAs(t, 'contributor');
  d = await actingAs(t, 'editor');
  expect((await t.http().post(`/v1/admin/accounts/${d.accountId}/deactivate`).set(admin.auth)).status).toBe(200);
  people = { admin, e1, e2, e3, c, c2 };
  w = await makeWorld(t, e1);
  // the piece's bylines: a contributor who does not own it, and an editor
  bylines = [await linkProfile('Second Writer', c2.accountId), await linkProfile('Editing Writer', e3.accountId)];
});
afterAll(async () => {
  await t?.close();
  await smtp.stop();
});

describe('each event reaches exactly the right recipients', () => {
  let id: string;

  it('a piece through the workflow: submit, changes with mentions, approve, schedule, publish, unpublish', async () => {
    id = await piece(c);
    await news();
    const m0 = mailCount();

    await ok(act(t, c, id, 'submit'));
    await drain();
    // every active editor and admin; not the author who acted, not the deactivated editor
    expect(await news()).toEqual({ admin: ['review_requested'], e1: ['review_requested'], e2: ['review_requested'], e3: ['review_requested'] });

    await ok(act(t, e1, id, 'request_changes', { comment: `Tighten the lede. @${e2.email} can you check the quotes? Also @${c2.email} and @${e1.email}.` }));
    await drain();
    // the author and the editor on the byline; the contributor on the byline may not see the
    // piece (not theirs): not told, not even of the mention; the actor mentioned themselves: nothing
    expect(await news()).toEqual({ c: ['changes_requested'], e3: ['changes_requested'], e2: ['mentioned'] });

    await ok(act(t, c, id, 'submit'));
    await drain();
    expect(await news()).toEqual({ admin: ['review_requested'], e1: ['review_requested'], e2: ['review_requested'], e3: ['review_requested'] });

    await ok(act(t, e1, id, 'approve'));
    await drain();
    expect(await news()).toEqual({ c: ['piece_approved'] });

    await ok(act(t, e1, id, 'schedule', { at: new Date(Date.now() + 3_600_000).toISOString() }));
    await drain();
    expect(await news()).toEqual({ c: ['piece_scheduled'] });

    await ok(act(t, e1, id, 'unschedule'));
    await drain();
    expect(await news()).toEqual({});

    await ok(act(t, e2, id, 'publish'));
    await drain();
    expect(await news()).toEqual({ c: ['piece_published'] });

    await ok(act(t, e2, id, 'unpublish'));
    await drain();
    expect(await news()).toEqual({ c: ['piece_unpublished'] });

    const [dead] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE account_id = $1`, [d.accountId]);
    expect(dead!.n).toBe(0);

    // mail as the role defaults say: editors for review requests and mentions, the contributor
    // for every step but scheduling (inbox only)
    const h = (await t.http().get(`/v1/admin/articles/${id}`).set(c.auth)).body.headline;
    expect(subjectsTo(c, m0).sort()).toEqual([`Approved: “${h}”`, `Changes requested: “${h}”`, `Published: “${h}”`, `Taken down: “${h}”`].sort());
    expect(subjectsTo(e3, m0).sort()).toEqual([`Changes requested: “${h}”`, `Review requested: “${h}”`, `Review requested: “${h}”`].sort());
    expect(subjectsTo(e2, m0).sort()).toEqual([`Review requested: “${h}”`, `Review requested: “${h}”`, `Test editor mentioned you: “${h}”`].sort());
    expect(subjectsTo(e1, m0)).toEqual([`Review requested: “${h}”`, `Review requested: “${h}”`]);
    expect(subjectsTo(c2, m0)).toEqual([]);
    expect(subjectsTo(d, m0)).toEqual([]);
  });

  it('a mail is plain and HTML, links into the desk and carries a one-click List-Unsubscribe', async () => {
    const mail = smtp.to(c.email).find((m) => m.parsed.subject?.startsWith('Changes requested'))!;
    expect(mail.parsed.from?.value).toEqual([{ name: 'The Magazine', address: 'desk@mag.example' }]);
    expect(mail.parsed.text).toContain(`${BASE}/desk/articles/${id}`);
    expect(mail.parsed.text).toContain('Tighten the lede.');
    expect(mail.parsed.html).toContain(`href="${BASE}/desk/articles/${id}"`);
    expect(headerOf(mail.parsed, 'List-Unsubscribe')).toMatch(
      /^<https:\/\/mag\.example\/v1\/admin\/notifications\/unsubscribe\/one-click\?token=[0-9a-f-]{36}\.changes_requested\.[A-Za-z0-9_-]{43}>$/,
    );
    expect(headerOf(mail.parsed, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
  });

  it('a redelivered event adds no notification and no second mail', async () => {
    await drain();
    const [msg] = await t.sql<{ id: string }>(
      `SELECT id FROM outbox_messages WHERE topic = 'article.transitioned' AND payload->>'articleId' = $1 AND payload->>'action' = 'submit' ORDER BY created_at LIMIT 1`,
      [id],
    );
    const before = await t.sql<{ n: number }>(`SELECT (SELECT count(*)::int FROM notifications) + (SELECT count(*)::int FROM outbox_messages WHERE topic = 'mail.send') AS n`);
    const mails = mailCount();
    await t.sql(`UPDATE outbox_messages SET delivered_at = NULL, done_handlers = '{}', leased_until = NULL WHERE id = $1`, [msg!.id]);
    await drain();
    const [again] = await t.sql<{ delivered: boolean }>(`SELECT delivered_at IS NOT NULL AS delivered FROM outbox_messages WHERE id = $1`, [msg!.id]);
    expect(again!.delivered).toBe(true);
    expect(await t.sql(`SELECT (SELECT count(*)::int FROM notifications) + (SELECT count(*)::int FROM outbox_messages WHERE topic = 'mail.send') AS n`)).toEqual(before);
    expect(mailCount()).toBe(mails);
    expect(await news()).toEqual({});
  });

  it('the actor is not told of their own action: an editor submitting their own piece', async () => {
    const own = await piece(e1, { bylineIds: [w.contributorId] });
    await ok(act(t, e1, own, 'submit'));
    await drain();
    expect(await news()).toEqual({ admin: ['review_requested'], e2: ['review_requested'], e3: ['review_requested'] });
  });
});

describe('the inbox', () => {
  it('pages newest first by keyset, counts unread, marks one and all read', async () => {
    const all = (await inbox(c)).items;
    expect(all.length).toBeGreaterThanOrEqual(5);
    const paged: Item[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: { status: number; body: { items: Item[]; nextCursor: string | null } } = await t
        .http()
        .get(`/v1/admin/notifications?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .set(c.auth);
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(2);
      paged.push(...r.body.items);
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(all.length / 2));
    expect(paged.map((i) => i.id)).toEqual(all.map((i) => i.id));
    expect(all.map((i) => i.kind).slice(0, 2)).toEqual(['piece_unpublished', 'piece_published']);

    const count = async (who: Credential) => (await t.http().get('/v1/admin/notifications/unread-count').set(who.auth)).body.unread;
    expect(await count(c)).toBe(all.length);
    const first = await t.http().post(`/v1/admin/notifications/${all[0]!.id}/read`).set(c.auth);
    expect(first.status).toBe(200);
    expect(first.body.readAt).toEqual(expect.any(String));
    expect(await count(c)).toBe(all.length - 1);
    const again = await t.http().post(`/v1/admin/notifications/${all[0]!.id}/read`).set(c.auth);
    expect(again.body.readAt).toBe(first.body.readAt);
    expect((await inbox(c, '&unread=true')).items.map((i) => i.id)).toEqual(all.slice(1).map((i) => i.id));

    // another account's notification does not exist for me
    const notMine = await t.http().post(`/v1/admin/notifications/${all[1]!.id}/read`).set(e1.auth);
    expect([notMine.status, notMine.body.error.code]).toEqual([404, 'NOTIFICATION_NOT_FOUND']);
    expect(await count(c)).toBe(all.length - 1);

    const allRead = await t.http().post('/v1/admin/notifications/read-all').set(c.auth);
    expect(allRead.body).toEqual({ marked: all.length - 1 });
    expect(await count(c)).toBe(0);

    const bad = await t.http().get('/v1/admin/notifications?cursor=nonsense').set(c.auth);
    expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_CURSOR']);
    expect((await t.http().get('/v1/admin/notifications?limit=0').set(c.auth)).status).toBe(400);
    expect((await t.http().get('/v1/admin/notifications')).status).toBe(401);
  });
});

describe('preferences', () => {
  it('start from the role defaults; bad input is refused and changes nothing', async () => {
    const r = await t.http().get('/v1/admin/notifications/preferences').set(c.auth);
    expect(r.status).toBe(200);
    expect(r.body.timeZone).toBeNull();
    expect(r.body.effectiveTimeZone).toBe('UTC');
    expect(r.body.kinds).toContainEqual({ kind: 'piece_published', delivery: 'mail', isDefault: true });
    expect((await t.http().get('/v1/admin/notifications/preferences').set(e1.auth)).body.kinds).toContainEqual({ kind: 'licence_lapsing', delivery: 'digest', isDefault: true });

    const put = (body: object) => t.http().put('/v1/admin/notifications/preferences').set(c.auth).send(body);
    const unknown = await put({
      kinds: [
        { kind: 'piece_approved', delivery: 'off' },
        { kind: 'gossip', delivery: 'mail' },
      ],
    });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'NOTIFICATION_KIND_UNKNOWN']);
    const zone = await put({ timeZone: 'Mars/Olympus', kinds: [{ kind: 'piece_approved', delivery: 'off' }] });
    expect([zone.status, zone.body.error.code]).toEqual([400, 'NOTIFICATION_TIME_ZONE_INVALID']);
    const delivery = await put({ kinds: [{ kind: 'piece_approved', delivery: 'sometimes' }] });
    expect([delivery.status, delivery.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await t.http().get('/v1/admin/notifications/preferences').set(c.auth)).body).toEqual(r.body);
  });

  it('are respected: off gets nothing, inbox no mail, digest no mail now', async () => {
    const set = async (who: Credential, kinds: object[]) => expect((await t.http().put('/v1/admin/notifications/preferences').set(who.auth).send({ kinds })).status).toBe(200);
    await set(c, [
      { kind: 'changes_requested', delivery: 'inbox' },
      { kind: 'piece_approved', delivery: 'off' },
    ]);
    await set(e1, [{ kind: 'review_requested', delivery: 'off' }]);
    await set(e2, [{ kind: 'review_requested', delivery: 'digest' }]);
    const after = (await t.http().get('/v1/admin/notifications/preferences').set(c.auth)).body.kinds;
    expect(after).toContainEqual({ kind: 'piece_approved', delivery: 'off', isDefault: false });

    const id = await piece(c);
    await news();
    const m0 = mailCount();
    await ok(act(t, c, id, 'submit'));
    await drain();
    expect(await news()).toEqual({ admin: ['review_requested'], e2: ['review_requested'], e3: ['review_requested'] });
    expect((await inbox(e2)).items[0]).toMatchObject({ kind: 'review_requested', delivery: 'digest', articleId: id });
    expect(subjectsTo(e2, m0)).toEqual([]);
    expect(subjectsTo(e1, m0)).toEqual([]);
    expect(subjectsTo(admin, m0)).toHaveLength(1);

    await ok(act(t, e3, id, 'request_changes', { comment: 'Shorter, please.' }));
    await drain();
    expect(await news()).toEqual({ c: ['changes_requested'] });
    expect(subjectsTo(c, m0)).toEqual([]);

    await ok(act(t, c, id, 'submit'));
    await ok(act(t, e3, id, 'approve'));
    await drain();
    expect((await news()).c).toBeUndefined();
  });
});

describe('one-click unsubscribe (RFC 8058)', () => {
  it('the List-Unsubscribe URL turns that kind off for that account only', async () => {
    const mail = smtp.to(admin.email).find((m) => m.parsed.subject?.startsWith('Review requested'))!;
    const url = new URL(headerOf(mail.parsed, 'List-Unsubscribe')!.slice(1, -1));
    const path = `${url.pathname}${url.search}`;
    const form = (p: string, body = 'List-Unsubscribe=One-Click') => t.http().post(p).set('content-type', 'application/x-www-form-urlencoded').send(body);

    const token = url.searchParams.get('token')!;
    const forged = token.replace(/\.[A-Za-z0-9_-]{43}$/, `.${'A'.repeat(43)}`);
    const otherKind = token.replace('.review_requested.', '.mentioned.');
    for (const bad of [forged, otherKind]) {
      const r = await form(`${url.pathname}?token=${encodeURIComponent(bad)}`);
      expect([r.status, r.body.error.code]).toEqual([404, 'NOTIFICATION_UNSUBSCRIBE_TOKEN_INVALID']);
    }
    expect((await form(path, 'List-Unsubscribe=Maybe')).status).toBe(400);
    expect((await t.http().get('/v1/admin/notifications/preferences').set(admin.auth)).body.kinds).toContainEqual({ kind: 'review_requested', delivery: 'mail', isDefault: true });

    const r = await form(path);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ kind: 'review_requested', changed: ['review_requested'] });
    expect((await form(path)).status).toBe(200);
    expect((await t.http().get('/v1/admin/notifications/preferences').set(admin.auth)).body.kinds).toContainEqual({ kind: 'review_requested', delivery: 'off', isDefault: false });

    await news();
    const id = await piece(c);
    await ok(act(t, c, id, 'submit'));
    await drain();
    const got = await news();
    expect(got.admin).toBeUndefined();
    expect(got.e3).toEqual(['review_requested']);
  });
});

describe('other sources', () => {
  it('a teaser alert tells editors and the page’s author, naming the page only', async () => {
    const page = await piece(c);
    const target = await piece(e1, { bylineIds: [w.contributorId] });
    for (const a of ['submit', 'approve', 'publish']) await ok(act(t, e1, target, a));
    const pin = await t
      .http()
      .put(`/v1/admin/articles/${page}/related`)
      .set(e1.auth)
      .send({ pins: [{ targetArticleId: target }] });
    expect(pin.status, JSON.stringify(pin.body)).toBe(200);
    await drain();
    await news();
    await ok(act(t, e1, target, 'unpublish'));
    await drain();
    const got = await news();
    expect(got).toEqual({ admin: ['teaser_alert'], e1: ['teaser_alert'], e2: ['teaser_alert'], e3: ['teaser_alert'], c: ['teaser_alert'] });
    const targetHeadline = (await t.http().get(`/v1/admin/articles/${target}`).set(e1.auth)).body.headline;
    const item = (await inbox(c)).items.find((i) => i.kind === 'teaser_alert')!;
    expect(item.articleId).toBe(page);
    expect(`${item.title} ${item.body}`).not.toContain(targetHeadline);
  });

  it('lapsing licences reach editors (for the digest), not contributors', async () => {
    const png = await readFile(join(import.meta.dirname, '../fixtures/images', 'sample.png'));
    const up = await t.http().post('/v1/admin/images').set(e1.auth).attach('file', png, { filename: 'lapsing.png', contentType: 'image/png' });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const expiresAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    expect((await t.http().put(`/v1/admin/images/${up.body.id}/license`).set(e1.auth).send({ licensor: 'Matrix Images', expiresAt })).status).toBe(200);
    await news();
    await t.app.get(LicenseSweep).run();
    await t.app.get(LicenseSweep).run(); // a second sweep the same day tells nobody again
    await drain();
    expect(await news()).toEqual({ admin: ['licence_lapsing'], e1: ['licence_lapsing'], e2: ['licence_lapsing'], e3: ['licence_lapsing'] });
    const item = (await inbox(e1)).items.find((i) => i.kind === 'licence_lapsing')!;
    expect(item).toMatchObject({ delivery: 'digest', link: `/desk/images/${up.body.id}` });
  });
});

describe('daily digests', () => {
  it('one per recipient and local day, in their time zone; exactly once however often asked', async () => {
    // e2 takes review requests in the digest (set above); their day is Tokyo's
    expect((await t.http().put('/v1/admin/notifications/preferences').set(e2.auth).send({ timeZone: 'Asia/Tokyo' })).body.effectiveTimeZone).toBe('Asia/Tokyo');
    const pending = (await inbox(e2)).items.filter((i) => i.delivery === 'digest');
    expect(pending.length).toBeGreaterThanOrEqual(2);
    const digests = t.app.get(NotificationDigests);
    const jobsFor = async (accountId: string) =>
      (await t.sql<{ key: string }>(`SELECT singleton_key AS key FROM "${t.schema}_jobs".job WHERE name = $1 AND data->>'accountId' = $2`, [DIGEST_QUEUE, accountId])).map(
        (j) => j.key,
      );

    // 06:30 in Tokyo: not yet
    await digests.enqueueDue(new Date('2026-12-01T21:30:00Z'));
    expect(await jobsFor(e2.accountId)).toEqual([]);
    // 07:30 in Tokyo on 2 December (still 1 December in UTC); asked twice (two workers)
    await digests.enqueueDue(new Date('2026-12-01T22:30:00Z'));
    await digests.enqueueDue(new Date('2026-12-01T22:31:00Z'));
    expect(await jobsFor(e2.accountId)).toEqual([`${e2.accountId}:2026-12-02`]);

    const m0 = mailCount();
    expect(await digests.send(e2.accountId, '2026-12-02')).toBe(pending.length);
    expect(await digests.send(e2.accountId, '2026-12-02')).toBe(0);
    await drain();
    const mails = smtp.received.slice(m0).filter((m) => m.envelopeTo.includes(e2.email));
    expect(mails).toHaveLength(1);
    const digest = mails[0]!.parsed;
    expect(digest.subject).toBe(`Your newsroom digest for 2026-12-02: ${pending.length} notifications`);
    for (const p of pending) expect(digest.text).toContain(p.title);
    expect(digest.html).toContain(`${BASE}/desk/notifications`);
    expect(headerOf(digest, 'List-Unsubscribe')).toMatch(/\.digest\./);
    // done for that day: asking again enqueues nothing
    await digests.enqueueDue(new Date('2026-12-01T23:00:00Z'));
    expect(await jobsFor(e2.accountId)).toEqual([`${e2.accountId}:2026-12-02`]);
  });

  it('a deactivated account gets nothing: mail queued before is cancelled, and no digest', async () => {
    const digests = t.app.get(NotificationDigests);
    const [row] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE account_id = $1 AND delivery = 'digest' AND digested_at IS NULL`, [e3.accountId]);
    expect(row!.n).toBeGreaterThan(0);
    // the SMTP server is down: e3's review-request mail is made and waits in the outbox
    await smtp.stop();
    const m0 = mailCount();
    const id = await piece(c);
    await ok(act(t, c, id, 'submit'));
    const relay = t.app.get(OutboxRelay);
    const queued = () =>
      t.sql<{ id: string; dead: boolean; error: string | null }>(
        `SELECT id, dead_at IS NOT NULL AS dead, last_error AS error FROM outbox_messages WHERE topic = 'mail.send' AND payload->>'to' = $1 AND delivered_at IS NULL`,
        [e3.email],
      );
    for (let i = 0; i < 100 && !(await queued()).length; i++) {
      await relay.tick();
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await queued()).toHaveLength(1);

    expect((await t.http().post(`/v1/admin/accounts/${e3.accountId}/deactivate`).set(admin.auth)).status).toBe(200);
    delete people.e3;
    await smtp.start(t.config.mail.smtp.port);
    await drain();
    expect(await queued()).toEqual([expect.objectContaining({ dead: true, error: 'cancelled: the account was deactivated' })]);
    expect(await digests.send(e3.accountId, '2026-12-01')).toBe(0);
    await drain();
    expect(subjectsTo(e3, m0)).toEqual([]);
  });

  it('a deactivated account gets nothing: mail a relay had already claimed is checked again right before sending', async () => {
    const e4 = await actingAs(t, 'editor');
    const e5 = await actingAs(t, 'editor');
    // the SMTP server is down: e4's review-request mail is made and waits in the outbox
    await smtp.stop();
    const m0 = mailCount();
    const id = await piece(c);
    await ok(act(t, c, id, 'submit'));
    const relay = t.app.get(OutboxRelay);
    const waiting = () =>
      t.sql<OutboxMessage<typeof MAIL_SEND_TOPIC>>(
        `SELECT id, topic, payload, attempts, created_at AS "createdAt" FROM outbox_messages WHERE topic = 'mail.send' AND payload->>'to' = $1 AND delivered_at IS NULL AND dead_at IS NULL`,
        [e4.email],
      );
    for (let i = 0; i < 100 && !(await waiting()).length; i++) {
      await relay.tick();
      await new Promise((r) => setTimeout(r, 100));
    }
    const [message] = await waiting();
    expect(message).toBeDefined();
    // a relay claims it (leased, as a relay's batch does) and holds its copy; the server is back
    await t.sql(`UPDATE outbox_messages SET leased_until = now() + interval '5 minutes', attempts = attempts + 1 WHERE id = $1`, [message!.id]);
    await smtp.start(t.config.mail.smtp.port);
    // the account is deactivated while that relay is on its way to send
    expect((await t.http().post(`/v1/admin/accounts/${e4.accountId}/deactivate`).set(admin.auth)).status).toBe(200);
    // the relay now hands its copy to the mail handler: it reads the message again and sends nothing
    await t.app.get(MailOutboxHandler).handle(message!);
    expect(subjectsTo(e4, m0)).toEqual([]);
    const [after] = await t.sql<{ dead: boolean; delivered: boolean; error: string | null }>(
      `SELECT dead_at IS NOT NULL AS dead, delivered_at IS NOT NULL AS delivered, last_error AS error FROM outbox_messages WHERE id = $1`,
      [message!.id],
    );
    expect(after).toEqual({ dead: true, delivered: false, error: 'cancelled: the account was deactivated' });
    // the others' mail about the same piece still goes
    await drain();
    expect(subjectsTo(e5, m0)).toEqual([expect.stringContaining('Review requested')]);
    expect(subjectsTo(e4, m0)).toEqual([]);
  });
});

describe('overdue pieces', () => {
  it('each editor is told once per piece and state, for the digest; contributors not', async () => {
    const id = await piece(c);
    await ok(act(t, c, id, 'submit'));
    await ok(act(t, e1, id, 'approve'));
    await drain();
    await news();
    await new Promise((r) => setTimeout(r, 1_100)); // past the 1 s budget of 'approved'
    const digests = t.app.get(NotificationDigests);
    await digests.tick();
    await digests.tick(); // a second worker's check tells nobody again
    await drain();
    const about = async (who: Credential) => (await inbox(who)).items.filter((i) => i.kind === 'piece_overdue' && i.articleId === id);
    for (const who of [admin, e1, e2]) {
      const items = await about(who);
      expect(items, who.email).toHaveLength(1);
      expect(items[0]).toMatchObject({ delivery: 'digest', link: `/desk/articles/${id}` });
      expect(items[0]!.title).toMatch(/^Overdue in approved: /);
    }
    expect(await about(c)).toEqual([]);
  });
});

describe('a scheduled publish that fails', () => {
  it('tells the editors, with the reason, once', async () => {
    // a second instance on the same data runs the jobs (and the relay)
    const worker = await createTestApp({
      worker: true,
      schema: t.schema,
      env: {
        ...(t.config.mail.smtp.port ? { MAIL_TRANSPORT: 'smtp', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(t.config.mail.smtp.port) } : {}),
        PUBLIC_BASE_URL: BASE,
        NOTIFY_CHECK_INTERVAL: '0',
      },
    });
    try {
      const id = await piece(c);
      await ok(act(t, c, id, 'submit'));
      await ok(act(t, e1, id, 'approve'));
      await ok(act(t, e1, id, 'schedule', { at: new Date(Date.now() + 2_000).toISOString() }));
      // an edit after scheduling removes what the publish gate needs
      const current = await t.http().get(`/v1/admin/articles/${id}`).set(e1.auth);
      const edit = await t.http().patch(`/v1/admin/articles/${id}`).set(e1.auth).set('If-Match', responseHeader(current, 'etag')).send({ sectionId: null });
      expect(edit.status, JSON.stringify(edit.body)).toBe(200);
      await drain();
      await news();
      const until = Date.now() + 45_000;
      let failed: Item | undefined;
      while (!failed && Date.now() < until) {
        await drain();
        failed = (await inbox(e1)).items.find((i) => i.kind === 'schedule_failed' && i.articleId === id);
        if (!failed) await new Promise((r) => setTimeout(r, 250));
      }
      expect(failed, 'no schedule_failed notification arrived').toBeDefined();
      expect(failed!.title).toMatch(/^Scheduled publish failed: /);
      expect(failed!.body).toMatch(/Reason: .*section/i);
      // editors only; the author is not told of this one
      expect(await news()).toEqual({ admin: ['schedule_failed'], e1: ['schedule_failed'], e2: ['schedule_failed'] });
      // e3 was deactivated (above): nothing
      expect(await t.sql(`SELECT id FROM notifications WHERE account_id = $1 AND kind = 'schedule_failed'`, [e3.accountId])).toEqual([]);
      const [events] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_messages WHERE topic = 'article.scheduled_job_failed' AND payload->>'articleId' = $1`, [
        id,
      ]);
      expect(events!.n).toBe(1);
    } finally {
      await worker.close();
    }
  }, 90_000);
});
