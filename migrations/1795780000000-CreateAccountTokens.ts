import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAccountTokens1795780000000 implements MigrationInterface {
  name = 'CreateAccountTokens1795780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "account_tokens" ("id" uuid NOT NULL, "account_id" uuid NOT NULL, "purpose" text NOT NULL, "token_hash" text NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_account_tokens_purpose" CHECK (purpose IN ('invite','password_reset')), CONSTRAINT "pk_account_tokens" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_account_tokens_account_id_purpose" ON "account_tokens" ("account_id", "purpose")`);
    await q.query(`CREATE UNIQUE INDEX "uq_account_tokens_token_hash" ON "account_tokens" ("token_hash")`);
    await q.query(`ALTER TABLE "account_tokens" ADD CONSTRAINT "fk_account_tokens_account_id" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "account_tokens" DROP CONSTRAINT "fk_account_tokens_account_id"`);
    await q.query(`DROP TABLE "account_tokens"`);
  }
}
