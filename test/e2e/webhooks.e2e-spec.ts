import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Transactions } from '#libs/database';
import type { ArticleCorrectedPayload, CorrectionKind } from '#libs/articles';
import type { ArticleLivePayload } from '#libs/editorial-workflow';
import { Outbox, OutboxRelay, type OutboxEvents } from '#libs/outbox';
import { NO_ANSWER_MESSAGE as NO_ANSWER, verifyWebhookSignature } from '#libs/webhooks';
import type { ArticleWebhook, ArticleWebhookData, CorrectionWebhookData } from '../../packages/sdk/src/index.js';
import { actingAs, contentKey, createTestApp, responseHeader, type Credential, type TestApp } from '../support/app-harness.js';
import { act, completeArticle, makeWorld } from '../support/world.js';

// The SDK's hand-written delivery types stay equal to the catalogue: same members, and what the
// api emits fits what the SDK promises (the typecheck fails otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type SdkWebhookTypesMatch = [
  Assert<Same<keyof ArticleWebhookData, keyof ArticleLivePayload>>,
  Assert<ArticleLivePayload extends ArticleWebhookData ? true : false>,
  Assert<Same<keyof CorrectionWebhookData, keyof ArticleCorrectedPayload>>,
  Assert<ArticleCorrectedPayload extends CorrectionWebhookData ? true : false>,
  Assert<Same<ArticleWebhook['event'], `article.${'published' | 'updated' | 'unpublished' | 'slug_changed' | 'corrected'}`>>,
];

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, byte for byte (what a consumer verifies). */
  raw: string;
  body: Record<string, unknown>;
}

/** A consumer on 127.0.0.1 that records every request; answers per path can be queued (default 200). */
class Consumer {
  readonly received: Received[] = [];
  private readonly answers = new Map<string, number[]>();
  private server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '/';
        this.received.push({ path, headers: req.headers, raw, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} });
        const status = this.answers.get(path)?.shift() ?? 200;
        if (status === 0) return; // never answers
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'consumer is down');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Answers for the next requests to `path`, in order (0: never answer); then 200. */
  answer(path: string, ...statuses: number[]): void {
    this.answers.set(path, statuses);
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

const consumer = new Consumer();
const CDN_TOKEN = 'cdn-purge-token-for-tests';
let t: TestApp;
let admin: Credential;
let editor: Credential;

beforeAll(async () => {
  await consumer.start();
  t = await createTestApp({ env: { CDN_PURGE_URL: consumer.url('/purge'), CDN_PURGE_TOKEN: CDN_TOKEN } });
  [admin, editor] = await Promise.all([actingAs(t, 'admin'), actingAs(t, 'editor')]);
});
afterAll(async () => {
  await t?.close();
  await consumer.stop();
});

const uniquePath = (name: string) => `/hooks/${name}-${randomUUID().slice(0, 8)}`;

/** Writes an outbox event the way a producer does: inside a transaction. */
async function emit<T extends keyof OutboxEvents>(topic: T, payload: OutboxEvents[T]): Promise<string> {
  return t.app.get(Transactions).run((tx) => t.app.get(Outbox).emit(tx, topic, payload));
}

const publishedEvent = (articleId = randomUUID()): ArticleLivePayload => ({
  articleId,
  action: 'publish',
  from: 'approved',
  to: 'published',
  at: new Date().toISOString(),
  revisionId: randomUUID(),
  revisionNumber: 1,
  slug: 'a-piece',
  url: 'https://news.example.org/a-piece',
  canonicalUrl: 'https://news.example.org/a-piece',
  previousSlug: null,
  previousUrl: null,
});

const correctedEvent = (kind: CorrectionKind): ArticleCorrectedPayload => ({
  articleId: randomUUID(),
  correctionId: randomUUID(),
  kind,
  slug: 'a-piece',
  url: 'https://news.example.org/a-piece',
  canonicalUrl: 'https://news.example.org/a-piece',
  revisionId: randomUUID(),
  revisionNumber: 1,
  live: true,
});

/** Runs the relay until `done()` holds. */
async function relayUntil(done: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const relay = t.app.get(OutboxRelay);
  const until = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > until) throw new Error('relay did not get there in time');
    await relay.tick();
  }
}

