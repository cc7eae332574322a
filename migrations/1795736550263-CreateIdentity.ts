import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdentity1795736550263 implements MigrationInterface {
  name = 'CreateIdentity1795736550263';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "accounts" ("id" uuid NOT NULL, "email" text NOT NULL, "display_name" text NOT NULL, "password_hash" text, "role" text NOT NULL, "status" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_login_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_accounts_status" CHECK (status IN ('active','invited','deactivated')), CONSTRAINT "ck_accounts_role" CHECK (role IN ('admin','editor','contributor')), CONSTRAINT "pk_accounts" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_accounts_email" ON "accounts" ("email")`);
    await q.query(`CREATE TABLE "sessions" ("id" uuid NOT NULL, "account_id" uuid NOT NULL, "refresh_hash" text NOT NULL, "previous_refresh_hash" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "ip" text, "user_agent" text, CONSTRAINT "pk_sessions" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_sessions_account_id" ON "sessions" ("account_id")`);
    await q.query(`CREATE TABLE "api_keys" ("id" uuid NOT NULL, "name" text NOT NULL, "key_prefix" text NOT NULL, "key_hash" text NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_api_keys" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_api_keys_key_hash" ON "api_keys" ("key_hash")`);
    await q.query(`CREATE TABLE "login_throttle" ("key" text NOT NULL, "failures" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_login_throttle" PRIMARY KEY ("key"))`);
    await q.query(`ALTER TABLE "sessions" ADD CONSTRAINT "fk_sessions_account_id" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "api_keys" ADD CONSTRAINT "fk_api_keys_created_by" FOREIGN KEY ("created_by") REFERENCES "accounts"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "fk_api_keys_created_by"`);
    await q.query(`ALTER TABLE "sessions" DROP CONSTRAINT "fk_sessions_account_id"`);
    await q.query(`DROP TABLE "login_throttle"`);
    await q.query(`DROP INDEX "uq_api_keys_key_hash"`);
    await q.query(`DROP TABLE "api_keys"`);
    await q.query(`DROP INDEX "idx_sessions_account_id"`);
    await q.query(`DROP TABLE "sessions"`);
    await q.query(`DROP INDEX "uq_accounts_email"`);
    await q.query(`DROP TABLE "accounts"`);
  }
}
