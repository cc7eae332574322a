import type { QueryRunner } from 'typeorm';

/**
 * The current body of every function in the schema (all of them trigger functions). This file,
 * not the migrations that first created them, is where a function's text lives now:
 * - a migration applies them with `applyFunctions(q)` (CREATE OR REPLACE, so applying an
 *   unchanged function changes nothing); the triggers themselves (which table, which columns,
 *   BEFORE or AFTER) stay in the migrations that create them;
 * - to change a function: edit it here and add a migration whose `up` calls `applyFunctions`
 *   (plus any backfill), registered in `migrations/index.ts`;
 * - `npm run db:check` migrates a scratch schema and fails when a function there differs from
 *   this file, or exists in only one of the two (`functionDrift`).
 *
 * Migrations before 1796186537173 (TriggerFunctionsFile) carry frozen copies of older bodies: they are history, and an
 * applied migration is never edited. A plpgsql body is checked against the tables only when it
 * runs, so an earlier migration applying a later body would not fail either; none does.
 */
export interface TriggerFunction {
  name: string;
  /**
   * `SET search_path FROM CURRENT`: the function runs with the migration's search path (the
   * app's schema), whoever fires it; needed by a function that writes another table.
   */
  pinSearchPath: boolean;
  /** The plpgsql body between the dollar quotes, exactly as PostgreSQL stores it (`prosrc`). */
  body: string;
}

/** Frozen at migration 1795820000000's weights (see SearchMonthLexemes1795850000000). */
const MATCH = `setweight(to_tsvector('english', coalesce(NEW.headline, '')), 'A') || setweight(to_tsvector('english', coalesce(NEW.dek, '')), 'B')
        || setweight(to_tsvector('english', coalesce(NEW.search_extra, '')), 'B') || setweight(to_tsvector('english', coalesce(NEW.body_text, '')), 'C')`;
const RANK = `setweight(to_tsvector('english', coalesce(NEW.headline, '')), 'A') || setweight(to_tsvector('english', coalesce(NEW.dek, '')), 'B')
        || setweight(to_tsvector('english', coalesce(NEW.search_extra, '')), 'B') || setweight(to_tsvector('english', left(coalesce(NEW.body_text, ''), 1000)), 'C')`;
/** The month lexeme of a publication time: '~m:2026-11' (UTC), no position, no weight. */
const MONTH_TEXT = (at: string) => `'~m:' || to_char(${at} AT TIME ZONE 'UTC', 'YYYY-MM')`;

/**
 * A list of renditions (`{url, width, height, format}`, libs/image-credits' renditions.rules.ts)
 * in its srcset-ready compact form: the widths, and per format a URL with `{width}` in the
 * width's place of the rendition name (`<width>.<ext>`, `<width>-<w>x<h>-f<x>x<y>.<ext>`).
 * The SDK's image helpers expand it back (packages/sdk/src/images.ts).
 */
const SRCSET = (renditions: string) => `jsonb_build_object(
      'widths', coalesce((SELECT jsonb_agg(DISTINCT (r->>'width')::int ORDER BY (r->>'width')::int) FROM jsonb_array_elements(${renditions}) r), '[]'),
      'templates', coalesce((SELECT jsonb_agg(jsonb_build_object('format', t.f, 'url', t.u) ORDER BY t.o)
                               FROM (SELECT DISTINCT ON (r->>'format') r->>'format' AS f, o,
                                            regexp_replace(r->>'url', '/[0-9]+((-[0-9]+x[0-9]+-f[0-9]+x[0-9]+)?[.][a-z0-9]+)$', '/{width}\\1') AS u
                                       FROM jsonb_array_elements(${renditions}) WITH ORDINALITY e(r, o) ORDER BY r->>'format', o) t), '[]'))`;
/**
 * A card's image: the page's top image with its renditions and crops in the compact form
 * (`srcset`; each crop `{aspectRatio, width, height, srcset}`), about a tenth of the bytes.
 */
