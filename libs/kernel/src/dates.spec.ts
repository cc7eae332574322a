import { describe, expect, it } from 'vitest';
import { parseCalendarDay, parseInstant } from './dates.js';

describe('issue 17 item 12: dates are real calendar dates in a sane range', () => {
  it('takes a day or a zoned date-time', () => {
    expect(parseInstant('2026-03-01')?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(parseInstant('2026-03-01T10:20Z')?.toISOString()).toBe('2026-03-01T10:20:00.000Z');
    expect(parseInstant('2026-03-01T10:20:30.123456+01:00')?.toISOString()).toBe('2026-03-01T09:20:30.123Z');
    expect(parseInstant('2028-02-29T00:00:00Z')?.toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(parseCalendarDay('2026-12-31')?.toISOString()).toBe('2026-12-31T00:00:00.000Z');
  });
  it('refuses days that do not exist, times out of range, years out of range and guesses', () => {
    for (const bad of [
      '2026-02-30',
      '2026-02-29T00:00:00Z',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-01-01T24:00:00Z',
      '2026-01-01T10:60Z',
      '2026-01-01T10:00:60Z',
      '2026-01-01T10:00:00',
      '275760-09-13T00:00:00Z',
      '+275760-09-13T00:00:00Z',
      '2200-01-01',
      '1899-12-31T23:59:59Z',
      '2026-01-01T10:00:00+24:00',
      '0001-01-01',
      '0099-12-31T00:00:00Z',
      'tomorrow',
      '1767225600000',
      '',
      ' 2026-03-01',
      '2026-3-1',
      'Mon, 02 Mar 2026 00:00:00 GMT',
    ]) {
      expect(parseInstant(bad), bad).toBeNull();
    }
    expect(parseInstant(1767225600000)).toBeNull();
    expect(parseCalendarDay('2026-03-01T00:00:00Z')).toBeNull();
  });
});
