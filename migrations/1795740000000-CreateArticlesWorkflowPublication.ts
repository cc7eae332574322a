import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateArticlesWorkflowPublication1795740000000 implements MigrationInterface {
  name = 'CreateArticlesWorkflowPublication1795740000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "articles" ("id" uuid NOT NULL, "status" text NOT NULL, "version" integer NOT NULL, "status_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "owner_id" uuid, "headline" text NOT NULL, "dek" text NOT NULL DEFAULT '', "slug" text NOT NULL, "type_id" uuid, "section_id" uuid, "tag_ids" uuid array NOT NULL DEFAULT '{}', "byline_ids" uuid array NOT NULL DEFAULT '{}', "body_html" text NOT NULL DEFAULT '', "body_text" text NOT NULL DEFAULT '', "excerpt" text NOT NULL DEFAULT '', "word_count" integer NOT NULL DEFAULT '0', "reading_minutes" integer NOT NULL DEFAULT '0', "top_image_id" uuid, "top_image_caption" text, "top_image_credit" text, "seo_title" text, "seo_description" text, "canonical_url" text, "embargo_until" TIMESTAMP WITH TIME ZONE, "current_revision_id" uuid, "live_revision_id" uuid, "first_published_at" TIMESTAMP WITH TIME ZONE, "published_at" TIMESTAMP WITH TIME ZONE, "scheduled_at" TIMESTAMP WITH TIME ZONE, "scheduled_job_id" text, "unpublish_at" TIMESTAMP WITH TIME ZONE, "unpublish_job_id" text, "last_job_error" text, "lock_holder_id" uuid, "lock_acquired_at" TIMESTAMP WITH TIME ZONE, "lock_heartbeat_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_articles_status" CHECK (status IN ('draft','in_review','approved','scheduled','published','unpublished','archived')), CONSTRAINT "pk_articles" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_articles_updated_at" ON "articles" ("updated_at")`);
    await q.query(`CREATE INDEX "idx_articles_owner_id" ON "articles" ("owner_id")`);
    await q.query(`CREATE INDEX "idx_articles_status_status_changed_at" ON "articles" ("status", "status_changed_at")`);
    await q.query(`CREATE TABLE "article_revisions" ("id" uuid NOT NULL, "article_id" uuid NOT NULL, "number" integer NOT NULL, "data" jsonb NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "restored_from" integer, CONSTRAINT "pk_article_revisions" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_article_revisions_article_id_number" ON "article_revisions" ("article_id", "number")`);
    await q.query(`CREATE TABLE "article_bylines" ("article_id" uuid NOT NULL, "contributor_id" uuid NOT NULL, "position" integer NOT NULL, CONSTRAINT "pk_article_bylines" PRIMARY KEY ("article_id", "contributor_id"))`);
    await q.query(`CREATE INDEX "idx_article_bylines_contributor_id" ON "article_bylines" ("contributor_id")`);
    await q.query(`CREATE TABLE "article_slug_history" ("slug" text NOT NULL, "article_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_article_slug_history" PRIMARY KEY ("slug"))`);
    await q.query(`CREATE INDEX "idx_article_slug_history_article_id" ON "article_slug_history" ("article_id")`);
    await q.query(`CREATE TABLE "article_corrections" ("id" uuid NOT NULL, "article_id" uuid NOT NULL, "kind" text NOT NULL, "text" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_by" uuid, CONSTRAINT "ck_article_corrections_kind" CHECK (kind IN ('correction','clarification','retraction')), CONSTRAINT "pk_article_corrections" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_article_corrections_at" ON "article_corrections" ("at")`);
    await q.query(`CREATE INDEX "idx_article_corrections_article_id_at" ON "article_corrections" ("article_id", "at")`);
    await q.query(`CREATE TABLE "article_transitions" ("id" uuid NOT NULL, "article_id" uuid NOT NULL, "action" text NOT NULL, "from_status" text NOT NULL, "to_status" text NOT NULL, "actor_id" uuid, "actor_label" text NOT NULL, "comment" text, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "scheduled_for" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_article_transitions" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_article_transitions_article_id_at" ON "article_transitions" ("article_id", "at")`);
    await q.query(`CREATE TABLE "published_articles" ("article_id" uuid NOT NULL, "revision_id" uuid NOT NULL, "slug" text NOT NULL, "headline" text NOT NULL, "dek" text NOT NULL, "section_id" uuid NOT NULL, "type_id" uuid NOT NULL, "tag_ids" uuid array NOT NULL DEFAULT '{}', "contributor_ids" uuid array NOT NULL DEFAULT '{}', "page" jsonb NOT NULL, "body_text" text NOT NULL, "excerpt" text NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "first_published_at" TIMESTAMP WITH TIME ZONE NOT NULL, "top_image_id" uuid, "search_extra" text NOT NULL DEFAULT '', "search" tsvector, CONSTRAINT "pk_published_articles" PRIMARY KEY ("article_id"))`);
    await q.query(`CREATE INDEX "idx_published_articles_type_id_published_at_article_id" ON "published_articles" ("type_id", "published_at", "article_id")`);
    await q.query(`CREATE INDEX "idx_published_articles_section_id_published_at_article_id" ON "published_articles" ("section_id", "published_at", "article_id")`);
    await q.query(`CREATE INDEX "idx_published_articles_published_at_article_id" ON "published_articles" ("published_at", "article_id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_published_articles_slug" ON "published_articles" ("slug")`);
    await q.query(`ALTER TABLE "articles" ADD CONSTRAINT "fk_articles_type_id" FOREIGN KEY ("type_id") REFERENCES "article_types"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "articles" ADD CONSTRAINT "fk_articles_section_id" FOREIGN KEY ("section_id") REFERENCES "sections"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "articles" ADD CONSTRAINT "fk_articles_top_image_id" FOREIGN KEY ("top_image_id") REFERENCES "images"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "article_revisions" ADD CONSTRAINT "fk_article_revisions_article_id" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "article_bylines" ADD CONSTRAINT "fk_article_bylines_article_id" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "article_bylines" ADD CONSTRAINT "fk_article_bylines_contributor_id" FOREIGN KEY ("contributor_id") REFERENCES "contributors"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "article_slug_history" ADD CONSTRAINT "fk_article_slug_history_article_id" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "article_corrections" ADD CONSTRAINT "fk_article_corrections_article_id" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "article_transitions" ADD CONSTRAINT "fk_article_transitions_article_id" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // hand-written: GIN indexes for tag/contributor filters and full-text search, and the trigger keeping `search` current
    await q.query(`CREATE INDEX "idx_published_articles_tag_ids" ON "published_articles" USING gin ("tag_ids")`);
    await q.query(`CREATE INDEX "idx_published_articles_contributor_ids" ON "published_articles" USING gin ("contributor_ids")`);
    await q.query(`CREATE INDEX "idx_published_articles_search" ON "published_articles" USING gin ("search")`);
    await q.query(`CREATE FUNCTION published_articles_search() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.search := setweight(to_tsvector('english', coalesce(NEW.headline, '')), 'A') || setweight(to_tsvector('english', coalesce(NEW.dek, '')), 'B') || setweight(to_tsvector('english', coalesce(NEW.search_extra, '')), 'B') || setweight(to_tsvector('english', coalesce(NEW.body_text, '')), 'C'); RETURN NEW; END $$`);
    await q.query(`CREATE TRIGGER published_articles_search BEFORE INSERT OR UPDATE ON "published_articles" FOR EACH ROW EXECUTE FUNCTION published_articles_search()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER published_articles_search ON "published_articles"`);
    await q.query(`DROP FUNCTION published_articles_search()`);
    await q.query(`DROP INDEX "idx_published_articles_search"`);
    await q.query(`DROP INDEX "idx_published_articles_contributor_ids"`);
    await q.query(`DROP INDEX "idx_published_articles_tag_ids"`);
    await q.query(`ALTER TABLE "article_transitions" DROP CONSTRAINT "fk_article_transitions_article_id"`);
    await q.query(`ALTER TABLE "article_corrections" DROP CONSTRAINT "fk_article_corrections_article_id"`);
    await q.query(`ALTER TABLE "article_slug_history" DROP CONSTRAINT "fk_article_slug_history_article_id"`);
    await q.query(`ALTER TABLE "article_bylines" DROP CONSTRAINT "fk_article_bylines_contributor_id"`);
    await q.query(`ALTER TABLE "article_bylines" DROP CONSTRAINT "fk_article_bylines_article_id"`);
    await q.query(`ALTER TABLE "article_revisions" DROP CONSTRAINT "fk_article_revisions_article_id"`);
    await q.query(`ALTER TABLE "articles" DROP CONSTRAINT "fk_articles_top_image_id"`);
    await q.query(`ALTER TABLE "articles" DROP CONSTRAINT "fk_articles_section_id"`);
    await q.query(`ALTER TABLE "articles" DROP CONSTRAINT "fk_articles_type_id"`);
    await q.query(`DROP TABLE "published_articles"`);
    await q.query(`DROP TABLE "article_transitions"`);
    await q.query(`DROP TABLE "article_corrections"`);
    await q.query(`DROP TABLE "article_slug_history"`);
    await q.query(`DROP TABLE "article_bylines"`);
    await q.query(`DROP TABLE "article_revisions"`);
    await q.query(`DROP TABLE "articles"`);
  }
}
