import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '#libs/kernel';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';

let t: TestApp;
let admin: Credential;

beforeAll(async () => {
  t = await createTestApp({ env: { PUBLIC_BASE_URL: 'https://cms.example.org' } });
  admin = await actingAs(t, 'admin');
});
afterAll(() => t?.close());

const uniqueEmail = (tag: string) => `${tag}-${randomBytes(4).toString('hex')}@test.example`;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  category: string;
}

/** The mails queued for an address, newest first (read from the outbox: no SMTP in tests). */
const mailsTo = async (email: string) =>
  (await t.sql<{ payload: Mail }>(`SELECT payload FROM outbox_messages WHERE topic = 'mail.send' AND payload->>'to' = $1 ORDER BY created_at DESC`, [email])).map((r) => r.payload);

const tokenIn = (mail: Mail, page: string): string => {
  const m = new RegExp(`https://cms\\.example\\.org/${page}\\?token=([A-Za-z0-9%_-]+)`).exec(mail.text);
  if (!m) throw new Error(`no ${page} link in: ${mail.text}`);
  return decodeURIComponent(m[1]!);
};

const auditOf = (action: string, targetId: string) =>
  t.sql<{
    actor_id: string | null;
    actor_label: string;
    summary: { before?: Record<string, unknown>; after?: Record<string, unknown>; sessionsRevoked?: number };
    request_id: string | null;
    ip: string | null;
  }>(`SELECT actor_id, actor_label, summary, request_id, ip FROM audit_log WHERE action = $1 AND target_id = $2 ORDER BY at`, [action, targetId]);

const counts = async () =>
  (
    await t.sql<{ accounts: string; tokens: string; mails: string; audit: string }>(
      `SELECT (SELECT count(*) FROM accounts)::text accounts, (SELECT count(*) FROM account_tokens)::text tokens,
              (SELECT count(*) FROM outbox_messages)::text mails, (SELECT count(*) FROM audit_log)::text audit`,
    )
  )[0];

async function invite(role: 'admin' | 'editor' | 'contributor' = 'editor', email = uniqueEmail(role)) {
  const res = await t
    .http()
    .post('/v1/admin/accounts')
    .set(admin.auth)
    .send({ email, displayName: `Invited ${role}`, role });
  expect(res.status).toBe(201);
  const [mail] = await mailsTo(email);
  return { id: res.body.id as string, email, body: res.body, mail: mail!, token: tokenIn(mail!, 'accept-invite') };
}

async function login(email: string, password: string) {
  return t.http().post('/v1/auth/login').send({ email, password });
}

