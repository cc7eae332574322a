import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOutboxAndAuditLog1795736889127 implements MigrationInterface {
  name = 'CreateOutboxAndAuditLog1795736889127';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "audit_log" ("id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "actor_label" text NOT NULL, "action" text NOT NULL, "target_type" text NOT NULL, "target_id" text, "summary" jsonb NOT NULL DEFAULT '{}', "request_id" text, "ip" text, CONSTRAINT "pk_audit_log" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_audit_log_action_at" ON "audit_log" ("action", "at")`);
    await q.query(`CREATE INDEX "idx_audit_log_target_type_target_id_at" ON "audit_log" ("target_type", "target_id", "at")`);
    await q.query(`CREATE INDEX "idx_audit_log_actor_id_at" ON "audit_log" ("actor_id", "at")`);
    await q.query(`CREATE INDEX "idx_audit_log_at" ON "audit_log" ("at")`);
    await q.query(`CREATE TABLE "outbox_messages" ("id" uuid NOT NULL, "topic" text NOT NULL, "payload" jsonb NOT NULL, "dedupe_key" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "available_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "leased_until" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "done_handlers" text array NOT NULL DEFAULT '{}', "last_error" text, "delivered_at" TIMESTAMP WITH TIME ZONE, "dead_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_outbox_messages" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_outbox_messages_due" ON "outbox_messages" ("available_at") WHERE delivered_at IS NULL AND dead_at IS NULL`);
    await q.query(`CREATE UNIQUE INDEX "uq_outbox_messages_dedupe_key" ON "outbox_messages" ("dedupe_key") WHERE dedupe_key IS NOT NULL`);
    // the audit log is append-only, whatever code runs against it
    await q.query(`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege'; END $$`);
    await q.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_log_append_only ON "audit_log"`);
    await q.query(`DROP FUNCTION audit_log_append_only()`);
    await q.query(`DROP INDEX "uq_outbox_messages_dedupe_key"`);
    await q.query(`DROP INDEX "idx_outbox_messages_due"`);
    await q.query(`DROP TABLE "outbox_messages"`);
    await q.query(`DROP INDEX "idx_audit_log_at"`);
    await q.query(`DROP INDEX "idx_audit_log_actor_id_at"`);
    await q.query(`DROP INDEX "idx_audit_log_target_type_target_id_at"`);
    await q.query(`DROP INDEX "idx_audit_log_action_at"`);
    await q.query(`DROP TABLE "audit_log"`);
  }
}
