import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Transactions } from '#libs/database';
import { Outbox, OutboxRelay, type OutboxTopic } from '#libs/outbox';
import { createTestApp, type TestApp } from '../support/app-harness.js';

let t: TestApp;
let relay: OutboxRelay;

/** A message of a test topic (these topics are outside the catalogue, OutboxEvents). */
interface TestMessage {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
  attempts: number;
  createdAt: Date;
}
// the relay's mechanics are tested on topics of their own: the casts to the catalogue's types are here only
const testTopic = (topic: string) => topic as OutboxTopic;
const asTest = (m: unknown) => m as TestMessage;

/** A topic of its own per test, with handlers that record what they were given. */
function topicWith(...behaviours: ((m: TestMessage, call: number) => Promise<void> | void)[]) {
  const topic = `test.${randomBytes(4).toString('hex')}`;
  const calls = behaviours.map(() => [] as TestMessage[]);
  behaviours.forEach((behave, i) =>
    relay.register({
      name: `${topic}:h${i}`,
      topic: testTopic(topic),
      handle: async (m) => {
        calls[i]!.push(asTest(m));
        await behave(asTest(m), calls[i]!.length);
      },
    }),
  );
  return { topic, calls };
}

const emit = (topic: string, payload: Record<string, unknown>, dedupeKey?: string) =>
  t.app.get(Transactions).run((tx) => t.app.get(Outbox).emit(tx, testTopic(topic), payload as never, { dedupeKey }));

const row = async (id: string) =>
  (
    await t.sql<{
      attempts: number;
      delivered_at: Date | null;
      dead_at: Date | null;
      last_error: string | null;
      done_handlers: string[];
      retry_in: number | null;
      leased: boolean;
    }>(
      `SELECT attempts, delivered_at, dead_at, last_error, done_handlers, extract(epoch FROM available_at - now())::float AS retry_in,
              leased_until IS NOT NULL AND leased_until > now() AS leased
         FROM outbox_messages WHERE id = $1`,
      [id],
    )
  )[0]!;

/** Runs the relay until nothing due is left for it. */
async function drain(): Promise<void> {
  while ((await relay.tick()) > 0);
}

beforeAll(async () => {
  t = await createTestApp();
  relay = t.app.get(OutboxRelay);
});
afterAll(() => t?.close());

