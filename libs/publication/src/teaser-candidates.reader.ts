import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '#libs/database';
import { TeaserCandidateSource, type FillQuery, type TeaserCandidate } from '#libs/related-stories';

/** How many characters of the body text CANDIDATE_COLUMNS reads. */
const BODY_TEXT_READ = 2000;
// What a teaser needs from the read model. The body is cut short: the excerpt needs only
// the first two paragraphs (~400 characters), never the whole text.
const CANDIDATE_COLUMNS = `p.article_id AS "articleId", p.slug, p.headline, left(p.body_text, ${BODY_TEXT_READ}) AS "bodyText",
  p.section_id AS "sectionId", p.tag_ids AS "tagIds", p.published_at AS "publishedAt",
  p.page->'section' AS section, p.page->'topImage' AS "topImage", p.retracted`;

const toCandidate = (r: TeaserCandidate): TeaserCandidate => ({ ...r, tagIds: r.tagIds ?? [] });

/**
 * A pending piece as its row would read (CANDIDATE_COLUMNS): `left(body_text, 2000)` counts
 * characters (code points), and jsonb keeps no `undefined` member.
 */
const pendingAsRow = (c: TeaserCandidate): TeaserCandidate =>
  toCandidate({
    ...c,
    bodyText: c.bodyText.length <= BODY_TEXT_READ ? c.bodyText : Array.from(c.bodyText).slice(0, BODY_TEXT_READ).join(''),
    section: c.section ? (JSON.parse(JSON.stringify(c.section)) as TeaserCandidate['section']) : null,
    topImage: c.topImage ? (JSON.parse(JSON.stringify(c.topImage)) as TeaserCandidate['topImage']) : null,
  });

/** The related-stories lib's view of the read model (`published_articles`), read only. */
@Injectable()
export class PublishedTeaserCandidates extends TeaserCandidateSource {
  constructor(@InjectDataSource() private readonly db: DataSource) {
    super();
  }

  async live(articleIds: readonly string[], m: EntityManager = this.db.manager): Promise<Map<string, TeaserCandidate>> {
    if (!articleIds.length) return new Map();
    const rows = await queryRows<TeaserCandidate>(m, `SELECT ${CANDIDATE_COLUMNS} FROM published_articles p WHERE p.article_id = ANY($1::uuid[])`, [articleIds]);
    return new Map(rows.map((r) => [r.articleId, toCandidate(r)]));
  }

  /**
   * Three index-backed branches - sharing a tag (GIN on tag_ids; ranked among the `tagWindow`
   * newest such pieces, so a page costs the same at 10k or 1M articles and a fresher piece beats
   * an old one sharing more tags beyond that window), same section and newest overall (btree on
   * (section_id|published_at, article_id)). The union holds the top `limit` of the fill ranking.
   */
  async fill(q: FillQuery, m: EntityManager = this.db.manager): Promise<TeaserCandidate[]> {
    if (q.limit <= 0) return [];
    const rows = await queryRows<TeaserCandidate>(
      m,
      `WITH recent_tagged AS (
         SELECT article_id, tag_ids, section_id, published_at FROM published_articles
          WHERE tag_ids && $1::uuid[] AND NOT (article_id = ANY($3::uuid[])) AND NOT retracted
          ORDER BY published_at DESC, article_id DESC
          LIMIT ${Math.trunc(q.tagWindow)}),
       tagged AS (
         SELECT article_id FROM recent_tagged
          ORDER BY cardinality(ARRAY(SELECT unnest(tag_ids) INTERSECT SELECT unnest($1::uuid[]))) DESC,
                   (section_id = $2::uuid) IS TRUE DESC, published_at DESC, article_id DESC
          LIMIT $4),
       same_section AS (
         SELECT article_id FROM published_articles
          WHERE section_id = $2::uuid AND NOT (article_id = ANY($3::uuid[])) AND NOT retracted
          ORDER BY published_at DESC, article_id DESC
          LIMIT $4),
       newest AS (
         SELECT article_id FROM published_articles
          WHERE NOT (article_id = ANY($3::uuid[])) AND NOT retracted
          ORDER BY published_at DESC, article_id DESC
          LIMIT $4)
       SELECT ${CANDIDATE_COLUMNS}
         FROM published_articles p
        WHERE p.article_id IN (SELECT article_id FROM tagged UNION SELECT article_id FROM same_section UNION SELECT article_id FROM newest)`,
      [q.tagIds, q.sectionId, q.exclude, q.limit],
    );
    return rows.map(toCandidate);
  }

