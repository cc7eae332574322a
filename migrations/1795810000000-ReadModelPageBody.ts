import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An uncached article page read the page JSON four times per request (its text, the section,
 * tag and byline slugs for the Surrogate-Key header), each unpacking the ~10 KB jsonb value, and
 * the teasers once more: twice the PostgreSQL work of selecting the row alone. Now the row
 * holds what the page serves:
 * - `page_body`: the response's first members as text, `{"article":<page>,"relatedStories":<teasers>`
 *   (the api appends the newsletter box and the reader's banners), kept by a trigger whenever
 *   the page or its teasers change, so no write path can forget it;
 * - `page_keys`: the Surrogate-Keys the page answers to (written with the page).
 * It costs a second copy of the page text per row (TOAST-compressed) to serve a cold page at
 * the cost of reading one text value.
 */
export class ReadModelPageBody1795810000000 implements MigrationInterface {
  name = 'ReadModelPageBody1795810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "published_articles" ADD "page_body" text`);
    await q.query(`ALTER TABLE "published_articles" ADD "page_keys" text array NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE FUNCTION published_articles_page_body() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      NEW.page_body := '{"article":' || NEW.page::text || ',"relatedStories":' || coalesce(NEW.teasers::text, 'null');
      RETURN NEW; END $$`);
    await q.query(`CREATE TRIGGER published_articles_page_body BEFORE INSERT OR UPDATE OF "page", "teasers" ON "published_articles" FOR EACH ROW EXECUTE FUNCTION published_articles_page_body()`);
    // the rows already there: their body from the trigger, their keys as the api writes them
    // (article, section, tags, bylines; see articlePageKeys)
    await q.query(`UPDATE "published_articles" SET "page" = "page", "page_keys" = array_remove(
        ARRAY['article-' || "article_id"::text, 'section-' || ("page"->'section'->>'slug')]
        || ARRAY(SELECT 'tag-' || (e->>'slug') FROM jsonb_array_elements(coalesce("page"->'tags', '[]')) e)
        || ARRAY(SELECT 'contributor-' || (e->>'slug') FROM jsonb_array_elements(coalesce("page"->'bylines', '[]')) e), NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER published_articles_page_body ON "published_articles"`);
    await q.query(`DROP FUNCTION published_articles_page_body()`);
    await q.query(`ALTER TABLE "published_articles" DROP COLUMN "page_keys"`);
    await q.query(`ALTER TABLE "published_articles" DROP COLUMN "page_body"`);
  }
}
