import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The addresses imported pieces had on their old site (WordPress permalinks, `/?p=<id>`), so
 * the content API can answer them with a 301 to the piece (issue 21).
 */
export class LegacyPaths1796169894458 implements MigrationInterface {
  name = 'LegacyPaths1796169894458';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "legacy_paths" ("path" text NOT NULL, "article_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_legacy_paths" PRIMARY KEY ("path"))`);
    await q.query(`CREATE INDEX "idx_legacy_paths_article_id" ON "legacy_paths" ("article_id")`);
    await q.query(`ALTER TABLE "legacy_paths" ADD CONSTRAINT "fk_legacy_paths_article_id" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "legacy_paths"`);
  }
}
