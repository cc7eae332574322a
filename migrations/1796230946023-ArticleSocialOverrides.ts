import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-article share-card overrides (issue 22 item 6): the Open Graph and Twitter title,
 * description and image of a piece, each null until an editor sets it (the page then falls back
 * to the SEO fields, the headline and dek, and the top image). Images as the top image is:
 * a foreign key that refuses deleting an image a draft still names.
 */
export class ArticleSocialOverrides1796230946023 implements MigrationInterface {
  name = 'ArticleSocialOverrides1796230946023';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "articles" ADD "og_title" text, ADD "og_description" text, ADD "og_image_id" uuid, ADD "twitter_title" text, ADD "twitter_description" text, ADD "twitter_image_id" uuid`,
    );
    await q.query(`ALTER TABLE "articles" ADD CONSTRAINT "fk_articles_og_image_id" FOREIGN KEY ("og_image_id") REFERENCES "images"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "articles" ADD CONSTRAINT "fk_articles_twitter_image_id" FOREIGN KEY ("twitter_image_id") REFERENCES "images"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "articles" DROP CONSTRAINT "fk_articles_twitter_image_id"`);
    await q.query(`ALTER TABLE "articles" DROP CONSTRAINT "fk_articles_og_image_id"`);
    await q.query(`ALTER TABLE "articles" DROP COLUMN "twitter_image_id", DROP COLUMN "twitter_description", DROP COLUMN "twitter_title", DROP COLUMN "og_image_id", DROP COLUMN "og_description", DROP COLUMN "og_title"`);
  }
}
