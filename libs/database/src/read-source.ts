/**
 * Where the content surface's reads run (ReadReplicas: a fit standby, else the primary). readRows
 * accepts one in place of the DataSource.
 */
export abstract class ReadSource {
  abstract rows<T>(sql: string, params: unknown[], prepareAs?: string): Promise<T[]>;
}
