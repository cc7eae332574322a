import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { collectRoutes } from '../support/routes.js';

let t: TestApp;
let admin: Credential;

beforeAll(async () => {
  t = await createTestApp();
  admin = await actingAs(t, 'admin');
});
afterAll(() => t?.close());

interface Entry {
  id: string;
  at: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  summary: Record<string, unknown>;
  requestId: string | null;
  ip: string | null;
}

/** Inserts audit rows directly (INSERT is allowed; the table refuses UPDATE and DELETE). */
async function seed(rows: { at: string; action?: string; targetType?: string; targetId?: string; actorLabel?: string }[]): Promise<string[]> {
  const ids: string[] = [];
  for (const r of rows) {
    const id = randomUUID();
    ids.push(id);
    await t.sql(`INSERT INTO audit_log (id, at, actor_id, actor_label, action, target_type, target_id, summary) VALUES ($1, $2, NULL, $3, $4, $5, $6, '{}')`, [
      id,
      r.at,
      r.actorLabel ?? 'system',
      r.action ?? 'test.seeded',
      r.targetType ?? 'test',
      r.targetId ?? null,
    ]);
  }
  return ids;
}

/** Walks every page of a query; returns the entries in the order the API gave them. */
async function walk(query: Record<string, string | number>, limit: number): Promise<Entry[]> {
  const out: Entry[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const res: { status: number; body: { items: Entry[]; nextCursor: string | null } } = await t
      .http()
      .get('/v1/admin/audit-log')
      .query({ ...query, limit, ...(cursor ? { cursor } : {}) })
      .set(admin.auth);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    out.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (!cursor) return out;
  }
  throw new Error('pagination did not end');
}

