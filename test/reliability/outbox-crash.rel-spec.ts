import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '#libs/webhooks';
import { actingAs, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { act, completeArticle, makeWorld } from '../support/world.js';
import { databaseUrl } from './support/db.js';
import { mapLimit } from './support/http.js';
import { JWT_SECRET, sleep, spawnWorker, type NodeProcess } from './support/processes.js';

/**
 * The outbox relay killed between send and mark, 100 trials, through a real path: published
 * articles -> `article.published` outbox rows -> webhook fan-out -> `webhook.deliver` rows ->
 * the worker process POSTs each delivery to a consumer on 127.0.0.1.
 *
 * The consumer holds the first request of every delivery unanswered and SIGKILLs the worker
 * process while it waits: the side effect happened (the consumer has the request), the mark did
 * not (the relay never got an answer). That is one trial per message. The killed worker's
 * leases (60 s) are then expired by the test instead of waited for, a new worker process is
 * started, and it must deliver again; the consumer answers redeliveries with 200 and dedupes by
 * delivery id. Proves 0 lost messages: every delivery id reached the consumer, every delivery
 * ends `delivered`, and every signature verifies.
 */

const TRIALS = Number(process.env.REL_OUTBOX_TRIALS ?? 100);
/** Held requests gathered before a kill (several messages can be in flight in one relay batch). */
const HOLD_PER_KILL = 10;

let t: TestApp;
let admin: Credential;
let editor: Credential;
let secret: string;
let worker: NodeProcess | undefined;
const workers: NodeProcess[] = [];
const figures: string[] = [];

/** The consumer: dedupes by delivery id; holds every first request and kills the worker. */
class Consumer {
  readonly receipts: { id: string; held: boolean; signatureOk: boolean }[] = [];
  readonly seen = new Set<string>();
  readonly held: ServerResponse[] = [];
  kills = 0;
  trials = 0;
  private killTimer: NodeJS.Timeout | undefined;
  private server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.onRequest(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const id = String(req.headers['x-webhook-delivery'] ?? '');
    const signatureOk = verifyWebhookSignature({ secret, body, timestamp: req.headers['x-webhook-timestamp'] as string, signature: req.headers['x-webhook-signature'] as string });
    const first = !this.seen.has(id);
    this.seen.add(id);
    this.receipts.push({ id, held: first, signatureOk });
    if (!first) {
      res.writeHead(200).end('ok');
      return;
    }
    // the side effect is done; the relay will never hear back
    this.trials++;
    this.held.push(res);
    if (this.held.length >= HOLD_PER_KILL) this.killWorker();
    else this.killTimer ??= setTimeout(() => this.killWorker(), 300);
  }

  private killWorker(): void {
    clearTimeout(this.killTimer);
    this.killTimer = undefined;
    if (worker?.running) {
      worker.kill('SIGKILL');
      this.kills++;
    }
    for (const r of this.held.splice(0)) r.destroy();
  }

  async stop(): Promise<void> {
    clearTimeout(this.killTimer);
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

const consumer = new Consumer();

beforeAll(async () => {
  await consumer.start();
  t = await createTestApp({ env: { JWT_SECRET } });
  [admin, editor] = await Promise.all([actingAs(t, 'admin'), actingAs(t, 'editor')]);
  const hook = await t
    .http()
    .post('/v1/admin/webhooks')
    .set(admin.auth)
    .send({ name: 'crash consumer', url: `http://127.0.0.1:${consumer.port}/hook`, events: ['publish'] });
  expect(hook.status, JSON.stringify(hook.body)).toBe(201);
  secret = hook.body.secret;
}, 120_000);

afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await t?.close();
  await consumer.stop();
  console.log(`[outbox-crash] ${figures.join('; ')}`);
});

describe('outbox relay killed between send and mark', () => {
  it(`${TRIALS} trials: 0 lost messages`, async () => {
    // TRIALS published articles: TRIALS article.published events, no worker running yet
    const w = await makeWorld(t, editor);
    const ids = await mapLimit(
      Array.from({ length: TRIALS }, (_, k) => k),
      4,
      async () => {
        const r = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w));
        for (const action of ['submit', 'approve', 'publish']) expect((await act(t, editor, r.body.id, action)).status).toBe(200);
        return r.body.id as string;
      },
    );
    expect(ids).toHaveLength(TRIALS);

    const started = performance.now();
    const deadline = Date.now() + 240_000;
    const open = async () =>
      (
        await t.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM outbox_messages WHERE delivered_at IS NULL AND dead_at IS NULL AND topic IN ('article.published', 'webhook.deliver')`,
        )
      )[0]!.n;
    while (Date.now() < deadline) {
      worker = await spawnWorker(`worker-${workers.length + 1}`, { databaseUrl: databaseUrl(), schema: t.schema, env: { DATABASE_POOL_SIZE: '4' } });
      workers.push(worker);
      // until the consumer kills it, or there is nothing left to relay
      while (worker.running && Date.now() < deadline) {
        if ((await open()) === 0 && consumer.held.length === 0) break;
        await sleep(100);
      }
      if (worker.running) {
        await worker.stop(5000);
        break;
      }
      await worker.exited;
      // the dead relay's leases would expire after 60 s: fast-forward them
      await t.sql(`UPDATE outbox_messages SET leased_until = now() - interval '1 second' WHERE leased_until > now()`);
    }
    const seconds = (performance.now() - started) / 1000;

    const deliveries = await t.sql<{ id: string; status: string; attempts: number }>(`SELECT id, status, attempts FROM webhook_deliveries ORDER BY id`);
    const unique = new Set(consumer.receipts.map((r) => r.id));
    const lost = deliveries.filter((d) => !unique.has(d.id)).map((d) => d.id);
    const redelivered = deliveries.filter((d) => consumer.receipts.filter((r) => r.id === d.id).length >= 2).length;
    figures.push(
      `${TRIALS} messages, ${consumer.trials} trials (request received, worker SIGKILLed before the answer), ${consumer.kills} kills, ${workers.length} worker processes, ` +
        `${consumer.receipts.length} requests received, ${unique.size} unique ids, ${redelivered} redelivered after a crash, lost ${lost.length}, ${seconds.toFixed(0)} s`,
    );
    expect(consumer.trials).toBeGreaterThanOrEqual(TRIALS);
    expect(deliveries).toHaveLength(TRIALS); // one per published article: the fan-out did not duplicate after crashes
    expect(lost).toEqual([]);
    expect(unique.size).toBe(TRIALS);
    expect([...unique].every((id) => deliveries.some((d) => d.id === id))).toBe(true);
    expect(redelivered).toBe(TRIALS);
    expect(deliveries.filter((d) => d.status !== 'delivered').map((d) => `${d.id} ${d.status}`)).toEqual([]);
    expect(consumer.receipts.every((r) => r.signatureOk)).toBe(true);
    expect(await open()).toBe(0);
  }, 600_000);
});
