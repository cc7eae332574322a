import { simpleParser } from 'mailparser';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '#libs/outbox';
import { actingAs, contentKey, createTestApp, onlyRow, type Credential, type TestApp } from '../support/app-harness.js';

const BASE = 'https://mag.example';
const mailDir = mkdtempSync(path.join(tmpdir(), 'newsletter-mail-'));
let t: TestApp;
let admin: Credential;
let key: string;
let weekly: { id: string; name: string };
let africa: { id: string; name: string };
let consentTextId: string;
let ipCounter = 0;
let emailCounter = 0;

const nextIp = () => `198.51.100.${++ipCounter % 250}`;
const nextEmail = (prefix = 'reader') => `${prefix}-${++emailCounter}-${Date.now()}@example.org`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const signup = (body: Record<string, unknown>, ip = nextIp()) => t.http().post('/v1/content/newsletter/subscriptions').set('X-Api-Key', key).set('X-Forwarded-For', ip).send(body);
const validBody = (email: string, lists = [weekly.id]) => ({ email, lists, consentTextId, source: { page: '/europe/coalition', placement: 'after-body' } });

const counts = async () =>
  onlyRow(
    await t.sql<{ subscribers: number; subscriptions: number; consent: number; tokens: number; mails: number }>(
      `SELECT (SELECT count(*)::int FROM newsletter_subscribers) AS subscribers,
              (SELECT count(*)::int FROM newsletter_subscriptions) AS subscriptions,
              (SELECT count(*)::int FROM newsletter_consent_records) AS consent,
              (SELECT count(*)::int FROM newsletter_confirmation_tokens) AS tokens,
              (SELECT count(*)::int FROM outbox_messages WHERE topic = 'mail.send') AS mails`,
    ),
  );

const mailsTo = (email: string) =>
  t.sql<{ id: string; payload: { to: string; subject: string; text: string; headers: Record<string, string> } }>(
    `SELECT id, payload FROM outbox_messages WHERE topic = 'mail.send' AND payload->>'to' = $1 ORDER BY created_at`,
    [email],
  );
const tokenFrom = (text: string) => /\/newsletter\/confirm\?token=([A-Za-z0-9_-]+)/.exec(text)![1]!;
const subscriberOf = async (email: string) =>
  (await t.sql<{ id: string; unsubscribe_token: string }>(`SELECT id, unsubscribe_token FROM newsletter_subscribers WHERE email = $1`, [email]))[0]!;
const statuses = async (email: string) =>
  Object.fromEntries(
    (
      await t.sql<{ list_id: string; status: string }>(
        `SELECT s.list_id, s.status FROM newsletter_subscriptions s JOIN newsletter_subscribers sub ON sub.id = s.subscriber_id WHERE sub.email = $1`,
        [email],
      )
    ).map((r) => [r.list_id, r.status]),
  );
/** Signs up and confirms; an earlier confirmation mail is aged past the one-mail-per-interval rule. */
const confirmedSignup = async (email: string, lists = [weekly.id]) => {
  await t.sql(`UPDATE newsletter_subscribers SET last_confirmation_sent_at = now() - interval '1 hour' WHERE email = $1`, [email]);
  expect((await signup(validBody(email, lists))).status).toBe(202);
  const mail = (await mailsTo(email)).at(-1);
  expect(
    (
      await t
        .http()
        .post('/v1/content/newsletter/confirm')
        .send({ token: tokenFrom(mail!.payload.text) })
    ).status,
  ).toBe(200);
};

beforeAll(async () => {
  t = await createTestApp({
    env: {
      TRUSTED_PROXIES: '127.0.0.1',
      PUBLIC_BASE_URL: BASE,
      MAIL_DIR: mailDir,
      NEWSLETTER_SIGNUPS_PER_IP: '1000',
      NEWSLETTER_SIGNUPS_PER_ADDRESS: '1000',
    },
  });
  admin = await actingAs(t, 'admin');
  key = await contentKey(t, admin);
  const l1 = await t.http().post('/v1/admin/newsletter/lists').set(admin.auth).send({ name: 'Weekly round-up', description: 'Staff analysis, opinion, and news' });
  const l2 = await t.http().post('/v1/admin/newsletter/lists').set(admin.auth).send({ name: 'Africa briefing' });
  expect([l1.status, l2.status]).toEqual([201, 201]);
  weekly = l1.body;
  africa = l2.body;
  const ct = await t.http().post('/v1/admin/newsletter/consent-texts').set(admin.auth).send({ text: 'Yes, send me the newsletter. I can unsubscribe at any time.' });
  expect(ct.status).toBe(201);
  consentTextId = ct.body.id;
});
afterAll(async () => {
  await t?.close();
  rmSync(mailDir, { recursive: true, force: true });
});