  /**
   * `fill` of many subjects in two queries: which candidates each gets, then their columns once.
   * The tag branch reads `published_tags` (unretracted live pieces only): the newest `tagWindow`
   * of each of the page's tags, merged, the newest `tagWindow` of the merge. That is the same
   * window as the newest `tagWindow` sharing any tag (a piece in that window is within the first
   * `tagWindow` of every tag it shares), and a piece's count of lists in the merge is the number
   * of tags it shares with the page.
   *
   * `pending` (pieces whose rows are not written yet, counted as live): each branch's list is
   * the same ordered cut of the union of the rows' and the pending pieces' (a tag's newest
   * `tagWindow`, a section's and the site's newest `limit`), so a subject gets the candidates
   * it would get with the pending rows in; a pending candidate's columns are the ones its row
   * would give (`bodyText` cut as CANDIDATE_COLUMNS cuts it).
   */
  async fillMany(
    subjects: readonly { articleId: string; tagIds: string[]; sectionId: string | null }[],
    q: { limit: number; tagWindow: number },
    m: EntityManager = this.db.manager,
    pending: readonly TeaserCandidate[] = [],
  ): Promise<Map<string, TeaserCandidate[]>> {
    const out = new Map<string, TeaserCandidate[]>(subjects.map((s) => [s.articleId, []]));
    if (q.limit <= 0 || !subjects.length) return out;
    const window = Math.trunc(q.tagWindow);
    const params: unknown[] = [subjects.map((s) => s.articleId), subjects.map((s) => `{${s.tagIds.join(',')}}`), subjects.map((s) => s.sectionId), q.limit];
    // without pending pieces: the rows alone (the same query with empty pending lists)
    const withPending = pending.length > 0;
    if (withPending)
      params.push(
        JSON.stringify(
          pending.map((c) => ({ article_id: c.articleId, tag_ids: c.tagIds, section_id: c.sectionId, published_at: c.publishedAt.toISOString(), retracted: c.retracted })),
        ),
      );
    const pairs = await queryRows<{ subject: string; candidate: string }>(
      m,
      `WITH subj AS MATERIALIZED (
         SELECT s0.article_id, s0.tag_ids::uuid[] AS tag_ids, s0.section_id
           FROM unnest($1::uuid[], $2::text[], $3::uuid[]) AS s0(article_id, tag_ids, section_id))${
             withPending
               ? `,
       pend AS MATERIALIZED (
         SELECT p.article_id, p.tag_ids, p.section_id, p.published_at
           FROM jsonb_to_recordset($5::jsonb) AS p(article_id uuid, tag_ids uuid[], section_id uuid, published_at timestamptz, retracted boolean)
          WHERE NOT p.retracted),
       pend_tags AS MATERIALIZED (SELECT DISTINCT t AS tag_id, p.published_at, p.article_id, p.section_id FROM pend p CROSS JOIN LATERAL unnest(p.tag_ids) t),
       pend_newest AS MATERIALIZED (SELECT article_id, published_at FROM pend ORDER BY published_at DESC, article_id DESC LIMIT $4 + 1),
       subj_pend AS MATERIALIZED (
         SELECT st.subject, array_agg(pt.tag_id) AS tag, array_agg(pt.article_id) AS id, array_agg(pt.published_at) AS at, array_agg(pt.section_id) AS sec
           FROM (SELECT DISTINCT s.article_id AS subject, t AS tag_id FROM subj s CROSS JOIN LATERAL unnest(s.tag_ids) t) st
           JOIN pend_tags pt ON pt.tag_id = st.tag_id AND pt.article_id <> st.subject
          GROUP BY st.subject)`
               : ''
           }
       SELECT s.article_id AS subject, x.article_id AS candidate
         FROM subj s${withPending ? ` LEFT JOIN subj_pend sp ON sp.subject = s.article_id` : ''}
         CROSS JOIN LATERAL (
           (SELECT rt.article_id FROM (
              SELECT pt.article_id, max(pt.published_at) AS published_at, count(*) AS shared,
                     bool_or(pt.section_id = s.section_id) IS TRUE AS same_section
                FROM (SELECT DISTINCT unnest(s.tag_ids) AS tag_id) st
                CROSS JOIN LATERAL (${
                  withPending
                    ? `
                  SELECT u.article_id, u.published_at, u.section_id FROM (
                    (SELECT article_id, published_at, section_id FROM published_tags
                      WHERE tag_id = st.tag_id AND article_id <> s.article_id
                      ORDER BY published_at DESC, article_id DESC
                      LIMIT ${window})
                    UNION ALL
                    SELECT v.id, v.at, v.sec FROM unnest(sp.tag, sp.id, sp.at, sp.sec) AS v(tag, id, at, sec) WHERE v.tag = st.tag_id) u
                   ORDER BY u.published_at DESC, u.article_id DESC
                   LIMIT ${window}`
                    : `
                  SELECT article_id, published_at, section_id FROM published_tags
                   WHERE tag_id = st.tag_id AND article_id <> s.article_id
                   ORDER BY published_at DESC, article_id DESC
                   LIMIT ${window}`
                }) pt
               GROUP BY pt.article_id
               ORDER BY max(pt.published_at) DESC, pt.article_id DESC
               LIMIT ${window}) rt
             ORDER BY rt.shared DESC, rt.same_section DESC, rt.published_at DESC, rt.article_id DESC
             LIMIT $4)
           UNION${
             withPending
               ? `
           (SELECT u.article_id FROM (
              (SELECT article_id, published_at FROM published_articles
                WHERE section_id = s.section_id AND article_id <> s.article_id AND NOT retracted
                ORDER BY published_at DESC, article_id DESC LIMIT $4)
              UNION ALL
              (SELECT article_id, published_at FROM pend
                WHERE section_id = s.section_id AND article_id <> s.article_id
                ORDER BY published_at DESC, article_id DESC LIMIT $4)) u
             ORDER BY u.published_at DESC, u.article_id DESC LIMIT $4)
           UNION
           (SELECT u.article_id FROM (
              (SELECT article_id, published_at FROM published_articles
                WHERE article_id <> s.article_id AND NOT retracted
                ORDER BY published_at DESC, article_id DESC LIMIT $4)
              UNION ALL
              (SELECT article_id, published_at FROM pend_newest WHERE article_id <> s.article_id)) u
             ORDER BY u.published_at DESC, u.article_id DESC LIMIT $4)) x`
               : `
           (SELECT article_id FROM published_articles
             WHERE section_id = s.section_id AND article_id <> s.article_id AND NOT retracted
             ORDER BY published_at DESC, article_id DESC LIMIT $4)
           UNION
           (SELECT article_id FROM published_articles
             WHERE article_id <> s.article_id AND NOT retracted
             ORDER BY published_at DESC, article_id DESC LIMIT $4)) x`
           }`,
      params,
    );
    const pendingById = new Map(pending.map((c) => [c.articleId, c]));
    const byId = await this.live(
      [...new Set(pairs.map((p) => p.candidate))].filter((id) => !pendingById.has(id)),
      m,
    );
    const asRow = new Map<string, TeaserCandidate>();
    for (const p of pairs) {
      let c = byId.get(p.candidate);
      if (!c && pendingById.has(p.candidate)) {
        c = asRow.get(p.candidate);
        if (!c) asRow.set(p.candidate, (c = pendingAsRow(pendingById.get(p.candidate)!)));
      }
      if (c) out.get(p.subject)!.push(c);
    }
    return out;
  }

  async liveStates(articleIds: readonly string[], m: EntityManager = this.db.manager): Promise<Map<string, { retracted: boolean }>> {
    if (!articleIds.length) return new Map();
    const rows = await queryRows<{ articleId: string; retracted: boolean }>(
      m,
      `SELECT article_id AS "articleId", retracted FROM published_articles WHERE article_id = ANY($1::uuid[])`,
      [articleIds],
    );
    return new Map(rows.map((r) => [r.articleId, { retracted: r.retracted }]));
  }
}
