import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { completeArticle, makeWorld, type World } from '../support/world.js';
import { databaseUrl } from './support/db.js';
import { call, mapLimit, type Reply } from './support/http.js';
import { JWT_SECRET, sleep, spawnApi, spawnWorker, type ApiProcess, type NodeProcess } from './support/processes.js';

/**
 * Two api processes (JOBS_IN_PROCESS=false) and a worker process, built from dist/, on one
 * schema: optimistic concurrency holds across instances, scheduled publishing is exactly once
 * even when the worker is SIGKILLed mid-run and another one takes over, and a publish through
 * one instance is visible through the other's (cached) content API within a second.
 */

let t: TestApp;
let a: ApiProcess;
let b: ApiProcess;
const workers: NodeProcess[] = [];
let editor: Credential;
let apiKey: string;
let w: World;
const figures: string[] = [];

const auth = () => ({ Authorization: `Bearer ${editor.accessToken}` });
const env = { DATABASE_POOL_SIZE: '6' };

beforeAll(async () => {
  t = await createTestApp({ env: { JWT_SECRET } });
  const o = { databaseUrl: databaseUrl(), schema: t.schema, env };
  [a, b] = await Promise.all([spawnApi('api-a', o), spawnApi('api-b', o)]);
  workers.push(await spawnWorker('worker-1', o));
  editor = await actingAs(t, 'editor');
  const admin = await actingAs(t, 'admin');
  apiKey = (await call(a.url, 'POST', '/v1/admin/api-keys', { headers: { Authorization: `Bearer ${admin.accessToken}` }, json: { name: 'site' } })).body.key;
  w = await makeWorld(t, editor);
}, 180_000);

afterAll(async () => {
  await Promise.all([a, b, ...workers].filter(Boolean).map((p) => p.stop(5000)));
  await t?.close();
  console.log(`[multi-process] ${figures.join('; ')}`);
});

