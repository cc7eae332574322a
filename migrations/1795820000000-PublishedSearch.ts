import type { MigrationInterface, QueryRunner } from 'typeorm';

const MATCH = (r: string) =>
  `setweight(to_tsvector('english', coalesce(${r}.headline, '')), 'A') || setweight(to_tsvector('english', coalesce(${r}.dek, '')), 'B') || setweight(to_tsvector('english', coalesce(${r}.search_extra, '')), 'B') || setweight(to_tsvector('english', coalesce(${r}.body_text, '')), 'C')`;
const RANK = (r: string) =>
  `setweight(to_tsvector('english', coalesce(${r}.headline, '')), 'A') || setweight(to_tsvector('english', coalesce(${r}.dek, '')), 'B') || setweight(to_tsvector('english', coalesce(${r}.search_extra, '')), 'B') || setweight(to_tsvector('english', left(coalesce(${r}.body_text, ''), 1000)), 'C')`;

/**
 * Search reads a narrow table instead of the read model's wide rows. A `published_articles` row
 * fills most of a heap page (page JSON, page body, body text), so a query whose words are common
 * but whose phrase is rare ('"coalition talks"' at 100k pieces) rechecked 10,275 rows on 9,481
 * heap pages: 189 ms. `published_search` holds only what search filters and ranks on (id, time,
 * the two vectors), about four rows per page: the same recheck reads a fifth of the pages, and the
 * whole table (about 180 MB at 100k pieces of the bench's size) stays in shared buffers.
 * A trigger on `published_articles` keeps it current (vectors rebuilt only when the searched text
 * changes, the time copied when it moves); the foreign key removes a row with its piece.
 */
export class PublishedSearch1795820000000 implements MigrationInterface {
  name = 'PublishedSearch1795820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "published_search" ("article_id" uuid NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL, "search" tsvector NOT NULL, "search_rank" tsvector NOT NULL, CONSTRAINT "pk_published_search" PRIMARY KEY ("article_id"))`,
    );
    await q.query(
      `ALTER TABLE "published_search" ADD CONSTRAINT "fk_published_search_article_id" FOREIGN KEY ("article_id") REFERENCES "published_articles"("article_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(`INSERT INTO "published_search" ("article_id", "published_at", "search", "search_rank")
      SELECT p.article_id, p.published_at, coalesce(p.search, ${MATCH('p')}), coalesce(p.search_rank, ${RANK('p')}) FROM "published_articles" p`);
    await q.query(`CREATE INDEX "idx_published_search_published_at" ON "published_search" ("published_at")`);
    // fastupdate off: a publish updates the index at once instead of queueing the entry in a
    // pending list that every search scans linearly until the next vacuum merges it
    await q.query(`CREATE INDEX "idx_published_search_search" ON "published_search" USING gin ("search") WITH (fastupdate = off)`);
    // statistics for the planner now, not at autovacuum's next pass (the backfill can be large)
    await q.query(`ANALYZE "published_search"`);

    await q.query(`DROP TRIGGER published_articles_search ON "published_articles"`);
    await q.query(`DROP FUNCTION published_articles_search()`);
    await q.query(`DROP INDEX "idx_published_articles_search"`);
    await q.query(`ALTER TABLE "published_articles" DROP COLUMN "search_rank"`);
    await q.query(`ALTER TABLE "published_articles" DROP COLUMN "search"`);
    // SET search_path FROM CURRENT: the trigger writes the search table of its own schema,
    // whatever the search_path of the session that publishes
    await q.query(`CREATE FUNCTION published_articles_search() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$ BEGIN
      IF TG_OP = 'UPDATE' AND NEW.headline IS NOT DISTINCT FROM OLD.headline AND NEW.dek IS NOT DISTINCT FROM OLD.dek
         AND NEW.search_extra IS NOT DISTINCT FROM OLD.search_extra AND NEW.body_text IS NOT DISTINCT FROM OLD.body_text THEN
        IF NEW.published_at IS DISTINCT FROM OLD.published_at THEN
          UPDATE published_search SET published_at = NEW.published_at WHERE article_id = NEW.article_id;
        END IF;
        RETURN NULL;
      END IF;
      INSERT INTO published_search (article_id, published_at, search, search_rank) VALUES (NEW.article_id, NEW.published_at, ${MATCH('NEW')}, ${RANK('NEW')})
        ON CONFLICT (article_id) DO UPDATE SET published_at = EXCLUDED.published_at, search = EXCLUDED.search, search_rank = EXCLUDED.search_rank;
      RETURN NULL; END $$`);
    await q.query(
      `CREATE TRIGGER published_articles_search AFTER INSERT OR UPDATE OF "headline", "dek", "search_extra", "body_text", "published_at" ON "published_articles" FOR EACH ROW EXECUTE FUNCTION published_articles_search()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER published_articles_search ON "published_articles"`);
    await q.query(`DROP FUNCTION published_articles_search()`);
    await q.query(`ALTER TABLE "published_articles" ADD "search" tsvector`);
    await q.query(`ALTER TABLE "published_articles" ADD "search_rank" tsvector`);
    await q.query(`UPDATE "published_articles" p SET "search" = s.search, "search_rank" = s.search_rank FROM "published_search" s WHERE s.article_id = p.article_id`);
    await q.query(`CREATE INDEX "idx_published_articles_search" ON "published_articles" USING gin ("search")`);
    await q.query(`CREATE FUNCTION published_articles_search() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      NEW.search := ${MATCH('NEW')};
      NEW.search_rank := ${RANK('NEW')};
      RETURN NEW; END $$`);
    await q.query(
      `CREATE TRIGGER published_articles_search BEFORE INSERT OR UPDATE OF "headline", "dek", "search_extra", "body_text" ON "published_articles" FOR EACH ROW EXECUTE FUNCTION published_articles_search()`,
    );
    await q.query(`DROP TABLE "published_search"`);
  }
}
