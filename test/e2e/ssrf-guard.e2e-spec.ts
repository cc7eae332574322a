import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '#libs/outbox';
import { isLocalName } from '#libs/outbound';
import { actingAs, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { act, completeArticle, makeWorld } from '../support/world.js';

/**
 * Item 17 (SSRF): in production, webhook and CDN purge URLs whose host NAME passes the typed
 * check but resolves to this machine must not get a single connection: the address is checked
 * when connecting, not only as typed.
 */

/** A TCP listener on 127.0.0.1 that only counts connections (it never answers). */
class Canary {
  connections = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;
  async start(): Promise<void> {
    this.server = createServer((s) => {
      this.connections++;
      this.sockets.add(s);
      s.on('error', () => undefined);
      s.destroy();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/** A name from /etc/hosts that resolves to 127.0.0.1 and that the typed check lets through. */
async function loopbackName(): Promise<string> {
  const names = readFileSync('/etc/hosts', 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim().split(/\s+/))
    .filter((parts) => parts[0] === '127.0.0.1' || parts[0] === '127.0.1.1')
    .flatMap((parts) => parts.slice(1))
    .filter((n) => n && !isLocalName(n));
  for (const name of names) {
    const addresses = await lookup(name, { all: true }).catch(() => []);
    if (addresses.length && addresses.every((a) => a.address.startsWith('127.'))) return name;
  }
  throw new Error('this test needs a name in /etc/hosts (other than localhost) that resolves to 127.0.0.1, e.g. the machine name');
}

const canary = new Canary();
let t: TestApp;
let admin: Credential;
let editor: Credential;
let name: string;

beforeAll(async () => {
  await canary.start();
  name = await loopbackName();
  t = await createTestApp({
    env: {
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
      CDN_PURGE_URL: `https://${name}:${canary.port}/purge`,
      CDN_PURGE_TOKEN: 'purge-token',
    },
  });
  [admin, editor] = await Promise.all([actingAs(t, 'admin'), actingAs(t, 'editor')]);
});
afterAll(async () => {
  await t?.close();
  await canary.stop();
});

describe('item 17: SSRF guard on webhooks and the CDN purge (production)', () => {
  it('refuses loopback hosts as typed, a trailing-dot localhost included', async () => {
    for (const host of ['localhost.', '127.0.0.1', '[::1]', '[::ffff:127.0.0.1]', '169.254.169.254', '100.64.0.1']) {
      const r = await t
        .http()
        .post('/v1/admin/webhooks')
        .set(admin.auth)
        .send({ name: 'x', url: `https://${host}:${canary.port}/hook`, events: ['publish'] });
      expect(r.status, host).toBe(400);
      expect(r.body.error.code).toBe('WEBHOOK_URL_INVALID');
    }
  });

  it('a publish opens no connection to a name that resolves to 127.0.0.1, and records one message without an answer', async () => {
    const hook = await t
      .http()
      .post('/v1/admin/webhooks')
      .set(admin.auth)
      .send({ name: 'resolves home', url: `https://${name}:${canary.port}/hook`, events: ['publish'] });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);

    const w = await makeWorld(t, editor);
    const created = await t.http().post('/v1/admin/articles').set(editor.auth).send(completeArticle(w));
    expect(created.status).toBe(201);
    for (const action of ['submit', 'approve', 'publish']) expect((await act(t, editor, created.body.id, action)).status, action).toBe(200);

    // relay until the delivery and the purge were each attempted twice (a retry included)
    const relay = t.app.get(OutboxRelay);
    const attempted = async () => {
      const [row] = await t.sql<{ deliveries: number; purges: number }>(
        `SELECT (SELECT count(*)::int FROM outbox_messages WHERE topic = 'webhook.deliver' AND attempts >= 2) AS deliveries,
                (SELECT count(*)::int FROM outbox_messages WHERE topic = 'publication.changed' AND attempts >= 2) AS purges`,
      );
      return row!.deliveries >= 1 && row!.purges >= 1;
    };
    for (let i = 0; i < 200 && !(await attempted()); i++) {
      await t.sql(`UPDATE outbox_messages SET available_at = now() WHERE delivered_at IS NULL AND dead_at IS NULL`);
      await relay.tick();
    }
    expect(await attempted()).toBe(true);
    expect(canary.connections).toBe(0);

    const [delivery] = await t.sql<{ status: string; last_status_code: number | null; last_error: string }>(
      `SELECT status, last_status_code, last_error FROM webhook_deliveries WHERE webhook_id = $1`,
      [hook.body.id],
    );
    expect(delivery).toMatchObject({ status: 'pending', last_status_code: null, last_error: expect.stringContaining('OUTBOUND_NO_ANSWER') });
    const purge = await t.sql<{ last_error: string }>(`SELECT last_error FROM outbox_messages WHERE topic = 'publication.changed' AND attempts >= 2`);
    expect(purge[0]!.last_error).toContain('OUTBOUND_NO_ANSWER');
  });
});
