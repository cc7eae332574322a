import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDonationBanners1795770000000 implements MigrationInterface {
  name = 'CreateDonationBanners1795770000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "donation_campaigns" ("id" uuid NOT NULL, "name" text NOT NULL, "status" text NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE, "ends_at" TIMESTAMP WITH TIME ZONE, "placement" text NOT NULL, "paragraph" integer, "priority" integer NOT NULL DEFAULT '0', "include_section_ids" uuid array NOT NULL DEFAULT '{}', "exclude_section_ids" uuid array NOT NULL DEFAULT '{}', "include_tag_ids" uuid array NOT NULL DEFAULT '{}', "exclude_tag_ids" uuid array NOT NULL DEFAULT '{}', "include_type_ids" uuid array NOT NULL DEFAULT '{}', "exclude_type_ids" uuid array NOT NULL DEFAULT '{}', "include_article_ids" uuid array NOT NULL DEFAULT '{}', "exclude_article_ids" uuid array NOT NULL DEFAULT '{}', "start_after_pageviews" integer NOT NULL DEFAULT '0', "every_nth_pageview" integer NOT NULL DEFAULT '1', "max_per_day" integer, "max_per_week" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "activated_at" TIMESTAMP WITH TIME ZONE, "ended_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_donation_campaigns_frequency" CHECK (start_after_pageviews >= 0 AND every_nth_pageview >= 1 AND (max_per_day IS NULL OR max_per_day >= 1) AND (max_per_week IS NULL OR max_per_week >= 1)), CONSTRAINT "ck_donation_campaigns_window" CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at), CONSTRAINT "ck_donation_campaigns_paragraph" CHECK ((placement = 'inline_after_paragraph' AND paragraph >= 1) OR (placement <> 'inline_after_paragraph' AND paragraph IS NULL)), CONSTRAINT "ck_donation_campaigns_placement" CHECK (placement IN ('after_body','inline_after_paragraph','top_bar','overlay')), CONSTRAINT "ck_donation_campaigns_status" CHECK (status IN ('draft','active','paused','ended')), CONSTRAINT "pk_donation_campaigns" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_donation_campaigns_created_at_id" ON "donation_campaigns" ("created_at", "id")`);
    await q.query(`CREATE INDEX "idx_donation_campaigns_status_ends_at" ON "donation_campaigns" ("status", "ends_at")`);
    await q.query(`CREATE TABLE "donation_campaign_variants" ("id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "name" text NOT NULL, "weight" integer NOT NULL, "headline" text NOT NULL, "body_html" text NOT NULL, "cta_label" text NOT NULL, "cta_url" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_donation_campaign_variants_weight" CHECK (weight >= 0 AND weight <= 10000), CONSTRAINT "pk_donation_campaign_variants" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "idx_donation_campaign_variants_campaign_id_created_at" ON "donation_campaign_variants" ("campaign_id", "created_at")`);
    await q.query(`CREATE UNIQUE INDEX "uq_donation_campaign_variants_campaign_id_name" ON "donation_campaign_variants" ("campaign_id", "name")`);
    await q.query(`CREATE TABLE "article_appeal_settings" ("article_id" uuid NOT NULL, "no_appeals" boolean NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_article_appeal_settings" PRIMARY KEY ("article_id"))`);
    await q.query(`CREATE TABLE "donation_banner_events" ("event_id" uuid NOT NULL, "type" text NOT NULL, "campaign_id" uuid NOT NULL, "variant_id" uuid NOT NULL, "article_id" uuid, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_donation_banner_events_type" CHECK (type IN ('impression','click','dismiss','conversion')), CONSTRAINT "pk_donation_banner_events" PRIMARY KEY ("event_id"))`);
    await q.query(`CREATE INDEX "idx_donation_banner_events_at" ON "donation_banner_events" ("at")`);
    await q.query(`CREATE TABLE "donation_banner_daily_counts" ("campaign_id" uuid NOT NULL, "variant_id" uuid NOT NULL, "article_id" uuid NOT NULL, "day" date NOT NULL, "impressions" bigint NOT NULL DEFAULT '0', "clicks" bigint NOT NULL DEFAULT '0', "dismissals" bigint NOT NULL DEFAULT '0', "conversions" bigint NOT NULL DEFAULT '0', CONSTRAINT "pk_donation_banner_daily_counts" PRIMARY KEY ("campaign_id", "variant_id", "article_id", "day"))`);
    await q.query(`CREATE INDEX "idx_donation_banner_daily_counts_campaign_id_day" ON "donation_banner_daily_counts" ("campaign_id", "day")`);
    await q.query(`ALTER TABLE "donation_campaign_variants" ADD CONSTRAINT "fk_donation_campaign_variants_campaign_id" FOREIGN KEY ("campaign_id") REFERENCES "donation_campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "donation_banner_daily_counts" ADD CONSTRAINT "fk_donation_banner_daily_counts_variant_id" FOREIGN KEY ("variant_id") REFERENCES "donation_campaign_variants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "donation_banner_daily_counts" DROP CONSTRAINT "fk_donation_banner_daily_counts_variant_id"`);
    await q.query(`ALTER TABLE "donation_campaign_variants" DROP CONSTRAINT "fk_donation_campaign_variants_campaign_id"`);
    await q.query(`DROP TABLE "donation_banner_daily_counts"`);
    await q.query(`DROP TABLE "donation_banner_events"`);
    await q.query(`DROP TABLE "article_appeal_settings"`);
    await q.query(`DROP TABLE "donation_campaign_variants"`);
    await q.query(`DROP TABLE "donation_campaigns"`);
  }
}
