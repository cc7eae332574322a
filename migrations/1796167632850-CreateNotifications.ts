import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateNotifications1796167632850 implements MigrationInterface {
  name = 'CreateNotifications1796167632850';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "notifications" ("id" uuid NOT NULL, "account_id" uuid NOT NULL, "kind" text NOT NULL, "event_key" text NOT NULL, "article_id" uuid, "title" text NOT NULL, "body" text NOT NULL DEFAULT '', "link" text NOT NULL, "delivery" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE, "digested_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_notifications_delivery" CHECK (delivery IN ('inbox','mail','digest')), CONSTRAINT "ck_notifications_kind" CHECK (kind IN ('review_requested','changes_requested','piece_approved','piece_scheduled','piece_published','piece_unpublished','schedule_failed','teaser_alert','licence_lapsing','piece_overdue','mentioned')), CONSTRAINT "pk_notifications" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_notifications_digest_pending" ON "notifications" ("account_id") WHERE delivery = 'digest' AND digested_at IS NULL`);
    await q.query(`CREATE INDEX "idx_notifications_unread" ON "notifications" ("account_id") WHERE read_at IS NULL`);
    await q.query(`CREATE INDEX "idx_notifications_account_id_created_at_id" ON "notifications" ("account_id", "created_at", "id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_notifications_event_key_account_id" ON "notifications" ("event_key", "account_id")`);
    await q.query(`CREATE TABLE "notification_preferences" ("account_id" uuid NOT NULL, "kind" text NOT NULL, "delivery" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_notification_preferences_delivery" CHECK (delivery IN ('inbox','mail','digest','off')), CONSTRAINT "ck_notification_preferences_kind" CHECK (kind IN ('review_requested','changes_requested','piece_approved','piece_scheduled','piece_published','piece_unpublished','schedule_failed','teaser_alert','licence_lapsing','piece_overdue','mentioned')), CONSTRAINT "pk_notification_preferences" PRIMARY KEY ("account_id", "kind"))`);
    await q.query(`CREATE TABLE "notification_settings" ("account_id" uuid NOT NULL, "time_zone" text, "unsubscribe_key" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_notification_settings" PRIMARY KEY ("account_id"))`);
    await q.query(`CREATE TABLE "notification_digests" ("account_id" uuid NOT NULL, "day" date NOT NULL, "items" integer NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_notification_digests" PRIMARY KEY ("account_id", "day"))`);
    await q.query(`ALTER TABLE "notifications" ADD CONSTRAINT "fk_notifications_account_id" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "notification_preferences" ADD CONSTRAINT "fk_notification_preferences_account_id" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "notification_settings" ADD CONSTRAINT "fk_notification_settings_account_id" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "notification_digests" ADD CONSTRAINT "fk_notification_digests_account_id" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "notification_digests" DROP CONSTRAINT "fk_notification_digests_account_id"`);
    await q.query(`ALTER TABLE "notification_settings" DROP CONSTRAINT "fk_notification_settings_account_id"`);
    await q.query(`ALTER TABLE "notification_preferences" DROP CONSTRAINT "fk_notification_preferences_account_id"`);
    await q.query(`ALTER TABLE "notifications" DROP CONSTRAINT "fk_notifications_account_id"`);
    await q.query(`DROP TABLE "notification_digests"`);
    await q.query(`DROP TABLE "notification_settings"`);
    await q.query(`DROP TABLE "notification_preferences"`);
    await q.query(`DROP INDEX "uq_notifications_event_key_account_id"`);
    await q.query(`DROP INDEX "idx_notifications_account_id_created_at_id"`);
    await q.query(`DROP INDEX "idx_notifications_unread"`);
    await q.query(`DROP INDEX "idx_notifications_digest_pending"`);
    await q.query(`DROP TABLE "notifications"`);
  }
}
