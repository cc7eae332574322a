import { describe, expect, it } from 'vitest';
import { moved, planMerge, resolve, same } from './merge';

const base = { title: 'A', description: 'd', menus: { primary: [{ label: 'Europe' }], footer: [] }, socialAccounts: [] };

describe('the settings merge after a 412', () => {
  it('takes what only they changed, keeps what only I changed, and names what both changed', () => {
    const mine = { ...base, title: 'Mine', menus: { primary: [{ label: 'Europe' }, { label: 'Africa' }], footer: [] } };
    const theirs = { ...base, title: 'Theirs', description: 'their d', menus: { primary: [{ label: 'Europe' }], footer: [{ label: 'About' }] } };
    const plan = planMerge(base, mine, theirs);
    expect(plan.conflicts).toEqual(['title']);
    expect(plan.theirsOnly).toEqual(['description', 'menus.footer']);
    expect(plan.mineOnly).toEqual(['menus.primary']);
    expect(resolve(plan, theirs, {})).toEqual({
      ...base,
      title: 'Mine',
      description: 'their d',
      menus: { primary: [{ label: 'Europe' }, { label: 'Africa' }], footer: [{ label: 'About' }] },
    });
    expect(resolve(plan, theirs, { title: 'theirs' })).toMatchObject({ title: 'Theirs' });
  });

  it('sees the same change on both sides as no conflict, and keeps members it does not know', () => {
    const mine = { ...base, title: 'Same', extra: { x: 1 } };
    const theirs = { ...base, title: 'Same', extra: { x: 1 }, newField: 'theirs' };
    const plan = planMerge(base, mine, theirs);
    expect(plan.conflicts).toEqual([]);
    expect(plan.merged).toMatchObject({ newField: 'theirs', extra: { x: 1 } });
  });

  it('compares structurally and moves items', () => {
    expect(same({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
    expect(same({ a: 1 }, { a: 2 })).toBe(false);
    expect(moved(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
    expect(moved(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moved(['a', 'b'], 1, 9)).toEqual(['a', 'b']);
  });
});
