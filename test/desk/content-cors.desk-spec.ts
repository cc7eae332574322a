import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, contentKey, createTestApp, type TestApp } from '../support/app-harness.js';
import { baseUrlOf, launch } from './desk-support.js';

/**
 * Issue 22 item 3: a front-end on another origin calls the content API from a real browser
 * (Debian Chromium): its reads, the newsletter signup and banner events pass the preflight on a
 * listed origin; the same page served from an unlisted origin is blocked by the browser, and the
 * admin API is blocked from any origin.
 */
let t: TestApp;
let site: Server;
let browser: Browser;
let sitePort: number;
let mailDir: string;
let key: string;
let listId: string;
let consentTextId: string;
let campaign: { id: string; variant: string };

const PAGE = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Front-end</title></head><body><main><h1>Front-end</h1></main></body></html>';

beforeAll(async () => {
  site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE));
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  sitePort = (site.address() as AddressInfo).port;
  mailDir = mkdtempSync(join(tmpdir(), 'desk-cors-mail-'));
  // only 127.0.0.1 is listed: the same page at localhost is another origin
  t = await createTestApp({ env: { CONTENT_CORS_ORIGINS: `http://127.0.0.1:${sitePort}`, MAIL_DIR: mailDir } });
  const admin = await actingAs(t, 'admin');
  key = await contentKey(t, admin);
  const list = await t.http().post('/v1/admin/newsletter/lists').set(admin.auth).send({ name: 'Weekly round-up' });
  const ct = await t.http().post('/v1/admin/newsletter/consent-texts').set(admin.auth).send({ text: 'Yes, send me the newsletter.' });
  expect([list.status, ct.status]).toEqual([201, 201]);
  listId = list.body.id;
  consentTextId = ct.body.id;
  const c = await t.http().post('/v1/admin/donation-campaigns').set(admin.auth).send({ name: 'appeal', placement: 'after_body' });
  expect(c.status).toBe(201);
  const v = await t
    .http()
    .post(`/v1/admin/donation-campaigns/${c.body.id}/variants`)
    .set(admin.auth)
    .send({ name: 'A', weight: 1, headline: 'Dear readers:', bodyHtml: '<p>Please give.</p>', ctaLabel: 'Give', ctaUrl: 'https://donate.example.org/' });
  expect(v.status).toBe(201);
  await t.http().post(`/v1/admin/donation-campaigns/${c.body.id}/transitions`).set(admin.auth).send({ action: 'activate' }).expect(200);
  campaign = { id: c.body.id, variant: v.body.id };
  browser = await launch();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await new Promise((r) => site?.close(r));
  rmSync(mailDir, { recursive: true, force: true });
});

interface Outcome {
  ok: boolean;
  status?: number;
  body?: unknown;
  etag?: string | null;
  error?: string;
}

/** Runs the front-end's calls in a page of `origin`; each one's status and body, or the browser's error. */
async function callsFrom(origin: string): Promise<Record<string, Outcome>> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    return await page.evaluate(
      async ({ api, key, listId, consentTextId, campaign, eventId }) => {
        const run = async (url: string, init: RequestInit): Promise<Outcome> => {
          try {
            const r = await fetch(url, init);
            return { ok: true, status: r.status, body: await r.json().catch(() => null), etag: r.headers.get('etag') };
          } catch (e) {
            return { ok: false, error: String(e) };
          }
        };
        const json = { 'content-type': 'application/json', 'x-api-key': key };
        return {
          latest: await run(`${api}/v1/content/latest`, { headers: { 'x-api-key': key } }),
          signup: await run(`${api}/v1/content/newsletter/subscriptions`, {
            method: 'POST',
            headers: json,
            body: JSON.stringify({ email: 'reader@example.org', lists: [listId], consentTextId }),
          }),
          events: await run(`${api}/v1/content/donation-campaigns/events`, {
            method: 'POST',
            headers: json,
            body: JSON.stringify({ events: [{ eventId, type: 'impression', campaignId: campaign.id, variantId: campaign.variant }] }),
          }),
          admin: await run(`${api}/v1/admin/articles`, { headers: { authorization: 'Bearer x' } }),
        };
      },
      { api: baseUrlOf(t), key, listId, consentTextId, campaign, eventId: randomUUID() },
    );
  } finally {
    await context.close();
  }
}

describe('issue 22: CORS from a real browser on another origin', () => {
  it('a listed origin reads the content API, signs up for the newsletter and sends banner events; the admin API stays closed', async () => {
    const r = await callsFrom(`http://127.0.0.1:${sitePort}`);
    expect(r.latest).toMatchObject({ ok: true, status: 200 });
    expect(r.latest!.etag).toBeTruthy(); // exposed to the page
    expect(r.signup).toMatchObject({ ok: true, status: 202, body: { status: 'accepted' } });
    expect(r.events).toMatchObject({ ok: true, status: 200 });
    expect(r.admin).toMatchObject({ ok: false });
    expect(r.admin!.error).toMatch(/Failed to fetch/);
    const [row] = await t.sql<{ n: number }>(`SELECT count(*)::int n FROM newsletter_subscribers WHERE email = 'reader@example.org'`);
    expect(row!.n).toBe(1);
  });

  it('the same page on an unlisted origin is blocked by the browser, and nothing is written', async () => {
    const before = await t.sql<{ n: number }>(`SELECT count(*)::int n FROM donation_banner_events`);
    const r = await callsFrom(`http://localhost:${sitePort}`);
    for (const name of ['latest', 'signup', 'events', 'admin']) {
      expect(r[name], name).toMatchObject({ ok: false });
      expect(r[name]!.error, name).toMatch(/Failed to fetch/);
    }
    expect(await t.sql<{ n: number }>(`SELECT count(*)::int n FROM donation_banner_events`)).toEqual(before);
  });
});
