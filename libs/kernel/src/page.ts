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

export function decodeCursor(raw: string): KeysetCursor {
  const decoded = Buffer.from(raw, 'base64url').toString('utf8');
  const [at, id, extra] = decoded.split('|');
  if (!at || !id || extra !== undefined || Number.isNaN(Date.parse(at))) {
    throw new DomainError('validation', 'INVALID_CURSOR', 'The cursor is not valid.', [
      { field: 'cursor', message: 'not a cursor returned by this API' },
    ]);
  }
  return { at, id };
}

export const MAX_PAGE_SIZE = 100;
export const clampLimit = (limit: number | undefined, fallback = 20): number =>
  Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(limit ?? fallback)));