describe('outbox relay', () => {
  it('delivers a committed message to every handler of its topic, once', async () => {
    const { topic, calls } = topicWith(
      () => undefined,
      () => undefined,
    );
    const id = await emit(topic, { hello: 'world' });
    await drain();
    expect(calls.map((c) => c.map((m) => [m.id, m.payload]))).toEqual([[[id, { hello: 'world' }]], [[id, { hello: 'world' }]]]);
    expect(await row(id)).toMatchObject({ attempts: 1, last_error: null, leased: false, done_handlers: [`${topic}:h0`, `${topic}:h1`] });
    expect((await row(id)).delivered_at).not.toBeNull();
    await drain();
    expect(calls[0]).toHaveLength(1);
  });

  it('never delivers a message whose transaction rolled back', async () => {
    const { topic, calls } = topicWith(() => undefined);
    await expect(
      t.app.get(Transactions).run(async (tx) => {
        await t.app.get(Outbox).emit(tx, testTopic(topic), { n: 1 } as never);
        throw new Error('the business write failed');
      }),
    ).rejects.toThrow('the business write failed');
    await drain();
    expect(calls[0]).toHaveLength(0);
    expect(await t.sql(`SELECT 1 FROM outbox_messages WHERE topic = $1`, [topic])).toHaveLength(0);
  });

  it('retries a failing handler with exponential backoff, and does not rerun handlers that succeeded', async () => {
    const { topic, calls } = topicWith(
      () => undefined,
      (_m, call) => {
        if (call < 3) throw new Error(`smtp down (try ${call})`);
      },
    );
    const id = await emit(topic, { n: 1 });

    expect(await relay.tick()).toBe(1);
    let r = await row(id);
    expect(r).toMatchObject({ attempts: 1, delivered_at: null, leased: false, done_handlers: [`${topic}:h0`] });
    expect(r.last_error).toContain('smtp down (try 1)');
    expect(r.retry_in).toBeGreaterThan(0.5);
    expect(r.retry_in).toBeLessThanOrEqual(1.05);
    expect(await relay.tick()).toBe(0); // not due before the backoff has passed

    await t.sql(`UPDATE outbox_messages SET available_at = now() WHERE id = $1`, [id]);
    expect(await relay.tick()).toBe(1);
    r = await row(id);
    expect(r.attempts).toBe(2);
    expect(r.retry_in).toBeGreaterThan(1.5);
    expect(r.retry_in).toBeLessThanOrEqual(2.05);

    // wait out the real backoff this time
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await relay.tick()).toBe(1);
    r = await row(id);
    expect(r).toMatchObject({ attempts: 3, last_error: null });
    expect(r.delivered_at).not.toBeNull();
    expect(calls[0]).toHaveLength(1); // the handler that succeeded ran once
    expect(calls[1]).toHaveLength(3);
  });

  it('gives up after the last attempt and keeps the message as dead', async () => {
    const { topic } = topicWith(() => {
      throw new Error('permanently broken');
    });
    const id = await emit(topic, {});
    await t.sql(`UPDATE outbox_messages SET attempts = 11 WHERE id = $1`, [id]);
    expect(await relay.tick()).toBe(1);
    const r = await row(id);
    expect(r.attempts).toBe(12);
    expect(r.dead_at).not.toBeNull();
    expect(r.delivered_at).toBeNull();
    await t.sql(`UPDATE outbox_messages SET available_at = now() WHERE id = $1`, [id]);
    expect(await relay.tick()).toBe(0);
  });

  it('redelivers after a crash between the side effect and the mark, once the lease expires', async () => {
    let release: (() => void) | undefined;
    const sideEffects: string[] = [];
    const { topic, calls } = topicWith(async (m, call) => {
      sideEffects.push(m.id);
      // the first run "crashes" after its side effect: it never returns, so nothing is marked
      if (call === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const id = await emit(topic, { n: 1 });
    const stuck = relay.tick();
    await expect.poll(() => sideEffects.length).toBe(1);
    expect(await row(id)).toMatchObject({ leased: true, delivered_at: null });
    // another relay (or this one after a restart) does not take it while the lease holds
    expect(await relay.tick()).toBe(0);
    // the lease runs out (shortened here instead of waiting 60 s)
    await t.sql(`UPDATE outbox_messages SET leased_until = now() - interval '1 second' WHERE id = $1`, [id]);
    expect(await relay.tick()).toBe(1);
    expect(sideEffects).toEqual([id, id]); // the same message id both times: the consumer's idempotency key
    expect(calls[0]!.map((m) => m.attempts)).toEqual([1, 2]);
    const r = await row(id);
    expect(r.attempts).toBe(2);
    expect(r.delivered_at).not.toBeNull();
    release!();
    await stuck;
  });

  it('stores one message per dedupe key, however often and concurrently it is emitted', async () => {
    const { topic, calls } = topicWith(() => undefined);
    const key = `dedupe:${randomBytes(4).toString('hex')}`;
    const ids = await Promise.all(Array.from({ length: 10 }, (_, i) => emit(topic, { i }, key)));
    expect(new Set(ids).size).toBe(1);
    expect(await t.sql(`SELECT 1 FROM outbox_messages WHERE dedupe_key = $1`, [key])).toHaveLength(1);
    const other = await emit(topic, { i: 'other' });
    await drain();
    expect(calls[0]!.map((m) => m.id).sort()).toEqual([ids[0], other].sort());
  });

  it('two relays working at once deliver each message exactly once (SKIP LOCKED)', async () => {
    const { topic, calls } = topicWith(async () => {
      await new Promise((r) => setTimeout(r, 5));
    });
    const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => emit(topic, { i })));
    const second = await createTestApp({ schema: t.schema });
    try {
      const otherRelay = second.app.get(OutboxRelay);
      otherRelay.register({ name: `${topic}:h0`, topic: testTopic(topic), handle: async (m) => void calls[0]!.push(asTest(m)) });
      for (let i = 0; i < 3; i++) await Promise.all([relay.tick(), otherRelay.tick()]);
    } finally {
      await second.close();
    }
    expect(calls[0]!.map((m) => m.id).sort()).toEqual([...ids].sort());
    const delivered = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_messages WHERE topic = $1 AND delivered_at IS NOT NULL AND attempts = 1`, [topic]);
    expect(delivered[0]!.n).toBe(30);
  });
});
