import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** The JSON one INSERT of insertMany carries at most (a single larger row goes alone). */
const MAX_JSON_CHARS = 2_000_000;

/**
 * A set-based INSERT of many rows of one entity, in the caller's transaction: the rows travel
 * as one JSON parameter and `jsonb_populate_recordset` turns them into the table's row type,
 * so a thousand rows are one statement and one round trip (no parameter limit, no per-row
 * planning). Columns are the entity's insertable ones present in the first row (the others
 * take their defaults). `onConflict` is appended as is (e.g. `ON CONFLICT (id) DO NOTHING`).
 * Returns the number of rows written. For a lib's own tables only (the table-ownership rule).
 * Rows beyond MAX_JSON_CHARS of JSON go in further statements of the same kind.
 */
export async function insertMany<T extends ObjectLiteral>(tx: EntityManager, entity: EntityTarget<T>, rows: Partial<T>[], onConflict = ''): Promise<number> {
  const first = rows[0];
  if (!first) return 0;
  const meta = tx.connection.getMetadata(entity);
  const cols = meta.columns.filter((c) => c.isInsert && c.propertyName in first);
  const names = cols.map((c) => `"${c.databaseName}"`).join(', ');
  const table = meta.tablePath.includes('.') ? meta.tablePath : `"${meta.tableName}"`;
  const sql = `INSERT INTO ${table} (${names}) SELECT ${names} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) ${onConflict}`;
  // one statement per MAX_JSON_CHARS of JSON: a batch of large rows (500 pages with their bodies
  // and teasers: ~9 M characters, twice that in memory once one character is outside Latin-1,
  // and again as the driver's UTF-8 copy) never travels as one string
  let parts: string[] = [];
  let chars = 0;
  const flush = async () => {
    await tx.query(sql, [`[${parts.join(',')}]`]);
    parts = [];
    chars = 0;
  };
  for (const r of rows) {
    const o: Record<string, unknown> = {};
    for (const c of cols) o[c.databaseName] = (r as Record<string, unknown>)[c.propertyName] ?? null;
    const json = JSON.stringify(o);
    if (parts.length && chars + json.length > MAX_JSON_CHARS) await flush();
    parts.push(json);
    chars += json.length + 1;
  }
  await flush();
  return rows.length;
}