describe('the signup box', () => {
  it('offers the open lists and the current consent text to a front-end key only', async () => {
    const r = await t.http().get('/v1/content/newsletter').set('X-Api-Key', key);
    expect(r.status).toBe(200);
    expect(r.body.lists.map((l: { slug: string }) => l.slug)).toEqual(expect.arrayContaining(['weekly-round-up', 'africa-briefing']));
    expect(r.body.consentText).toMatchObject({ id: consentTextId, version: 1 });
    expect((await t.http().get('/v1/content/newsletter')).status).toBe(401);
  });
});

describe('double opt-in', () => {
  it('writes a pending subscription, consent, a hashed token and the mail in one go; the relay writes an .eml; the link confirms once', async () => {
    const email = nextEmail();
    const articleId = '3f0c9a4e-1b2d-4c5e-8f70-112233445566';
    const before = await counts();
    const r = await signup(
      { email: `  ${email.toUpperCase()} `, lists: [weekly.id], consentTextId, source: { page: '/europe/coalition', articleId, placement: 'after-body' } },
      '203.0.113.9',
    );
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ status: 'accepted', message: expect.any(String) });
    expect(await counts()).toEqual({
      ...before,
      subscribers: before.subscribers + 1,
      subscriptions: before.subscriptions + 1,
      consent: before.consent + 1,
      tokens: before.tokens + 1,
      mails: before.mails + 1,
    });
    expect(await statuses(email)).toEqual({ [weekly.id]: 'pending' });

    const [mail] = await mailsTo(email);
    const token = tokenFrom(mail!.payload.text);
    expect(mail!.payload.text).toContain(`${BASE}/newsletter/confirm?token=${token}`);
    // stored hashed only
    const tokens = await t.sql<{ token_hash: string }>(
      `SELECT token_hash FROM newsletter_confirmation_tokens t JOIN newsletter_subscribers s ON s.id = t.subscriber_id WHERE s.email = $1`,
      [email],
    );
    expect(tokens).toEqual([{ token_hash: sha256(token) }]);
    const [signupRecord] = await t.sql<Record<string, unknown>>(
      `SELECT r.action, r.channel, r.source_page, r.source_article_id, r.source_placement, r.ip_hash, t.version
         FROM newsletter_consent_records r JOIN newsletter_consent_texts t ON t.id = r.consent_text_id JOIN newsletter_subscribers s ON s.id = r.subscriber_id
        WHERE s.email = $1`,
      [email],
    );
    expect(signupRecord).toMatchObject({
      action: 'signup',
      channel: 'form',
      source_page: '/europe/coalition',
      source_article_id: articleId,
      source_placement: 'after-body',
      version: 1,
    });
    expect(signupRecord!.ip_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(signupRecord!.ip_hash).not.toContain('203.0.113.9');

    // the dev transport: one .eml per message, readable, with the link
    expect(await t.app.get(OutboxRelay).tick()).toBeGreaterThanOrEqual(1);
    const file = readdirSync(mailDir).find((f) => f.endsWith(`${mail!.id}.eml`));
    expect(file).toBeDefined();
    const parsed = await simpleParser(readFileSync(path.join(mailDir, file!)));
    expect(parsed.text).toContain(`${BASE}/newsletter/confirm?token=${token}`);
    expect(parsed.messageId).toBe(`<${mail!.id}@localhost>`);

    const ok = await t.http().post('/v1/content/newsletter/confirm').set('X-Forwarded-For', '203.0.113.10').send({ token });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ confirmed: [{ id: weekly.id, name: weekly.name }] });
    expect(await statuses(email)).toEqual({ [weekly.id]: 'confirmed' });
    const again = await t.http().post('/v1/content/newsletter/confirm').send({ token });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('NEWSLETTER_TOKEN_USED');
    const trail = await t.sql<{ action: string; version: number; source_article_id: string }>(
      `SELECT r.action, t.version, r.source_article_id FROM newsletter_consent_records r JOIN newsletter_consent_texts t ON t.id = r.consent_text_id
         JOIN newsletter_subscribers s ON s.id = r.subscriber_id WHERE s.email = $1 ORDER BY r.at, r.action DESC`,
      [email],
    );
    expect(trail).toEqual([
      { action: 'signup', version: 1, source_article_id: articleId },
      { action: 'confirm', version: 1, source_article_id: articleId },
    ]);
  });

  it('refuses unknown and expired tokens', async () => {
    const unknown = await t
      .http()
      .post('/v1/content/newsletter/confirm')
      .send({ token: 'x'.repeat(43) });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NEWSLETTER_TOKEN_NOT_FOUND');
    const email = nextEmail();
    await signup(validBody(email));
    const [mail] = await mailsTo(email);
    await t.sql(`UPDATE newsletter_confirmation_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [sha256(tokenFrom(mail!.payload.text))]);
    const expired = await t
      .http()
      .post('/v1/content/newsletter/confirm')
      .send({ token: tokenFrom(mail!.payload.text) });
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('NEWSLETTER_TOKEN_EXPIRED');
    expect(await statuses(email)).toEqual({ [weekly.id]: 'pending' });
  });

  it('answers the same whether the address is new, pending, confirmed or unsubscribed', async () => {
    const confirmed = nextEmail();
    await confirmedSignup(confirmed);
    const left = nextEmail();
    await confirmedSignup(left);
    const sub = await subscriberOf(left);
    await t.http().post('/v1/content/newsletter/unsubscribe').send({ token: sub.unsubscribe_token });
    const pending = nextEmail();
    await signup(validBody(pending));
    const answers = await Promise.all([nextEmail(), pending, confirmed, left].map((e) => signup(validBody(e))));
    for (const a of answers) {
      expect(a.status).toBe(202);
      expect(a.body).toEqual(answers[0]!.body);
      expect(Object.keys(a.headers).sort()).toEqual(Object.keys(answers[0]!.headers).sort());
    }
    // the unsubscribed reader who signed up again is pending again (a new opt-in), the confirmed one unchanged
    expect(await statuses(left)).toEqual({ [weekly.id]: 'pending' });
    expect(await statuses(confirmed)).toEqual({ [weekly.id]: 'confirmed' });
  });

  it('sends at most one confirmation mail per address per interval; later lists join the pending confirmation', async () => {
    const email = nextEmail();
    await signup(validBody(email, [weekly.id]));
    await signup(validBody(email, [africa.id]));
    await signup(validBody(email, [weekly.id]));
    let mails = await mailsTo(email);
    expect(mails).toHaveLength(1);
    const ok = await t
      .http()
      .post('/v1/content/newsletter/confirm')
      .send({ token: tokenFrom(mails[0]!.payload.text) });
    expect(ok.body.confirmed.map((l: { id: string }) => l.id).sort()).toEqual([weekly.id, africa.id].sort());
    // issue 17 (also found): with the token used, a further list inside the interval is throttled,
    // never dropped: its mail is queued for the end of the interval, and a later signup joins it
    const extra = await t
      .http()
      .post('/v1/admin/newsletter/lists')
      .set(admin.auth)
      .send({ name: `Extra ${emailCounter}` });
    const extra2 = await t
      .http()
      .post('/v1/admin/newsletter/lists')
      .set(admin.auth)
      .send({ name: `Extra two ${emailCounter}` });
    expect((await signup(validBody(email, [extra.body.id]))).status).toBe(202);
    expect((await signup(validBody(email, [extra2.body.id]))).status).toBe(202);
    mails = await mailsTo(email);
    expect(mails).toHaveLength(2);
    const [queued] = await t.sql<{ due_in_s: number; delivered: boolean }>(
      `SELECT round(extract(epoch FROM m.available_at - first.created_at))::int AS due_in_s, m.delivered_at IS NOT NULL AS delivered
         FROM outbox_messages m, outbox_messages first WHERE m.id = $1 AND first.id = $2`,
      [mails[1]!.id, mails[0]!.id],
    );
    expect(queued).toEqual({ due_in_s: 15 * 60, delivered: false });
    await t.app.get(OutboxRelay).tick();
    expect((await t.sql<{ d: boolean }>(`SELECT delivered_at IS NOT NULL AS d FROM outbox_messages WHERE id = $1`, [mails[1]!.id]))[0]!.d).toBe(false);
    // the interval is over: the relay sends it, and its link confirms both lists
    await t.sql(`UPDATE outbox_messages SET available_at = now() WHERE id = $1`, [mails[1]!.id]);
    expect(await t.app.get(OutboxRelay).tick()).toBeGreaterThanOrEqual(1);
    expect((await t.sql<{ d: boolean }>(`SELECT delivered_at IS NOT NULL AS d FROM outbox_messages WHERE id = $1`, [mails[1]!.id]))[0]!.d).toBe(true);
    const later = await t
      .http()
      .post('/v1/content/newsletter/confirm')
      .send({ token: tokenFrom(mails[1]!.payload.text) });
    expect(later.status).toBe(200);
    expect(later.body.confirmed.map((l: { id: string }) => l.id).sort()).toEqual([extra.body.id, extra2.body.id].sort());
    expect((await statuses(email))[extra.body.id]).toBe('confirmed');

    // after the interval, a new signup gets a new mail
    const other = nextEmail();
    await signup(validBody(other));
    await t.sql(`UPDATE newsletter_subscribers SET last_confirmation_sent_at = now() - interval '16 minutes' WHERE email = $1`, [other]);
    await signup(validBody(other));
    mails = await mailsTo(other);
    expect(mails).toHaveLength(2);
  });

  it('makes one row and one mail out of 100 identical parallel requests', async () => {
    const email = nextEmail('double');
    const before = await counts();
    const body = validBody(email, [weekly.id, africa.id]);
    const answers = await Promise.all(Array.from({ length: 100 }, () => signup(body, '192.0.2.77')));
    expect(answers.map((a) => a.status)).toEqual(Array(100).fill(202));
    expect(await counts()).toEqual({
      subscribers: before.subscribers + 1,
      subscriptions: before.subscriptions + 2,
      consent: before.consent + 2,
      tokens: before.tokens + 1,
      mails: before.mails + 1,
    });
    expect(await mailsTo(email)).toHaveLength(1);
  });
});

describe('abuse defense', () => {
  it('drops a filled honeypot silently: the same 202, nothing written', async () => {
    const before = await counts();
    const ok = await signup(validBody(nextEmail()));
    const bot = await signup({ ...validBody(nextEmail()), website: 'http://spam.example' });
    expect(bot.status).toBe(202);
    expect(bot.body).toEqual(ok.body);
    expect(await counts()).toEqual({
      ...before,
      subscribers: before.subscribers + 1,
      subscriptions: before.subscriptions + 1,
      consent: before.consent + 1,
      tokens: before.tokens + 1,
      mails: before.mails + 1,
    });
  });

  it('throttles per client address and per e-mail address across api instances, with 429 and Retry-After', async () => {
    const env = { TRUSTED_PROXIES: '127.0.0.1', MAIL_DIR: mailDir, NEWSLETTER_SIGNUPS_PER_IP: '5', NEWSLETTER_SIGNUPS_PER_ADDRESS: '3' };
    const [b, c] = await Promise.all([createTestApp({ schema: t.schema, env }), createTestApp({ schema: t.schema, env })]);
    try {
      const via = (app: TestApp, body: Record<string, unknown>, ip: string) =>
        app.http().post('/v1/content/newsletter/subscriptions').set('X-Api-Key', key).set('X-Forwarded-For', ip).send(body);
      // one client address, alternating between two instances
      const statusesSeen: number[] = [];
      for (let i = 0; i < 5; i++) statusesSeen.push((await via(i % 2 ? b : c, validBody(nextEmail('flood')), '192.0.2.200')).status);
      expect(statusesSeen).toEqual([202, 202, 202, 202, 202]);
      const before = await counts();
      const blocked = await via(b, validBody(nextEmail('flood')), '192.0.2.200');
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.code).toBe('NEWSLETTER_RATE_LIMITED');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(3600);
      expect(await counts()).toEqual(before);
      // another client address is unaffected
      expect((await via(c, validBody(nextEmail('flood')), '192.0.2.201')).status).toBe(202);

      // one e-mail address from many client addresses
      const target = nextEmail('target');
      const seen: number[] = [];
      for (let i = 0; i < 4; i++) seen.push((await via(i % 2 ? b : c, validBody(target), `192.0.2.${10 + i}`)).status);
      expect(seen).toEqual([202, 202, 202, 429]);
    } finally {
      await Promise.all([b.close(), c.close()]);
    }
  });
});

describe('bad input gets a 4xx with a stable code and writes nothing', () => {
  const cases: [string, () => Promise<{ status: number; body: { error: { code: string } } }>, number, string][] = [
    ['not an address', () => signup(validBody('not-an-address')), 400, 'NEWSLETTER_EMAIL_INVALID'],
    ['no domain dot', () => signup(validBody('reader@localhost')), 400, 'NEWSLETTER_EMAIL_INVALID'],
    ['header injection', () => signup(validBody('reader@example.org\r\nBcc: x@example.org')), 400, 'NEWSLETTER_EMAIL_INVALID'],
    ['an over-long address', () => signup(validBody(`${'a'.repeat(300)}@example.org`)), 400, 'VALIDATION_FAILED'],
    ['email not a string', () => signup({ ...validBody('x@example.org'), email: ['x@example.org'] }), 400, 'VALIDATION_FAILED'],
    ['unknown list', () => signup(validBody(nextEmail(), ['7d1f5f8e-8d53-4a53-9df1-8ab0d5d4a0aa'])), 400, 'NEWSLETTER_LIST_UNKNOWN'],
    ['one known, one unknown list', () => signup(validBody(nextEmail(), [weekly.id, '7d1f5f8e-8d53-4a53-9df1-8ab0d5d4a0aa'])), 400, 'NEWSLETTER_LIST_UNKNOWN'],
    ['no lists', () => signup(validBody(nextEmail(), [])), 400, 'VALIDATION_FAILED'],
    ['a list that is not a uuid', () => signup(validBody(nextEmail(), ['weekly'])), 400, 'VALIDATION_FAILED'],
    ['unknown consent text', () => signup({ ...validBody(nextEmail()), consentTextId: '7d1f5f8e-8d53-4a53-9df1-8ab0d5d4a0aa' }), 400, 'NEWSLETTER_CONSENT_TEXT_UNKNOWN'],
    ['unknown field', () => signup({ ...validBody(nextEmail()), admin: true }), 400, 'VALIDATION_FAILED'],
    ['bad placement', () => signup({ ...validBody(nextEmail()), source: { placement: 'Top Bar!' } }), 400, 'VALIDATION_FAILED'],
    ['an over-long page', () => signup({ ...validBody(nextEmail()), source: { page: 'p'.repeat(100_000) } }), 400, 'VALIDATION_FAILED'],
    ['an oversized body', () => signup({ ...validBody(nextEmail()), source: { page: 'p'.repeat(2_000_000) } }), 413, 'PAYLOAD_TOO_LARGE'],
    ['no API key', () => t.http().post('/v1/content/newsletter/subscriptions').send(validBody(nextEmail())), 401, 'API_KEY_MISSING'],
    ['a form body', () => t.http().post('/v1/content/newsletter/subscriptions').set('X-Api-Key', key).type('form').send(`email=${nextEmail()}`), 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ];
  for (const [name, send, status, code] of cases) {
    it(name, async () => {
      const before = await counts();
      const r = await send();
      expect(r.status).toBe(status);
      expect(r.body.error.code).toBe(code);
      expect(await counts()).toEqual(before);
    });
  }

  it('an archived list takes no signups', async () => {
    const l = await t.http().post('/v1/admin/newsletter/lists').set(admin.auth).send({ name: 'Closed list' });
    expect((await t.http().delete(`/v1/admin/newsletter/lists/${l.body.id}`).set(admin.auth)).status).toBe(200);
    const before = await counts();
    const r = await signup(validBody(nextEmail(), [l.body.id]));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('NEWSLETTER_LIST_UNKNOWN');
    expect(await counts()).toEqual(before);
  });
});

describe('unsubscribe', () => {
  it('leaves one list or all with the per-subscriber token, idempotently, even after the lists change', async () => {
    const email = nextEmail();
    await confirmedSignup(email, [weekly.id, africa.id]);
    const sub = await subscriberOf(email);
    const one = await t.http().post('/v1/content/newsletter/unsubscribe').send({ token: sub.unsubscribe_token, list: africa.id });
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ unsubscribed: [{ id: africa.id, name: africa.name }] });
    expect(await statuses(email)).toEqual({ [weekly.id]: 'confirmed', [africa.id]: 'unsubscribed' });

    // the list is renamed and archived: the token still works
    const temp = await t.http().post('/v1/admin/newsletter/lists').set(admin.auth).send({ name: 'Temporary' });
    await confirmedSignup(email, [temp.body.id]);
    expect((await t.http().patch(`/v1/admin/newsletter/lists/${temp.body.id}`).set(admin.auth).send({ name: 'Renamed' })).status).toBe(200);
    expect((await t.http().delete(`/v1/admin/newsletter/lists/${temp.body.id}`).set(admin.auth)).status).toBe(200);
    const all = await t.http().post('/v1/content/newsletter/unsubscribe').send({ token: sub.unsubscribe_token });
    expect(all.status).toBe(200);
    expect(all.body.unsubscribed.map((l: { name: string }) => l.name).sort()).toEqual(['Renamed', weekly.name].sort());
    expect(Object.values(await statuses(email))).toEqual(['unsubscribed', 'unsubscribed', 'unsubscribed']);
    const again = await t.http().post('/v1/content/newsletter/unsubscribe').send({ token: sub.unsubscribe_token });
    expect(again.body).toEqual({ unsubscribed: [] });
    const records = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM newsletter_consent_records WHERE subscriber_id = $1 AND action = 'unsubscribe' AND channel = 'mail_link'`,
      [sub.id],
    );
    expect(records[0]!.n).toBe(3);

    const bad = await t
      .http()
      .post('/v1/content/newsletter/unsubscribe')
      .send({ token: 'y'.repeat(32) });
    expect(bad.status).toBe(404);
    expect(bad.body.error.code).toBe('NEWSLETTER_TOKEN_NOT_FOUND');
  });

  it('one-click (RFC 8058): a form POST to the List-Unsubscribe URL, without an API key', async () => {
    const email = nextEmail();
    await confirmedSignup(email, [weekly.id, africa.id]);
    const [mail] = await mailsTo(email);
    const url = new URL(mail!.payload.headers['List-Unsubscribe']!.slice(1, -1));
    expect(url.origin).toBe(BASE);
    expect(mail!.payload.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');

    const wrongBody = await t.http().post(`${url.pathname}${url.search}`).type('form').send('List-Unsubscribe=Yes');
    expect(wrongBody.status).toBe(400);
    expect(await statuses(email)).toEqual({ [weekly.id]: 'confirmed', [africa.id]: 'confirmed' });

    const r = await t.http().post(`${url.pathname}${url.search}`).type('form').send('List-Unsubscribe=One-Click');
    expect(r.status).toBe(200);
    expect(await statuses(email)).toEqual({ [weekly.id]: 'unsubscribed', [africa.id]: 'unsubscribed' });
    const channels = await t.sql<{ channel: string }>(
      `SELECT DISTINCT channel FROM newsletter_consent_records r JOIN newsletter_subscribers s ON s.id = r.subscriber_id WHERE s.email = $1 AND action = 'unsubscribe'`,
      [email],
    );
    expect(channels).toEqual([{ channel: 'one_click' }]);
  });

  it('forms are accepted on the one-click route only', async () => {
    const before = await counts();
    const r = await t.http().post('/v1/admin/newsletter/lists').set(admin.auth).type('form').send('name=Form list');
    expect(r.status).toBe(415);
    expect(r.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const confirm = await t
      .http()
      .post('/v1/content/newsletter/confirm')
      .type('form')
      .send(`token=${'z'.repeat(40)}`);
    expect(confirm.status).toBe(415);
    expect(await counts()).toEqual(before);
  });
});

