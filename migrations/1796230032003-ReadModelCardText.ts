import type { MigrationInterface, QueryRunner } from 'typeorm';
import { applyFunctions } from './functions.js';

const COLUMNS_BEFORE = `"page", "teasers"`;
const COLUMNS_NOW = `"page", "teasers", "slug", "headline", "dek", "excerpt", "published_at", "updated_at"`;
const trigger = (columns: string) =>
  `CREATE TRIGGER published_articles_page_body BEFORE INSERT OR UPDATE OF ${columns} ON "published_articles" FOR EACH ROW EXECUTE FUNCTION published_articles_page_body()`;

/** The body of 1796186537173 (TriggerFunctionsFile), frozen for `down`. */
const BODY_BEFORE = `
BEGIN
  NEW.page_body := '{"article":' || NEW.page::text || ',"relatedStories":' || coalesce(NEW.teasers::text, 'null');
  NEW.page_tag := md5(NEW.page_body);
  NEW.card := jsonb_build_object(
    'kicker', NEW.page->'kicker', 'section', NEW.page->'section', 'type', NEW.page->'type',
    'bylines', coalesce((SELECT jsonb_agg(jsonb_build_object('contributorId', b->'contributorId', 'slug', b->'slug', 'name', b->'name'))
                           FROM jsonb_array_elements(coalesce(NEW.page->'bylines', '[]')) b), '[]'),
    'tags', NEW.page->'tags', 'topImage', NEW.page->'topImage');
  RETURN NEW;
END
`;

/**
 * A cold list (issue 22 item 10) parsed each card's jsonb in pg and serialized 20 cards again in
 * the api, per request. `card_text` keeps each list entry as the JSON text a list response
 * copies, `card_tag` its MD5 (where a list's ETag comes from), both set by the page trigger,
 * which now fires on every column the card shows. The rows already live are rewritten once.
 */
export class ReadModelCardText1796230032003 implements MigrationInterface {
  name = 'ReadModelCardText1796230032003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "published_articles" ADD "card_text" text, ADD "card_tag" text`);
    await applyFunctions(q);
    await q.query(`DROP TRIGGER published_articles_page_body ON "published_articles"`);
    await q.query(trigger(COLUMNS_NOW));
    await q.query(`UPDATE "published_articles" SET "page" = "page"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER published_articles_page_body ON "published_articles"`);
    await q.query(trigger(COLUMNS_BEFORE));
    await q.query(`CREATE OR REPLACE FUNCTION published_articles_page_body() RETURNS trigger LANGUAGE plpgsql AS $fn$${BODY_BEFORE}$fn$`);
    await q.query(`ALTER TABLE "published_articles" DROP COLUMN "card_text", DROP COLUMN "card_tag"`);
  }
}
