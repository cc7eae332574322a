/** The years a date the API takes may fall in (a scheduled publish in year 275760 is a typo). */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2}))?$/i;

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * RULE: a date the API takes is ISO 8601 in one of two forms: a calendar day (`2026-03-01`,
 * 00:00 UTC that day) or a date-time with seconds optional and a zone (`Z` or `+01:00`); the
 * day must exist (`2026-02-30` does not), hours 00-23, minutes and seconds 00-59, and the
 * instant must fall in the years MIN_YEAR..MAX_YEAR. Anything else is null (never a guess).
 */
export function parseInstant(value: unknown): Date | null {
  if (typeof value !== 'string' || value.length > 40) return null;
  const m = INSTANT.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  // (checked first also because Date.UTC reads years 0-99 as 1900-1999)
  if (year < MIN_YEAR - 1 || year > MAX_YEAR + 1) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  if (h === undefined) return inRange(new Date(Date.UTC(year, month - 1, day)));
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    const oh = Number(digits.slice(1, 3));
    const om = Number(digits.slice(3, 5));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  return inRange(new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000));
}

/** RULE: a calendar day alone (`YYYY-MM-DD`, a day that exists, in range), as 00:00 UTC; else null. */
export const parseCalendarDay = (value: unknown): Date | null => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? parseInstant(value) : null);

function inRange(d: Date): Date | null {
  const y = d.getUTCFullYear();
  return Number.isNaN(d.getTime()) || y < MIN_YEAR || y > MAX_YEAR ? null : d;
}
