import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateWebhooks1795755000000 implements MigrationInterface {
  name = 'CreateWebhooks1795755000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "webhooks" ("id" uuid NOT NULL, "name" text NOT NULL, "url" text NOT NULL, "secret" text NOT NULL, "events" text array NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_webhooks_events" CHECK (cardinality(events) > 0 AND events <@ ARRAY['publish','update','unpublish','correction']::text[]), CONSTRAINT "pk_webhooks" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL, "webhook_id" uuid NOT NULL, "event" text NOT NULL, "outbox_message_id" uuid NOT NULL, "payload" jsonb NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_status_code" integer, "last_error" text, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_webhook_deliveries_status" CHECK (status IN ('pending','delivered','failed')), CONSTRAINT "pk_webhook_deliveries" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_webhook_deliveries_webhook_id_created_at_id" ON "webhook_deliveries" ("webhook_id", "created_at", "id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_webhook_deliveries_webhook_id_outbox_message_id" ON "webhook_deliveries" ("webhook_id", "outbox_message_id")`);
    await q.query(`ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "fk_webhook_deliveries_webhook_id" FOREIGN KEY ("webhook_id") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "fk_webhook_deliveries_webhook_id"`);
    await q.query(`DROP TABLE "webhook_deliveries"`);
    await q.query(`DROP TABLE "webhooks"`);
  }
}
