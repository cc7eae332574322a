import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * A set-based INSERT of many rows of one entity, in the caller's transaction: the rows travel
 * as one JSON parameter and `jsonb_populate_recordset` turns them into the table's row type,
 * so a thousand rows are one statement and one round trip (no parameter limit, no per-row
 * planning). Columns are the entity's insertable ones present in the first row (the others
 * take their defaults). `onConflict` is appended as is (e.g. `ON CONFLICT (id) DO NOTHING`).
 * Returns the number of rows written. For a lib's own tables only (the table-ownership rule).
 */
export async function insertMany<T extends ObjectLiteral>(tx: EntityManager, entity: EntityTarget<T>, rows: Partial<T>[], onConflict = ''): Promise<number> {
  const first = rows[0];
  if (!first) return 0;
  const meta = tx.connection.getMetadata(entity);
  const cols = meta.columns.filter((c) => c.isInsert && c.propertyName in first);
  const names = cols.map((c) => `"${c.databaseName}"`).join(', ');
  const json = JSON.stringify(
    rows.map((r) => {
      const o: Record<string, unknown> = {};
      for (const c of cols) o[c.databaseName] = (r as Record<string, unknown>)[c.propertyName] ?? null;
      return o;
    }),
  );
  const table = meta.tablePath.includes('.') ? meta.tablePath : `"${meta.tableName}"`;
  await tx.query(`INSERT INTO ${table} (${names}) SELECT ${names} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) ${onConflict}`, [json]);
  return rows.length;
}