const CARD_IMAGE = (page: string) => {
  const img = `(${page})`;
  return `CASE WHEN jsonb_typeof(${img}) = 'object' THEN
      (${img} - 'renditions' - 'crops') || jsonb_build_object(
        'srcset', ${SRCSET(`coalesce(${img}->'renditions', '[]')`)},
        'crops', coalesce((SELECT jsonb_agg(jsonb_build_object('aspectRatio', c->'aspectRatio', 'width', c->'width', 'height', c->'height',
                                                'srcset', ${SRCSET(`coalesce(c->'renditions', '[]')`)}) ORDER BY co)
                             FROM jsonb_array_elements(coalesce(${img}->'crops', '[]')) WITH ORDINALITY ce(c, co)), '[]'))
    END`;
};
const ISO_MS = (at: string) => `to_char(${at} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/**
 * A list card as JSON text, members in the order of `ArticleCard` (libs/publication): what
 * `JSON.stringify` of the card object gave, but written once per change instead of per request.
 */
const CARD_TEXT = `'{"articleId":' || to_json(NEW.article_id)::text || ',"slug":' || to_json(NEW.slug)::text
    || ',"headline":' || to_json(NEW.headline)::text || ',"dek":' || to_json(NEW.dek)::text
    || ',"kicker":' || coalesce(NEW.card->'kicker', 'null')::text || ',"section":' || coalesce(NEW.card->'section', 'null')::text
    || ',"type":' || coalesce(NEW.card->'type', 'null')::text || ',"bylines":' || coalesce(NEW.card->'bylines', '[]')::text
    || ',"tags":' || coalesce(NEW.card->'tags', '[]')::text || ',"excerpt":' || to_json(NEW.excerpt)::text
    || ',"topImage":' || coalesce(NEW.card->'topImage', 'null')::text
    || ',"publishedAt":"' || ${ISO_MS('NEW.published_at')} || '","updatedAt":"' || ${ISO_MS('NEW.updated_at')} || '"}'`;
/**
 * plpgsql statements making the JSON text in the variable `v` ASCII-only: each non-ASCII
 * character becomes its `\uXXXX` escape (a surrogate pair above U+FFFF), which parses to the same
 * string. Needs `ch text` and `cp int` declared. Why: pg hands a text value to node as a string,
 * and card text with a typographic quote or an accent decoded to a two-byte string and encoded
 * back to UTF-8 for the socket (~70 µs of api CPU per 20-card list); an ASCII text is copied both
 * ways (~10 µs). Nothing in JSON's syntax is non-ASCII, so only string contents change.
 */
export const ASCII_JSON = (v: string): string => `IF octet_length(${v}) <> length(${v}) THEN
    FOR ch IN SELECT DISTINCT m[1] FROM regexp_matches(${v}, '[^\\x01-\\x7f]', 'g') m LOOP
      cp := ascii(ch);
      ${v} := replace(${v}, ch, CASE WHEN cp < 65536 THEN '\\u' || lpad(to_hex(cp), 4, '0')
        ELSE '\\u' || to_hex(55296 + ((cp - 65536) >> 10)) || '\\u' || to_hex(56320 + ((cp - 65536) & 1023)) END);
    END LOOP;
  END IF;`;
/** The desk list's word vector of an `articles` row (the trigger's and the backfill's). */
export const ARTICLE_WORDS = (r: string) => `strip(to_tsvector('simple', coalesce(${r}.headline, '') || ' ' || coalesce(${r}.dek, '') || ' ' || coalesce(${r}.body_text, '')))`;

export const TRIGGER_FUNCTIONS: readonly TriggerFunction[] = [
  {
    // articles: BEFORE INSERT OR UPDATE OF headline, dek, body_text, each row. search_words: the
    // desk list's word search (listSearch in libs/articles): 'simple' (no stemming, no stop words),
    // positions stripped (the list matches words, it neither ranks nor matches phrases).
    name: 'articles_search_words',
    pinSearchPath: false,
    body: `
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.search_words IS NOT NULL AND NEW.headline IS NOT DISTINCT FROM OLD.headline
     AND NEW.dek IS NOT DISTINCT FROM OLD.dek AND NEW.body_text IS NOT DISTINCT FROM OLD.body_text THEN
    RETURN NEW;
  END IF;
  NEW.search_words := ${ARTICLE_WORDS('NEW')};
  RETURN NEW;
END
`,
  },
  {
    // audit_log: BEFORE UPDATE OR DELETE, each row
    name: 'audit_log_append_only',
    pinSearchPath: false,
    body: `
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
`,
  },
  {
    // published_articles: BEFORE INSERT OR UPDATE OF page, teasers, each row.
    // page_body is the stored stage of the article page's wire format, whose one owner is
    // apps/api/src/content/articles/article-page.ts (read it before changing this line): the
    // first two members of the response object, without the closing brace. page_tag names those
    // bytes (the start of the page's strong ETag). card: what a list entry shows of the page;
    // card_text: the whole list entry as JSON text, ASCII-only (ASCII_JSON), the bytes a list
    // response copies (its one owner: apps/api/src/content/articles/card-list.ts), card_tag their MD5.
    // The trigger (1796230032003) also fires on the columns card_text shows.
    name: 'published_articles_page_body',
    pinSearchPath: false,
    body: `
DECLARE
  ch text;
  cp int;
BEGIN
  NEW.page_body := '{"article":' || NEW.page::text || ',"relatedStories":' || coalesce(NEW.teasers::text, 'null');
  NEW.page_tag := md5(NEW.page_body);
  NEW.card := jsonb_build_object(
    'kicker', NEW.page->'kicker', 'section', NEW.page->'section', 'type', NEW.page->'type',
    'bylines', coalesce((SELECT jsonb_agg(jsonb_build_object('contributorId', b->'contributorId', 'slug', b->'slug', 'name', b->'name'))
                           FROM jsonb_array_elements(coalesce(NEW.page->'bylines', '[]')) b), '[]'),
    'tags', NEW.page->'tags', 'topImage', ${CARD_IMAGE("NEW.page->'topImage'")});
  NEW.card_text := ${CARD_TEXT};
  ${ASCII_JSON('NEW.card_text')}
  NEW.card_tag := md5(NEW.card_text);
  RETURN NEW;
