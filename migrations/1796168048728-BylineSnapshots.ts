import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `byline_snapshots`: each byline of a piece as of the publish that first showed it. A republish
 * used to re-read every contributor profile, so a typo fix rewrote frozen titles; it now reads
 * these and takes a snapshot only for a byline added since. Rows of pieces live now are filled
 * from their pages, so nothing they print changes.
 */
export class BylineSnapshots1796168048728 implements MigrationInterface {
  name = 'BylineSnapshots1796168048728';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "byline_snapshots" ("article_id" uuid NOT NULL, "contributor_id" uuid NOT NULL, "snapshot" jsonb NOT NULL, "taken_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_byline_snapshots" PRIMARY KEY ("article_id", "contributor_id"))`,
    );
    await q.query(
      `INSERT INTO "byline_snapshots" ("article_id", "contributor_id", "snapshot", "taken_at")
       SELECT p.article_id, (b->>'contributorId')::uuid, b, p.published_at
         FROM "published_articles" p, jsonb_array_elements(coalesce(p.page->'bylines', '[]')) b
        WHERE b ? 'contributorId'
       ON CONFLICT DO NOTHING`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "byline_snapshots"`);
  }
}
