import type pg from 'pg';

/**
 * An audit of committed writes, for "a refused request changed nothing".
 *
 * Every table of the app's schema and of its pg-boss schema gets an AFTER ROW trigger
 * (INSERT, UPDATE, DELETE; plus an AFTER TRUNCATE statement trigger) that inserts one row into
 * `_rel_writes`. The log row is written by the same transaction as the change, so a write that
 * rolls back leaves no trace and a write that commits always does: the log is exactly the set
 * of committed changes, whatever connection or process made them. Row triggers do not fire for
 * an UPDATE/DELETE that matches nothing (a stale-version update changes nothing and logs nothing).
 *
 * With one request in flight at a time and no background worker on the schema, the rows
 * logged between two reads belong to the request sent in between.
 */
export class WriteLog {
  private cursor = '0';

  constructor(
    private readonly client: pg.Client,
    readonly schema: string,
  ) {}

  async install(): Promise<number> {
    const s = this.schema;
    await this.client.query(`
      CREATE TABLE "${s}"._rel_writes (id bigserial PRIMARY KEY, tbl text NOT NULL, op text NOT NULL);
      CREATE FUNCTION "${s}"._rel_note() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO "${s}"._rel_writes (tbl, op) VALUES (TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, TG_OP);
        RETURN NULL;
      END $fn$;`);
    // plain tables and partitioned parents (their partitions inherit row triggers), not
    // partitions; and not pg-boss's `version` row, whose cron/maintenance timestamps pg-boss's
    // own timers touch every few seconds, whatever request is in flight (a slow run once caught
    // one such tick during a refused request)
    const tables = (
      await this.client.query<{ schema: string; name: string; kind: string }>(
        `SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> '_rel_writes'
            AND NOT (n.nspname = $2 AND c.relname = 'version')`,
        [[s, `${s}_jobs`], `${s}_jobs`],
      )
    ).rows;
    for (const t of tables) {
      const q = `"${t.schema}"."${t.name}"`;
      await this.client.query(`CREATE TRIGGER _rel_note AFTER INSERT OR UPDATE OR DELETE ON ${q} FOR EACH ROW EXECUTE FUNCTION "${s}"._rel_note()`);
      if (t.kind === 'r') await this.client.query(`CREATE TRIGGER _rel_note_truncate AFTER TRUNCATE ON ${q} FOR EACH STATEMENT EXECUTE FUNCTION "${s}"._rel_note()`);
    }
    await this.skip();
    return tables.length;
  }

  /** Writes committed since the last call, as `table op` strings. */
  async since(): Promise<string[]> {
    const r = await this.client.query<{ id: string; tbl: string; op: string }>(`SELECT id, tbl, op FROM "${this.schema}"._rel_writes WHERE id > $1 ORDER BY id`, [this.cursor]);
    if (r.rows.length) this.cursor = r.rows[r.rows.length - 1]!.id;
    return r.rows.map((x) => `${x.tbl.replace(`${this.schema}_jobs.`, 'jobs.').replace(`${this.schema}.`, '')} ${x.op}`);
  }

  /** Forgets what was logged so far (writes made by the test's own setup). */
  async skip(): Promise<void> {
    await this.since();
  }

  async total(): Promise<number> {
    return Number((await this.client.query<{ n: string }>(`SELECT count(*) AS n FROM "${this.schema}"._rel_writes`)).rows[0]!.n);
  }
}
