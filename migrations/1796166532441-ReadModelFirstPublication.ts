import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A republish is not a new publication (issue 17 item 11): `published_articles.published_at`
 * becomes the first publication, which it already was for every piece never republished, so the
 * list indexes on (published_at, article_id), the search table's time and its month lexemes
 * (both kept by the search trigger) follow without a rebuild. The separate `first_published_at`
 * would now always equal it, and goes. Only republished rows change: their time and their page
 * JSON's `publishedAt` move back to the first publication (the page triggers redo body, tag and
 * card; the search trigger moves the row's time and month).
 */
export class ReadModelFirstPublication1796166532441 implements MigrationInterface {
  name = 'ReadModelFirstPublication1796166532441';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE "published_articles" SET "published_at" = "first_published_at",
              "page" = "page" || jsonb_build_object('publishedAt', "page"->'firstPublishedAt')
        WHERE "published_at" IS DISTINCT FROM "first_published_at"`,
    );
    await q.query(`ALTER TABLE "published_articles" DROP COLUMN "first_published_at"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "published_articles" ADD "first_published_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`UPDATE "published_articles" SET "first_published_at" = "published_at"`);
    await q.query(`ALTER TABLE "published_articles" ALTER COLUMN "first_published_at" SET NOT NULL`);
  }
}
