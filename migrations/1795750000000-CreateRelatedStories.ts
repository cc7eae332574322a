import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRelatedStories1795750000000 implements MigrationInterface {
  name = 'CreateRelatedStories1795750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "related_pins" ("id" uuid NOT NULL, "article_id" uuid NOT NULL, "position" integer NOT NULL, "target_article_id" uuid NOT NULL, "headline_override" text, "excerpt_override" text, "image_id_override" uuid, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_related_pins_not_self" CHECK (article_id <> target_article_id), CONSTRAINT "ck_related_pins_position" CHECK (position >= 0), CONSTRAINT "pk_related_pins" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_related_pins_target_article_id" ON "related_pins" ("target_article_id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_related_pins_article_id_target_article_id" ON "related_pins" ("article_id", "target_article_id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_related_pins_article_id_position" ON "related_pins" ("article_id", "position")`);
    await q.query(`CREATE TABLE "teaser_alerts" ("id" uuid NOT NULL, "article_id" uuid NOT NULL, "target_article_id" uuid NOT NULL, "reason" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "resolved_at" TIMESTAMP WITH TIME ZONE, "resolved_by" uuid, CONSTRAINT "ck_teaser_alerts_reason" CHECK (reason IN ('unpublished','retracted','archived')), CONSTRAINT "pk_teaser_alerts" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_teaser_alerts_article_id" ON "teaser_alerts" ("article_id")`);
    await q.query(`CREATE INDEX "idx_teaser_alerts_target_article_id" ON "teaser_alerts" ("target_article_id")`);
    await q.query(`CREATE INDEX "idx_teaser_alerts_created_at_id" ON "teaser_alerts" ("created_at", "id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_teaser_alerts_article_id_target_article_id_reason" ON "teaser_alerts" ("article_id", "target_article_id", "reason") WHERE resolved_at IS NULL`);
    await q.query(`ALTER TABLE "related_pins" ADD CONSTRAINT "fk_related_pins_article_id" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "related_pins" ADD CONSTRAINT "fk_related_pins_target_article_id" FOREIGN KEY ("target_article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "related_pins" ADD CONSTRAINT "fk_related_pins_image_id_override" FOREIGN KEY ("image_id_override") REFERENCES "images"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "teaser_alerts" ADD CONSTRAINT "fk_teaser_alerts_article_id" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "teaser_alerts" ADD CONSTRAINT "fk_teaser_alerts_target_article_id" FOREIGN KEY ("target_article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "teaser_alerts" DROP CONSTRAINT "fk_teaser_alerts_target_article_id"`);
    await q.query(`ALTER TABLE "teaser_alerts" DROP CONSTRAINT "fk_teaser_alerts_article_id"`);
    await q.query(`ALTER TABLE "related_pins" DROP CONSTRAINT "fk_related_pins_image_id_override"`);
    await q.query(`ALTER TABLE "related_pins" DROP CONSTRAINT "fk_related_pins_target_article_id"`);
    await q.query(`ALTER TABLE "related_pins" DROP CONSTRAINT "fk_related_pins_article_id"`);
    await q.query(`DROP TABLE "teaser_alerts"`);
    await q.query(`DROP TABLE "related_pins"`);
  }
}
