import { describe, expect, it } from 'vitest';
import { fromZonedInput, toZonedInput } from './time';

describe('schedule times in the newsroom zone', () => {
  it('reads a wall-clock time in the zone as the right instant, across DST', () => {
    expect(fromZonedInput('2026-12-01T16:30', 'Europe/Berlin')).toBe('2026-12-01T15:30:00.000Z');
    expect(fromZonedInput('2026-07-01T16:30:05', 'Europe/Berlin')).toBe('2026-07-01T14:30:05.000Z');
    expect(fromZonedInput('2026-03-08T12:00', 'America/New_York')).toBe('2026-03-08T16:00:00.000Z');
    expect(fromZonedInput('not a time', 'UTC')).toBeNull();
  });
  it('shows an instant as the zone’s wall clock', () => {
    expect(toZonedInput('2026-12-01T15:30:00Z', 'Europe/Berlin')).toBe('2026-12-01T16:30');
    expect(toZonedInput(null, 'UTC')).toBe('');
  });
});