END
`,
  },
  {
    // published_articles: AFTER INSERT OR DELETE OR UPDATE OF tag_ids, published_at, section_id,
    // retracted, each row. Keeps published_tags: one row per distinct tag of each unretracted
    // live piece (the rows of OLD are found by their primary key, OLD's values wrote them).
    name: 'published_articles_tags',
    pinSearchPath: true,
    body: `
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM published_tags WHERE tag_id = ANY(OLD.tag_ids) AND published_at = OLD.published_at AND article_id = OLD.article_id;
    IF TG_OP = 'DELETE' THEN
      RETURN NULL;
    END IF;
  END IF;
  IF NOT NEW.retracted THEN
    INSERT INTO published_tags (tag_id, published_at, article_id, section_id)
    SELECT DISTINCT t, NEW.published_at, NEW.article_id, NEW.section_id FROM unnest(NEW.tag_ids) t;
  END IF;
  RETURN NULL;
END
`,
  },
  {
    // published_articles: AFTER INSERT OR UPDATE OF headline, dek, search_extra, body_text,
    // published_at, each row. Keeps published_search (match vector with the month lexeme, rank vector).
    name: 'published_articles_search',
    pinSearchPath: true,
    body: `
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.headline IS NOT DISTINCT FROM OLD.headline AND NEW.dek IS NOT DISTINCT FROM OLD.dek
     AND NEW.search_extra IS NOT DISTINCT FROM OLD.search_extra AND NEW.body_text IS NOT DISTINCT FROM OLD.body_text THEN
    IF NEW.published_at IS DISTINCT FROM OLD.published_at THEN
      UPDATE published_search SET published_at = NEW.published_at,
             search = ts_delete(search, ${MONTH_TEXT('OLD.published_at')}) || array_to_tsvector(ARRAY[${MONTH_TEXT('NEW.published_at')}])
       WHERE article_id = NEW.article_id;
    END IF;
    RETURN NULL;
  END IF;
  INSERT INTO published_search (article_id, published_at, search, search_rank)
  VALUES (NEW.article_id, NEW.published_at,
          ${MATCH}
        || array_to_tsvector(ARRAY[${MONTH_TEXT('NEW.published_at')}]),
          ${RANK})
  ON CONFLICT (article_id) DO UPDATE SET published_at = EXCLUDED.published_at, search = EXCLUDED.search, search_rank = EXCLUDED.search_rank;
  RETURN NULL;
END
`,
  },
];

export const createFunctionSql = (f: TriggerFunction): string =>
  `CREATE OR REPLACE FUNCTION ${f.name}() RETURNS trigger LANGUAGE plpgsql${f.pinSearchPath ? ' SET search_path FROM CURRENT' : ''} AS $fn$${f.body}$fn$`;

/** Applies every function of this file (CREATE OR REPLACE). */
export async function applyFunctions(q: Pick<QueryRunner, 'query'>): Promise<void> {
  for (const f of TRIGGER_FUNCTIONS) await q.query(createFunctionSql(f));
}

/**
 * How the functions of `schema` differ from this file, one line per difference (empty: none):
 * a function missing on either side, another body, another search-path setting, or not a
 * plpgsql trigger function.
 */
export async function functionDrift(
  query: (sql: string, params: unknown[]) => Promise<{ name: string; body: string; config: string[] | null; returns: string; language: string }[]>,
  schema: string,
  expected: readonly TriggerFunction[] = TRIGGER_FUNCTIONS,
): Promise<string[]> {
  const rows = await query(
    `SELECT p.proname AS name, p.prosrc AS body, p.proconfig AS config, format_type(p.prorettype, NULL) AS returns, l.lanname AS language
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
      WHERE n.nspname = $1 ORDER BY p.proname`,
    [schema],
  );
  const found = new Map(rows.map((r) => [r.name, r]));
  const problems: string[] = [];
  for (const f of expected) {
    const r = found.get(f.name);
    if (!r) {
      problems.push(`function ${f.name} is in migrations/functions.ts but no migration creates it`);
      continue;
    }
    if (r.returns !== 'trigger' || r.language !== 'plpgsql') problems.push(`function ${f.name} is ${r.language} returning ${r.returns}, not a plpgsql trigger function`);
    if (r.body !== f.body) problems.push(`function ${f.name}: the body in the database differs from migrations/functions.ts (a migration must applyFunctions after the edit)`);
    const pinned = (r.config ?? []).some((c) => c.startsWith('search_path='));
    if (pinned !== f.pinSearchPath)
      problems.push(
        `function ${f.name}: SET search_path FROM CURRENT is ${pinned ? 'set' : 'not set'} in the database, ${f.pinSearchPath ? 'set' : 'not set'} in migrations/functions.ts`,
      );
  }
  for (const name of found.keys()) {
    if (!expected.some((f) => f.name === name)) problems.push(`function ${name} exists in the database but not in migrations/functions.ts`);
  }
  return problems;
}
