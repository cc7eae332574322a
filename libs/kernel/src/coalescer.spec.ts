import { describe, expect, it } from 'vitest';
import { Coalescer } from './coalescer.js';

describe('Coalescer', () => {
  it('groups concurrent calls into one flush and hands each caller its own result', async () => {
    const flushes: number[][] = [];
    const c = new Coalescer<number, number>(async (xs) => {
      flushes.push(xs);
      await new Promise((r) => setTimeout(r, 5));
      return xs.map((x) => x * 10);
    }, { maxWaitMs: 2, maxItems: 100 });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => c.submit(i)));
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => i * 10));
    expect(flushes.length).toBeLessThanOrEqual(2);
    expect(flushes.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('caps a group at maxItems and fails only the group whose flush failed', async () => {
    let n = 0;
    const c = new Coalescer<number, number>(async (xs) => {
      n++;
      if (n === 1) throw new Error('down');
      return xs;
    }, { maxWaitMs: 1, maxItems: 3 });
    const settled = await Promise.allSettled([1, 2, 3, 4, 5].map((x) => c.submit(x)));
    expect(settled.slice(0, 3).every((s) => s.status === 'rejected')).toBe(true);
    expect(settled.slice(3).map((s) => (s as PromiseFulfilledResult<number>).value)).toEqual([4, 5]);
  });
});
