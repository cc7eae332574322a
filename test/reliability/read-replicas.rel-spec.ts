import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { completeArticle, makeWorld, type World } from '../support/world.js';
import { databaseUrl, rows, withClient } from './support/db.js';
import { call, type Reply } from './support/http.js';
import { JWT_SECRET, sleep, spawnApi, spawnWorker, type ApiProcess, type NodeProcess } from './support/processes.js';

/**
 * The content surface on a streaming standby of the run's PostgreSQL (started by
 * `.ci/replica.sh`, which .ci/run also calls): two api processes read their content from it, a
 * third with its content cache off serves a read load while the standby is stopped and started.
 * A publish is visible through every api within 1 s; with the standby's replay paused, a publish
 * still shows its new version everywhere (read from the primary) and no stale copy is cached once
 * replay resumes; the standby going away costs no request and its reads come back when it does.
 */

const REPLICA = '.ci/replica.sh';
let t: TestApp;
let replicaUrl: string;
let a: ApiProcess;
let b: ApiProcess;
let worker: NodeProcess;
let editor: Credential;
let apiKey: string;
let w: World;
const figures: string[] = [];

const auth = () => ({ Authorization: `Bearer ${editor.accessToken}` });
const key = () => ({ 'X-Api-Key': apiKey });

/** Runs the standby's script without blocking this process (the read load keeps running meanwhile). */
async function replica(cmd: 'start' | 'stop'): Promise<string> {
  const { stdout } = await promisify(execFile)('bash', [REPLICA, cmd], { encoding: 'utf8' });
  return stdout.trim();
}

/** The run's database on the standby (same name, the standby's address). */
function onReplica(url: string, standby: string): string {
  const u = new URL(url);
  const s = new URL(standby);
  u.host = s.host;
  return u.toString();
}

const ok = (r: Reply, what: string) => {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text.slice(0, 300)}`);
  return r;
};

async function health(api: ApiProcess): Promise<{ standbys: { healthy: boolean; lagMs: number | null; reads: number }[]; primaryReads: number }> {
  const r = ok(await call(api.url, 'GET', '/health'), 'health');
  return r.body.info.replicas;
}

/** A list length not asked for lately: its URL is a cache miss, so the request reads the database. */
let lengths = 0;
const nextLimit = () => 1 + (lengths++ % 100);

async function waitFor(what: string, test: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await test()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function publishNew(headline: string): Promise<{ id: string; slug: string }> {
  const created = ok(await call(a.url, 'POST', '/v1/admin/articles', { headers: auth(), json: completeArticle(w, { headline }) }), 'create');
  let etag = created.headers.get('etag')!;
  for (const action of ['submit', 'approve', 'publish']) {
    etag = ok(await call(a.url, 'POST', `/v1/admin/articles/${created.body.id}/transitions`, { headers: { ...auth(), 'If-Match': etag }, json: { action } }), action).headers.get(
      'etag',
    )!;
  }
  return { id: created.body.id, slug: created.body.slug };
}

const headlineOn = async (api: ApiProcess, slug: string): Promise<string | null> => {
  const r = await call(api.url, 'GET', `/v1/content/articles/${slug}`, { headers: key() });
  return r.status === 200 ? (r.body.article.headline as string) : null;
};

beforeAll(async () => {
  const standby = await replica('start');
  t = await createTestApp({ env: { JWT_SECRET } });
  replicaUrl = onReplica(databaseUrl(), standby);
  // the standby must be following the run's database: the schema the harness just made reaches it
  await waitFor(`schema ${t.schema} on the standby ${standby} (is DATABASE_URL the server on 127.0.0.1:5432 that .ci/replica.sh follows?)`, async () => {
    const found = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1`, [t.schema], replicaUrl).catch(() => [{ n: 0 }]);
    return found[0]!.n === 1;
  });
  // a lag limit far above what the tests take: the standby is left out only for what it has not replayed
  const env = { DATABASE_POOL_SIZE: '6', DATABASE_READ_URLS: replicaUrl, DATABASE_MAX_REPLICA_LAG: '60s', DATABASE_REPLICA_CHECK_INTERVAL: '200ms' };
  const o = { databaseUrl: databaseUrl(), schema: t.schema, env };
  [a, b] = await Promise.all([spawnApi('api-a', o), spawnApi('api-b', o)]);
  worker = await spawnWorker('worker', o);
  editor = await actingAs(t, 'editor');
  const admin = await actingAs(t, 'admin');
  apiKey = ok(await call(a.url, 'POST', '/v1/admin/api-keys', { headers: { Authorization: `Bearer ${admin.accessToken}` }, json: { name: 'site' } }), 'api key').body.key;
  w = await makeWorld(t, editor);
}, 180_000);

