import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { OutboxRelay } from '#libs/outbox';
import { verifyWebhookSignature } from '#libs/webhooks';
import { actingAs, type Credential, type TestApp } from '../support/app-harness.js';
import { act, completeArticle, makeWorld } from '../support/world.js';
import { deskApp, launch, openDesk, screen, signIn, until } from './desk-support.js';

/** A receiver on 127.0.0.1: answers 500 while broken, 200 once fixed; keeps every request. */
class Receiver {
  broken = true;
  readonly received: { headers: IncomingHttpHeaders; raw: string }[] = [];
  private server: Server | undefined;
  url = '';
  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(this.broken ? 500 : 200).end(this.broken ? 'down' : 'ok');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/newsroom`;
  }
  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

describe('the desk: webhooks and content API keys', () => {
  let t: TestApp;
  let browser: Browser;
  let admin: Credential;
  const receiver = new Receiver();

  beforeAll(async () => {
    await receiver.start();
    t = await deskApp();
    browser = await launch();
    admin = await actingAs(t, 'admin', { displayName: 'Ana Admin' });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await receiver.stop();
  });

  /** The relay, run by hand; whatever waits in backoff is made due (the test does not wait out minutes). */
  async function relayUntil(done: () => Promise<boolean>): Promise<void> {
    const relay = t.app.get(OutboxRelay);
    const end = Date.now() + 60_000;
    while (!(await done())) {
      if (Date.now() > end) throw new Error('the relay did not get there');
      await t.sql(`UPDATE outbox_messages SET available_at = now() WHERE delivered_at IS NULL AND dead_at IS NULL AND available_at > now()`);
      await relay.tick();
    }
  }
  const deliveries = (webhookId: string) =>
    t.sql<{ id: string; status: string; attempts: number }>(`SELECT id, status, attempts FROM webhook_deliveries WHERE webhook_id = $1`, [webhookId]);

  it('an admin creates a webhook (secret shown once); a failing delivery is redelivered after the receiver is fixed; rotate and pause', async () => {
    const a = await openDesk(browser, t);
    await signIn(a, admin);
    await a.page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Webhooks' }).click();

    const form = a.page.getByRole('form', { name: 'New webhook' });
    await form.getByLabel('Name').fill('www site build');
    await form.getByLabel('Address (URL)').fill('ftp://build.example.org/hooks');
    await form.getByRole('checkbox', { name: 'correction' }).uncheck();
    await form.getByRole('button', { name: 'Create the webhook' }).click();
    await until(() => form.getByRole('alert').first().textContent()).toMatch(/WEBHOOK_URL_INVALID/);
    expect(await form.getByLabel('Name').inputValue()).toBe('www site build');
    expect(await form.getByRole('checkbox', { name: 'correction' }).isChecked()).toBe(false);
    await form.getByLabel('Address (URL)').fill(receiver.url);
    await form.getByRole('button', { name: 'Create the webhook' }).click();
    const once = a.page.getByRole('region', { name: 'Signing secret of www site build' });
    await until(() => once.getByRole('textbox').inputValue()).not.toBe('');
    const secret = await once.getByRole('textbox').inputValue();
    await screen(a, 'admin-webhooks');
    await once.getByRole('button', { name: 'I have stored it' }).click();
    expect(await once.count()).toBe(0);
    const [hook] = (await t.http().get('/v1/admin/webhooks').set(admin.auth)).body as { id: string; events: string[]; secret?: string }[];
    expect(hook!.events).toEqual(['publish', 'update', 'unpublish']);
    expect(hook!.secret).toBeUndefined();

    // a piece goes live while the receiver is down: every attempt fails, the delivery gives up
    const world = await makeWorld(t, admin);
    const article = await t.http().post('/v1/admin/articles').set(admin.auth).send(completeArticle(world));
    expect(article.status).toBe(201);
    for (const action of ['submit', 'approve', 'publish']) expect((await act(t, admin, article.body.id, action)).status).toBe(200);
    await relayUntil(async () => (await deliveries(hook!.id))[0]?.status === 'failed');
    const [failed] = await deliveries(hook!.id);
    expect(failed!.attempts).toBeGreaterThan(1);

    await a.page.getByRole('table', { name: 'Webhooks' }).getByRole('link', { name: 'www site build' }).click();
    const list = a.page.getByRole('table', { name: 'Deliveries, newest first' });
    await a.page.getByLabel('Status').selectOption('failed');
    await until(() => list.getByRole('row').nth(1).textContent()).toMatch(/^article\.published.*failed12HTTP 500 Internal Server Error/);
    await screen(a, 'admin-webhook-deliveries');

    // fixed: redeliver, same delivery id
    receiver.broken = false;
    const before = receiver.received.length;
    await list.getByRole('button', { name: `Redeliver ${failed!.id}` }).click();
    await relayUntil(async () => (await deliveries(hook!.id))[0]?.status === 'delivered');
    await a.page.getByLabel('Status').selectOption('delivered');
    await until(() => list.getByRole('row').nth(1).textContent()).toMatch(/^article\.published.*delivered/);
    const last = receiver.received.at(-1)!;
    expect(receiver.received.length).toBe(before + 1);
    expect(last.headers['x-webhook-delivery']).toBe(failed!.id);
    expect(
      verifyWebhookSignature({ secret, body: last.raw, timestamp: last.headers['x-webhook-timestamp'] as string, signature: last.headers['x-webhook-signature'] as string }),
    ).toBe(true);

    // rotate: a new secret, shown once
    await a.page.getByRole('button', { name: 'Rotate the secret' }).click();
    const dialog = a.page.getByRole('dialog', { name: 'Rotate the signing secret?' });
    await until(() => dialog.textContent()).toMatch(/old secret stops signing at once/);
    await dialog.getByRole('button', { name: 'Rotate' }).click();
    const rotated = a.page.getByRole('region', { name: 'New signing secret of www site build' });
    await until(() => rotated.getByRole('textbox').inputValue()).not.toBe('');
    expect(await rotated.getByRole('textbox').inputValue()).not.toBe(secret);

    // pause
    await a.page.getByRole('button', { name: 'Pause' }).click();
    await until(() => a.page.getByRole('main').getByRole('status').first().textContent()).toMatch(/Paused: nothing is sent/);
    expect((await t.http().get(`/v1/admin/webhooks/${hook!.id}`).set(admin.auth)).body.active).toBe(false);
    await a.page.getByRole('button', { name: 'Resume' }).waitFor();
    expect(a.problems).toEqual([]);
  });

  it('an admin creates a content API key (shown once) and revokes it', async () => {
    const a = await openDesk(browser, t);
    await signIn(a, admin);
    await a.page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'API keys' }).click();
    const form = a.page.getByRole('form', { name: 'New API key' });
    await form.getByLabel('Name').fill('www front-end');
    await form.getByRole('button', { name: 'Create the key' }).click();
    const once = a.page.getByRole('region', { name: 'Key for www front-end' });
    await until(() => once.getByRole('textbox').inputValue()).not.toBe('');
    const key = await once.getByRole('textbox').inputValue();
    expect((await t.http().get('/v1/content/sections').set('X-Api-Key', key)).status).toBe(200);
    await screen(a, 'admin-api-keys');
    const row = a.page.getByRole('row', { name: /www front-end/ });
    await row.getByRole('button', { name: 'Revoke www front-end' }).click();
    const dialog = a.page.getByRole('dialog', { name: 'Revoke the key for www front-end?' });
    await dialog.getByRole('button', { name: 'Revoke' }).click();
    await until(() => row.textContent()).toMatch(/revoked/);
    expect((await t.http().get('/v1/content/sections').set('X-Api-Key', key)).status).toBe(401);
    expect(a.problems).toEqual([]);
  });
});
