import { CreateIdentity1795736550263 } from './1795736550263-CreateIdentity.js';
import { CreateOutboxAndAuditLog1795736889127 } from './1795736889127-CreateOutboxAndAuditLog.js';
import { CreateRateLimitCounters1795737000000 } from './1795737000000-CreateRateLimitCounters.js';

/** Every migration, in order. Frozen once merged: add new files, never edit old ones. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const migrations: Function[] = [
  CreateIdentity1795736550263,
  CreateOutboxAndAuditLog1795736889127,
  CreateRateLimitCounters1795737000000,
];
