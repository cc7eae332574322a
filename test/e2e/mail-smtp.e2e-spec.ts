import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '#libs/outbox';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { SmtpInbox, headerOf } from '../support/smtp-inbox.js';

const BASE = 'https://mag.example';

let t: TestApp;
let admin: Credential;
let key: string;
let listId: string;
let consentTextId: string;
let port: number;
const inbox = new SmtpInbox();

const signup = (email: string) =>
  t
    .http()
    .post('/v1/content/newsletter/subscriptions')
    .set('X-Api-Key', key)
    .send({ email, lists: [listId], consentTextId, source: { placement: 'footer' } });

/** Runs the relay until `done()` holds (a backoff may have to pass first). */
async function relayUntil(done: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const relay = t.app.get(OutboxRelay);
  const until = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > until) throw new Error('relay did not get there in time');
    await relay.tick();
    if (!(await done())) await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  port = await inbox.start();
  t = await createTestApp({
    env: { MAIL_TRANSPORT: 'smtp', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), MAIL_FROM: 'The Magazine <newsletter@mag.example>', PUBLIC_BASE_URL: BASE },
  });
  admin = await actingAs(t, 'admin');
  key = await contentKey(t, admin);
  listId = (await t.http().post('/v1/admin/newsletter/lists').set(admin.auth).send({ name: 'Weekly round-up' })).body.id;
  consentTextId = (await t.http().post('/v1/admin/newsletter/consent-texts').set(admin.auth).send({ text: 'Send me the weekly round-up.' })).body.id;
});
afterAll(async () => {
  await t?.close();
  await inbox.stop();
});

