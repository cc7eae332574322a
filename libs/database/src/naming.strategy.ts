import { DefaultNamingStrategy, type NamingStrategyInterface, type Table } from 'typeorm';

const snake = (s: string): string =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();

const tableOf = (t: Table | string): string => {
  const name = typeof t === 'string' ? t : t.name;
  const dot = name.lastIndexOf('.');
  return dot >= 0 ? name.slice(dot + 1) : name;
};

// Postgres truncates identifiers at 63 bytes; keep generated names inside that.
const clip = (name: string): string => (name.length <= 63 ? name : name.slice(0, 63));

/**
 * snake_case tables and columns, and readable constraint names (pk_table, fk_table_col,
 * idx_table_cols, uq_table_cols) so hand-read migrations and the entities agree.
 */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override tableName(targetName: string, userSpecifiedName: string | undefined): string {
    return userSpecifiedName ?? snake(targetName);
  }
  override columnName(propertyName: string, customName: string | undefined, embeddedPrefixes: string[]): string {
    return snake([...embeddedPrefixes, customName ?? propertyName].join('_'));
  }
  override relationName(propertyName: string): string {
    return snake(propertyName);
  }
  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return snake(`${relationName}_${referencedColumnName}`);
  }
  override joinTableName(firstTableName: string, secondTableName: string, firstPropertyName: string): string {
    return snake(`${firstTableName}_${firstPropertyName.replace(/\./g, '_')}`);
  }
  override joinTableColumnName(tableName: string, propertyName: string, columnName?: string): string {
    return snake(`${tableName}_${columnName ?? propertyName}`);
  }
  override primaryKeyName(tableOrName: Table | string): string {
    return clip(`pk_${tableOf(tableOrName)}`);
  }
  override uniqueConstraintName(tableOrName: Table | string, columnNames: string[]): string {
    return clip(`uq_${tableOf(tableOrName)}_${columnNames.join('_')}`);
  }
  override foreignKeyName(tableOrName: Table | string, columnNames: string[]): string {
    return clip(`fk_${tableOf(tableOrName)}_${columnNames.join('_')}`);
  }
  override indexName(tableOrName: Table | string, columnNames: string[]): string {
    return clip(`idx_${tableOf(tableOrName)}_${columnNames.join('_')}`);
  }
  override relationConstraintName(tableOrName: Table | string, columnNames: string[]): string {
    return clip(`rel_${tableOf(tableOrName)}_${columnNames.join('_')}`);
  }
  override defaultConstraintName(tableOrName: Table | string, columnName: string): string {
    return clip(`df_${tableOf(tableOrName)}_${columnName}`);
  }
  override checkConstraintName(tableOrName: Table | string, expression: string): string {
    return clip(
      `ck_${tableOf(tableOrName)}_${snake(expression)
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^_|_$/g, '')}`,
    );
  }
}
