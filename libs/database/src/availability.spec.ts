import { describe, expect, it } from 'vitest';
import { isDatabaseTimeout, isDatabaseUnavailable } from './availability.js';

describe('item 23: isDatabaseTimeout', () => {
  it('is a statement or lock timeout, as PostgreSQL reports it (also wrapped by TypeORM)', () => {
    expect(isDatabaseTimeout(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }))).toBe(true);
    expect(isDatabaseTimeout({ driverError: { code: '55P03' } })).toBe(true);
    expect(isDatabaseTimeout(new Error('canceling statement due to lock timeout'))).toBe(true);
    expect(isDatabaseTimeout(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseTimeout(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '57014' }))).toBe(false);
  });
});