describe('invite -> accept -> login -> deactivate -> token refused', () => {
  it('walks the whole life of an account, auditing each step', async () => {
    const email = uniqueEmail('Reporter').toUpperCase();
    const res = await t.http().post('/v1/admin/accounts').set(admin.auth).set('x-request-id', 'req-invite-1').send({ email, displayName: 'Ada Reporter', role: 'editor' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: email.toLowerCase(), displayName: 'Ada Reporter', role: 'editor', status: 'invited', hasPassword: false });
    expect(res.body.passwordHash).toBeUndefined();
    const id = res.body.id as string;

    // the invitation is an outbox mail with a single-use link; only its hash is stored
    const [mail] = await mailsTo(email.toLowerCase());
    expect(mail).toMatchObject({ subject: expect.stringContaining('invitation'), category: 'account.invite' });
    const token = tokenIn(mail!, 'accept-invite');
    const stored = await t.sql<{ token_hash: string; purpose: string; expires_at: Date }>(`SELECT token_hash, purpose, expires_at FROM account_tokens WHERE account_id = $1`, [id]);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.purpose).toBe('invite');
    expect(stored[0]!.token_hash).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored[0]!.expires_at.getTime() - Date.now()).toBeGreaterThan(6 * 24 * 3600_000);

    // an invited account cannot log in yet
    expect((await login(email, 'whatever-password')).status).toBe(401);

    const accepted = await t.http().post('/v1/auth/invites/accept').send({ token, password: 'a long enough password', displayName: 'Ada R.' });
    expect(accepted.status).toBe(204);
    const row = (await t.sql<{ status: string; display_name: string; password_hash: string }>(`SELECT status, display_name, password_hash FROM accounts WHERE id = $1`, [id]))[0]!;
    expect(row).toMatchObject({ status: 'active', display_name: 'Ada R.' });
    expect(row.password_hash).toMatch(/^\$argon2id\$/);

    const session = await login(email, 'a long enough password');
    expect(session.status).toBe(200);
    const me = await t.http().get('/v1/auth/me').set(bearer(session.body.accessToken));
    expect(me.body).toMatchObject({ id, role: 'editor' });

    const deactivated = await t.http().post(`/v1/admin/accounts/${id}/deactivate`).set(admin.auth).set('x-request-id', 'req-deactivate-1');
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.status).toBe('deactivated');

    // the very next request with the (unexpired) access token is refused, and so is the refresh token
    const refused = await t.http().get('/v1/auth/me').set(bearer(session.body.accessToken));
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('AUTH_SESSION_REVOKED');
    expect((await t.http().post('/v1/auth/refresh').send({ refreshToken: session.body.refreshToken })).status).toBe(401);
    expect((await login(email, 'a long enough password')).status).toBe(401);
    const open = await t.sql(`SELECT id FROM sessions WHERE account_id = $1 AND revoked_at IS NULL`, [id]);
    expect(open).toEqual([]);

    // audit: who, what, target, before/after, request id, address
    const [inv] = await auditOf('account.invite', id);
    expect(inv).toMatchObject({ actor_id: admin.accountId, actor_label: admin.email, request_id: 'req-invite-1', ip: '127.0.0.1' });
    expect(inv!.summary.after).toMatchObject({ role: 'editor', status: 'invited' });
    const [acc] = await auditOf('account.invite_accept', id);
    expect(acc).toMatchObject({ actor_id: id, actor_label: email.toLowerCase(), ip: '127.0.0.1' });
    expect(acc!.summary).toMatchObject({ before: { status: 'invited' }, after: { status: 'active', displayName: 'Ada R.' } });
    expect(await auditOf('auth.login', id)).toHaveLength(1);
    const [deact] = await auditOf('account.deactivate', id);
    expect(deact).toMatchObject({ actor_id: admin.accountId, request_id: 'req-deactivate-1', ip: '127.0.0.1' });
    expect(deact!.summary).toMatchObject({ before: { status: 'active' }, after: { status: 'deactivated' }, sessionsRevoked: 1 });
  });

  it('a deactivated account keeps its row and can be reactivated; its old tokens stay dead', async () => {
    const editor = await actingAs(t, 'editor');
    expect((await t.http().post(`/v1/admin/accounts/${editor.accountId}/deactivate`).set(admin.auth)).status).toBe(200);
    const again = await t.http().post(`/v1/admin/accounts/${editor.accountId}/deactivate`).set(admin.auth);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ACCOUNT_ALREADY_DEACTIVATED');

    const re = await t.http().post(`/v1/admin/accounts/${editor.accountId}/reactivate`).set(admin.auth);
    expect(re.status).toBe(200);
    expect(re.body.status).toBe('active');
    expect((await t.http().get('/v1/auth/me').set(editor.auth)).status).toBe(401);
    expect((await login(editor.email, editor.password)).status).toBe(200);
    const [audit] = await auditOf('account.reactivate', editor.accountId);
    expect(audit!.summary).toMatchObject({ before: { status: 'deactivated' }, after: { status: 'active' } });

    const twice = await t.http().post(`/v1/admin/accounts/${editor.accountId}/reactivate`).set(admin.auth);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('ACCOUNT_NOT_DEACTIVATED');
  });

  it('deactivating an invited account kills its invitation; reactivating returns it to invited', async () => {
    const inv = await invite('contributor');
    expect((await t.http().post(`/v1/admin/accounts/${inv.id}/deactivate`).set(admin.auth)).status).toBe(200);
    const refused = await t.http().post('/v1/auth/invites/accept').send({ token: inv.token, password: 'a long enough password' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('ACCOUNT_TOKEN_INVALID');
    const re = await t.http().post(`/v1/admin/accounts/${inv.id}/reactivate`).set(admin.auth);
    expect(re.body.status).toBe('invited');
    // the old link stays dead even though the account is invited again
    expect((await t.http().post('/v1/auth/invites/accept').send({ token: inv.token, password: 'a long enough password' })).status).toBe(400);
  });
});

