import { describe, expect, it } from 'vitest';
import { Coalescer } from './coalescer.js';

describe('Coalescer', () => {
  it('groups concurrent calls into one flush and hands each caller its own result', async () => {
    const flushes: number[][] = [];
    const c = new Coalescer<number, number>(
      async (xs) => {
        flushes.push(xs);
        await new Promise((r) => setTimeout(r, 5));
        return xs.map((x) => x * 10);
      },
      { maxWaitMs: 2, maxItems: 100 },
    );
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => c.submit(i)));
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => i * 10));
    expect(flushes.length).toBeLessThanOrEqual(2);
    expect(flushes.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('caps a group at maxItems and fails only the group whose flush failed', async () => {
    let n = 0;
    const c = new Coalescer<number, number>(
      async (xs) => {
        n++;
        if (n === 1) throw new Error('down');
        return xs;
      },
      { maxWaitMs: 1, maxItems: 3 },
    );
    const settled = await Promise.allSettled([1, 2, 3, 4, 5].map((x) => c.submit(x)));
    expect(settled.slice(0, 3).every((s) => s.status === 'rejected')).toBe(true);
    expect(settled.slice(3).map((s) => (s as PromiseFulfilledResult<number>).value)).toEqual([4, 5]);
  });
});

describe('Coalescer for reads (maxWaitMs 0, maxInFlight)', () => {
  const gate = () => {
    let open!: () => void;
    const opened = new Promise<void>((r) => (open = r));
    return { open, opened };
  };

  it('flushes a lone call at once, with no timer in between', async () => {
    const flushes: number[][] = [];
    const c = new Coalescer<number, number>(
      async (xs) => {
        flushes.push(xs);
        return xs;
      },
      { maxWaitMs: 0, maxItems: 100, maxInFlight: 2 },
    );
    const p = c.submit(7);
    expect(flushes).toEqual([[7]]); // called synchronously inside submit
    expect(await p).toBe(7);
  });

  it('runs up to maxInFlight flushes at once and sends what queued behind them as one group each', async () => {
    const flushes: number[][] = [];
    const gates: ReturnType<typeof gate>[] = [];
    let running = 0;
    let maxRunning = 0;
    const c = new Coalescer<number, number>(
      async (xs) => {
        flushes.push(xs);
        running++;
        maxRunning = Math.max(maxRunning, running);
        const g = gate();
        gates.push(g);
        await g.opened;
        running--;
        return xs.map((x) => -x);
      },
      { maxWaitMs: 0, maxItems: 4, maxInFlight: 2 },
    );
    const results = Array.from({ length: 12 }, (_, i) => c.submit(i));
    expect(flushes).toEqual([[0], [1]]);
    gates[0]!.open();
    await new Promise((r) => setTimeout(r, 0));
    expect(flushes[2]).toEqual([2, 3, 4, 5]); // the queue, capped at maxItems
    // let the flushes finish one by one until every caller has its answer
    let settled = false;
    const all = Promise.all(results).finally(() => (settled = true));
    while (!settled) {
      gates.shift()?.open();
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(await all).toEqual(Array.from({ length: 12 }, (_, i) => -i));
    expect(maxRunning).toBe(2);
    expect(flushes.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(flushes.every((f) => f.length <= 4)).toBe(true);
  });

  it('fails the callers of a flush that throws synchronously, and keeps serving', async () => {
    let n = 0;
    const c = new Coalescer<number, number>(
      (xs) => {
        if (++n === 1) throw new Error('sync');
        return Promise.resolve(xs);
      },
      { maxWaitMs: 0, maxItems: 10, maxInFlight: 1 },
    );
    await expect(c.submit(1)).rejects.toThrow('sync');
    expect(await c.submit(2)).toBe(2);
  });
});
