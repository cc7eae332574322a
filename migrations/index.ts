import { CreateIdentity1795736550263 } from './1795736550263-CreateIdentity.js';

/** Every migration, in order. Frozen once merged: add new files, never edit old ones. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const migrations: Function[] = [CreateIdentity1795736550263];
