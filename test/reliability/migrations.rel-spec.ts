import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '#migrations';
import { databaseUrl, rows, urlForDatabase, withClient } from './support/db.js';
import { call } from './support/http.js';
import { spawnApi, spawnWorker, type NodeProcess } from './support/processes.js';

/**
 * Two api processes (and a worker) started at the same moment against an empty database:
 * the advisory lock lets exactly one apply the migrations while the others wait, and all
 * come up healthy. Repeated on a fresh database each round, since a race shows up only
 * sometimes.
 */

const ROUNDS = 3;
const started: NodeProcess[] = [];
const databases: string[] = [];
const figures: string[] = [];

afterAll(async () => {
  await Promise.all(started.map((p) => p.stop(3000)));
  await withClient(async (c) => {
    for (const db of databases) await c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  });
  console.log(`[migrations] ${figures.join('; ')}`);
});

const appliedBy = (p: NodeProcess) => p.logs.filter((l) => l.context === 'Migrations' && Array.isArray(l.applied)).flatMap((l) => l.applied as string[]);

describe('two instances starting migrations at once on an empty database', () => {
  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: one applies every migration, the others wait, 0 errors, all healthy`, async () => {
      const name = `rel_mig_${randomBytes(4).toString('hex')}`;
      await withClient((c) => c.query(`CREATE DATABASE "${name}"`));
      databases.push(name);
      const url = urlForDatabase(databaseUrl(), name);
      const o = { databaseUrl: url, schema: 'newsroom' };

      const t0 = Date.now();
      // all three start together: nothing exists yet, not even the schema
      const [a, b, w] = await Promise.all([spawnApi(`api-a#${round}`, o), spawnApi(`api-b#${round}`, o), spawnWorker(`worker#${round}`, o)]);
      started.push(a, b, w);
      const upMs = Date.now() - t0;

      for (const api of [a, b]) {
        const health = await call(api.url, 'GET', '/health');
        expect(health.status, `${api.name}: ${health.text}`).toBe(200);
        expect(health.body.info.database.status).toBe('up');
      }
      const names = migrations.map((m) => m.name);
      const applied = [a, b, w].map(appliedBy);
      // exactly one process applied them all; the others found nothing left to do
      expect(applied.map((l) => l.length).sort((x, y) => x - y)).toEqual([0, 0, names.length]);
      expect([...applied.flat()].sort()).toEqual([...names].sort());

      const recorded = await rows<{ name: string; n: number }>(`SELECT name, count(*)::int AS n FROM newsroom.schema_migrations GROUP BY name`, [], url);
      expect(recorded.map((r) => r.name).sort()).toEqual([...names].sort());
      expect(recorded.every((r) => r.n === 1)).toBe(true);

      for (const p of [a, b, w]) {
        expect(p.running, `${p.name} exited`).toBe(true);
        expect(
          p.errors().map((l) => `${l.msg} ${JSON.stringify(l.err ?? '')}`.slice(0, 400)),
          `${p.name} logged errors`,
        ).toEqual([]);
      }
      // the app's tables are there and usable through either instance
      const tables = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'newsroom'`, [], url);
      expect(tables[0]!.n).toBeGreaterThan(names.length);
      figures.push(`round ${round}: ${names.length} migrations applied once (by ${[a, b, w][applied.findIndex((l) => l.length)]!.name}), 3 processes healthy in ${upMs} ms`);
      await Promise.all([a, b, w].map((p) => p.stop(5000)));
      for (const p of [a, b, w]) expect(p.exitCode, `${p.name} stopped cleanly`).toBe(0);
    });
  }
});