/** Runs the relay until nothing of ours is left to do (nothing due, nothing in backoff). */
async function relayAll(): Promise<void> {
  await relayUntil(async () => {
    const open = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox_messages
        WHERE delivered_at IS NULL AND dead_at IS NULL AND topic IN ('webhook.deliver', 'article.published', 'article.updated', 'article.unpublished', 'article.slug_changed', 'article.corrected', 'publication.changed')
          AND NOT ('webhooks.fanout:publish' = ANY(done_handlers) OR 'webhooks.fanout:update' = ANY(done_handlers) OR 'webhooks.fanout:unpublish' = ANY(done_handlers)
                   OR 'webhooks.fanout:slug_change' = ANY(done_handlers) OR 'webhooks.fanout:correction' = ANY(done_handlers) OR 'webhooks.cdn-purge' = ANY(done_handlers))`,
    );
    if (open[0]!.n === 0) return true;
    await t.sql(`UPDATE outbox_messages SET available_at = now() WHERE delivered_at IS NULL AND dead_at IS NULL AND available_at > now()`);
    return false;
  });
}

async function createHook(body: Record<string, unknown>, who: Credential = admin) {
  return t.http().post('/v1/admin/webhooks').set(who.auth).send(body);
}

async function hook(path: string, events: string[], extra: Record<string, unknown> = {}): Promise<{ id: string; secret: string }> {
  const r = await createHook({ name: `hook ${path}`, url: consumer.url(path), events, ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.id, secret: r.body.secret };
}

const deliveriesOf = (webhookId: string) =>
  t.sql<{
    id: string;
    event: string;
    status: string;
    attempts: number;
    last_status_code: number | null;
    last_error: string | null;
    outbox_message_id: string;
    payload: Record<string, unknown>;
  }>(`SELECT id, event, status, attempts, last_status_code, last_error, outbox_message_id, payload FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY created_at, id`, [
    webhookId,
  ]);

const auditOf = (targetId: string) =>
  t.sql<{ action: string; actor_id: string; summary: Record<string, unknown> }>(`SELECT action, actor_id, summary FROM audit_log WHERE target_id = $1 ORDER BY at, id`, [targetId]);

describe('administering webhooks', () => {
  it('creates a webhook and shows its secret once; lists, edits, rotates and deletes it, all audited', async () => {
    const created = await createHook({ name: ' www build ', url: consumer.url('/hooks/admin'), events: ['correction', 'publish', 'publish'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'www build', url: consumer.url('/hooks/admin'), events: ['publish', 'correction'], active: true, createdBy: admin.accountId });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const id = created.body.id as string;
    const [row] = await t.sql<{ secret: string; events: string[] }>(`SELECT secret, events FROM webhooks WHERE id = $1`, [id]);
    expect(row).toEqual({ secret: created.body.secret, events: ['publish', 'correction'] });

    const one = await t.http().get(`/v1/admin/webhooks/${id}`).set(admin.auth);
    expect(one.status).toBe(200);
    expect(one.body).not.toHaveProperty('secret');
    const list = await t.http().get('/v1/admin/webhooks').set(admin.auth);
    expect(list.status).toBe(200);
    expect(list.body.find((w: { id: string }) => w.id === id)).toBeDefined();
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);

    const edited = await t
      .http()
      .patch(`/v1/admin/webhooks/${id}`)
      .set(admin.auth)
      .send({ events: ['update'], active: false });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ events: ['update'], active: false });
    expect((await t.sql(`SELECT events, active FROM webhooks WHERE id = $1`, [id]))[0]).toEqual({ events: ['update'], active: false });

    const rotated = await t.http().post(`/v1/admin/webhooks/${id}/rotate-secret`).set(admin.auth);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    expect((await t.sql<{ secret: string }>(`SELECT secret FROM webhooks WHERE id = $1`, [id]))[0]!.secret).toBe(rotated.body.secret);

    const removed = await t.http().delete(`/v1/admin/webhooks/${id}`).set(admin.auth);
    expect(removed.status).toBe(204);
    expect(await t.sql(`SELECT 1 FROM webhooks WHERE id = $1`, [id])).toEqual([]);
    const gone = await t.http().get(`/v1/admin/webhooks/${id}`).set(admin.auth);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('WEBHOOK_NOT_FOUND');

    const audit = await auditOf(id);
    expect(audit.map((a) => a.action)).toEqual(['webhook.create', 'webhook.update', 'webhook.rotate_secret', 'webhook.delete']);
    expect(audit.every((a) => a.actor_id === admin.accountId)).toBe(true);
    expect(audit[1]!.summary).toMatchObject({ before: { events: ['publish', 'correction'], active: true }, after: { events: ['update'], active: false } });
    // secrets never reach the audit log
    expect(JSON.stringify(audit)).not.toContain('whsec_');
  });

  it('is for admins only (webhooks.manage)', async () => {
    const contributor = await actingAs(t, 'contributor');
    for (const who of [editor, contributor]) {
      expect((await t.http().get('/v1/admin/webhooks').set(who.auth)).status).toBe(403);
      const r = await createHook({ name: 'x', url: consumer.url('/hooks/forbidden'), events: ['publish'] }, who);
      expect(r.status).toBe(403);
    }
    expect((await t.http().get('/v1/admin/webhooks')).status).toBe(401);
    expect(await t.sql(`SELECT 1 FROM webhooks WHERE url = $1`, [consumer.url('/hooks/forbidden')])).toEqual([]);
  });

  it.each([
    ['an ftp URL', { url: 'ftp://hooks.example.org/x' }, 'WEBHOOK_URL_INVALID'],
    ['plain http to another host', { url: 'http://hooks.example.org/x' }, 'WEBHOOK_URL_INVALID'],
    ['http to a private address', { url: 'http://10.0.0.8/hook' }, 'WEBHOOK_URL_INVALID'],
    ['credentials in the URL', { url: 'https://user:pw@hooks.example.org/x' }, 'WEBHOOK_URL_INVALID'],
    ['a relative URL', { url: '/hooks/x' }, 'WEBHOOK_URL_INVALID'],
    ['an unknown event', { events: ['publish', 'delete'] }, 'WEBHOOK_EVENTS_INVALID'],
    ['no event', { events: [] }, 'WEBHOOK_EVENTS_INVALID'],
    ['a blank name', { name: '   ' }, 'WEBHOOK_NAME_INVALID'],
    ['events that are not strings', { events: [1] }, 'VALIDATION_FAILED'],
    ['no URL', { url: undefined }, 'VALIDATION_FAILED'],
    ['an unknown field', { secret: 'mine' }, 'VALIDATION_FAILED'],
  ])('refuses %s (400, nothing written)', async (_name, change, code) => {
    const before = await t.sql<{ hooks: number; audit: number }>(
      `SELECT (SELECT count(*)::int FROM webhooks) AS hooks, (SELECT count(*)::int FROM audit_log WHERE action LIKE 'webhook.%') AS audit`,
    );
    const r = await createHook({ name: 'bad', url: 'https://hooks.example.org/ok', events: ['publish'], ...change });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe(code);
    if (code.startsWith('WEBHOOK_URL')) expect(r.body.error.details[0]).toMatchObject({ field: 'url' });
    const after = await t.sql(`SELECT (SELECT count(*)::int FROM webhooks) AS hooks, (SELECT count(*)::int FROM audit_log WHERE action LIKE 'webhook.%') AS audit`);
    expect(after).toEqual(before);
  });

  it('refuses a bad URL on edit and keeps the webhook as it was', async () => {
    const { id } = await hook(uniquePath('edit'), ['publish']);
    const [before] = await t.sql(`SELECT url, events, updated_at FROM webhooks WHERE id = $1`, [id]);
    const r = await t.http().patch(`/v1/admin/webhooks/${id}`).set(admin.auth).send({ url: 'http://hooks.example.org/plain', name: 'renamed' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('WEBHOOK_URL_INVALID');
    expect((await t.sql(`SELECT url, events, updated_at FROM webhooks WHERE id = $1`, [id]))[0]).toEqual(before);
    expect((await auditOf(id)).map((a) => a.action)).toEqual(['webhook.create']);
    const missing = await t.http().patch(`/v1/admin/webhooks/${randomUUID()}`).set(admin.auth).send({ name: 'x' });
    expect(missing.status).toBe(404);
    expect((await t.http().get('/v1/admin/webhooks/not-a-uuid').set(admin.auth)).status).toBe(400);
  });
});

describe('delivering events', () => {
  it('sends a signed POST that a consumer can verify, once per subscribed webhook, and records it', async () => {
    const path = uniquePath('signed');
    const { id: webhookId, secret } = await hook(path, ['publish', 'correction']);
    const payload = publishedEvent();
    const outboxId = await emit('article.published', payload);
    await relayUntil(async () => consumer.at(path).length === 1 && (await deliveriesOf(webhookId))[0]?.status === 'delivered');

    const [req] = consumer.at(path);
    const [delivery] = await deliveriesOf(webhookId);
    expect(req!.headers['x-webhook-id']).toBe(webhookId);
    expect(req!.headers['x-webhook-delivery']).toBe(delivery!.id);
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers['x-webhook-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(Math.abs(Number(req!.headers['x-webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    const [source] = await t.sql<{ created_at: Date }>(`SELECT created_at FROM outbox_messages WHERE id = $1`, [outboxId]);
    expect(req!.body).toEqual({ id: delivery!.id, event: 'article.published', occurredAt: source!.created_at.toISOString(), data: payload });

    // the consumer's check, with the secret shown at creation
    const verify = (body: string, s = secret) =>
      verifyWebhookSignature({ secret: s, body, timestamp: req!.headers['x-webhook-timestamp'] as string, signature: req!.headers['x-webhook-signature'] as string });
    expect(verify(req!.raw)).toBe(true);
    expect(verify(req!.raw.replace(payload.articleId, randomUUID()))).toBe(false);
    expect(verify(req!.raw, 'whsec_wrong')).toBe(false);

    expect(delivery).toMatchObject({ event: 'article.published', status: 'delivered', attempts: 1, last_status_code: 200, last_error: null, outbox_message_id: outboxId, payload });
  });

  it('fans out once: a fan-out run again after a crash creates no second delivery and sends nothing more', async () => {
    const path = uniquePath('once');
    const { id: webhookId } = await hook(path, ['update']);
    const outboxId = await emit('article.updated', { ...publishedEvent(), action: 'publish', from: 'published' });
    await relayUntil(async () => consumer.at(path).length === 1 && (await deliveriesOf(webhookId))[0]?.status === 'delivered');

    // as if the relay died after the fan-out committed but before it was marked done
    await t.sql(`UPDATE outbox_messages SET delivered_at = NULL, leased_until = NULL, available_at = now(), done_handlers = '{}' WHERE id = $1`, [outboxId]);
    await relayAll();
    expect(await deliveriesOf(webhookId)).toHaveLength(1);
    expect(consumer.at(path)).toHaveLength(1);
    expect(await t.sql(`SELECT 1 FROM outbox_messages WHERE topic = 'webhook.deliver' AND payload->>'deliveryId' = $1`, [(await deliveriesOf(webhookId))[0]!.id])).toHaveLength(1);
  });

  it('retries a failed delivery with backoff under the same delivery id', async () => {
    const path = uniquePath('flaky');
    consumer.answer(path, 500, 503);
    const { id: webhookId, secret } = await hook(path, ['unpublish']);
    await emit('article.unpublished', { ...publishedEvent(), action: 'unpublish', from: 'published', to: 'unpublished' });

    await relayUntil(() => consumer.at(path).length === 1);
    let [d] = await deliveriesOf(webhookId);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 500 });
    // item 17: the status line only, never the answer's body
    expect(d!.last_error).toBe('HTTP 500 Internal Server Error');
    const [message] = await t.sql<{ id: string; attempts: number; backoff_s: number; last_error: string; delivered_at: Date | null }>(
      `SELECT id, attempts, extract(epoch FROM available_at - created_at)::float AS backoff_s, last_error, delivered_at
         FROM outbox_messages WHERE topic = 'webhook.deliver' AND payload->>'deliveryId' = $1`,
      [d!.id],
    );
    // the relay keeps the message and schedules it again later (backoff), rather than dropping it
    expect(message).toMatchObject({ attempts: 1, delivered_at: null });
    expect(message!.backoff_s).toBeGreaterThanOrEqual(1);
    expect(message!.last_error).toContain('HTTP 500');

    // due again: 503, then 200
    await t.sql(`UPDATE outbox_messages SET available_at = now() WHERE id = $1`, [message!.id]);
    await relayUntil(() => consumer.at(path).length === 2);
    [d] = await deliveriesOf(webhookId);
    expect(d).toMatchObject({ status: 'pending', attempts: 2, last_status_code: 503 });
    await t.sql(`UPDATE outbox_messages SET available_at = now() WHERE id = $1`, [message!.id]);
    await relayUntil(async () => (await deliveriesOf(webhookId))[0]!.status === 'delivered');

    const attempts = consumer.at(path);
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((a) => a.headers['x-webhook-delivery']))).toEqual(new Set([d!.id]));
    expect(new Set(attempts.map((a) => a.raw)).size).toBe(1);
    for (const a of attempts) {
      expect(verifyWebhookSignature({ secret, body: a.raw, timestamp: a.headers['x-webhook-timestamp'] as string, signature: a.headers['x-webhook-signature'] as string })).toBe(
        true,
      );
    }
    expect((await deliveriesOf(webhookId))[0]).toMatchObject({ status: 'delivered', attempts: 3, last_status_code: 200, last_error: null });
    expect((await t.sql(`SELECT delivered_at FROM outbox_messages WHERE id = $1`, [message!.id]))[0]!.delivered_at).not.toBeNull();
  });

  it('gives up on an attempt after 5 s without an answer, and retries it', async () => {
    const path = uniquePath('silent');
    consumer.answer(path, 0);
    const { id } = await hook(path, ['update']);
    await emit('article.updated', { ...publishedEvent(), from: 'published' });
    await relayUntil(async () => (await deliveriesOf(id)).length === 1);
    const started = Date.now();
    await relayUntil(async () => (await deliveriesOf(id))[0]!.attempts === 1);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(4900);
    expect(took).toBeLessThan(9000);
    expect((await deliveriesOf(id))[0]).toMatchObject({ status: 'pending', last_status_code: null, last_error: NO_ANSWER });
    expect(consumer.at(path)).toHaveLength(1);
    const [message] = await t.sql<{ delivered_at: Date | null; dead_at: Date | null; last_error: string }>(
      `SELECT delivered_at, dead_at, last_error FROM outbox_messages WHERE topic = 'webhook.deliver' AND payload->>'deliveryId' = $1`,
      [(await deliveriesOf(id))[0]!.id],
    );
    expect(message).toMatchObject({ delivered_at: null, dead_at: null });
    expect(message!.last_error).toContain('OUTBOUND_NO_ANSWER');
    await relayAll();
    expect((await deliveriesOf(id))[0]).toMatchObject({ status: 'delivered', attempts: 2, last_status_code: 200 });
  });

  it('item 17: records a refused connection with the same message as a silent one (no port scanning)', async () => {
    // a port nobody listens on: bind one, note it, close it
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const created = await createHook({ name: 'closed port', url: `http://127.0.0.1:${closedPort}/hook`, events: ['correction'] });
    expect(created.status).toBe(201);
    await emit('article.corrected', correctedEvent('correction'));
    await relayUntil(async () => (await deliveriesOf(created.body.id))[0]?.attempts === 1);
    expect((await deliveriesOf(created.body.id))[0]).toMatchObject({ status: 'pending', last_status_code: null, last_error: NO_ANSWER });
    await t.http().patch(`/v1/admin/webhooks/${created.body.id}`).set(admin.auth).send({ active: false });
  });

  it('sends nothing for events a webhook is not subscribed to, and nothing to an inactive webhook', async () => {
    const subscribed = uniquePath('publish-only');
    const inactive = uniquePath('inactive');
    const { id: publishOnly } = await hook(subscribed, ['publish']);
    const { id: off } = await hook(inactive, ['publish', 'update', 'unpublish', 'correction'], { active: false });

    await emit('article.unpublished', { ...publishedEvent(), action: 'unpublish' });
    await emit('article.corrected', correctedEvent('correction'));
    await emit('article.published', publishedEvent());
    await relayAll();

    expect(consumer.at(subscribed).map((r) => r.body.event)).toEqual(['article.published']);
    expect(consumer.at(inactive)).toEqual([]);
    expect((await deliveriesOf(publishOnly)).map((d) => d.event)).toEqual(['article.published']);
    expect(await deliveriesOf(off)).toEqual([]);
  });

  it('drops queued sends when the webhook is deactivated before they go out', async () => {
    const path = uniquePath('deactivated');
    const { id } = await hook(path, ['correction']);
    await emit('article.corrected', correctedEvent('clarification'));
    // fan out only (the send waits in the outbox), then deactivate
    await relayUntil(async () => (await deliveriesOf(id)).length === 1);
    expect(consumer.at(path)).toEqual([]);
    expect((await t.http().patch(`/v1/admin/webhooks/${id}`).set(admin.auth).send({ active: false })).status).toBe(200);
    await relayAll();
    expect(consumer.at(path)).toEqual([]);
    expect((await deliveriesOf(id))[0]).toMatchObject({ status: 'failed', attempts: 0, last_error: 'not sent: the webhook is inactive' });

    // redelivery is refused until it is active again
    const refused = await t
      .http()
      .post(`/v1/admin/webhooks/${id}/deliveries/${(await deliveriesOf(id))[0]!.id}/redeliver`)
      .set(admin.auth);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('WEBHOOK_INACTIVE');
  });
});