describe('confirmation mail over real SMTP', () => {
  it('arrives with the confirm link and one-click unsubscribe headers; both links work', async () => {
    const email = 'smtp-reader@example.org';
    expect((await signup(email)).status).toBe(202);
    const [outbox] = await t.sql<{ id: string }>(`SELECT id FROM outbox_messages WHERE topic = 'mail.send' AND payload->>'to' = $1`, [email]);
    await relayUntil(() => inbox.received.length === 1);

    const { parsed, envelopeTo } = inbox.received[0]!;
    expect(envelopeTo).toEqual([email]);
    expect(parsed.from?.value).toEqual([{ name: 'The Magazine', address: 'newsletter@mag.example' }]);
    expect(parsed.subject).toBe('Confirm your subscription: Weekly round-up');
    expect(parsed.messageId).toBe(`<${outbox!.id}@mag.example>`);
    const link = /https:\/\/mag\.example\/newsletter\/confirm\?token=([A-Za-z0-9_-]+)/.exec(parsed.text ?? '');
    expect(link).not.toBeNull();
    expect(parsed.html).toContain(link![0]);
    const listUnsubscribe = headerOf(parsed, 'List-Unsubscribe')!;
    expect(listUnsubscribe).toMatch(/^<https:\/\/mag\.example\/v1\/content\/newsletter\/unsubscribe\/one-click\?token=[A-Za-z0-9_-]+>$/);
    expect(headerOf(parsed, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const [row] = await t.sql<{ delivered_at: Date | null; attempts: number }>(`SELECT delivered_at, attempts FROM outbox_messages WHERE id = $1`, [outbox!.id]);
    expect(row!.delivered_at).not.toBeNull();
    expect(row!.attempts).toBe(1);

    // the reader clicks the link (the front-end page posts the token)
    const confirmed = await t.http().post('/v1/content/newsletter/confirm').send({ token: link![1] });
    expect(confirmed.status).toBe(200);
    const status = async () =>
      (
        await t.sql<{ status: string }>(`SELECT s.status FROM newsletter_subscriptions s JOIN newsletter_subscribers sub ON sub.id = s.subscriber_id WHERE sub.email = $1`, [email])
      )[0]!.status;
    expect(await status()).toBe('confirmed');

    // the mail client does an RFC 8058 one-click POST to the List-Unsubscribe URL
    const url = new URL(listUnsubscribe.slice(1, -1));
    const oneClick = await t.http().post(`${url.pathname}${url.search}`).set('content-type', 'application/x-www-form-urlencoded').send('List-Unsubscribe=One-Click');
    expect(oneClick.status).toBe(200);
    expect(await status()).toBe('unsubscribed');
  });

  it('a crash between send and mark sends the same message again, with the same Message-ID', async () => {
    const email = 'redelivered@example.org';
    const before = inbox.received.length;
    expect((await signup(email)).status).toBe(202);
    const [outbox] = await t.sql<{ id: string }>(`SELECT id FROM outbox_messages WHERE topic = 'mail.send' AND payload->>'to' = $1`, [email]);
    await relayUntil(() => inbox.received.length === before + 1);
    // as if the relay had died after the SMTP transaction, before recording it
    await t.sql(`UPDATE outbox_messages SET delivered_at = NULL, done_handlers = '{}' WHERE id = $1`, [outbox!.id]);
    await relayUntil(() => inbox.received.length === before + 2);
    const [first, second] = inbox.received.slice(before).map((r) => r.parsed);
    expect(second!.messageId).toBe(first!.messageId);
    expect(second!.messageId).toBe(`<${outbox!.id}@mag.example>`);
  });
});

describe('mail server down', () => {
  it('accepts the signup, keeps the mail, and delivers it with backoff once the server is back', async () => {
    await inbox.stop();
    const before = inbox.received.length;
    const email = 'patient-reader@example.org';
    const r = await signup(email);
    expect(r.status).toBe(202);
    const rows = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM newsletter_subscriptions s JOIN newsletter_subscribers sub ON sub.id = s.subscriber_id WHERE sub.email = $1 AND s.status = 'pending'`,
      [email],
    );
    expect(rows[0]!.n).toBe(1);
    const [outbox] = await t.sql<{ id: string }>(`SELECT id FROM outbox_messages WHERE topic = 'mail.send' AND payload->>'to' = $1`, [email]);

    // the relay tries, fails, and schedules a retry
    expect(await t.app.get(OutboxRelay).tick()).toBe(1);
    const [failed] = await t.sql<{ attempts: number; last_error: string; delivered_at: Date | null; dead_at: Date | null; retry_in: number }>(
      `SELECT attempts, last_error, delivered_at, dead_at, extract(epoch FROM available_at - now())::float AS retry_in FROM outbox_messages WHERE id = $1`,
      [outbox!.id],
    );
    expect(failed).toMatchObject({ attempts: 1, delivered_at: null, dead_at: null });
    expect(failed!.last_error).toMatch(/mail\.send:mailer/);
    expect(failed!.retry_in).toBeGreaterThan(0);
    expect(await t.app.get(OutboxRelay).tick()).toBe(0); // not due yet

    // a second failure doubles the wait
    await t.sql(`UPDATE outbox_messages SET available_at = now() WHERE id = $1`, [outbox!.id]);
    expect(await t.app.get(OutboxRelay).tick()).toBe(1);
    const [again] = await t.sql<{ attempts: number; retry_in: number }>(
      `SELECT attempts, extract(epoch FROM available_at - now())::float AS retry_in FROM outbox_messages WHERE id = $1`,
      [outbox!.id],
    );
    expect(again!.attempts).toBe(2);
    expect(again!.retry_in).toBeGreaterThan(1);
    expect(inbox.received.length).toBe(before);

    // the server comes back on the same port; the waiting mail goes out
    await inbox.start(port);
    await relayUntil(() => inbox.received.length === before + 1);
    const delivered = inbox.received.at(-1)!.parsed;
    expect(delivered.to && 'text' in delivered.to ? delivered.to.text : '').toBe(email);
    expect(delivered.messageId).toBe(`<${outbox!.id}@mag.example>`);
    const [done] = await t.sql<{ attempts: number; delivered_at: Date | null; last_error: string | null }>(
      `SELECT attempts, delivered_at, last_error FROM outbox_messages WHERE id = $1`,
      [outbox!.id],
    );
    expect(done).toMatchObject({ attempts: 3, last_error: null });
    expect(done!.delivered_at).not.toBeNull();
  });
});