describe('querying the audit log', () => {
  it('records real admin actions and filters them by actor, target and action', async () => {
    const other = await actingAs(t, 'admin');
    const a = await t.http().post('/v1/admin/accounts').set(admin.auth).send({ email: 'audit-a@test.example', displayName: 'A', role: 'editor' });
    const b = await t.http().post('/v1/admin/accounts').set(other.auth).send({ email: 'audit-b@test.example', displayName: 'B', role: 'contributor' });
    await t.http().put(`/v1/admin/accounts/${a.body.id}/role`).set(other.auth).send({ role: 'contributor' });
    await t.http().post(`/v1/admin/accounts/${a.body.id}/deactivate`).set(admin.auth).set('x-request-id', 'audit-req-1');

    const byActor = await t.http().get(`/v1/admin/audit-log?actor=${admin.accountId}&action=account.*`).set(admin.auth);
    expect(byActor.status).toBe(200);
    expect(byActor.body.items.map((e: Entry) => e.action)).toEqual(['account.deactivate', 'account.invite']);
    expect(byActor.body.items[0]).toMatchObject({
      actorId: admin.accountId,
      actorLabel: admin.email,
      targetType: 'account',
      targetId: a.body.id,
      requestId: 'audit-req-1',
      ip: '127.0.0.1',
    });
    expect(byActor.body.items[0].summary).toMatchObject({ before: { status: 'invited', role: 'contributor' }, after: { status: 'deactivated' } });

    const byLabel = await t
      .http()
      .get(`/v1/admin/audit-log?actor=${encodeURIComponent(other.email.toUpperCase())}&action=account.*`)
      .set(admin.auth);
    expect(byLabel.body.items.map((e: Entry) => e.action)).toEqual(['account.role_change', 'account.invite']);

    const byTarget = await t.http().get(`/v1/admin/audit-log?targetType=account&targetId=${a.body.id}`).set(admin.auth);
    expect(byTarget.body.items.map((e: Entry) => e.action)).toEqual(['account.deactivate', 'account.role_change', 'account.invite']);

    const exact = await t.http().get('/v1/admin/audit-log?action=account.invite').set(admin.auth);
    expect(exact.body.items.map((e: Entry) => e.targetId).sort()).toEqual([a.body.id, b.body.id].sort());
    const prefix = await t.http().get('/v1/admin/audit-log?action=account.*&limit=100').set(admin.auth);
    expect(prefix.body.items.every((e: Entry) => e.action.startsWith('account.'))).toBe(true);
    expect(prefix.body.items).toHaveLength(4);
    const none = await t.http().get('/v1/admin/audit-log?action=account').set(admin.auth);
    expect(none.body.items).toEqual([]);
  });

  it('filters by time: from inclusive, to exclusive', async () => {
    await seed([
      { at: '2031-03-01T10:00:00.000Z', targetType: 'time-test' },
      { at: '2031-03-01T11:00:00.000Z', targetType: 'time-test' },
      { at: '2031-03-01T12:00:00.000Z', targetType: 'time-test' },
    ]);
    const res = await t.http().get('/v1/admin/audit-log?targetType=time-test&from=2031-03-01T11:00:00Z&to=2031-03-01T12:00:00Z').set(admin.auth);
    expect(res.body.items.map((e: Entry) => e.at)).toEqual(['2031-03-01T11:00:00.000Z']);
    const from = await t.http().get('/v1/admin/audit-log?targetType=time-test&from=2031-03-01T11:00:00Z').set(admin.auth);
    expect(from.body.items.map((e: Entry) => e.at)).toEqual(['2031-03-01T12:00:00.000Z', '2031-03-01T11:00:00.000Z']);
  });

  it('pages newest first with no gaps or repeats, also across equal and microsecond-apart times', async () => {
    const ids = await seed([
      { at: '2032-01-01T00:00:00.000001Z', targetType: 'page-test' },
      { at: '2032-01-01T00:00:00.000002Z', targetType: 'page-test' },
      { at: '2032-01-01T00:00:00.000003Z', targetType: 'page-test' },
      { at: '2032-01-01T00:00:05Z', targetType: 'page-test' },
      { at: '2032-01-01T00:00:05Z', targetType: 'page-test' },
      { at: '2032-01-01T00:00:05Z', targetType: 'page-test' },
      { at: '2032-01-01T00:00:07Z', targetType: 'page-test' },
    ]);
    const ordered = (await t.sql<{ id: string }>(`SELECT id FROM audit_log WHERE target_type = 'page-test' ORDER BY at DESC, id DESC`)).map((r) => r.id);
    expect([...ordered].sort()).toEqual([...ids].sort());
    // newest first: the 00:00:07 row, then the three 00:00:05 rows, then the microsecond ones
    expect(ordered[0]).toBe(ids[6]);
    expect(ordered.slice(4)).toEqual([ids[2], ids[1], ids[0]]);
    for (const limit of [1, 2, 3, 7, 50]) {
      expect((await walk({ targetType: 'page-test' }, limit)).map((e) => e.id)).toEqual(ordered);
    }
  });

  it('refuses bad filters and cursors with a stable code', async () => {
    const cases: [string, string][] = [
      ['cursor=not-a-cursor', 'INVALID_CURSOR'],
      ['from=2031-01-02T00:00:00Z&to=2031-01-01T00:00:00Z', 'AUDIT_FILTER_INVALID'],
      ['from=yesterday', 'VALIDATION_FAILED'],
      ['limit=1000', 'VALIDATION_FAILED'],
      ['limit=abc', 'VALIDATION_FAILED'],
      ['verb=delete', 'VALIDATION_FAILED'],
    ];
    for (const [query, code] of cases) {
      const res = await t.http().get(`/v1/admin/audit-log?${query}`).set(admin.auth);
      expect([query, res.status, res.body.error?.code]).toEqual([query, 400, code]);
    }
  });

  it('is for admins only', async () => {
    for (const role of ['editor', 'contributor'] as const) {
      const c = await actingAs(t, role);
      const res = await t.http().get('/v1/admin/audit-log').set(c.auth);
      expect([res.status, res.body.error.code]).toEqual([403, 'AUTH_FORBIDDEN']);
    }
    expect((await t.http().get('/v1/admin/audit-log')).status).toBe(401);
  });
});

describe('entries cannot be changed', () => {
  it('no route edits or deletes them', async () => {
    const routes = collectRoutes(t.app).filter((r) => r.path.startsWith('/v1/admin/audit-log'));
    expect(routes.map((r) => r.method)).toEqual(['GET']);
    const [id] = await seed([{ at: '2033-01-01T00:00:00Z', targetType: 'immutable-test' }]);
    for (const send of [
      () => t.http().delete(`/v1/admin/audit-log/${id}`).set(admin.auth),
      () => t.http().put(`/v1/admin/audit-log/${id}`).set(admin.auth).send({ action: 'x' }),
      () => t.http().patch(`/v1/admin/audit-log/${id}`).set(admin.auth).send({ action: 'x' }),
      () => t.http().delete('/v1/admin/audit-log').set(admin.auth),
    ]) {
      const res = await send();
      expect(res.status).toBe(404);
    }
    const rows = await t.sql(`SELECT id FROM audit_log WHERE id = $1`, [id]);
    expect(rows).toHaveLength(1);
  });

  it('the table itself refuses UPDATE and DELETE', async () => {
    const [id] = await seed([{ at: '2033-01-02T00:00:00Z', targetType: 'immutable-test' }]);
    await expect(t.sql(`UPDATE audit_log SET action = 'forged' WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(t.sql(`DELETE FROM audit_log WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
    expect(await t.sql(`SELECT action FROM audit_log WHERE id = $1`, [id])).toEqual([{ action: 'test.seeded' }]);
  });
});