describe('the delivery log and redelivery', () => {
  it('pages through deliveries newest first', async () => {
    const path = uniquePath('paged');
    const { id } = await hook(path, ['publish']);
    for (let i = 0; i < 5; i++) await emit('article.published', publishedEvent());
    await relayUntil(async () => (await deliveriesOf(id)).filter((d) => d.status === 'delivered').length === 5);
    const all = (await t.sql<{ id: string }>(`SELECT id FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY created_at DESC, id DESC`, [id])).map((r) => r.id);

    const seen: string[] = [];
    let cursor: string | null = null;
    const sizes: number[] = [];
    do {
      const r: { status: number; body: { items: { id: string; status: string; attempts: number; webhookId: string }[]; nextCursor: string | null } } = await t
        .http()
        .get(`/v1/admin/webhooks/${id}/deliveries`)
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set(admin.auth);
      expect(r.status).toBe(200);
      sizes.push(r.body.items.length);
      for (const item of r.body.items) expect(item).toMatchObject({ webhookId: id, status: 'delivered', attempts: 1 });
      seen.push(...r.body.items.map((i) => i.id));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(all);

    const failedOnly = await t.http().get(`/v1/admin/webhooks/${id}/deliveries?status=failed`).set(admin.auth);
    expect(failedOnly.body).toEqual({ items: [], nextCursor: null });
    const badCursor = await t.http().get(`/v1/admin/webhooks/${id}/deliveries?cursor=nope`).set(admin.auth);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.code).toBe('INVALID_CURSOR');
    expect((await t.http().get(`/v1/admin/webhooks/${id}/deliveries?limit=101`).set(admin.auth)).status).toBe(400);
    expect((await t.http().get(`/v1/admin/webhooks/${randomUUID()}/deliveries`).set(admin.auth)).status).toBe(404);
  });

  it('redelivers a delivery under the same id through a new outbox message, audited', async () => {
    const path = uniquePath('redeliver');
    const { id, secret } = await hook(path, ['publish']);
    await emit('article.published', publishedEvent());
    await relayUntil(async () => (await deliveriesOf(id))[0]?.status === 'delivered');
    const deliveryId = (await deliveriesOf(id))[0]!.id;

    const r = await t.http().post(`/v1/admin/webhooks/${id}/deliveries/${deliveryId}/redeliver`).set(admin.auth);
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ id: deliveryId, status: 'pending', attempts: 1 });
    expect(await t.sql(`SELECT 1 FROM outbox_messages WHERE topic = 'webhook.deliver' AND payload->>'deliveryId' = $1`, [deliveryId])).toHaveLength(2);

    // while it is being sent, a second redelivery is refused
    const again = await t.http().post(`/v1/admin/webhooks/${id}/deliveries/${deliveryId}/redeliver`).set(admin.auth);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('WEBHOOK_DELIVERY_PENDING');

    await relayUntil(async () => (await deliveriesOf(id))[0]?.status === 'delivered');
    const sent = consumer.at(path);
    expect(sent).toHaveLength(2);
    expect(sent.map((s) => s.headers['x-webhook-delivery'])).toEqual([deliveryId, deliveryId]);
    expect(sent[1]!.raw).toBe(sent[0]!.raw);
    expect(
      verifyWebhookSignature({
        secret,
        body: sent[1]!.raw,
        timestamp: sent[1]!.headers['x-webhook-timestamp'] as string,
        signature: sent[1]!.headers['x-webhook-signature'] as string,
      }),
    ).toBe(true);
    expect((await deliveriesOf(id))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
    const audit = (await auditOf(id)).filter((a) => a.action === 'webhook.redeliver');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.summary).toMatchObject({ deliveryId, before: { status: 'delivered' }, after: { status: 'pending' } });

    // another webhook's delivery, or no delivery at all: not found
    const other = await hook(uniquePath('other'), ['publish']);
    for (const [hookId, dId] of [
      [other.id, deliveryId],
      [id, randomUUID()],
    ] as const) {
      const nf = await t.http().post(`/v1/admin/webhooks/${hookId}/deliveries/${dId}/redeliver`).set(admin.auth);
      expect(nf.status).toBe(404);
      expect(nf.body.error.code).toBe('WEBHOOK_DELIVERY_NOT_FOUND');
    }
  });

  it('signs with the rotated secret from the next attempt on', async () => {
    const path = uniquePath('rotated');
    const { id, secret: old } = await hook(path, ['publish']);
    const rotated = await t.http().post(`/v1/admin/webhooks/${id}/rotate-secret`).set(admin.auth);
    await emit('article.published', publishedEvent());
    await relayUntil(() => consumer.at(path).length === 1);
    const [req] = consumer.at(path);
    const check = (secret: string) =>
      verifyWebhookSignature({ secret, body: req!.raw, timestamp: req!.headers['x-webhook-timestamp'] as string, signature: req!.headers['x-webhook-signature'] as string });
    expect(check(rotated.body.secret)).toBe(true);
    expect(check(old)).toBe(false);
  });
});

