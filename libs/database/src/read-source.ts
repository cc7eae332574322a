import type { ReadOptions } from './transactions.js';

/**
 * Where the content surface's reads run (ReadReplicas: a fit standby, else the primary). readRows
 * accepts one in place of the DataSource.
 */
export abstract class ReadSource {
  abstract rows<T>(sql: string, params: unknown[], opts?: ReadOptions): Promise<T[]>;
}
