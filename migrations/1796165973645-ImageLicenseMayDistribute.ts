import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `license_may_distribute`: false when the licence forbids publishing the image at all (an
 * agency's "not for distribution", internal reference copies). The publish gate refuses such a
 * top image. Existing images keep what they could do before: true.
 */
export class ImageLicenseMayDistribute1796165973645 implements MigrationInterface {
  name = 'ImageLicenseMayDistribute1796165973645';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "images" ADD "license_may_distribute" boolean NOT NULL DEFAULT true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "images" DROP COLUMN "license_may_distribute"`);
  }
}