describe('CDN purge hook', () => {
  it('POSTs the surrogate keys of a changed live page with the bearer token, retried on failure', async () => {
    consumer.answer('/purge', 502);
    const articleId = randomUUID();
    const keys = [`article-${articleId}`, 'section-europe', 'tag-donald-tusk', 'home'];
    const outboxId = await emit('publication.changed', { articleId, slug: 'a-slug', live: false, surrogateKeys: keys });
    const mine = () => consumer.at('/purge').filter((r) => (r.body.surrogateKeys as string[] | undefined)?.includes(`article-${articleId}`));
    await relayUntil(() => mine().length === 1);
    const [failed] = await t.sql<{ last_error: string; delivered_at: Date | null }>(`SELECT last_error, delivered_at FROM outbox_messages WHERE id = $1`, [outboxId]);
    expect(failed!.delivered_at).toBeNull();
    expect(failed!.last_error).toContain('HTTP 502');

    await relayAll();
    const purges = mine();
    expect(purges).toHaveLength(2);
    for (const p of purges) {
      expect(p.headers.authorization).toBe(`Bearer ${CDN_TOKEN}`);
      expect(p.headers['content-type']).toBe('application/json');
      expect(p.headers['x-purge-id']).toBe(outboxId);
      expect(p.body).toEqual({ surrogateKeys: keys });
    }
    expect((await t.sql<{ done_handlers: string[] }>(`SELECT done_handlers FROM outbox_messages WHERE id = $1`, [outboxId]))[0]!.done_handlers).toContain('webhooks.cdn-purge');
  });
});