const ok = (r: Reply, what: string) => {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text.slice(0, 300)}`);
  return r;
};

/** Creates an article through `api` and moves it to approved; returns id and current ETag. */
async function approvedArticle(api: ApiProcess): Promise<{ id: string; etag: string }> {
  const created = ok(await call(api.url, 'POST', '/v1/admin/articles', { headers: auth(), json: completeArticle(w) }), 'create');
  let etag = created.headers.get('etag')!;
  for (const action of ['submit', 'approve']) {
    const r = ok(await call(api.url, 'POST', `/v1/admin/articles/${created.body.id}/transitions`, { headers: { ...auth(), 'If-Match': etag }, json: { action } }), action);
    etag = r.headers.get('etag')!;
  }
  return { id: created.body.id, etag };
}

describe('two api processes and a worker on one schema', () => {
  it('50 parallel edits from the same version, split over both apis: 1 wins, 49 get 412', async () => {
    const created = ok(await call(a.url, 'POST', '/v1/admin/articles', { headers: auth(), json: completeArticle(w) }), 'create');
    const id = created.body.id as string;
    const etag = (await call(b.url, 'GET', `/v1/admin/articles/${id}`, { headers: auth() })).headers.get('etag')!;
    const before = (
      await t.sql<{ version: number; n: number }>(`SELECT version, (SELECT count(*)::int FROM article_revisions WHERE article_id = $1) AS n FROM articles WHERE id = $1`, [id])
    )[0]!;
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, k) =>
        call(k % 2 ? b.url : a.url, 'PATCH', `/v1/admin/articles/${id}`, { headers: { ...auth(), 'If-Match': etag }, json: { dek: `Edit number ${k}` } }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(49);
    expect(new Set(answers.filter((r) => r.status === 412).map((r) => r.body.error.code))).toEqual(new Set(['ARTICLE_VERSION_MISMATCH']));
    const winner = answers.findIndex((r) => r.status === 200);
    const after = (
      await t.sql<{ version: number; n: number; dek: string }>(
        `SELECT version, dek, (SELECT count(*)::int FROM article_revisions WHERE article_id = $1) AS n FROM articles WHERE id = $1`,
        [id],
      )
    )[0]!;
    expect(after.version).toBe(before.version + 1);
    expect(after.n).toBe(before.n + 1);
    expect(after.dek).toBe(`Edit number ${winner}`);
    figures.push(`stale edits: 50 sent (25 per api), 1 x 200 (via api-${winner % 2 ? 'b' : 'a'}), 49 x 412`);
  });

  it('a publish through api A is visible through api B content API within 1 s (5 pieces)', async () => {
    const lags: number[] = [];
    for (let k = 0; k < 5; k++) {
      const { id, etag } = await approvedArticle(a);
      const slug = (await t.sql<{ slug: string }>(`SELECT slug FROM articles WHERE id = $1`, [id]))[0]!.slug;
      // B has rendered (and cached: stored on a second miss) the pages the publish must change
      for (let i = 0; i < 2; i++) {
        expect((await call(b.url, 'GET', `/v1/content/articles/${slug}`, { headers: { 'X-Api-Key': apiKey } })).status).toBe(404);
        const latestBefore = await call(b.url, 'GET', '/v1/content/latest', { headers: { 'X-Api-Key': apiKey } });
        expect(latestBefore.status).toBe(200);
      }
      const published = await call(a.url, 'POST', `/v1/admin/articles/${id}/transitions`, { headers: { ...auth(), 'If-Match': etag }, json: { action: 'publish' } });
      expect(published.status).toBe(200);
      const t0 = performance.now();
      let seen = false;
      while (performance.now() - t0 < 2000) {
        const [page, latest] = await Promise.all([
          call(b.url, 'GET', `/v1/content/articles/${slug}`, { headers: { 'X-Api-Key': apiKey } }),
          call(b.url, 'GET', '/v1/content/latest', { headers: { 'X-Api-Key': apiKey } }),
        ]);
        if (page.status === 200 && (latest.body.items as { slug: string }[]).some((i) => i.slug === slug)) {
          seen = true;
          break;
        }
        await sleep(20);
      }
      const lag = performance.now() - t0;
      expect(seen, `piece ${k} not visible through api B after ${Math.round(lag)} ms`).toBe(true);
      lags.push(lag);
    }
    figures.push(`publish on A visible on B (page + latest rail): max ${Math.round(Math.max(...lags))} ms over 5`);
    expect(Math.max(...lags)).toBeLessThanOrEqual(1000);
  });

  it('1,000 scheduled publishes, worker SIGKILLed mid-run and replaced: each published exactly once', async () => {
    const N = Number(process.env.REL_SCHEDULED ?? 1000);
    const apis = [a, b];
    const t0 = performance.now();
    const pieces = await mapLimit(
      Array.from({ length: N }, (_, k) => k),
      16,
      (k) => approvedArticle(apis[k % 2]!),
    );
    const prepMs = performance.now() - t0;
    // due together, far enough ahead for every schedule request to land first (3 per piece took prepMs)
    const due = Date.now() + Math.max(5000, Math.ceil((prepMs / 3) * 1.5)) + 2000;
    const at = new Date(due).toISOString();
    const s0 = performance.now();
    const scheduled = await mapLimit(pieces, 16, (p, k) =>
      call(apis[k % 2]!.url, 'POST', `/v1/admin/articles/${p.id}/transitions`, { headers: { ...auth(), 'If-Match': p.etag }, json: { action: 'schedule', at } }),
    );
    const scheduleMs = performance.now() - s0;
    expect(scheduled.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.text.slice(0, 120)}`)).toEqual([]);
    expect(Date.now(), 'all schedules must land before the due time').toBeLessThan(due);
    const ids = pieces.map((p) => p.id);
    const jobStates = () =>
      t.sql<{ name: string; state: string; n: number; start_after: Date }>(
        `SELECT j.name, j.state, count(*)::int AS n, min(j.start_after) AS start_after FROM "${t.schema}_jobs".job j
          WHERE j.data->>'articleId' = ANY($1) AND j.data->>'articleId' NOT IN (SELECT article_id::text FROM published_articles) GROUP BY j.name, j.state`,
        [ids],
      );
    const count = async () => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM published_articles WHERE article_id = ANY($1)`, [ids]))[0]!.n;

    // kill the worker once it is well into the batch
    await sleep(Math.max(0, due - Date.now()));
    let atKill = 0;
    const killBy = Date.now() + 60_000;
    while (Date.now() < killBy) {
      atKill = await count();
      if (atKill >= N * 0.2) break;
      await sleep(25);
    }
    workers[0]!.kill('SIGKILL');
    await workers[0]!.exited;
    const killedAt = Date.now();
    if (atKill === 0)
      console.log(
        `[multi-process] nothing published 60 s after due; jobs ${JSON.stringify(await jobStates())}; articles ${JSON.stringify(await t.sql(`SELECT status, scheduled_at, scheduled_job_id, last_job_error FROM articles WHERE id = ANY($1) LIMIT 2`, [ids]))}; worker log:\n${workers[0]!.tail(8)}`,
      );
    expect(atKill, 'the first worker published some pieces before it was killed').toBeGreaterThan(0);
    expect(atKill, 'the first worker was killed before it finished').toBeLessThan(N);
    workers.push(await spawnWorker('worker-2', { databaseUrl: databaseUrl(), schema: t.schema, env }));

    let published = await count();
    const deadline = Date.now() + 90_000;
    while (published < N && Date.now() < deadline) {
      await sleep(250);
      published = await count();
    }
    const doneAt = Date.now();
    const jobErrors = await t.sql<{ error: string; n: number }>(
      `SELECT left(summary->>'error', 160) AS error, count(*)::int AS n FROM audit_log
        WHERE action = 'article.publish_due_failed' AND target_id = ANY($1) GROUP BY 1 ORDER BY 2 DESC LIMIT 5`,
      [ids],
    );
    const stuck = published < N ? await jobStates() : [];
    if (published < N)
      console.log(
        `[multi-process] unpublished after 90 s: jobs ${JSON.stringify(
          await t.sql(
            `SELECT j.state, j.retry_count, j.start_after, j.started_on, j.output FROM "${t.schema}_jobs".job j
              WHERE j.data->>'articleId' = ANY($1) AND j.data->>'articleId' NOT IN (SELECT article_id::text FROM published_articles) LIMIT 3`,
            [ids],
          ),
        )}; articles ${JSON.stringify(
          await t.sql(`SELECT id, status, scheduled_at, last_job_error FROM articles WHERE id = ANY($1) AND status <> 'published' LIMIT 3`, [ids]),
        )}; worker-2 log:\n${workers[1]!.tail(20)}`,
      );
    figures.push(
      `scheduled publishes: ${N} prepared in ${Math.round(prepMs / 1000)} s and scheduled in ${Math.round(scheduleMs / 1000)} s; worker-1 killed after ${atKill} published; ` +
        `${published} published ${((doneAt - due) / 1000).toFixed(1)} s after due (${((doneAt - killedAt) / 1000).toFixed(1)} s after the kill); handler failures ${JSON.stringify(jobErrors)}${stuck.length ? `; unpublished jobs by state ${JSON.stringify(stuck)}` : ''}`,
    );
    expect(published, `not all published within 90 s of the kill; jobs of the missing ones: ${JSON.stringify(stuck)}`).toBe(N);
    const transitions = await t.sql<{ article_id: string; due: number; manual: number }>(
      `SELECT article_id, count(*) FILTER (WHERE action = 'publish_due')::int AS due, count(*) FILTER (WHERE action = 'publish')::int AS manual
         FROM article_transitions WHERE article_id = ANY($1) GROUP BY article_id`,
      [ids],
    );
    expect(transitions.filter((r) => r.due === 1 && r.manual === 0)).toHaveLength(N);
    const rows = await t.sql<{ n: number; live: number }>(`SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'published')::int AS live FROM articles WHERE id = ANY($1)`, [
      ids,
    ]);
    expect(rows[0]).toEqual({ n: N, live: N });
    for (const p of [a, b]) expect(p.running, `${p.name} is still running`).toBe(true);
  }, 600_000);
});
