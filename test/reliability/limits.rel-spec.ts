import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountsService } from '#libs/identity';
import { actingAs, contentKey, createTestApp, type TestApp } from '../support/app-harness.js';
import { databaseUrl } from './support/db.js';
import { call, type Reply } from './support/http.js';
import { JWT_SECRET, spawnApi, type ApiProcess } from './support/processes.js';

/**
 * Signup flood and login brute force against two api processes on one database, from one
 * address and from many X-Forwarded-For addresses. Limits are counted in PostgreSQL, so they
 * hold across instances; X-Forwarded-For is believed only when TRUSTED_PROXIES names the
 * socket address (127.0.0.1 here), so a client cannot spoof its way out of its budget.
 */

const PER_IP = 10;
const MAX_FAILURES = 5;
let t: TestApp;
let apiKey: string;
let listId: string;
let consentTextId: string;
const figures: string[] = [];

const env = { DATABASE_POOL_SIZE: '3', NEWSLETTER_SIGNUPS_PER_IP: String(PER_IP), NEWSLETTER_SIGNUPS_PER_ADDRESS: '5', LOGIN_MAX_FAILURES: String(MAX_FAILURES) };

beforeAll(async () => {
  t = await createTestApp({ env: { JWT_SECRET } });
  const admin = await actingAs(t, 'admin');
  apiKey = await contentKey(t, admin);
  listId = (await t.http().post('/v1/admin/newsletter/lists').set(admin.auth).send({ name: 'Weekly round-up' })).body.id;
  consentTextId = (await t.http().post('/v1/admin/newsletter/consent-texts').set(admin.auth).send({ text: 'I agree to receive the weekly round-up.' })).body.id;
}, 120_000);

afterAll(async () => {
  await t?.close();
  console.log(`[limits] ${figures.join('; ')}`);
});

async function pair(trusted: boolean): Promise<[ApiProcess, ApiProcess]> {
  const o = { databaseUrl: databaseUrl(), schema: t.schema, env: { ...env, ...(trusted ? { TRUSTED_PROXIES: '127.0.0.1' } : {}) } };
  return Promise.all([spawnApi(trusted ? 'trusting-a' : 'plain-a', o), spawnApi(trusted ? 'trusting-b' : 'plain-b', o)]);
}

const uniq = () => randomBytes(4).toString('hex');

function signup(api: ApiProcess, xff?: string): Promise<Reply> {
  return call(api.url, 'POST', '/v1/content/newsletter/subscriptions', {
    headers: { 'X-Api-Key': apiKey, ...(xff ? { 'X-Forwarded-For': xff, 'X-Real-IP': xff.split(',')[0]!.trim() } : {}) },
    json: { email: `flood-${uniq()}@test.example`, lists: [listId], consentTextId },
  });
}

function login(api: ApiProcess, email: string, password: string, xff?: string): Promise<Reply> {
  return call(api.url, 'POST', '/v1/auth/login', { headers: xff ? { 'X-Forwarded-For': xff } : {}, json: { email, password } });
}

async function account(): Promise<{ email: string; password: string }> {
  const email = `brute-${uniq()}@test.example`;
  const password = `right-password-${uniq()}`;
  await t.app.get(AccountsService).create({ email, displayName: 'Target', role: 'editor', password });
  return { email, password };
}

const tally = (rs: Reply[]) => rs.reduce<Record<number, number>>((m, r) => ((m[r.status] = (m[r.status] ?? 0) + 1), m), {});
const randomIp = (k: number) => `198.51.${(k >> 8) & 255}.${k & 255}`;

