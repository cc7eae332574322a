import { pgErrorCode } from './transactions.js';

const DOWN_MESSAGES = [
  'Connection terminated',
  'connect ECONNREFUSED',
  'timeout exceeded when trying to connect',
  'Connection ended unexpectedly',
  'terminating connection',
  'the database system is starting up',
  'the database system is shutting down',
  'Client has encountered a connection error',
  'read ECONNRESET',
];

/**
 * True when an error means "the database is not reachable right now" (as opposed to a bug
 * or a bad query): the HTTP layer answers 503 with Retry-After instead of 500.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  const code = pgErrorCode(e);
  if (code && (code.startsWith('08') || code.startsWith('57P') || code === '53300')) return true;
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT') return true;
  // TypeORM releases a transaction's query runner when its connection dies; the rollback or
  // next query of that transaction then fails with this error instead of the network error.
  if (e instanceof Error && e.name === 'QueryRunnerAlreadyReleasedError') return true;
  const message = e instanceof Error ? e.message : '';
  return DOWN_MESSAGES.some((m) => message.includes(m));
}

/**
 * RULE: the database gave up on a statement that took too long (statement_timeout, a lock
 * wait past lock_timeout) and rolled its transaction back: nothing was written, and the same
 * request may well succeed a moment later. The HTTP layer answers 503 with Retry-After.
 */
export function isDatabaseTimeout(e: unknown): boolean {
  const code = pgErrorCode(e);
  if (code === '57014' || code === '55P03') return true;
  const message = e instanceof Error ? e.message : '';
  return /canceling statement due to (statement|lock) timeout/.test(message);
}
