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
    // search: rank on a small vector (headline, dek, tags and bylines, the first 1,000 characters
    // of the body) instead of the whole body's, which every ranked match had to unpack; and
    // rebuild the vectors only when the searched text changes (not on a teaser update)
    await q.query(`ALTER TABLE "published_articles" ADD "search_rank" tsvector`);
    await q.query(`CREATE OR REPLACE FUNCTION published_articles_search() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      NEW.search := setweight(to_tsvector('english', coalesce(NEW.headline, '')), 'A') || setweight(to_tsvector('english', coalesce(NEW.dek, '')), 'B') || setweight(to_tsvector('english', coalesce(NEW.search_extra, '')), 'B') || setweight(to_tsvector('english', coalesce(NEW.body_text, '')), 'C');
      NEW.search_rank := setweight(to_tsvector('english', coalesce(NEW.headline, '')), 'A') || setweight(to_tsvector('english', coalesce(NEW.dek, '')), 'B') || setweight(to_tsvector('english', coalesce(NEW.search_extra, '')), 'B') || setweight(to_tsvector('english', left(coalesce(NEW.body_text, ''), 1000)), 'C');
      RETURN NEW; END $$`);
    await q.query(`DROP TRIGGER published_articles_search ON "published_articles"`);
    await q.query(`CREATE TRIGGER published_articles_search BEFORE INSERT OR UPDATE OF "headline", "dek", "search_extra", "body_text" ON "published_articles" FOR EACH ROW EXECUTE FUNCTION published_articles_search()`);
    await q.query(`UPDATE "published_articles" SET "headline" = "headline"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER published_articles_search ON "published_articles"`);
    await q.query(`CREATE OR REPLACE FUNCTION published_articles_search() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.search := setweight(to_tsvector('english', coalesce(NEW.headline, '')), 'A') || setweight(to_tsvector('english', coalesce(NEW.dek, '')), 'B') || setweight(to_tsvector('english', coalesce(NEW.search_extra, '')), 'B') || setweight(to_tsvector('english', coalesce(NEW.body_text, '')), 'C'); RETURN NEW; END $$`);
    await q.query(`CREATE TRIGGER published_articles_search BEFORE INSERT OR UPDATE ON "published_articles" FOR EACH ROW EXECUTE FUNCTION published_articles_search()`);
    await q.query(`ALTER TABLE "published_articles" DROP COLUMN "search_rank"`);
    await q.query(`DROP INDEX "idx_published_articles_short_of_teasers"`);
    await q.query(`DROP INDEX "idx_published_articles_teaser_ids"`);
    await q.query(`ALTER TABLE "published_articles" DROP COLUMN "teaser_ids"`);
    await q.query(`ALTER TABLE "published_articles" DROP COLUMN "teasers"`);
    await q.query(`ALTER TABLE "published_articles" DROP COLUMN "retracted"`);
  }
}
