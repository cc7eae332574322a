import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePreviewLinks1795741000000 implements MigrationInterface {
  name = 'CreatePreviewLinks1795741000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "article_preview_links" ("id" uuid NOT NULL, "article_id" uuid NOT NULL, "token_hash" text NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_article_preview_links" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_article_preview_links_article_id" ON "article_preview_links" ("article_id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_article_preview_links_token_hash" ON "article_preview_links" ("token_hash")`);
    await q.query(`ALTER TABLE "article_preview_links" ADD CONSTRAINT "fk_article_preview_links_article_id" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "article_preview_links" DROP CONSTRAINT "fk_article_preview_links_article_id"`);
    await q.query(`DROP TABLE "article_preview_links"`);
  }
}
