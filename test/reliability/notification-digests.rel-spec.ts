import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LicenseSweep } from '#libs/image-credits';
import { DIGEST_QUEUE } from '#libs/notifications';
import { OutboxRelay } from '#libs/outbox';
import { actingAs, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { SmtpInbox } from '../support/smtp-inbox.js';
import { databaseUrl } from './support/db.js';
import { JWT_SECRET, sleep, spawnWorker, type NodeProcess } from './support/processes.js';

/**
 * Daily digests across two worker processes, one SIGKILLed while its digest transactions are
 * in flight: every recipient still gets exactly one digest (one Message-ID), and pg-boss holds
 * one job per recipient and day.
 */

const N = 12;
let t: TestApp;
const smtp = new SmtpInbox();
let port: number;
const workers: NodeProcess[] = [];
let editors: Credential[] = [];
const figures: string[] = [];

beforeAll(async () => {
  port = await smtp.start();
  t = await createTestApp({ env: { JWT_SECRET, NOTIFY_CHECK_INTERVAL: '0', MAIL_TRANSPORT: 'smtp', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port) } });
  editors = [];
  for (let i = 0; i < N; i++) editors.push(await actingAs(t, 'editor'));
  // one lapsing licence: every editor gets one notification for the digest
  const png = await readFile(join(import.meta.dirname, '../fixtures/images', 'sample.png'));
  const up = await t.http().post('/v1/admin/images').set(editors[0]!.auth).attach('file', png, { filename: 'lapsing.png', contentType: 'image/png' });
  expect(up.status).toBe(201);
  const expiresAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
  expect((await t.http().put(`/v1/admin/images/${up.body.id}/license`).set(editors[0]!.auth).send({ licensor: 'Matrix Images', expiresAt })).status).toBe(200);
  await t.app.get(LicenseSweep).run();
  const relay = t.app.get(OutboxRelay);
  for (let i = 0; i < 100; i++) {
    await relay.tick();
    const [r] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE kind = 'licence_lapsing' AND delivery = 'digest'`);
    if (r!.n >= N) break;
    await sleep(100);
  }
}, 180_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop(5000)));
  await t?.close();
  await smtp.stop();
  console.log(`[notification-digests] ${figures.join('; ')}`);
});

const workerEnv = () => ({
  databaseUrl: databaseUrl(),
  schema: t.schema,
  env: { NOTIFY_CHECK_INTERVAL: '1s', NOTIFY_DIGEST_HOUR: '0', MAIL_TRANSPORT: 'smtp', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), DATABASE_POOL_SIZE: '6' },
});

/** Digest transactions waiting on the test's row lock (they have claimed their day, not committed). */
const waiting = async () =>
  (
    await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FROM notifications n WHERE n.account_id = $1 AND n.delivery = ''digest''%'`,
    )
  )[0]!.n;

async function until(what: string, test: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

describe('daily digests with two workers, one killed mid-run', () => {
  it('each recipient gets exactly one digest', async () => {
    const [pending] = await t.sql<{ n: number }>(`SELECT count(DISTINCT account_id)::int AS n FROM notifications WHERE delivery = 'digest' AND digested_at IS NULL`);
    expect(pending!.n).toBeGreaterThanOrEqual(N);
    const recipients = pending!.n;

    // hold every pending digest row: a digest job claims its day, then waits here
    const lock = new pg.Client({ connectionString: databaseUrl() });
    lock.on('error', () => undefined);
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query(`SELECT id FROM "${t.schema}".notifications WHERE delivery = 'digest' AND digested_at IS NULL FOR UPDATE`);

    const started = Date.now();
    workers.push(await spawnWorker('worker-1', workerEnv()));
    await until('worker-1 to be inside digest transactions', async () => (await waiting()) >= 1, 60_000);
    workers.push(await spawnWorker('worker-2', workerEnv()));
    const inFlight = await waiting();
    workers[0]!.kill('SIGKILL');
    await workers[0]!.exited;
    await lock.query('COMMIT');
    await lock.end();

    const jobs = () =>
      t.sql<{ key: string; state: string; retries: number }>(`SELECT singleton_key AS key, state, retry_count AS retries FROM "${t.schema}_jobs".job WHERE name = $1`, [
        DIGEST_QUEUE,
      ]);
    await until(
      'every digest job to complete',
      async () => {
        const j = await jobs();
        return j.length === recipients && j.every((x) => x.state === 'completed');
      },
      120_000,
    );
    await until(
      'every digest mail to be relayed',
      async () => {
        const [r] = await t.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM outbox_messages WHERE topic = 'mail.send' AND payload->>'category' = 'notification.digest' AND delivered_at IS NULL`,
        );
        return r!.n === 0;
      },
      60_000,
    );
    const doneMs = Date.now() - started;

    const j = await jobs();
    expect(new Set(j.map((x) => x.key)).size).toBe(recipients);
    const digests = await t.sql<{ account_id: string; items: number }>(`SELECT account_id, items FROM notification_digests`);
    expect(digests).toHaveLength(recipients);
    expect(digests.every((d) => d.items >= 1)).toBe(true);
    const [left] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE delivery = 'digest' AND digested_at IS NULL`);
    expect(left!.n).toBe(0);
    const outbox = await t.sql<{ to: string; n: number }>(
      `SELECT payload->>'to' AS to, count(*)::int AS n FROM outbox_messages WHERE topic = 'mail.send' AND payload->>'category' = 'notification.digest' GROUP BY 1`,
    );
    expect(outbox).toHaveLength(recipients);
    expect(outbox.every((o) => o.n === 1)).toBe(true);
    // at the SMTP server: one digest per editor (a resend after a crash would carry the same Message-ID)
    for (const e of editors) {
      const ids = new Set(
        smtp
          .to(e.email)
          .filter((m) => m.parsed.subject?.startsWith('Your newsroom digest'))
          .map((m) => m.parsed.messageId),
      );
      expect(ids.size, e.email).toBe(1);
    }
    const retried = j.filter((x) => x.retries > 0).length;
    expect(retried, 'the killed worker’s jobs were retried by the other').toBeGreaterThanOrEqual(1);
    figures.push(
      `${recipients} recipients, ${inFlight} digest transactions in flight when worker-1 was killed, ${retried} jobs retried, all done in ${Math.round(doneMs / 1000)} s`,
    );
  }, 300_000);
});
