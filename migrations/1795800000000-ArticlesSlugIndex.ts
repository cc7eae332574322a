import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Publishing asks whether another live piece answers to the slug. Without an index on
 * `articles.slug` that check walked every published article (through the status index), so
 * each publish cost more as the archive grew: the bench's seeding fell from 98 to 42 articles/s
 * between 0 and 45k articles. One lookup now, at any size.
 */
export class ArticlesSlugIndex1795800000000 implements MigrationInterface {
  name = 'ArticlesSlugIndex1795800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "idx_articles_slug" ON "articles" ("slug")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "idx_articles_slug"`);
  }
}