describe('a real article through the admin API', () => {
  it('publishing and correcting an article notifies the webhook and purges its surrogate keys', async () => {
    const path = uniquePath('newsroom');
    const { id: webhookId, secret } = await hook(path, ['publish', 'correction']);
    const w = await makeWorld(t, editor);
    const a = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w));
    expect(a.status).toBe(201);
    const articleId = a.body.id as string;
    await act(t, editor, articleId, 'submit');
    await act(t, editor, articleId, 'approve');
    const published = await act(t, editor, articleId, 'publish');
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const correction = await t
      .http()
      .post(`/v1/admin/articles/${articleId}/corrections`)
      .set(editor.auth)
      .send({ kind: 'correction', text: 'An earlier version misdated the summit.' });
    expect(correction.status).toBe(201);

    await relayUntil(
      async () =>
        consumer.at(path).length === 2 &&
        consumer.at('/purge').some((p) => (p.body.surrogateKeys as string[]).includes(`article-${articleId}`)) &&
        (await deliveriesOf(webhookId)).every((d) => d.status === 'delivered'),
    );
    const sent = consumer.at(path);
    expect(sent.map((s) => s.body.event).sort()).toEqual(['article.corrected', 'article.published']);
    const pub = sent.find((s) => s.body.event === 'article.published')!;
    expect(pub.body.data).toMatchObject({ articleId, action: 'publish', to: 'published' });
    const corr = sent.find((s) => s.body.event === 'article.corrected')!;
    expect(corr.body.data).toMatchObject({ articleId, kind: 'correction' });
    for (const s of sent) {
      expect(verifyWebhookSignature({ secret, body: s.raw, timestamp: s.headers['x-webhook-timestamp'] as string, signature: s.headers['x-webhook-signature'] as string })).toBe(
        true,
      );
    }
    const purge = consumer.at('/purge').find((p) => (p.body.surrogateKeys as string[]).includes(`article-${articleId}`))!;
    expect(purge.body.surrogateKeys).toEqual(expect.arrayContaining([`article-${articleId}`, 'home']));
    expect(purge.headers.authorization).toBe(`Bearer ${CDN_TOKEN}`);
  });
});

