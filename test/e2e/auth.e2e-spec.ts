import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountsService } from '#libs/identity';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';

let t: TestApp;
let admin: Credential;

beforeAll(async () => {
  t = await createTestApp();
  admin = await actingAs(t, 'admin');
});
afterAll(() => t?.close());

describe('login', () => {
  it('returns an access and a refresh token that work', async () => {
    const me = await t.http().get('/v1/auth/me').set(admin.auth);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: admin.email, role: 'admin' });
    expect(me.body.permissions).toContain('accounts.manage');
  });

  it('me lists what the role may do, so a client offers only that', async () => {
    const writer = await actingAs(t, 'contributor');
    const me = await t.http().get('/v1/auth/me').set(writer.auth);
    expect(me.body.permissions).toEqual(['self.read', 'articles.read', 'articles.write', 'contributors.read', 'images.read', 'images.write']);
  });

  it('gives unknown accounts, wrong passwords and deactivated accounts the same answer', async () => {
    const deactivated = await t.app
      .get(AccountsService)
      .create({ email: 'gone@test.example', displayName: 'Gone', role: 'editor', password: 'pw-deactivated-123', status: 'deactivated' });
    const answers = await Promise.all([
      t.http().post('/v1/auth/login').send({ email: 'nobody@test.example', password: 'whatever' }),
      t.http().post('/v1/auth/login').send({ email: admin.email, password: 'wrong-password' }),
      t.http().post('/v1/auth/login').send({ email: deactivated.email, password: 'pw-deactivated-123' }),
    ]);
    for (const a of answers) {
      expect(a.status).toBe(401);
      expect(a.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
      expect(a.body.error.message).toBe(answers[0]!.body.error.message);
    }
  });

  it('backs off per account and address after 5 failures, for known and unknown accounts alike', async () => {
    const known = await actingAs(t, 'editor');
    const login = (email: string, password: string) => t.http().post('/v1/auth/login').send({ email, password });
    for (const email of [known.email, 'unknown-person@test.example']) {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await login(email, 'bad-guess')).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401]);
      // the 5th failure locks the pair for 1 s: the checks come right after it (on a slow
      // machine a whole loop of argon2 verifications outlasts the lock)
      if (email === known.email) {
        // even the right password waits out the lock
        const right = await login(email, known.password);
        expect(right.status).toBe(429);
      }
      const locked = await login(email, 'bad-guess');
      expect(locked.status).toBe(429);
      expect(locked.body.error.code).toBe('AUTH_LOGIN_THROTTLED');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    // another account is unaffected
    const other = await actingAs(t, 'editor');
    expect(other.accessToken).toBeTruthy();
  });
});

describe('refresh and logout', () => {
  it('rotates refresh tokens and revokes the session when an old one is replayed', async () => {
    const c = await actingAs(t, 'contributor');
    const r1 = await t.http().post('/v1/auth/refresh').send({ refreshToken: c.refreshToken });
    expect(r1.status).toBe(200);
    expect(r1.body.refreshToken).not.toBe(c.refreshToken);
    const me = await t
      .http()
      .get('/v1/auth/me')
      .set({ Authorization: `Bearer ${r1.body.accessToken}` });
    expect(me.status).toBe(200);

    const replay = await t.http().post('/v1/auth/refresh').send({ refreshToken: c.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('AUTH_REFRESH_TOKEN_REUSED');
    // the whole session is gone: the newest tokens stop working too
    const after = await t.http().post('/v1/auth/refresh').send({ refreshToken: r1.body.refreshToken });
    expect(after.status).toBe(401);
    const me2 = await t
      .http()
      .get('/v1/auth/me')
      .set({ Authorization: `Bearer ${r1.body.accessToken}` });
    expect(me2.status).toBe(401);
    expect(me2.body.error.code).toBe('AUTH_SESSION_REVOKED');
  });

  it('logout revokes the access token at once', async () => {
    const c = await actingAs(t, 'editor');
    expect((await t.http().post('/v1/auth/logout').set(c.auth)).status).toBe(204);
    const me = await t.http().get('/v1/auth/me').set(c.auth);
    expect(me.status).toBe(401);
    const refresh = await t.http().post('/v1/auth/refresh').send({ refreshToken: c.refreshToken });
    expect(refresh.status).toBe(401);
  });

  it('refuses forged, expired-looking and missing tokens', async () => {
    const [h, p] = admin.accessToken.split('.');
    const forged = await t
      .http()
      .get('/v1/auth/me')
      .set({ Authorization: `Bearer ${h}.${p}.AAAA` });
    expect(forged.body.error.code).toBe('AUTH_TOKEN_INVALID');
    const none = await t.http().get('/v1/auth/me');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('AUTH_TOKEN_MISSING');
  });
});

describe('content API keys', () => {
  it('are shown once, stored hashed, and stop working when revoked', async () => {
    const key = await contentKey(t, admin);
    const ok = await t.http().get('/v1/content/status').set('X-Api-Key', key);
    expect(ok.status).toBe(200);
    const viaQuery = await t.http().get(`/v1/content/status?key=${encodeURIComponent(key)}`);
    expect(viaQuery.status).toBe(200);

    const stored = await t.sql<{ key_hash: string }>('SELECT key_hash FROM api_keys');
    expect(stored.map((r) => r.key_hash)).not.toContain(key);
    const list = await t.http().get('/v1/admin/api-keys').set(admin.auth);
    expect(JSON.stringify(list.body)).not.toContain(key);

    const id = list.body.find((k: { keyPrefix: string }) => key.startsWith(k.keyPrefix)).id;
    expect((await t.http().delete(`/v1/admin/api-keys/${id}`).set(admin.auth)).status).toBe(200);
    const refused = await t.http().get('/v1/content/status').set('X-Api-Key', key);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('API_KEY_INVALID');
  });

  it('only admins manage keys; an access token is not an API key', async () => {
    const editor = await actingAs(t, 'editor');
    const r = await t.http().post('/v1/admin/api-keys').set(editor.auth).send({ name: 'sneaky' });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('AUTH_FORBIDDEN');
    const noKey = await t.http().get('/v1/content/status').set(admin.auth);
    expect(noKey.status).toBe(401);
    expect(noKey.body.error.code).toBe('API_KEY_MISSING');
    const rows = await t.sql<{ n: string }>(`SELECT count(*)::text AS n FROM api_keys WHERE name = 'sneaky'`);
    expect(rows[0]!.n).toBe('0');
  });
});
