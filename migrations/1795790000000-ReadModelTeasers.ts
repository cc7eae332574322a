import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read model keeps what the teaser fill needs and what it chose, so an article page is one
 * row again: a retraction flag (the fill filters on a column instead of unpacking every
 * candidate's page JSON) and the page's own teasers with their target ids (GIN-indexed, to find
 * the pages to recompute when a target changes or goes). Rows written before this migration
 * have no teasers yet (NULL): they are computed when the page is read, until it is refreshed.
 */
export class ReadModelTeasers1795790000000 implements MigrationInterface {
  name = 'ReadModelTeasers1795790000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "published_articles" ADD "retracted" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "published_articles" ADD "teasers" jsonb`);
    await q.query(`ALTER TABLE "published_articles" ADD "teaser_ids" uuid array NOT NULL DEFAULT '{}'`);
    await q.query(`UPDATE "published_articles" SET "retracted" = true WHERE "page"->'corrections' @> '[{"kind":"retraction"}]'::jsonb`);
    await q.query(`CREATE INDEX "idx_published_articles_teaser_ids" ON "published_articles" USING gin ("teaser_ids")`);
    // the pages still short of teasers (few pieces live yet), refilled when a new piece goes live
    await q.query(`CREATE INDEX "idx_published_articles_short_of_teasers" ON "published_articles" ("published_at") WHERE cardinality("teaser_ids") < 3`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "idx_published_articles_short_of_teasers"`);
    await q.query(`DROP INDEX "idx_published_articles_teaser_ids"`);
    await q.query(`ALTER TABLE "published_articles" DROP COLUMN "teaser_ids"`);
    await q.query(`ALTER TABLE "published_articles" DROP COLUMN "teasers"`);
    await q.query(`ALTER TABLE "published_articles" DROP COLUMN "retracted"`);
  }
}