describe('without TRUSTED_PROXIES (X-Forwarded-For is not believed)', () => {
  let a: ApiProcess;
  let b: ApiProcess;
  beforeAll(async () => {
    [a, b] = await pair(false);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it(`a signup flood of 60 from one address over two instances: exactly ${PER_IP} accepted`, async () => {
    const rs = await Promise.all(Array.from({ length: 60 }, (_, k) => signup(k % 2 ? b : a)));
    expect(tally(rs)).toEqual({ 202: PER_IP, 429: 60 - PER_IP });
    expect(new Set(rs.filter((r) => r.status === 429).map((r) => r.body.error.code))).toEqual(new Set(['NEWSLETTER_RATE_LIMITED']));
    expect(rs.filter((r) => r.status === 429).every((r) => Number(r.headers.get('retry-after')) >= 1)).toBe(true);
    const stored = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM newsletter_subscribers WHERE email LIKE 'flood-%'`);
    expect(stored[0]!.n).toBe(PER_IP);
    figures.push(`signup flood, 1 address, 2 instances: 60 sent, ${PER_IP} accepted, ${60 - PER_IP} x 429`);
  });

  it('then 100 more, each with a different spoofed X-Forwarded-For: all refused', async () => {
    const rs = await Promise.all(Array.from({ length: 100 }, (_, k) => signup(k % 2 ? b : a, randomIp(k))));
    expect(tally(rs)).toEqual({ 429: 100 });
    figures.push('signup with 100 spoofed X-Forwarded-For addresses (untrusted): 0 accepted');
  });

  it(`login brute force on one account from one address, alternating instances: ${MAX_FAILURES} guesses, then locked (even the right password)`, async () => {
    const target = await account();
    const rs: Reply[] = [];
    for (let k = 0; k < 20; k++) rs.push(await login(k % 2 ? b : a, target.email, `wrong-${k}`));
    expect(rs.map((r) => r.status)).toEqual([...Array(MAX_FAILURES).fill(401), ...Array(20 - MAX_FAILURES).fill(429)]);
    expect((await login(a, target.email, target.password)).status).toBe(429);
    expect((await login(b, target.email, target.password)).status).toBe(429);
    figures.push(`login brute force, sequential over 2 instances: ${MAX_FAILURES} guesses evaluated of 20, then 429`);
  });

  it(`a parallel burst of 40 guesses over both instances evaluates at most ${MAX_FAILURES}`, async () => {
    const target = await account();
    const rs = await Promise.all(Array.from({ length: 40 }, (_, k) => login(k % 2 ? b : a, target.email, `wrong-${k}`)));
    const evaluated = rs.filter((r) => r.status === 401).length;
    figures.push(`login brute force, 40 in parallel over 2 instances: ${evaluated} guesses evaluated (${JSON.stringify(tally(rs))})`);
    expect(rs.every((r) => r.status === 401 || r.status === 429)).toBe(true);
    expect(evaluated).toBeLessThanOrEqual(MAX_FAILURES);
  });

  it('login guesses with a different spoofed X-Forwarded-For each: still one budget', async () => {
    const target = await account();
    const rs: Reply[] = [];
    for (let k = 0; k < 20; k++) rs.push(await login(k % 2 ? b : a, target.email, `wrong-${k}`, randomIp(1000 + k)));
    expect(rs.filter((r) => r.status === 401)).toHaveLength(MAX_FAILURES);
    figures.push(`login with 20 spoofed X-Forwarded-For (untrusted): ${MAX_FAILURES} guesses evaluated`);
  });
});

describe('with TRUSTED_PROXIES=127.0.0.1 (the proxy on the socket is believed)', () => {
  let a: ApiProcess;
  let b: ApiProcess;
  beforeAll(async () => {
    [a, b] = await pair(true);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it(`each client named by the proxy has its own budget of ${PER_IP}, held across instances`, async () => {
    for (const client of ['203.0.113.7', '203.0.113.8']) {
      const rs = await Promise.all(Array.from({ length: 30 }, (_, k) => signup(k % 2 ? b : a, client)));
      expect(tally(rs), client).toEqual({ 202: PER_IP, 429: 30 - PER_IP });
    }
    figures.push(`trusted proxy: 2 clients x 30 signups over 2 instances: ${PER_IP} accepted each`);
  });

  it('a client that puts a spoofed address in front of the one the proxy appends gains nothing', async () => {
    const rs = await Promise.all(Array.from({ length: 30 }, (_, k) => signup(k % 2 ? b : a, `${randomIp(2000 + k)}, 203.0.113.9`)));
    expect(tally(rs)).toEqual({ 202: PER_IP, 429: 30 - PER_IP });
    figures.push(`trusted proxy, spoofed left-most X-Forwarded-For: ${PER_IP} accepted of 30`);
  });

  it('login guesses are counted per client the proxy names, across instances', async () => {
    const target = await account();
    const rs: Reply[] = [];
    for (let k = 0; k < 12; k++) rs.push(await login(k % 2 ? b : a, target.email, `wrong-${k}`, `${randomIp(3000 + k)}, 203.0.113.20`));
    expect(rs.map((r) => r.status)).toEqual([...Array(MAX_FAILURES).fill(401), ...Array(12 - MAX_FAILURES).fill(429)]);
    // the lock is per account and client: the account's owner elsewhere can still log in
    expect((await login(a, target.email, target.password, '203.0.113.21')).status).toBe(200);
    figures.push(`trusted proxy, login: ${MAX_FAILURES} guesses per client, then 429; another client unaffected`);
  });
});
