import type { MigrationInterface, QueryRunner } from 'typeorm';
import { applyFunctions } from './functions.js';

/**
 * The teaser fill's tag branch (the newest 200 live pieces sharing a tag with the page) read
 * every live row sharing a tag through the GIN on tag_ids and sorted them: a third of the
 * import's database time at 5,000 pages, growing with the archive. `published_tags` holds
 * (tag, published_at, article) per unretracted live piece, kept by the trigger
 * `published_articles_tags` (migrations/functions.ts); the newest N of one tag are the first N
 * entries of its primary key read backwards. Backfilled before the trigger exists.
 */
export class PublishedTags1796232875259 implements MigrationInterface {
  name = 'PublishedTags1796232875259';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "published_tags" ("tag_id" uuid NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL, "article_id" uuid NOT NULL, "section_id" uuid NOT NULL, CONSTRAINT "pk_published_tags" PRIMARY KEY ("tag_id", "published_at", "article_id"))`,
    );
    await applyFunctions(q);
    await q.query(
      `INSERT INTO "published_tags" ("tag_id", "published_at", "article_id", "section_id")
       SELECT DISTINCT t, p."published_at", p."article_id", p."section_id" FROM "published_articles" p CROSS JOIN LATERAL unnest(p."tag_ids") t WHERE NOT p."retracted"`,
    );
    await q.query(
      `CREATE TRIGGER published_articles_tags AFTER INSERT OR DELETE OR UPDATE OF "tag_ids", "published_at", "section_id", "retracted" ON "published_articles" FOR EACH ROW EXECUTE FUNCTION published_articles_tags()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS published_articles_tags ON "published_articles"`);
    await q.query(`DROP FUNCTION IF EXISTS published_articles_tags()`);
    await q.query(`DROP TABLE "published_tags"`);
  }
}
