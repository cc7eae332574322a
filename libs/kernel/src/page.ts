import { DomainError } from './domain-error.js';

/** One page of a keyset-paginated list. `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Opaque cursor for keyset pagination over (timestamp, id). */
export interface KeysetCursor {
  at: string;
  id: string;
}

export const encodeCursor = (c: KeysetCursor): string => Buffer.from(`${c.at}|${c.id}`).toString('base64url');

/** The timestamps cursors carry: UTC ISO 8601, milliseconds or microseconds, years 1000-9999. */
const CURSOR_AT = /^([1-9]\d{3})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?Z$/;
const CURSOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CURSOR_CHARS = /^[A-Za-z0-9_-]{1,200}$/;

/** RULE: a real UTC calendar time (no 30 February, no hour 24), as `CURSOR_AT` spells it. */
function isCursorTime(at: string): boolean {
  const m = CURSOR_AT.exec(at);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && t.getUTCHours() === h && t.getUTCMinutes() === mi && t.getUTCSeconds() === s;
}

/**
 * RULE: a cursor is valid only as this API spells one: base64url of `<time>|<uuid>` (a real UTC
 * time, a lower-case UUID), encoding back to exactly the same text. Anything else, forged or
 * mangled, is refused here with INVALID_CURSOR, before any SQL sees it.
 */
export function decodeCursor(raw: string): KeysetCursor {
  const invalid = () => new DomainError('validation', 'INVALID_CURSOR', 'The cursor is not valid.', [{ field: 'cursor', message: 'not a cursor returned by this API' }]);
  if (typeof raw !== 'string' || !CURSOR_CHARS.test(raw)) throw invalid();
  const decoded = Buffer.from(raw, 'base64url').toString('utf8');
  const parts = decoded.split('|');
  if (parts.length !== 2) throw invalid();
  const [at, id] = parts as [string, string];
  if (!isCursorTime(at) || !CURSOR_ID.test(id) || encodeCursor({ at, id }) !== raw) throw invalid();
  return { at, id };
}

export const MAX_PAGE_SIZE = 100;
export const clampLimit = (limit: number | undefined, fallback = 20): number => Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(limit ?? fallback)));
