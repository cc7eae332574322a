import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRateLimitCounters1795737000000 implements MigrationInterface {
  name = 'CreateRateLimitCounters1795737000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "rate_limit_counters" ("key" text NOT NULL, "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "hits" integer NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_rate_limit_counters" PRIMARY KEY ("key", "window_start"))`);
    await q.query(`CREATE INDEX "idx_rate_limit_counters_expires_at" ON "rate_limit_counters" ("expires_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "idx_rate_limit_counters_expires_at"`);
    await q.query(`DROP TABLE "rate_limit_counters"`);
  }
}
