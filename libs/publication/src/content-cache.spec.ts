import { describe, expect, it } from 'vitest';
import { Doorkeeper } from './content-cache.js';

describe('Doorkeeper (cache admission)', () => {
  it('admits a key on its second miss, not its first, and forgets it once admitted', () => {
    const d = new Doorkeeper(3);
    expect(d.admit('/a')).toBe(false);
    expect(d.admit('/b')).toBe(false);
    expect(d.admit('/a')).toBe(true);
    // admitted keys start over: the next miss of /a (its entry dropped) is a first miss again
    expect(d.admit('/a')).toBe(false);
    expect(d.admit('/b')).toBe(true);
  });

  it('remembers only the last `size` keys: a sweep over more pages than that admits none of them', () => {
    const d = new Doorkeeper(100);
    const pages = Array.from({ length: 250 }, (_, i) => `/v1/content/articles/piece-${i}`);
    const admitted = [0, 1, 2].flatMap(() => pages.filter((p) => d.admit(p)));
    expect(admitted).toEqual([]);
    // while a page asked for again soon is admitted in the middle of the sweep
    const hot = '/v1/content/articles/hot';
    const d2 = new Doorkeeper(100);
    const firstAdmitted = pages.findIndex((p, i) => (d2.admit(p), i % 50 === 0 && d2.admit(hot)));
    expect(firstAdmitted).toBe(50); // its second ask, 50 misses after the first
  });

  it('remember() lets a key in on its next miss, and refreshes its age', () => {
    const d = new Doorkeeper(2);
    d.remember('/hot');
    d.admit('/x'); // /hot is now the oldest of two
    d.remember('/hot'); // refreshed: /x is the oldest
    d.admit('/y'); // pushes /x out
    expect(d.admit('/hot')).toBe(true);
    expect(d.admit('/x')).toBe(false);
  });

  it('size 0 admits every miss (store on the first)', () => {
    const d = new Doorkeeper(0);
    expect(d.admit('/a')).toBe(true);
    expect(d.admit('/a')).toBe(true);
    d.remember('/b');
    expect(d.admit('/b')).toBe(true);
  });
});
