import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleGrants, type AccessPolicy, type Role } from '#libs/identity';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { collectRoutes, type RouteInfo } from '../support/routes.js';

/**
 * The role matrix, generated from the routes' metadata: every route under /v1/admin and every
 * non-public /v1/auth route, called by one credential per kind of caller. A route added later
 * is covered without touching this file; a route without an access policy fails it.
 */

type Who = 'anonymous' | 'contributor' | 'editor' | 'admin' | 'api_key' | 'deactivated';
type Outcome = 'unauthenticated' | 'forbidden' | 'allowed';

const WHO: readonly Who[] = ['anonymous', 'contributor', 'editor', 'admin', 'api_key', 'deactivated'];
const ROLE_OF: Partial<Record<Who, Role>> = { contributor: 'contributor', editor: 'editor', admin: 'admin' };

/** RULE (the matrix): what each kind of caller must get from a route with this policy. */
function expectedOutcome(policy: AccessPolicy, who: Who): Outcome {
  const role = ROLE_OF[who];
  switch (policy.kind) {
    case 'public':
      return 'allowed';
    case 'content':
      return who === 'api_key' ? 'allowed' : 'unauthenticated';
    case 'content-or-permission':
      if (who === 'api_key') return 'allowed';
      if (!role) return 'unauthenticated';
      return roleGrants(role, policy.permission) ? 'allowed' : 'forbidden';
    case 'authenticated':
      return role ? 'allowed' : 'unauthenticated';
    case 'permission':
      if (!role) return 'unauthenticated';
      return roleGrants(role, policy.permission) ? 'allowed' : 'forbidden';
  }
}

const outcomeOf = (status: number): Outcome => (status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : 'allowed');

const isAdminRoute = (r: RouteInfo) => r.path === '/v1/admin' || r.path.startsWith('/v1/admin/');
const isAuthRoute = (r: RouteInfo) => r.path === '/v1/auth' || r.path.startsWith('/v1/auth/');
/** In the matrix: every admin route, and every /v1/auth route that is not public (login, refresh, ...). */
const inMatrix = (r: RouteInfo) => isAdminRoute(r) || (isAuthRoute(r) && r.policy?.kind !== 'public');

let t: TestApp;
let routes: RouteInfo[];
const creds: Partial<Record<Who, Credential>> = {};
let apiKey: string;
const exercised = new Map<Who, Set<string>>();

beforeAll(async () => {
  t = await createTestApp();
  creds.admin = await actingAs(t, 'admin');
  creds.editor = await actingAs(t, 'editor');
  creds.contributor = await actingAs(t, 'contributor');
  apiKey = await contentKey(t, creds.admin);
  // logged in first, then deactivated through the API: its access token is still unexpired
  creds.deactivated = await actingAs(t, 'editor');
  const off = await t.http().post(`/v1/admin/accounts/${creds.deactivated.accountId}/deactivate`).set(creds.admin.auth);
  if (off.status !== 200) throw new Error(`deactivation failed: ${off.status} ${JSON.stringify(off.body)}`);
  routes = collectRoutes(t.app).filter((r) => isAdminRoute(r) || isAuthRoute(r));
});
afterAll(() => t?.close());

function headersOf(who: Who): Record<string, string> {
  if (who === 'anonymous') return {};
  if (who === 'api_key') return { 'X-Api-Key': apiKey };
  return creds[who]!.auth;
}

/** Logs a credential in again if a route it called (logout, ...) ended its session. */
async function keepLoggedIn(who: Who): Promise<void> {
  const c = creds[who];
  if (!c || who === 'deactivated') return;
  if ((await t.http().get('/v1/auth/me').set(c.auth)).status === 200) return;
  const res = await t.http().post('/v1/auth/login').send({ email: c.email, password: c.password });
  if (res.status !== 200) throw new Error(`${who} could not log in again: ${res.status} ${JSON.stringify(res.body)}`);
  creds[who] = { ...c, accessToken: res.body.accessToken, refreshToken: res.body.refreshToken, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
}

async function call(route: RouteInfo, who: Who): Promise<number> {
  const path = route.path.replace(/\{[^}]+\}/g, () => randomUUID()).replace(/\*/g, 'x');
  const method = (route.method === 'ALL' ? 'GET' : route.method).toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options';
  let req = t.http()[method](path).set(headersOf(who)).timeout(20_000);
  if (['post', 'put', 'patch', 'delete'].includes(method)) req = req.set('content-type', 'application/json').send({});
  const res = await req;
  return res.status;
}

