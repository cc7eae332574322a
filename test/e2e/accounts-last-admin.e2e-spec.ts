import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';

// A schema of its own: these tests count every admin in it.
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const activeAdmins = async () => (await t.sql<{ id: string }>(`SELECT id FROM accounts WHERE role = 'admin' AND status = 'active' ORDER BY id`)).map((r) => r.id);

const audits = async (action: string) => (await t.sql<{ n: string }>(`SELECT count(*)::text n FROM audit_log WHERE action = $1`, [action]))[0]!.n;

/** Leaves exactly `n` active admins in the schema (demoting any others directly in SQL). */
async function onlyAdmins(n: number): Promise<Credential[]> {
  await t.sql(`UPDATE accounts SET role = 'editor' WHERE role = 'admin'`);
  const out: Credential[] = [];
  for (let i = 0; i < n; i++) out.push(await actingAs(t, 'admin'));
  return out;
}

describe('the last active admin', () => {
  it('cannot demote or deactivate themselves; nothing is written', async () => {
    const [solo] = await onlyAdmins(1);
    const before = [await audits('account.role_change'), await audits('account.deactivate')];
    for (const role of ['editor', 'contributor']) {
      const r = await t.http().put(`/v1/admin/accounts/${solo!.accountId}/role`).set(solo!.auth).send({ role });
      expect([r.status, r.body.error.code]).toEqual([409, 'ACCOUNT_LAST_ADMIN']);
    }
    const d = await t.http().post(`/v1/admin/accounts/${solo!.accountId}/deactivate`).set(solo!.auth);
    expect([d.status, d.body.error.code]).toEqual([409, 'ACCOUNT_LAST_ADMIN']);
    expect(await activeAdmins()).toEqual([solo!.accountId]);
    expect((await t.http().get('/v1/auth/me').set(solo!.auth)).status).toBe(200);
    expect([await audits('account.role_change'), await audits('account.deactivate')]).toEqual(before);
  });

  it('with two admins, one may demote the other, and then is the last', async () => {
    const [a, b] = await onlyAdmins(2);
    expect((await t.http().put(`/v1/admin/accounts/${b!.accountId}/role`).set(a!.auth).send({ role: 'editor' })).status).toBe(200);
    const r = await t.http().put(`/v1/admin/accounts/${a!.accountId}/role`).set(a!.auth).send({ role: 'editor' });
    expect(r.body.error.code).toBe('ACCOUNT_LAST_ADMIN');
    expect(await activeAdmins()).toEqual([a!.accountId]);
  });

  it('a deactivated admin does not count: the remaining active one is still the last', async () => {
    const [a, b] = await onlyAdmins(2);
    expect((await t.http().post(`/v1/admin/accounts/${b!.accountId}/deactivate`).set(a!.auth)).status).toBe(200);
    const r = await t.http().post(`/v1/admin/accounts/${a!.accountId}/deactivate`).set(a!.auth);
    expect(r.body.error.code).toBe('ACCOUNT_LAST_ADMIN');
  });
});

describe('the last two admins acting at the same time', () => {
  // Without the row locks, both transactions count two admins and both commit: zero admins.
  it('two parallel self-demotions: exactly one succeeds, the other is ACCOUNT_LAST_ADMIN (10 rounds)', async () => {
    for (let round = 0; round < 10; round++) {
      const [a, b] = await onlyAdmins(2);
      const before = Number(await audits('account.role_change'));
      const answers = await Promise.all([a!, b!].map((c) => t.http().put(`/v1/admin/accounts/${c.accountId}/role`).set(c.auth).send({ role: 'editor' })));
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(answers.find((r) => r.status === 409)!.body.error.code).toBe('ACCOUNT_LAST_ADMIN');
      expect(await activeAdmins()).toHaveLength(1);
      expect(Number(await audits('account.role_change'))).toBe(before + 1);
    }
  });

  it('two parallel cross-deactivations: exactly one succeeds and one active admin remains (10 rounds)', async () => {
    for (let round = 0; round < 10; round++) {
      const [a, b] = await onlyAdmins(2);
      const before = Number(await audits('account.deactivate'));
      const answers = await Promise.all([
        t.http().post(`/v1/admin/accounts/${b!.accountId}/deactivate`).set(a!.auth),
        t.http().post(`/v1/admin/accounts/${a!.accountId}/deactivate`).set(b!.auth),
      ]);
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      // the loser is refused: as the last admin (409), or because it was deactivated first (401/403)
      expect([401, 403, 409]).toContain(statuses.find((s) => s !== 200));
      expect(await activeAdmins()).toHaveLength(1);
      expect(Number(await audits('account.deactivate'))).toBe(before + 1);
    }
  });

  it('parallel demotion and deactivation of the two admins by each other leave one admin', async () => {
    for (let round = 0; round < 10; round++) {
      const [a, b] = await onlyAdmins(2);
      await Promise.all([
        t.http().put(`/v1/admin/accounts/${b!.accountId}/role`).set(a!.auth).send({ role: 'contributor' }),
        t.http().post(`/v1/admin/accounts/${a!.accountId}/deactivate`).set(b!.auth),
      ]);
      expect(await activeAdmins()).toHaveLength(1);
    }
  });
});
