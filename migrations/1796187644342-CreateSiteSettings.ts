import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSiteSettings1796187644342 implements MigrationInterface {
  name = 'CreateSiteSettings1796187644342';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "site_settings" ("id" smallint NOT NULL, "version" integer NOT NULL, "data" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_by" uuid, CONSTRAINT "ck_site_settings_single_row" CHECK (id = 1), CONSTRAINT "pk_site_settings" PRIMARY KEY ("id"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "site_settings"`);
  }
}
