import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { loadConfig } from '#libs/config';
import { Jobs } from '#libs/jobs';
import { rawClient, testSchemaName } from '../support/app-harness.js';
import { waitFor } from '../support/wait.js';

// Jobs on a real pg-boss schema: how a batch settles when one of its jobs fails.
describe('Jobs: a batch whose one job fails', () => {
  const schema = testSchemaName();
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: inject('databaseUrl'), DATABASE_SCHEMA: schema, JOBS_SCHEMA: `${schema}_jobs`, LOG_LEVEL: 'silent' });
  const jobs = new Jobs(config, inject('databaseUrl'));
  const runs = new Map<string, number>();
  let failing = true;
  const queue = {
    name: 'batch-settlement',
    batchSize: 5,
    pollingIntervalSeconds: 0.5,
    options: { retryLimit: 5, retryDelay: 1, retryBackoff: false },
    handle: async (job: { data: { key: string } }) => {
      runs.set(job.data.key, (runs.get(job.data.key) ?? 0) + 1);
      if (job.data.key === 'bad' && failing) throw new Error('bad job failed');
    },
  };

  beforeAll(async () => {
    jobs.define(queue);
    await jobs.start(false);
    // all five are waiting before a worker starts, so they are fetched as one batch
    for (const key of ['a', 'b', 'bad', 'c', 'd']) await jobs.send('batch-settlement', { key });
  });

  afterAll(async () => {
    await jobs.beforeApplicationShutdown();
    const client = rawClient();
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}_jobs" CASCADE`).finally(() => client.end());
  });

  it('the failing job is retried alone; its batch-mates complete once', async () => {
    // the worker: a second instance, as apps/worker is beside the api that enqueued
    const worker = new Jobs(config, inject('databaseUrl'));
    worker.define(queue);
    await worker.start(true);
    try {
      await waitFor(async () => (runs.get('bad') ?? 0) >= 3, 15_000);
      expect(Object.fromEntries(['a', 'b', 'c', 'd'].map((k) => [k, runs.get(k)]))).toEqual({ a: 1, b: 1, c: 1, d: 1 });
      failing = false;
      const before = runs.get('bad')!;
      await waitFor(async () => runs.get('bad')! > before, 10_000);
      await new Promise((r) => setTimeout(r, 2500));
      // it completed: no run after the one that succeeded, and the others still ran once
      expect(runs.get('bad')).toBe(before + 1);
      expect(['a', 'b', 'c', 'd'].map((k) => runs.get(k))).toEqual([1, 1, 1, 1]);
    } finally {
      await worker.beforeApplicationShutdown();
    }
  }, 40_000);
});