describe('route policies', () => {
  it('every admin and auth route declares an access policy', () => {
    const missing = routes.filter((r) => !r.policy).map((r) => `${r.method} ${r.path}`);
    expect(missing, 'routes without @Public/@Authenticated/@RequirePermission/@ContentApi').toEqual([]);
    expect(routes.filter(isAdminRoute).length).toBeGreaterThan(0);
  });
});

describe('role matrix', () => {
  for (const who of WHO) {
    it(`${who}: gets 401 / 403 / through exactly as each route's policy says`, async () => {
      if (who !== 'anonymous' && who !== 'api_key' && who !== 'deactivated') {
        expect((await t.http().get('/v1/auth/me').set(headersOf(who))).status).toBe(200);
      }
      const wrong: string[] = [];
      const seen = new Set<string>();
      exercised.set(who, seen);
      for (const route of routes.filter(inMatrix)) {
        const key = `${route.method} ${route.path}`;
        if (!route.policy) {
          wrong.push(`${key}: declares no access policy`);
          continue;
        }
        const expected = expectedOutcome(route.policy, who);
        const status = await call(route, who);
        seen.add(key);
        if (outcomeOf(status) !== expected) wrong.push(`${key} (${JSON.stringify(route.policy)}): expected ${expected}, got ${status}`);
        if (route.method !== 'GET') await keepLoggedIn(who);
      }
      expect(wrong).toEqual([]);
    });
  }

  it('covers 100 % of admin routes for every caller', () => {
    const adminRoutes = new Set(routes.filter(isAdminRoute).map((r) => `${r.method} ${r.path}`));
    expect(adminRoutes.size).toBeGreaterThan(0);
    for (const who of WHO) {
      const seen = exercised.get(who) ?? new Set<string>();
      const adminSeen = [...seen].filter((k) => adminRoutes.has(k));
      expect({ who, exercised: adminSeen.length }).toEqual({ who, exercised: adminRoutes.size });
    }
  });

  it('the deactivated credential was really logged in, and is now refused', async () => {
    const c = creds.deactivated!;
    const me = await t.http().get('/v1/auth/me').set(c.auth);
    expect([me.status, me.body.error.code]).toEqual([401, 'AUTH_SESSION_REVOKED']);
    const rows = await t.sql<{ status: string }>(`SELECT status FROM accounts WHERE id = $1`, [c.accountId]);
    expect(rows).toEqual([{ status: 'deactivated' }]);
  });
});

describe('the matrix rule', () => {
  it('maps policies to outcomes as designed', () => {
    const row = (p: AccessPolicy) => WHO.map((w) => expectedOutcome(p, w));
    expect(row({ kind: 'permission', permission: 'accounts.manage' })).toEqual(['unauthenticated', 'forbidden', 'forbidden', 'allowed', 'unauthenticated', 'unauthenticated']);
    expect(row({ kind: 'permission', permission: 'articles.publish' })).toEqual(['unauthenticated', 'forbidden', 'allowed', 'allowed', 'unauthenticated', 'unauthenticated']);
    expect(row({ kind: 'authenticated' })).toEqual(['unauthenticated', 'allowed', 'allowed', 'allowed', 'unauthenticated', 'unauthenticated']);
    expect(row({ kind: 'content' })).toEqual(['unauthenticated', 'unauthenticated', 'unauthenticated', 'unauthenticated', 'allowed', 'unauthenticated']);
  });
});
