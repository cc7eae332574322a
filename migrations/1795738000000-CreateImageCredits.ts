import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateImageCredits1795738000000 implements MigrationInterface {
  name = 'CreateImageCredits1795738000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "credit_parties" ("id" uuid NOT NULL, "kind" text NOT NULL, "name" text NOT NULL, "url" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_credit_parties_kind" CHECK (kind IN ('person','agency','provider')), CONSTRAINT "pk_credit_parties" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_credit_parties_kind_name" ON "credit_parties" ("kind", "name")`);
    await q.query(`CREATE TABLE "images" ("id" uuid NOT NULL, "source" text NOT NULL, "content_hash" text, "storage_key" text, "external_url" text, "format" text, "byte_size" integer, "width" integer, "height" integer, "original_filename" text, "alt_text" text, "caption" text, "focal_x" real, "focal_y" real, "credit_photographer_id" uuid, "credit_agency_id" uuid, "credit_provider_id" uuid, "credit_url" text, "credit_form" text NOT NULL DEFAULT 'standard', "credit_label" text NOT NULL DEFAULT 'image', "license_licensor" text, "license_terms" text, "license_can_syndicate" boolean NOT NULL DEFAULT false, "license_expires_at" TIMESTAMP WITH TIME ZONE, "embedded_credit" jsonb, "uploaded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_images_credit_label" CHECK (credit_label IN ('image','photo')), CONSTRAINT "ck_images_credit_form" CHECK (credit_form IN ('standard','via')), CONSTRAINT "ck_images_focal_point" CHECK ((focal_x IS NULL AND focal_y IS NULL) OR (focal_x BETWEEN 0 AND 1 AND focal_y BETWEEN 0 AND 1)), CONSTRAINT "ck_images_format" CHECK (format IS NULL OR format IN ('jpeg','png','webp','gif','avif')), CONSTRAINT "ck_images_source" CHECK ((source = 'upload' AND content_hash IS NOT NULL AND storage_key IS NOT NULL AND external_url IS NULL) OR (source = 'url' AND external_url IS NOT NULL AND content_hash IS NULL AND storage_key IS NULL)), CONSTRAINT "pk_images" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_images_credit_provider_id" ON "images" ("credit_provider_id")`);
    await q.query(`CREATE INDEX "idx_images_credit_agency_id" ON "images" ("credit_agency_id")`);
    await q.query(`CREATE INDEX "idx_images_credit_photographer_id" ON "images" ("credit_photographer_id")`);
    await q.query(`CREATE INDEX "idx_images_license_expires_at" ON "images" ("license_expires_at") WHERE license_expires_at IS NOT NULL`);
    await q.query(`CREATE INDEX "idx_images_created_at_id" ON "images" ("created_at", "id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_images_external_url" ON "images" ("external_url") WHERE external_url IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX "uq_images_content_hash" ON "images" ("content_hash") WHERE content_hash IS NOT NULL`);
    await q.query(`CREATE TABLE "image_uses" ("id" uuid NOT NULL, "image_id" uuid NOT NULL, "usage_type" text NOT NULL, "usage_id" uuid NOT NULL, "role" text NOT NULL, "position" integer NOT NULL, "caption_override" text, "credit_override" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_image_uses_role" CHECK (role IN ('top','inline','teaser')), CONSTRAINT "ck_image_uses_usage_type" CHECK (usage_type IN ('article','teaser')), CONSTRAINT "pk_image_uses" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_image_uses_usage_type_usage_id_top" ON "image_uses" ("usage_type", "usage_id") WHERE role = 'top'`);
    await q.query(`CREATE UNIQUE INDEX "uq_image_uses_usage_type_usage_id_position" ON "image_uses" ("usage_type", "usage_id", "position")`);
    await q.query(`CREATE INDEX "idx_image_uses_image_id" ON "image_uses" ("image_id")`);
    await q.query(`ALTER TABLE "images" ADD CONSTRAINT "fk_images_credit_photographer_id" FOREIGN KEY ("credit_photographer_id") REFERENCES "credit_parties"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "images" ADD CONSTRAINT "fk_images_credit_agency_id" FOREIGN KEY ("credit_agency_id") REFERENCES "credit_parties"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "images" ADD CONSTRAINT "fk_images_credit_provider_id" FOREIGN KEY ("credit_provider_id") REFERENCES "credit_parties"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "images" ADD CONSTRAINT "fk_images_uploaded_by" FOREIGN KEY ("uploaded_by") REFERENCES "accounts"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "image_uses" ADD CONSTRAINT "fk_image_uses_image_id" FOREIGN KEY ("image_id") REFERENCES "images"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "image_uses" DROP CONSTRAINT "fk_image_uses_image_id"`);
    await q.query(`ALTER TABLE "images" DROP CONSTRAINT "fk_images_uploaded_by"`);
    await q.query(`ALTER TABLE "images" DROP CONSTRAINT "fk_images_credit_provider_id"`);
    await q.query(`ALTER TABLE "images" DROP CONSTRAINT "fk_images_credit_agency_id"`);
    await q.query(`ALTER TABLE "images" DROP CONSTRAINT "fk_images_credit_photographer_id"`);
    await q.query(`DROP TABLE "image_uses"`);
    await q.query(`DROP TABLE "images"`);
    await q.query(`DROP TABLE "credit_parties"`);
  }
}