describe('admin', () => {
  it('requires newsletter.manage: contributors and front-end keys are refused, editors allowed', async () => {
    const contributor = await actingAs(t, 'contributor');
    const editor = await actingAs(t, 'editor');
    expect((await t.http().get('/v1/admin/newsletter/lists').set(contributor.auth)).status).toBe(403);
    expect((await t.http().get('/v1/admin/newsletter/subscribers').set('X-Api-Key', key)).status).toBe(401);
    expect((await t.http().get('/v1/admin/newsletter/subscribers/export')).status).toBe(401);
    expect((await t.http().get('/v1/admin/newsletter/lists').set(editor.auth)).status).toBe(200);
    const refused = await t.http().post('/v1/admin/newsletter/lists').set(contributor.auth).send({ name: 'Sneaky' });
    expect(refused.status).toBe(403);
    expect((await t.sql(`SELECT 1 FROM newsletter_lists WHERE name = 'Sneaky'`)).length).toBe(0);
  });

  it('manages lists and consent text versions, with audit entries', async () => {
    const created = await t.http().post('/v1/admin/newsletter/lists').set(admin.auth).send({ name: 'Middle East weekly', slug: 'mideast' });
    expect(created.status).toBe(201);
    const dup = await t.http().post('/v1/admin/newsletter/lists').set(admin.auth).send({ name: 'Other', slug: 'mideast' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('NEWSLETTER_LIST_SLUG_TAKEN');
    const badSlug = await t.http().post('/v1/admin/newsletter/lists').set(admin.auth).send({ name: 'Other', slug: 'Not A Slug' });
    expect(badSlug.body.error.code).toBe('NEWSLETTER_LIST_SLUG_INVALID');
    const missing = await t.http().patch('/v1/admin/newsletter/lists/7d1f5f8e-8d53-4a53-9df1-8ab0d5d4a0aa').set(admin.auth).send({ name: 'x' });
    expect(missing.status).toBe(404);
    const v2 = await t.http().post('/v1/admin/newsletter/consent-texts').set(admin.auth).send({ text: 'Version two of the consent wording.' });
    expect(v2.body.version).toBe(2);
    const texts = await t.http().get('/v1/admin/newsletter/consent-texts').set(admin.auth);
    expect(texts.body.map((x: { version: number }) => x.version)).toEqual([2, 1]);
    const offer = await t.http().get('/v1/content/newsletter').set('X-Api-Key', key);
    expect(offer.body.consentText.version).toBe(2);
    const audit = await t.sql<{ action: string }>(`SELECT action FROM audit_log WHERE target_id = ANY($1) ORDER BY at`, [[created.body.id, v2.body.id]]);
    expect(audit.map((a) => a.action)).toEqual(['newsletter_list.create', 'newsletter_consent_text.create']);
  });

  it('searches subscribers, shows the consent trail, unsubscribes by hand', async () => {
    const email = nextEmail('searchable');
    await confirmedSignup(email, [weekly.id]);
    const found = await t.http().get('/v1/admin/newsletter/subscribers').query({ q: 'SEARCHABLE', list: weekly.id, status: 'confirmed' }).set(admin.auth);
    expect(found.status).toBe(200);
    expect(found.body.items.map((s: { email: string }) => s.email)).toContain(email);
    const id = found.body.items.find((s: { email: string }) => s.email === email).id;
    const page1 = await t.http().get('/v1/admin/newsletter/subscribers').query({ limit: 1 }).set(admin.auth);
    const page2 = await t.http().get('/v1/admin/newsletter/subscribers').query({ limit: 1, cursor: page1.body.nextCursor }).set(admin.auth);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
    const detail = await t.http().get(`/v1/admin/newsletter/subscribers/${id}`).set(admin.auth);
    expect(detail.body.consent.map((c: { action: string }) => c.action)).toEqual(['signup', 'confirm']);
    expect(detail.body.consent[0]).toMatchObject({ consentTextVersion: expect.any(Number), sourcePage: '/europe/coalition', sourcePlacement: 'after-body' });
    const un = await t.http().post(`/v1/admin/newsletter/subscribers/${id}/unsubscribe`).set(admin.auth).send({});
    expect(un.status).toBe(200);
    expect(un.body.unsubscribed).toEqual([weekly.id]);
    expect(await statuses(email)).toEqual({ [weekly.id]: 'unsubscribed' });
    const audit = await t.sql<{ action: string; summary: unknown }>(`SELECT action, summary FROM audit_log WHERE target_id = $1`, [id]);
    expect(audit.map((a) => a.action)).toEqual(['newsletter_subscriber.unsubscribe']);
    expect(JSON.stringify(audit)).not.toContain(email);
  });

  it('erases a subscriber: the address goes, an anonymous consent trail stays', async () => {
    const email = nextEmail('erase-me');
    await confirmedSignup(email, [weekly.id, africa.id]);
    const sub = await subscriberOf(email);
    const r = await t.http().delete(`/v1/admin/newsletter/subscribers/${sub.id}`).set(admin.auth);
    expect(r.status).toBe(204);
    const [row] = await t.sql<{ email: string | null; unsubscribe_token: string | null; erased_at: Date | null }>(
      `SELECT email, unsubscribe_token, erased_at FROM newsletter_subscribers WHERE id = $1`,
      [sub.id],
    );
    expect(row).toMatchObject({ email: null, unsubscribe_token: null });
    expect(row!.erased_at).not.toBeNull();
    const trail = await t.sql<{ action: string; ip_hash: string | null }>(`SELECT action, ip_hash FROM newsletter_consent_records WHERE subscriber_id = $1 ORDER BY at, action`, [
      sub.id,
    ]);
    expect(trail.map((x) => x.action).sort()).toEqual(['confirm', 'confirm', 'erase', 'signup', 'signup', 'unsubscribe', 'unsubscribe'].sort());
    expect(trail.every((x) => x.ip_hash === null)).toBe(true);
    expect((await t.sql(`SELECT 1 FROM newsletter_confirmation_tokens WHERE subscriber_id = $1`, [sub.id])).length).toBe(0);
    const audit = await t.sql(`SELECT summary FROM audit_log WHERE target_id = $1 AND action = 'newsletter_subscriber.erase'`, [sub.id]);
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(email);
    // the address is gone from queued and sent mail too
    const mails = await t.sql(`SELECT id FROM outbox_messages WHERE payload::text ILIKE $1`, [`%${email}%`]);
    expect(mails).toHaveLength(0);
    expect((await t.http().get(`/v1/admin/newsletter/subscribers/${sub.id}`).set(admin.auth)).status).toBe(404);
    expect((await t.http().delete(`/v1/admin/newsletter/subscribers/${sub.id}`).set(admin.auth)).status).toBe(404);
    // the old unsubscribe token is gone; the address can sign up afresh
    expect((await t.http().post('/v1/content/newsletter/unsubscribe').send({ token: sub.unsubscribe_token })).status).toBe(404);
    expect((await signup(validBody(email))).status).toBe(202);
    expect((await subscriberOf(email)).id).not.toBe(sub.id);
  });

  it('exports CSV, streamed, escaped and safe against formulas', async () => {
    const tricky = `=cmd+${++emailCounter}@example.org`;
    expect((await signup({ email: tricky, lists: [africa.id], consentTextId, source: { page: '/a,"quoted"\npage', placement: 'inline' } })).status).toBe(202);
    const r = await t
      .http()
      .get('/v1/admin/newsletter/subscribers/export')
      .query({ list: africa.id })
      .set(admin.auth)
      .buffer(true)
      .parse((res, cb) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () => cb(null, data));
      });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    expect(r.headers['content-disposition']).toContain('attachment');
    const csv = r.body as string;
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('subscriber_id,email,list_slug,list_name,status,subscribed_at,confirmed_at,unsubscribed_at,source_page,source_article_id,source_placement');
    expect(csv).toContain(`,"'${tricky}",africa-briefing,Africa briefing,pending,`);
    expect(csv).toContain(`,"/a,""quoted""\npage",,inline\r\n`);
    expect(csv).not.toMatch(/(^|,)=cmd/m);
    const n = (
      await t.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM newsletter_subscriptions s JOIN newsletter_subscribers sub ON sub.id = s.subscriber_id WHERE s.list_id = $1 AND sub.email IS NOT NULL`,
        [africa.id],
      )
    )[0]!.n;
    expect(lines.length - 2).toBe(n); // header + rows + trailing empty
    const audit = await t.sql(`SELECT 1 FROM audit_log WHERE action = 'newsletter_subscribers.export'`);
    expect(audit.length).toBeGreaterThan(0);
  });

  it('issue 17 item 21: the formula guard works after trimming and NFKC, on every cell', async () => {
    const payloads = [' =1+1', '＝1+1', 'x;=1+1', '\t@SUM(A1)', 'page; +2'];
    for (const page of payloads) expect((await signup({ email: nextEmail('csv'), lists: [africa.id], consentTextId, source: { page, placement: 'inline' } })).status).toBe(202);
    const r = await t
      .http()
      .get('/v1/admin/newsletter/subscribers/export')
      .query({ list: africa.id })
      .set(admin.auth)
      .buffer(true)
      .parse((res, cb) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () => cb(null, data));
      });
    expect(r.status).toBe(200);
    const csv = r.body as string;
    for (const page of payloads) expect(csv, JSON.stringify(page)).toContain(`,"'${page}",,inline\r\n`);
  });

  it('reports counts and growth per list per day, and signups per article and placement', async () => {
    const articleId = '0a0b0c0d-1111-4222-8333-444455556666';
    const emails = [nextEmail('attr'), nextEmail('attr')];
    for (const email of emails) expect((await signup({ email, lists: [africa.id], consentTextId, source: { articleId, placement: 'top-bar' } })).status).toBe(202);
    const [mail] = await mailsTo(emails[0]!);
    await t
      .http()
      .post('/v1/content/newsletter/confirm')
      .send({ token: tokenFrom(mail!.payload.text) });

    const growth = await t.http().get('/v1/admin/newsletter/reports/growth').query({ list: africa.id }).set(admin.auth);
    expect(growth.status).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    const day = growth.body.days.find((d: { day: string }) => d.day === today);
    expect(day).toMatchObject({ listId: africa.id });
    expect(day.signups).toBeGreaterThanOrEqual(2);
    expect(day.net).toBe(
      day.confirmations -
        (
          await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM newsletter_consent_records WHERE list_id = $1 AND action = 'unsubscribe' AND previous_status = 'confirmed'`, [
            africa.id,
          ])
        )[0]!.n,
    );
    const counts = growth.body.lists.find((l: { id: string }) => l.id === africa.id);
    const actual = (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM newsletter_subscriptions WHERE list_id = $1 AND status = 'pending'`, [africa.id]))[0]!.n;
    expect(counts.pending).toBe(actual);

    const attribution = await t.http().get('/v1/admin/newsletter/reports/attribution').set(admin.auth);
    expect(attribution.body.byArticle.find((a: { articleId: string }) => a.articleId === articleId)).toEqual({ articleId, signups: 2, confirmations: 1 });
    expect(attribution.body.byPlacement.find((a: { placement: string }) => a.placement === 'top-bar')).toEqual({ placement: 'top-bar', signups: 2, confirmations: 1 });

    const bad = await t.http().get('/v1/admin/newsletter/reports/attribution').query({ from: '2026-02-01', to: '2026-01-01' }).set(admin.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('NEWSLETTER_RANGE_INVALID');
  });
});
