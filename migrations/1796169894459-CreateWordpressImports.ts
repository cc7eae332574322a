import type { MigrationInterface, QueryRunner } from 'typeorm';

/** WordPress import runs and what each imported thing became (issue 21). */
export class CreateWordpressImports1796169894459 implements MigrationInterface {
  name = 'CreateWordpressImports1796169894459';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "wordpress_imports" ("id" uuid NOT NULL, "status" text NOT NULL, "origin" text NOT NULL, "file_name" text NOT NULL, "file_path" text NOT NULL, "media_dir" text, "dry_run" boolean NOT NULL DEFAULT false, "site" text, "progress" jsonb NOT NULL DEFAULT '{}', "report" jsonb, "error" jsonb, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_wordpress_imports_status" CHECK (status IN ('queued','running','succeeded','failed')), CONSTRAINT "pk_wordpress_imports" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_wordpress_imports_created_at" ON "wordpress_imports" ("created_at")`);
    await q.query(
      `CREATE TABLE "wordpress_import_refs" ("site" text NOT NULL, "kind" text NOT NULL, "wp_key" text NOT NULL, "target_id" uuid NOT NULL, "hash" text NOT NULL, "info" jsonb, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_wordpress_import_refs_kind" CHECK (kind IN ('author','section','tag','type','image','article')), CONSTRAINT "pk_wordpress_import_refs" PRIMARY KEY ("site", "kind", "wp_key"))`,
    );
    await q.query(`CREATE INDEX "idx_wordpress_import_refs_target_id" ON "wordpress_import_refs" ("target_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "wordpress_import_refs"`);
    await q.query(`DROP TABLE "wordpress_imports"`);
  }
}