describe('invitations', () => {
  it('a token works once', async () => {
    const inv = await invite();
    expect((await t.http().post('/v1/auth/invites/accept').send({ token: inv.token, password: 'first password here' })).status).toBe(204);
    const second = await t.http().post('/v1/auth/invites/accept').send({ token: inv.token, password: 'second password here' });
    expect(second.status).toBe(400);
    expect(second.body.error.code).toBe('ACCOUNT_TOKEN_INVALID');
    expect((await login(inv.email, 'first password here')).status).toBe(200);
    expect((await login(inv.email, 'second password here')).status).toBe(401);
  });

  it('two parallel accepts of one token: exactly one wins', async () => {
    const inv = await invite();
    const answers = await Promise.all(
      ['parallel password one', 'parallel password two'].map((password) => t.http().post('/v1/auth/invites/accept').send({ token: inv.token, password })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([204, 400]);
    expect(await auditOf('account.invite_accept', inv.id)).toHaveLength(1);
  });

  it('an expired invitation is refused (checked by another api instance whose clock is 8 days ahead)', async () => {
    const inv = await invite();
    const later = await createTestApp({ schema: t.schema, clock: new FixedClock(new Date(Date.now() + 8 * 24 * 3600_000)) });
    try {
      const res = await later.http().post('/v1/auth/invites/accept').send({ token: inv.token, password: 'a long enough password' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('ACCOUNT_TOKEN_INVALID');
    } finally {
      await later.close();
    }
    const row = (await t.sql<{ status: string }>(`SELECT status FROM accounts WHERE id = $1`, [inv.id]))[0]!;
    expect(row.status).toBe('invited');
    // still valid now, on this instance
    expect((await t.http().post('/v1/auth/invites/accept').send({ token: inv.token, password: 'a long enough password' })).status).toBe(204);
  });

  it('resending replaces the link: the old one stops working, the new one works', async () => {
    const inv = await invite();
    const res = await t.http().post(`/v1/admin/accounts/${inv.id}/invitations`).set(admin.auth);
    expect(res.status).toBe(201);
    const mails = await mailsTo(inv.email);
    expect(mails).toHaveLength(2);
    const fresh = tokenIn(mails[0]!, 'accept-invite');
    expect(fresh).not.toBe(inv.token);
    expect((await t.http().post('/v1/auth/invites/accept').send({ token: inv.token, password: 'a long enough password' })).status).toBe(400);
    expect((await t.http().post('/v1/auth/invites/accept').send({ token: fresh, password: 'a long enough password' })).status).toBe(204);
    expect(await auditOf('account.invite_resend', inv.id)).toHaveLength(1);
    const notInvited = await t.http().post(`/v1/admin/accounts/${inv.id}/invitations`).set(admin.auth);
    expect(notInvited.status).toBe(409);
    expect(notInvited.body.error.code).toBe('ACCOUNT_NOT_INVITED');
  });

  it('a short password is refused and nothing changes', async () => {
    const inv = await invite();
    const before = await counts();
    const res = await t.http().post('/v1/auth/invites/accept').send({ token: inv.token, password: 'too short' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ACCOUNT_PASSWORD_TOO_SHORT');
    expect(res.body.error.details[0].field).toBe('password');
    expect(await counts()).toEqual(before);
    const row = (await t.sql<{ status: string; password_hash: string | null }>(`SELECT status, password_hash FROM accounts WHERE id = $1`, [inv.id]))[0]!;
    expect(row).toEqual({ status: 'invited', password_hash: null });
  });

  it('unknown tokens, bad bodies, duplicate addresses and non-admins change nothing', async () => {
    const taken = await invite();
    const editor = await actingAs(t, 'editor');
    const before = await counts();
    const cases: [() => Promise<{ status: number; body: { error?: { code: string } } }>, number, string][] = [
      [
        () =>
          t
            .http()
            .post('/v1/auth/invites/accept')
            .send({ token: 'x'.repeat(43), password: 'a long enough password' }),
        400,
        'ACCOUNT_TOKEN_INVALID',
      ],
      [() => t.http().post('/v1/auth/invites/accept').send({ token: taken.token }), 400, 'VALIDATION_FAILED'],
      [() => t.http().post('/v1/admin/accounts').set(admin.auth).send({ email: 'x@test.example', displayName: 'X', role: 'owner' }), 400, 'VALIDATION_FAILED'],
      [() => t.http().post('/v1/admin/accounts').set(admin.auth).send({ email: 'not-an-address', displayName: 'X', role: 'editor' }), 400, 'VALIDATION_FAILED'],
      [() => t.http().post('/v1/admin/accounts').set(admin.auth).send({ email: 'y@test.example', displayName: 'Y', role: 'editor', status: 'active' }), 400, 'VALIDATION_FAILED'],
      [() => t.http().post('/v1/admin/accounts').set(admin.auth).send({ email: taken.email.toUpperCase(), displayName: 'Dup', role: 'editor' }), 409, 'ACCOUNT_EMAIL_TAKEN'],
      [() => t.http().post('/v1/admin/accounts').set(editor.auth).send({ email: 'z@test.example', displayName: 'Z', role: 'admin' }), 403, 'AUTH_FORBIDDEN'],
      [() => t.http().post('/v1/admin/accounts').send({ email: 'z@test.example', displayName: 'Z', role: 'admin' }), 401, 'AUTH_TOKEN_MISSING'],
    ];
    for (const [send, status, code] of cases) {
      const res = await send();
      expect([res.status, res.body.error?.code]).toEqual([status, code]);
    }
    expect(await counts()).toEqual(before);
  });
});

describe('roles', () => {
  it('an admin changes a role; it applies on the next request; audited with before/after', async () => {
    const editor = await actingAs(t, 'editor');
    expect((await t.http().get('/v1/admin/accounts').set(editor.auth)).status).toBe(403);
    const up = await t.http().put(`/v1/admin/accounts/${editor.accountId}/role`).set(admin.auth).send({ role: 'admin' });
    expect(up.status).toBe(200);
    expect(up.body.role).toBe('admin');
    expect((await t.http().get('/v1/admin/accounts').set(editor.auth)).status).toBe(200);
    const down = await t.http().put(`/v1/admin/accounts/${editor.accountId}/role`).set(admin.auth).send({ role: 'contributor' });
    expect(down.body.role).toBe('contributor');
    expect((await t.http().get('/v1/admin/accounts').set(editor.auth)).status).toBe(403);
    const audit = await auditOf('account.role_change', editor.accountId);
    expect(audit.map((a) => [a.summary.before?.role, a.summary.after?.role])).toEqual([
      ['editor', 'admin'],
      ['admin', 'contributor'],
    ]);
    // same role again: nothing to record
    await t.http().put(`/v1/admin/accounts/${editor.accountId}/role`).set(admin.auth).send({ role: 'contributor' });
    expect(await auditOf('account.role_change', editor.accountId)).toHaveLength(2);
  });

  it('nobody can raise their own role: a self-demoted admin cannot climb back', async () => {
    const second = await actingAs(t, 'admin');
    const self = await t.http().put(`/v1/admin/accounts/${second.accountId}/role`).set(second.auth).send({ role: 'editor' });
    expect(self.status).toBe(200);
    const back = await t.http().put(`/v1/admin/accounts/${second.accountId}/role`).set(second.auth).send({ role: 'admin' });
    expect(back.status).toBe(403);
    const row = (await t.sql<{ role: string }>(`SELECT role FROM accounts WHERE id = $1`, [second.accountId]))[0]!;
    expect(row.role).toBe('editor');
  });

  it('non-admins manage nothing; bad roles and unknown ids are refused', async () => {
    const editor = await actingAs(t, 'editor');
    const contributor = await actingAs(t, 'contributor');
    for (const c of [editor, contributor]) {
      const r = await t.http().put(`/v1/admin/accounts/${c.accountId}/role`).set(c.auth).send({ role: 'admin' });
      expect([r.status, r.body.error.code]).toEqual([403, 'AUTH_FORBIDDEN']);
      expect((await t.http().post(`/v1/admin/accounts/${admin.accountId}/deactivate`).set(c.auth)).status).toBe(403);
    }
    const bad = await t.http().put(`/v1/admin/accounts/${editor.accountId}/role`).set(admin.auth).send({ role: 'superuser' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const unknown = await t.http().put(`/v1/admin/accounts/${randomUUID()}/role`).set(admin.auth).send({ role: 'editor' });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'ACCOUNT_NOT_FOUND']);
    const rows = await t.sql<{ role: string }>(`SELECT role FROM accounts WHERE id IN ($1, $2) ORDER BY role`, [editor.accountId, contributor.accountId]);
    expect(rows.map((r) => r.role)).toEqual(['contributor', 'editor']);
  });
});

describe('listing accounts', () => {
  it('pages newest first without gaps or repeats, filters, and hides password hashes', async () => {
    for (let i = 0; i < 3; i++) await invite('contributor');
    const all = await t.sql<{ id: string }>(`SELECT id FROM accounts ORDER BY created_at DESC, id DESC`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await t
        .http()
        .get('/v1/admin/accounts')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set(admin.auth);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((a) => a.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((a) => a.id));

    const invited = await t.http().get('/v1/admin/accounts?status=invited&role=contributor&limit=100').set(admin.auth);
    expect(invited.body.items.length).toBeGreaterThanOrEqual(3);
    expect(invited.body.items.every((a: { status: string; role: string }) => a.status === 'invited' && a.role === 'contributor')).toBe(true);
    expect(JSON.stringify(invited.body)).not.toContain('argon2');

    const one = await t.http().get(`/v1/admin/accounts/${admin.accountId}`).set(admin.auth);
    expect(one.body).toMatchObject({ id: admin.accountId, email: admin.email, role: 'admin', status: 'active', hasPassword: true });
    expect((await t.http().get(`/v1/admin/accounts/${randomUUID()}`).set(admin.auth)).body.error.code).toBe('ACCOUNT_NOT_FOUND');
    expect((await t.http().get('/v1/admin/accounts?cursor=garbage').set(admin.auth)).body.error.code).toBe('INVALID_CURSOR');
    expect((await t.http().get('/v1/admin/accounts?limit=0').set(admin.auth)).status).toBe(400);
  });
});

describe('password reset by mail', () => {
  it('mails a link; using it sets the password, ends every session, works once; audited', async () => {
    const editor = await actingAs(t, 'editor');
    const other = await login(editor.email, editor.password); // a second session
    const res = await t.http().post('/v1/auth/password-reset/request').send({ email: editor.email.toUpperCase() });
    expect(res.status).toBe(202);
    const [mail] = await mailsTo(editor.email);
    expect(mail).toMatchObject({ category: 'account.password_reset' });
    const token = tokenIn(mail!, 'reset-password');

    const confirm = await t.http().post('/v1/auth/password-reset/confirm').set('x-request-id', 'req-reset-1').send({ token, password: 'a brand new password' });
    expect(confirm.status).toBe(204);
    expect((await t.http().get('/v1/auth/me').set(editor.auth)).status).toBe(401);
    expect((await t.http().get('/v1/auth/me').set(bearer(other.body.accessToken))).status).toBe(401);
    expect((await login(editor.email, editor.password)).status).toBe(401);
    expect((await login(editor.email, 'a brand new password')).status).toBe(200);

    const reuse = await t.http().post('/v1/auth/password-reset/confirm').send({ token, password: 'yet another password' });
    expect([reuse.status, reuse.body.error.code]).toEqual([400, 'ACCOUNT_TOKEN_INVALID']);
    const [audit] = await auditOf('account.password_reset', editor.accountId);
    expect(audit).toMatchObject({ actor_id: editor.accountId, request_id: 'req-reset-1', ip: '127.0.0.1' });
    expect(audit!.summary.sessionsRevoked).toBe(2);
  });

  it('answers the same for unknown, invited and deactivated addresses, and mails none of them', async () => {
    const known = await actingAs(t, 'contributor');
    const inv = await invite('contributor');
    const gone = await actingAs(t, 'contributor');
    await t.http().post(`/v1/admin/accounts/${gone.accountId}/deactivate`).set(admin.auth);
    const answers = await Promise.all([known.email, uniqueEmail('nobody'), inv.email, gone.email].map((email) => t.http().post('/v1/auth/password-reset/request').send({ email })));
    for (const a of answers) {
      expect(a.status).toBe(202);
      expect(a.body).toEqual(answers[0]!.body);
    }
    expect((await mailsTo(known.email)).map((m) => m.category)).toEqual(['account.password_reset']);
    expect((await mailsTo(inv.email)).map((m) => m.category)).toEqual(['account.invite']);
    expect(await mailsTo(gone.email)).toEqual([]);
  });

  it('a newer link replaces the older one; deactivation kills an open link', async () => {
    const c = await actingAs(t, 'contributor');
    await t.http().post('/v1/auth/password-reset/request').send({ email: c.email });
    await t.http().post('/v1/auth/password-reset/request').send({ email: c.email });
    const [newer, older] = (await mailsTo(c.email)).map((m) => tokenIn(m, 'reset-password'));
    expect((await t.http().post('/v1/auth/password-reset/confirm').send({ token: older, password: 'a brand new password' })).status).toBe(400);

    await t.http().post(`/v1/admin/accounts/${c.accountId}/deactivate`).set(admin.auth);
    const dead = await t.http().post('/v1/auth/password-reset/confirm').send({ token: newer, password: 'a brand new password' });
    expect([dead.status, dead.body.error.code]).toEqual([400, 'ACCOUNT_TOKEN_INVALID']);
  });

  it('is rate limited per address, the same for unknown addresses, and per client address', async () => {
    // a schema of its own, so this test's counters do not throttle the others; a fixed clock
    // keeps every request in one rate-limit window
    const own = await createTestApp({ clock: new FixedClock(new Date()) });
    try {
      for (const email of ['limited@test.example', uniqueEmail('unknown')]) {
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++) statuses.push((await own.http().post('/v1/auth/password-reset/request').send({ email })).status);
        expect(statuses).toEqual([202, 202, 202, 429]);
        const limited = await own.http().post('/v1/auth/password-reset/request').send({ email });
        expect(limited.body.error.code).toBe('PASSWORD_RESET_RATE_LIMITED');
        expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      }
      // 10 requests so far from this address; the per-address limit is 20 an hour
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++)
        statuses.push(
          (
            await own
              .http()
              .post('/v1/auth/password-reset/request')
              .send({ email: uniqueEmail('spray') })
          ).status,
        );
      expect(statuses.filter((s) => s === 429).length).toBe(2);
    } finally {
      await own.close();
    }
  });
});

describe('audit of existing actions', () => {
  it('api-key create and revoke, login and logout write audit rows', async () => {
    const key = await contentKey(t, admin);
    const [row] = await t.sql<{ id: string }>(`SELECT id FROM api_keys WHERE key_prefix = $1`, [key.slice(0, 12)]);
    const [created] = await auditOf('api_key.create', row!.id);
    expect(created).toMatchObject({ actor_id: admin.accountId, ip: '127.0.0.1' });
    expect(JSON.stringify(created!.summary)).not.toContain(key);
    expect((await t.http().delete(`/v1/admin/api-keys/${row!.id}`).set(admin.auth).set('x-request-id', 'req-revoke-1')).status).toBe(200);
    const [revoked] = await auditOf('api_key.revoke', row!.id);
    expect(revoked).toMatchObject({ actor_id: admin.accountId, request_id: 'req-revoke-1' });
    expect(revoked!.summary.after?.revokedAt).toEqual(expect.any(String));
    // revoking again changes nothing and records nothing
    await t.http().delete(`/v1/admin/api-keys/${row!.id}`).set(admin.auth);
    expect(await auditOf('api_key.revoke', row!.id)).toHaveLength(1);

    const c = await actingAs(t, 'contributor');
    expect(await auditOf('auth.login', c.accountId)).toHaveLength(1);
    await t.http().post('/v1/auth/logout').set(c.auth);
    const [logout] = await auditOf('auth.logout', c.accountId);
    expect(logout).toMatchObject({ actor_id: c.accountId });
  });
});
