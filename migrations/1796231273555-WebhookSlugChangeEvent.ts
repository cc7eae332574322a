import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Webhooks can subscribe to `slug_change` (article.slug_changed: a piece went live under a new slug). */
export class WebhookSlugChangeEvent1796231273555 implements MigrationInterface {
  name = 'WebhookSlugChangeEvent1796231273555';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "webhooks" DROP CONSTRAINT "ck_webhooks_events"`);
    await q.query(`ALTER TABLE "webhooks" ADD CONSTRAINT "ck_webhooks_events" CHECK (cardinality(events) > 0 AND events <@ ARRAY['publish','update','unpublish','slug_change','correction']::text[])`);
  }

  async down(q: QueryRunner): Promise<void> {
    // a webhook on slug_change only keeps hearing of slug changes through update, which carries them too
    await q.query(`UPDATE "webhooks" SET "events" = CASE WHEN "events" = ARRAY['slug_change']::text[] THEN ARRAY['update']::text[] ELSE array_remove("events", 'slug_change') END WHERE 'slug_change' = ANY("events")`);
    await q.query(`ALTER TABLE "webhooks" DROP CONSTRAINT "ck_webhooks_events"`);
    await q.query(`ALTER TABLE "webhooks" ADD CONSTRAINT "ck_webhooks_events" CHECK (cardinality(events) > 0 AND events <@ ARRAY['publish','update','unpublish','correction']::text[])`);
  }
}
