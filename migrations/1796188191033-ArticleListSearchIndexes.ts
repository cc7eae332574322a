import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The desk's article list at 100,000 pieces: its search (ILIKE on headline, dek and body) is
 * answered by a pg_trgm GIN index on one expression (ARTICLE_SEARCH_TEXT in the articles
 * repository), and the tag and byline filters (array containment) by GIN indexes on the arrays.
 *
 * pg_trgm is a trusted contrib extension (PostgreSQL 13+): it is created in `public` (shared by
 * every schema of the database, so dropping one schema never drops it), or in the current
 * schema where `public` may not be written to. Where the extension cannot be had at all, the
 * search index is left out and the list searches by scanning, as before: the migration never
 * fails for it.
 */
export class ArticleListSearchIndexes1796188191033 implements MigrationInterface {
  name = 'ArticleListSearchIndexes1796188191033';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') AND EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
          BEGIN
            CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
          EXCEPTION
            WHEN unique_violation OR duplicate_object THEN NULL; -- another migration run created it meanwhile
            WHEN insufficient_privilege OR invalid_schema_name THEN
              BEGIN
                CREATE EXTENSION IF NOT EXISTS pg_trgm;
              EXCEPTION WHEN unique_violation OR duplicate_object OR insufficient_privilege THEN NULL;
              END;
          END;
        END IF;
      END $$`);
    const [ext] = (await q.query(`SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`)) as { schema: string }[];
    if (ext) {
      const opclass = `"${ext.schema.replace(/"/g, '""')}".gin_trgm_ops`;
      await q.query(`CREATE INDEX "idx_articles_search_trgm" ON "articles" USING gin ((headline || ' ' || dek || ' ' || body_text) ${opclass})`);
    }
    await q.query(`CREATE INDEX "idx_articles_tag_ids" ON "articles" USING gin ("tag_ids")`);
    await q.query(`CREATE INDEX "idx_articles_byline_ids" ON "articles" USING gin ("byline_ids")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "idx_articles_byline_ids"`);
    await q.query(`DROP INDEX IF EXISTS "idx_articles_tag_ids"`);
    await q.query(`DROP INDEX IF EXISTS "idx_articles_search_trgm"`);
    // the extension stays: other schemas of the database may use it
  }
}
