import { describe, expect, it } from 'vitest';
import { signAccessToken, verifyAccessToken } from './access-token.js';
import { PERMISSIONS, loginLockMs, normalizeEmail, roleGrants } from './identity.rules.js';

describe('role matrix', () => {
  it('admins hold every permission', () => {
    expect(PERMISSIONS.filter((p) => !roleGrants('admin', p))).toEqual([]);
  });
  it('editors hold everything contributors do, plus review and publish', () => {
    expect(PERMISSIONS.filter((p) => roleGrants('contributor', p) && !roleGrants('editor', p))).toEqual([]);
    expect(roleGrants('editor', 'articles.publish')).toBe(true);
    expect(roleGrants('contributor', 'articles.publish')).toBe(false);
  });
  it('only admins manage accounts and API keys', () => {
    for (const p of ['accounts.manage', 'api_keys.manage', 'audit.read'] as const) {
      expect([roleGrants('contributor', p), roleGrants('editor', p), roleGrants('admin', p)]).toEqual([false, false, true]);
    }
  });
});

describe('login backoff', () => {
  it('starts after max failures and doubles up to 15 minutes', () => {
    expect([1, 4].map((n) => loginLockMs(n, 5))).toEqual([0, 0]);
    expect([5, 6, 7].map((n) => loginLockMs(n, 5))).toEqual([1000, 2000, 4000]);
    expect(loginLockMs(40, 5)).toBe(15 * 60_000);
  });
});

describe('access tokens', () => {
  const secret = 's'.repeat(32);
  const claims = { sub: 'a', sid: 'b', role: 'editor' as const, iat: 100, exp: 200 };
  it('round-trips and expires', () => {
    const t = signAccessToken(claims, secret);
    expect(verifyAccessToken(t, secret, 150)).toEqual({ ok: true, claims });
    expect(verifyAccessToken(t, secret, 200)).toEqual({ ok: false, reason: 'expired' });
  });
  it('rejects another key and tampered payloads', () => {
    const t = signAccessToken(claims, secret);
    expect(verifyAccessToken(t, 'x'.repeat(32), 150)).toEqual({ ok: false, reason: 'signature' });
    const [h, , s] = t.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    expect(verifyAccessToken(`${h}.${forged}.${s}`, secret, 150)).toEqual({ ok: false, reason: 'signature' });
    expect(verifyAccessToken('not.a.jwt', secret, 150)).toEqual({ ok: false, reason: 'malformed' });
  });
  it('normalizes e-mail', () => {
    expect(normalizeEmail('  Ada@Example.ORG ')).toBe('ada@example.org');
  });
});
