import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contributor avatars are image uses: usage type `contributor`, role `avatar`, so the image's
 * where-used list names the profile and the image cannot be deleted under it.
 */
export class ImageUsesAvatars1796169642813 implements MigrationInterface {
  name = 'ImageUsesAvatars1796169642813';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "image_uses" DROP CONSTRAINT "ck_image_uses_usage_type"`);
    await q.query(`ALTER TABLE "image_uses" DROP CONSTRAINT "ck_image_uses_role"`);
    await q.query(`ALTER TABLE "image_uses" ADD CONSTRAINT "ck_image_uses_usage_type" CHECK (usage_type IN ('article','teaser','contributor'))`);
    await q.query(`ALTER TABLE "image_uses" ADD CONSTRAINT "ck_image_uses_role" CHECK (role IN ('top','inline','teaser','avatar'))`);
    // avatars set before this release: record the uses of those whose image exists
    await q.query(
      `INSERT INTO "image_uses" ("id", "image_id", "usage_type", "usage_id", "role", "position")
       SELECT gen_random_uuid(), c.avatar_image_id, 'contributor', c.id, 'avatar', 0
         FROM "contributors" c JOIN "images" i ON i.id = c.avatar_image_id
        WHERE c.merged_into_id IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "image_uses" WHERE usage_type = 'contributor' OR role = 'avatar'`);
    await q.query(`ALTER TABLE "image_uses" DROP CONSTRAINT "ck_image_uses_role"`);
    await q.query(`ALTER TABLE "image_uses" DROP CONSTRAINT "ck_image_uses_usage_type"`);
    await q.query(`ALTER TABLE "image_uses" ADD CONSTRAINT "ck_image_uses_role" CHECK (role IN ('top','inline','teaser'))`);
    await q.query(`ALTER TABLE "image_uses" ADD CONSTRAINT "ck_image_uses_usage_type" CHECK (usage_type IN ('article','teaser'))`);
  }
}
