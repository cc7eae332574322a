import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '#libs/database';
import { TeaserCandidateSource, type FillQuery, type TeaserCandidate } from '#libs/related-stories';

// What a teaser needs from the read model. The body is cut short: the excerpt needs only
// the first two paragraphs (~400 characters), never the whole text.
const CANDIDATE_COLUMNS = `p.article_id AS "articleId", p.slug, p.headline, left(p.body_text, 2000) AS "bodyText",
  p.section_id AS "sectionId", p.tag_ids AS "tagIds", p.published_at AS "publishedAt",
  p.page->'section' AS section, p.page->'topImage' AS "topImage", p.retracted`;

const toCandidate = (r: TeaserCandidate): TeaserCandidate => ({ ...r, tagIds: r.tagIds ?? [] });

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
   */
  async fillMany(
    subjects: readonly { articleId: string; tagIds: string[]; sectionId: string | null }[],
    q: { limit: number; tagWindow: number },
    m: EntityManager = this.db.manager,
  ): Promise<Map<string, TeaserCandidate[]>> {
    const out = new Map<string, TeaserCandidate[]>(subjects.map((s) => [s.articleId, []]));
    if (q.limit <= 0 || !subjects.length) return out;
    const pairs = await queryRows<{ subject: string; candidate: string }>(
      m,
      `SELECT s.article_id AS subject, x.article_id AS candidate
         FROM unnest($1::uuid[], $2::text[], $3::uuid[]) AS s0(article_id, tag_ids, section_id)
         CROSS JOIN LATERAL (SELECT s0.article_id, s0.tag_ids::uuid[] AS tag_ids, s0.section_id) s
         CROSS JOIN LATERAL (
           (SELECT rt.article_id FROM (
              SELECT pt.article_id, max(pt.published_at) AS published_at, count(*) AS shared,
                     bool_or(pt.section_id = s.section_id) IS TRUE AS same_section
                FROM (SELECT DISTINCT unnest(s.tag_ids) AS tag_id) st
                CROSS JOIN LATERAL (
                  SELECT article_id, published_at, section_id FROM published_tags
                   WHERE tag_id = st.tag_id AND article_id <> s.article_id
                   ORDER BY published_at DESC, article_id DESC
                   LIMIT ${Math.trunc(q.tagWindow)}) pt
               GROUP BY pt.article_id
               ORDER BY max(pt.published_at) DESC, pt.article_id DESC
               LIMIT ${Math.trunc(q.tagWindow)}) rt
             ORDER BY rt.shared DESC, rt.same_section DESC, rt.published_at DESC, rt.article_id DESC
             LIMIT $4)
           UNION
           (SELECT article_id FROM published_articles
             WHERE section_id = s.section_id AND article_id <> s.article_id AND NOT retracted
             ORDER BY published_at DESC, article_id DESC LIMIT $4)
           UNION
           (SELECT article_id FROM published_articles
             WHERE article_id <> s.article_id AND NOT retracted
             ORDER BY published_at DESC, article_id DESC LIMIT $4)) x`,
      [subjects.map((s) => s.articleId), subjects.map((s) => `{${s.tagIds.join(',')}}`), subjects.map((s) => s.sectionId), q.limit],
    );
    const byId = await this.live([...new Set(pairs.map((p) => p.candidate))], m);
    for (const p of pairs) {
      const c = byId.get(p.candidate);
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
