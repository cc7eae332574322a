import type { MigrationInterface, QueryRunner } from 'typeorm';
import { applyFunctions, ARTICLE_WORDS } from './functions.js';

/**
 * The desk list's word search (listSearch in libs/articles): a search for one very common word
 * took 4.4 s at 100,000 pieces on the pg_trgm index, whose candidates were most of the table,
 * each rechecked against its whole text. `search_words` holds each piece's words (tsvector,
 * 'simple', no positions), kept by the trigger `articles_search_words` (migrations/functions.ts)
 * and indexed by GIN; the planner estimates a word's frequency from the column's statistics, so a
 * common word walks the list's order and stops at the first page, a rare one reads the index.
 * The backfill runs before the trigger exists, so it writes each row once; fastupdate off: a
 * save updates the index at once instead of growing a pending list every search must scan.
 */
export class ArticleListWordSearch1796230684474 implements MigrationInterface {
  name = 'ArticleListWordSearch1796230684474';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "articles" ADD "search_words" tsvector`);
    await applyFunctions(q);
    await q.query(`UPDATE "articles" a SET "search_words" = ${ARTICLE_WORDS('a')}`);
    await q.query(
      `CREATE TRIGGER articles_search_words BEFORE INSERT OR UPDATE OF "headline", "dek", "body_text" ON "articles" FOR EACH ROW EXECUTE FUNCTION articles_search_words()`,
    );
    await q.query(`CREATE INDEX "idx_articles_search_words" ON "articles" USING gin ("search_words") WITH (fastupdate = off)`);
    // the list's order and keyset in one index: (updated_at, id) < cursor is an index condition
    // and a backward scan gives the order itself, where updated_at alone needed a sort of ties
    await q.query(`CREATE INDEX "idx_articles_updated_at_id" ON "articles" ("updated_at", "id")`);
    await q.query(`DROP INDEX "idx_articles_updated_at"`);
    // statistics for the planner now (the word frequencies it chooses the plan by)
    await q.query(`ANALYZE "articles"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "idx_articles_updated_at" ON "articles" ("updated_at")`);
    await q.query(`DROP INDEX "idx_articles_updated_at_id"`);
    await q.query(`DROP INDEX IF EXISTS "idx_articles_search_words"`);
    await q.query(`DROP TRIGGER IF EXISTS articles_search_words ON "articles"`);
    await q.query(`DROP FUNCTION IF EXISTS articles_search_words()`);
    await q.query(`ALTER TABLE "articles" DROP COLUMN "search_words"`);
  }
}
