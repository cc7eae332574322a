import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateNewsletterSignups1795760000000 implements MigrationInterface {
  name = 'CreateNewsletterSignups1795760000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "newsletter_lists" ("id" uuid NOT NULL, "slug" text NOT NULL, "name" text NOT NULL, "description" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "archived_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_newsletter_lists" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_newsletter_lists_slug" ON "newsletter_lists" ("slug")`);
    await q.query(`CREATE TABLE "newsletter_consent_texts" ("id" uuid NOT NULL, "version" integer NOT NULL, "text" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by" uuid, CONSTRAINT "pk_newsletter_consent_texts" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_newsletter_consent_texts_version" ON "newsletter_consent_texts" ("version")`);
    await q.query(`CREATE TABLE "newsletter_subscribers" ("id" uuid NOT NULL, "email" text, "unsubscribe_token" text, "last_confirmation_sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "erased_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_newsletter_subscribers_erased" CHECK ((erased_at IS NULL) = (email IS NOT NULL)), CONSTRAINT "ck_newsletter_subscribers_email_normalized" CHECK (email = lower(btrim(email))), CONSTRAINT "pk_newsletter_subscribers" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_newsletter_subscribers_created_at_id" ON "newsletter_subscribers" ("created_at", "id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_newsletter_subscribers_unsubscribe_token" ON "newsletter_subscribers" ("unsubscribe_token")`);
    await q.query(`CREATE UNIQUE INDEX "uq_newsletter_subscribers_email" ON "newsletter_subscribers" ("email")`);
    await q.query(`CREATE TABLE "newsletter_subscriptions" ("id" uuid NOT NULL, "subscriber_id" uuid NOT NULL, "list_id" uuid NOT NULL, "status" text NOT NULL, "consent_text_id" uuid NOT NULL, "source_page" text, "source_article_id" uuid, "source_placement" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "confirmed_at" TIMESTAMP WITH TIME ZONE, "unsubscribed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_newsletter_subscriptions_status" CHECK (status IN ('pending','confirmed','unsubscribed')), CONSTRAINT "pk_newsletter_subscriptions" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_newsletter_subscriptions_created_at_id" ON "newsletter_subscriptions" ("created_at", "id")`);
    await q.query(`CREATE INDEX "idx_newsletter_subscriptions_source_article_id" ON "newsletter_subscriptions" ("source_article_id")`);
    await q.query(`CREATE INDEX "idx_newsletter_subscriptions_list_id_status" ON "newsletter_subscriptions" ("list_id", "status")`);
    await q.query(`CREATE UNIQUE INDEX "uq_newsletter_subscriptions_subscriber_id_list_id" ON "newsletter_subscriptions" ("subscriber_id", "list_id")`);
    await q.query(`CREATE TABLE "newsletter_consent_records" ("id" uuid NOT NULL, "subscriber_id" uuid NOT NULL, "list_id" uuid, "action" text NOT NULL, "previous_status" text, "channel" text NOT NULL, "consent_text_id" uuid, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "source_page" text, "source_article_id" uuid, "source_placement" text, "ip_hash" text, CONSTRAINT "ck_newsletter_consent_records_channel" CHECK (channel IN ('form','mail_link','one_click','admin')), CONSTRAINT "ck_newsletter_consent_records_action" CHECK (action IN ('signup','confirm','unsubscribe','erase')), CONSTRAINT "pk_newsletter_consent_records" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_newsletter_consent_records_at" ON "newsletter_consent_records" ("at")`);
    await q.query(`CREATE INDEX "idx_newsletter_consent_records_list_id_at" ON "newsletter_consent_records" ("list_id", "at")`);
    await q.query(`CREATE INDEX "idx_newsletter_consent_records_subscriber_id_at" ON "newsletter_consent_records" ("subscriber_id", "at")`);
    await q.query(`CREATE TABLE "newsletter_confirmation_tokens" ("id" uuid NOT NULL, "token_hash" text NOT NULL, "subscriber_id" uuid NOT NULL, "list_ids" uuid array NOT NULL, "consent_text_id" uuid NOT NULL, "source_page" text, "source_article_id" uuid, "source_placement" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_newsletter_confirmation_tokens" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_newsletter_confirmation_tokens_subscriber_id_created_at" ON "newsletter_confirmation_tokens" ("subscriber_id", "created_at")`);
    await q.query(`CREATE UNIQUE INDEX "uq_newsletter_confirmation_tokens_token_hash" ON "newsletter_confirmation_tokens" ("token_hash")`);
    await q.query(`ALTER TABLE "newsletter_subscriptions" ADD CONSTRAINT "fk_newsletter_subscriptions_subscriber_id" FOREIGN KEY ("subscriber_id") REFERENCES "newsletter_subscribers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "newsletter_subscriptions" ADD CONSTRAINT "fk_newsletter_subscriptions_list_id" FOREIGN KEY ("list_id") REFERENCES "newsletter_lists"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "newsletter_subscriptions" ADD CONSTRAINT "fk_newsletter_subscriptions_consent_text_id" FOREIGN KEY ("consent_text_id") REFERENCES "newsletter_consent_texts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "newsletter_consent_records" ADD CONSTRAINT "fk_newsletter_consent_records_subscriber_id" FOREIGN KEY ("subscriber_id") REFERENCES "newsletter_subscribers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "newsletter_consent_records" ADD CONSTRAINT "fk_newsletter_consent_records_list_id" FOREIGN KEY ("list_id") REFERENCES "newsletter_lists"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "newsletter_consent_records" ADD CONSTRAINT "fk_newsletter_consent_records_consent_text_id" FOREIGN KEY ("consent_text_id") REFERENCES "newsletter_consent_texts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "newsletter_confirmation_tokens" ADD CONSTRAINT "fk_newsletter_confirmation_tokens_subscriber_id" FOREIGN KEY ("subscriber_id") REFERENCES "newsletter_subscribers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "newsletter_confirmation_tokens" ADD CONSTRAINT "fk_newsletter_confirmation_tokens_consent_text_id" FOREIGN KEY ("consent_text_id") REFERENCES "newsletter_consent_texts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "newsletter_confirmation_tokens" DROP CONSTRAINT "fk_newsletter_confirmation_tokens_consent_text_id"`);
    await q.query(`ALTER TABLE "newsletter_confirmation_tokens" DROP CONSTRAINT "fk_newsletter_confirmation_tokens_subscriber_id"`);
    await q.query(`ALTER TABLE "newsletter_consent_records" DROP CONSTRAINT "fk_newsletter_consent_records_consent_text_id"`);
    await q.query(`ALTER TABLE "newsletter_consent_records" DROP CONSTRAINT "fk_newsletter_consent_records_list_id"`);
    await q.query(`ALTER TABLE "newsletter_consent_records" DROP CONSTRAINT "fk_newsletter_consent_records_subscriber_id"`);
    await q.query(`ALTER TABLE "newsletter_subscriptions" DROP CONSTRAINT "fk_newsletter_subscriptions_consent_text_id"`);
    await q.query(`ALTER TABLE "newsletter_subscriptions" DROP CONSTRAINT "fk_newsletter_subscriptions_list_id"`);
    await q.query(`ALTER TABLE "newsletter_subscriptions" DROP CONSTRAINT "fk_newsletter_subscriptions_subscriber_id"`);
    await q.query(`DROP INDEX "uq_newsletter_confirmation_tokens_token_hash"`);
    await q.query(`DROP INDEX "idx_newsletter_confirmation_tokens_subscriber_id_created_at"`);
    await q.query(`DROP TABLE "newsletter_confirmation_tokens"`);
    await q.query(`DROP INDEX "idx_newsletter_consent_records_subscriber_id_at"`);
    await q.query(`DROP INDEX "idx_newsletter_consent_records_list_id_at"`);
    await q.query(`DROP INDEX "idx_newsletter_consent_records_at"`);
    await q.query(`DROP TABLE "newsletter_consent_records"`);
    await q.query(`DROP INDEX "uq_newsletter_subscriptions_subscriber_id_list_id"`);
    await q.query(`DROP INDEX "idx_newsletter_subscriptions_list_id_status"`);
    await q.query(`DROP INDEX "idx_newsletter_subscriptions_source_article_id"`);
    await q.query(`DROP INDEX "idx_newsletter_subscriptions_created_at_id"`);
    await q.query(`DROP TABLE "newsletter_subscriptions"`);
    await q.query(`DROP INDEX "uq_newsletter_subscribers_email"`);
    await q.query(`DROP INDEX "uq_newsletter_subscribers_unsubscribe_token"`);
    await q.query(`DROP INDEX "idx_newsletter_subscribers_created_at_id"`);
    await q.query(`DROP TABLE "newsletter_subscribers"`);
    await q.query(`DROP INDEX "uq_newsletter_consent_texts_version"`);
    await q.query(`DROP TABLE "newsletter_consent_texts"`);
    await q.query(`DROP INDEX "uq_newsletter_lists_slug"`);
    await q.query(`DROP TABLE "newsletter_lists"`);
  }
}
