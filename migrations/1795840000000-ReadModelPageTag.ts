import type { MigrationInterface, QueryRunner } from 'typeorm';

// as in 1795830000000 (a migration is a frozen snapshot: it does not import another's SQL)
const PAGE_BODY = `NEW.page_body := '{"article":' || NEW.page::text || ',"relatedStories":' || coalesce(NEW.teasers::text, 'null');`;
const CARD = (page: string) => `jsonb_build_object(
        'kicker', ${page}->'kicker', 'section', ${page}->'section', 'type', ${page}->'type',
        'bylines', coalesce((SELECT jsonb_agg(jsonb_build_object('contributorId', b->'contributorId', 'slug', b->'slug', 'name', b->'name'))
                               FROM jsonb_array_elements(coalesce(${page}->'bylines', '[]')) b), '[]'),
        'tags', ${page}->'tags', 'topImage', ${page}->'topImage')`;

/**
 * `page_tag`: the MD5 of `page_body`, set by the same trigger whenever the body changes. The
 * article page's strong ETag starts from it, so an uncached render no longer hashes the ~10 KB
 * body (a SHA-1 per request) to name bytes that change only on a write.
 */
export class ReadModelPageTag1795840000000 implements MigrationInterface {
  name = 'ReadModelPageTag1795840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "published_articles" ADD "page_tag" text`);
    await q.query(`CREATE OR REPLACE FUNCTION published_articles_page_body() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      ${PAGE_BODY}
      NEW.page_tag := md5(NEW.page_body);
      NEW.card := ${CARD('NEW.page')};
      RETURN NEW; END $$`);
    // the rows already there (an UPDATE of page_tag alone does not fire the page trigger)
    await q.query(`UPDATE "published_articles" SET "page_tag" = md5("page_body")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION published_articles_page_body() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      ${PAGE_BODY}
      NEW.card := ${CARD('NEW.page')};
      RETURN NEW; END $$`);
    await q.query(`ALTER TABLE "published_articles" DROP COLUMN "page_tag"`);
  }
}