afterAll(async () => {
  await withClient((c) => c.query('SELECT pg_wal_replay_resume()'), replicaUrl).catch(() => undefined);
  await replica('start'); // whatever a test left, the standby runs again for the next suite
  await Promise.all([a, b, worker].filter(Boolean).map((p) => p.stop(5000)));
  await t?.close();
  console.log(`[read-replicas] ${figures.join('; ')}`);
});

describe('content reads on a streaming standby', () => {
  it('a publish is visible through every api within 1 s, and content reads go to the standby', async () => {
    const before = await Promise.all([health(a), health(b)]);
    const lags: number[] = [];
    for (let k = 0; k < 5; k++) {
      const headline = `Standby visibility ${k} ${Date.now()}`;
      const { slug } = await publishNew(headline);
      const t0 = performance.now();
      const seen = [false, false];
      while (performance.now() - t0 < 2000 && !seen.every(Boolean)) {
        const answers = await Promise.all([a, b].map((api) => headlineOn(api, slug)));
        answers.forEach((h, i) => (seen[i] ||= h === headline));
        if (!seen.every(Boolean)) await sleep(20);
      }
      lags.push(performance.now() - t0);
      expect(seen, `piece ${k} not visible through both apis after ${Math.round(lags.at(-1)!)} ms`).toEqual([true, true]);
      // the latest rail too
      for (const api of [a, b])
        expect(((await call(api.url, 'GET', '/v1/content/latest', { headers: key() })).body.items as { slug: string }[]).some((i) => i.slug === slug)).toBe(true);
    }
    figures.push(`publish visible through both apis: max ${Math.round(Math.max(...lags))} ms over 5`);
    expect(Math.max(...lags)).toBeLessThanOrEqual(1000);
    // right after a change reads go to the primary until the standby has replayed it; then to the
    // standby (lists of other lengths are other URLs: cache misses that read the database)
    for (const [i, api] of [a, b].entries()) {
      await waitFor(
        `content reads on the standby through ${api.name}`,
        async () => {
          ok(await call(api.url, 'GET', `/v1/content/latest?limit=${nextLimit()}`, { headers: key() }), 'latest');
          const now = await health(api);
          return now.standbys[0]!.healthy && now.standbys[0]!.reads > before[i]!.standbys[0]!.reads;
        },
        10_000,
      );
    }
  });

  it('with replay paused a republish shows its new version everywhere, and nothing stale is cached when replay resumes', async () => {
    const old = `Before the pause ${Date.now()}`;
    const { id, slug } = await publishNew(old);
    // both apis have the page cached (stored on its second miss) and the standby has it
    await waitFor(
      'the page on the standby',
      async () => (await rows<{ n: number }>(`SELECT count(*)::int AS n FROM "${t.schema}".published_articles WHERE slug = $1`, [slug], replicaUrl))[0]!.n === 1,
    );
    for (const api of [a, b]) for (let i = 0; i < 3; i++) expect(await headlineOn(api, slug)).toBe(old);

    await withClient((c) => c.query('SELECT pg_wal_replay_pause()'), replicaUrl);
    const fresh = `After the pause ${Date.now()}`;
    const current = ok(await call(a.url, 'GET', `/v1/admin/articles/${id}`, { headers: auth() }), 'read');
    const edited = ok(
      await call(a.url, 'PATCH', `/v1/admin/articles/${id}`, { headers: { ...auth(), 'If-Match': current.headers.get('etag')! }, json: { headline: fresh } }),
      'edit',
    );
    ok(
      await call(a.url, 'POST', `/v1/admin/articles/${id}/transitions`, { headers: { ...auth(), 'If-Match': edited.headers.get('etag')! }, json: { action: 'publish' } }),
      'republish',
    );
    const t0 = performance.now();
    for (const api of [a, b]) await waitFor(`the new headline on ${api.name}`, async () => (await headlineOn(api, slug)) === fresh, 1000);
    figures.push(`republish with replay paused visible on both apis after ${Math.round(performance.now() - t0)} ms`);
    // the standby really is behind: read there, the page is the old one
    const onStandby = await rows<{ headline: string }>(`SELECT headline FROM "${t.schema}".published_articles WHERE slug = $1`, [slug], replicaUrl);
    expect(onStandby[0]!.headline).toBe(old);
    for (let i = 0; i < 20; i++) for (const api of [a, b]) expect(await headlineOn(api, slug)).toBe(fresh);

    await withClient((c) => c.query('SELECT pg_wal_replay_resume()'), replicaUrl);
    await waitFor(
      'the standby to replay the republish',
      async () => (await rows<{ headline: string }>(`SELECT headline FROM "${t.schema}".published_articles WHERE slug = $1`, [slug], replicaUrl))[0]!.headline === fresh,
    );
    const reads = (await health(a)).standbys[0]!.reads;
    for (let i = 0; i < 40; i++) {
      for (const api of [a, b]) expect(await headlineOn(api, slug)).toBe(fresh);
      const list = ok(await call(b.url, 'GET', '/v1/content/latest?limit=5', { headers: key() }), 'latest');
      expect((list.body.items as { slug: string; headline: string }[]).find((x) => x.slug === slug)?.headline).toBe(fresh);
      await sleep(25);
    }
    // and the standby is read from again once it has caught up
    // (lists of other lengths are other URLs: cache misses, so they read the database)
    await waitFor(
      'reads on the standby again',
      async () => {
        ok(await call(a.url, 'GET', `/v1/content/latest?limit=${nextLimit()}`, { headers: key() }), 'latest');
        return (await health(a)).standbys[0]!.reads > reads;
      },
      5000,
    );
  });

  it('the standby stopped under a read load: 0 answers >= 500, reads move to the primary and come back', async () => {
    const slugs: string[] = [];
    for (let k = 0; k < 6; k++) slugs.push((await publishNew(`Under load ${k} ${Date.now()}`)).slug);
    // a third api with its cache off, so every request reads the database
    const c = await spawnApi('api-c', {
      databaseUrl: databaseUrl(),
      schema: t.schema,
      env: { DATABASE_POOL_SIZE: '6', DATABASE_READ_URLS: replicaUrl, DATABASE_MAX_REPLICA_LAG: '60s', DATABASE_REPLICA_CHECK_INTERVAL: '200ms', CONTENT_CACHE_MAX_MB: '0' },
    });
    try {
      await waitFor('api-c to see a healthy standby', async () => (await health(c)).standbys[0]!.healthy);
      const statuses = new Map<number, number>();
      let running = true;
      const loop = async (n: number) => {
        for (let i = 0; running; i++) {
          const path = i % 3 === 2 ? '/v1/content/latest?limit=10' : `/v1/content/articles/${slugs[(n + i) % slugs.length]}`;
          const r = await call(c.url, 'GET', path, { headers: key() }).catch(() => ({ status: 599 }) as Reply);
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        }
      };
      const load = Promise.all(Array.from({ length: 8 }, (_, n) => loop(n)));
      await sleep(1500);
      const beforeStop = await health(c);
      await replica('stop');
      const stoppedAt = Date.now();
      await waitFor('api-c to drop the stopped standby', async () => !(await health(c)).standbys[0]!.healthy, 5000);
      const dropped = await health(c);
      await sleep(2000);
      const duringOutage = await health(c);
      await replica('start');
      await waitFor('api-c to take the standby back', async () => (await health(c)).standbys[0]!.healthy, 15_000);
      const back = await health(c);
      await sleep(1500);
      running = false;
      await load;
      const end = await health(c);
      const total = [...statuses.values()].reduce((x, y) => x + y, 0);
      const failed = [...statuses].filter(([s]) => s >= 500).reduce((x, [, n]) => x + n, 0);
      figures.push(
        `standby stopped under load (8 loops, cache off): ${total} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}, standby back in use ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s after the stop`,
      );
      expect(failed, `answers >= 500: ${JSON.stringify(Object.fromEntries(statuses))}`).toBe(0);
      expect(statuses.get(200) ?? 0).toBeGreaterThan(100);
      expect(beforeStop.standbys[0]!.reads, 'the standby served the load before it stopped').toBeGreaterThan(0);
      expect(duringOutage.primaryReads, 'the primary served the load while the standby was down').toBeGreaterThan(dropped.primaryReads);
      expect(duringOutage.standbys[0]!.reads - dropped.standbys[0]!.reads).toBe(0);
      expect(end.standbys[0]!.reads, 'the standby served reads again once back').toBeGreaterThan(back.standbys[0]!.reads);
    } finally {
      await c.stop(5000);
    }
  });
});