describe('item 7: deliveries carry the object', () => {
  it('publish, slug change, correction and unpublish each carry the id, slug, URL and revision; the slug change and unpublish the previous address', async () => {
    const path = uniquePath('object');
    const { id: webhookId, secret } = await hook(path, ['publish', 'update', 'unpublish', 'slug_change', 'correction']);
    const key = await contentKey(t, admin);
    const w = await makeWorld(t, editor);
    const suffix = randomUUID().slice(0, 8);
    const [first, second] = [`coalition-plan-${suffix}`, `coalition-plan-revised-${suffix}`];
    const base = t.config.publicBaseUrl;
    const a = await t
      .http()
      .post('/v1/admin/articles')
      .set(editor.auth)
      .send(completeArticle(w, { slug: first }));
    expect(a.status).toBe(201);
    const articleId = a.body.id as string;
    await act(t, editor, articleId, 'submit');
    await act(t, editor, articleId, 'approve');
    expect((await act(t, editor, articleId, 'publish')).status).toBe(200);
    const delivered = (n: number) => async () => consumer.at(path).length === n && (await deliveriesOf(webhookId)).every((d) => d.status === 'delivered');
    await relayUntil(delivered(1));

    const revisionsOf = async () => t.sql<{ id: string; number: number }>(`SELECT id, number FROM article_revisions WHERE article_id = $1 ORDER BY number`, [articleId]);
    const [r1] = await revisionsOf();
    const published = consumer.at(path)[0]!.body;
    expect(published.event).toBe('article.published');
    expect(published.data).toMatchObject({
      articleId,
      action: 'publish',
      to: 'published',
      slug: first,
      url: `${base}/${first}`,
      canonicalUrl: `${base}/${first}`,
      revisionId: r1!.id,
      revisionNumber: r1!.number,
      previousSlug: null,
      previousUrl: null,
    });
    // the URL is the one the content API gives the page (Open Graph, JSON-LD)
    const page = await t.http().get(`/v1/content/articles/by-id/${articleId}`).set('X-Api-Key', key);
    expect(page.status).toBe(200);
    expect(JSON.stringify(page.body)).toContain(`"url":"${base}/${first}"`);

    // the slug changes with a republish: update and slug_change, both naming the old address
    const cur = await t.http().get(`/v1/admin/articles/${articleId}`).set(editor.auth);
    const edit = await t.http().patch(`/v1/admin/articles/${articleId}`).set(editor.auth).set('If-Match', responseHeader(cur, 'etag')).send({ slug: second });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect((await act(t, editor, articleId, 'publish')).status).toBe(200);
    await relayUntil(delivered(3));
    const live = (await revisionsOf()).at(-1)!;
    expect(live.number).toBeGreaterThan(r1!.number);
    const moved = {
      articleId,
      to: 'published',
      from: 'published',
      slug: second,
      url: `${base}/${second}`,
      canonicalUrl: `${base}/${second}`,
      revisionId: live.id,
      revisionNumber: live.number,
      previousSlug: first,
      previousUrl: `${base}/${first}`,
    };
    const afterMove = consumer.at(path).slice(1);
    expect(afterMove.map((r) => r.body.event).sort()).toEqual(['article.slug_changed', 'article.updated']);
    for (const r of afterMove) expect(r.body.data).toMatchObject(moved);
    // what the delivery says is what the content API answers now: the page by id, the old slug redirecting
    const byId = await t.http().get(`/v1/content/articles/by-id/${articleId}`).set('X-Api-Key', key);
    expect(byId.body.article.slug).toBe(second);
    const old = await t.http().get(`/v1/content/articles/${first}`).set('X-Api-Key', key);
    expect(old.status).toBe(301);
    expect(old.headers.location).toContain(second);

    // a correction names the live address and revision
    expect(
      (await t.http().post(`/v1/admin/articles/${articleId}/corrections`).set(editor.auth).send({ kind: 'clarification', text: 'The plan names two capitals, not three.' })).status,
    ).toBe(201);
    await relayUntil(delivered(4));
    expect(consumer.at(path)[3]!.body).toMatchObject({
      event: 'article.corrected',
      data: { articleId, kind: 'clarification', slug: second, url: `${base}/${second}`, revisionId: live.id, revisionNumber: live.number, live: true },
    });

    // unpublish: the address that stopped answering, as the previous one too
    expect((await act(t, editor, articleId, 'unpublish')).status).toBe(200);
    await relayUntil(delivered(5));
    const down = consumer.at(path)[4]!.body;
    expect(down.event).toBe('article.unpublished');
    expect(down.data).toMatchObject({
      articleId,
      action: 'unpublish',
      from: 'published',
      to: 'unpublished',
      slug: second,
      url: `${base}/${second}`,
      revisionId: live.id,
      revisionNumber: live.number,
      previousSlug: second,
      previousUrl: `${base}/${second}`,
    });
    expect((await t.http().get(`/v1/content/articles/by-id/${articleId}`).set('X-Api-Key', key)).status).toBe(404);
    for (const r of consumer.at(path)) {
      expect(verifyWebhookSignature({ secret, body: r.raw, timestamp: r.headers['x-webhook-timestamp'] as string, signature: r.headers['x-webhook-signature'] as string })).toBe(
        true,
      );
    }
  });

  it('a canonical override is carried as canonicalUrl; url stays the page on this site', async () => {
    const path = uniquePath('canonical');
    const { id: webhookId } = await hook(path, ['publish']);
    const w = await makeWorld(t, editor);
    const slug = `syndicated-${randomUUID().slice(0, 8)}`;
    const a = await t
      .http()
      .post('/v1/admin/articles')
      .set(editor.auth)
      .send(completeArticle(w, { slug, canonicalUrl: 'https://partner.example.org/original-story' }));
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    await act(t, editor, a.body.id, 'submit');
    await act(t, editor, a.body.id, 'approve');
    expect((await act(t, editor, a.body.id, 'publish')).status).toBe(200);
    await relayUntil(async () => consumer.at(path).length === 1 && (await deliveriesOf(webhookId))[0]?.status === 'delivered');
    expect(consumer.at(path)[0]!.body.data).toMatchObject({
      slug,
      url: `${t.config.publicBaseUrl}/${slug}`,
      canonicalUrl: 'https://partner.example.org/original-story',
      previousSlug: null,
    });
  });
});
