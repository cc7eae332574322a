import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTaxonomyAndContributors1795739000000 implements MigrationInterface {
  name = 'CreateTaxonomyAndContributors1795739000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "sections" ("id" uuid NOT NULL, "slug" text NOT NULL, "name" text NOT NULL, "description" text, "position" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_sections" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_sections_slug" ON "sections" ("slug")`);
    await q.query(`CREATE TABLE "article_types" ("id" uuid NOT NULL, "slug" text NOT NULL, "name" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_article_types" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_article_types_slug" ON "article_types" ("slug")`);
    await q.query(`CREATE TABLE "tags" ("id" uuid NOT NULL, "slug" text NOT NULL, "name" text NOT NULL, "kind" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_tags_kind" CHECK (kind IN ('person','place','organization','topic')), CONSTRAINT "pk_tags" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_tags_kind_slug" ON "tags" ("kind", "slug")`);
    await q.query(`CREATE UNIQUE INDEX "uq_tags_slug" ON "tags" ("slug")`);
    await q.query(`CREATE TABLE "contributors" ("id" uuid NOT NULL, "slug" text NOT NULL, "name" text NOT NULL, "title" text, "bio" text, "avatar_image_id" uuid, "social_links" jsonb NOT NULL DEFAULT '[]', "disclosure" text, "account_id" uuid, "merged_into_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_contributors_not_merged_into_self" CHECK (merged_into_id IS NULL OR merged_into_id <> id), CONSTRAINT "ck_contributors_bio_length" CHECK (char_length(bio) <= 5000), CONSTRAINT "ck_contributors_social_links_array" CHECK (jsonb_typeof(social_links) = 'array'), CONSTRAINT "pk_contributors" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_contributors_merged_into_id" ON "contributors" ("merged_into_id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_contributors_account_id" ON "contributors" ("account_id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_contributors_slug" ON "contributors" ("slug")`);
    await q.query(`CREATE TABLE "contributor_slug_history" ("id" uuid NOT NULL, "slug" text NOT NULL, "contributor_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_contributor_slug_history" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_contributor_slug_history_contributor_id" ON "contributor_slug_history" ("contributor_id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_contributor_slug_history_slug" ON "contributor_slug_history" ("slug")`);
    await q.query(`ALTER TABLE "contributors" ADD CONSTRAINT "fk_contributors_account_id" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "contributors" ADD CONSTRAINT "fk_contributors_merged_into_id" FOREIGN KEY ("merged_into_id") REFERENCES "contributors"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "contributor_slug_history" ADD CONSTRAINT "fk_contributor_slug_history_contributor_id" FOREIGN KEY ("contributor_id") REFERENCES "contributors"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "contributor_slug_history" DROP CONSTRAINT "fk_contributor_slug_history_contributor_id"`);
    await q.query(`ALTER TABLE "contributors" DROP CONSTRAINT "fk_contributors_merged_into_id"`);
    await q.query(`ALTER TABLE "contributors" DROP CONSTRAINT "fk_contributors_account_id"`);
    await q.query(`DROP TABLE "contributor_slug_history"`);
    await q.query(`DROP TABLE "contributors"`);
    await q.query(`DROP TABLE "tags"`);
    await q.query(`DROP TABLE "article_types"`);
    await q.query(`DROP TABLE "sections"`);
  }
}
