import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A retraction flag on the read model, so the teaser fill can filter on a column instead of
 * unpacking every candidate's page JSON (the cold article page spent most of its time there).
 */
export class PublishedArticlesRetracted1795790000000 implements MigrationInterface {
  name = 'PublishedArticlesRetracted1795790000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "published_articles" ADD "retracted" boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE "published_articles" SET "retracted" = true WHERE "page"->'corrections' @> '[{"kind":"retraction"}]'::jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "published_articles" DROP COLUMN "retracted"`);
  }
}
