import Fastify from 'fastify';
import pg from 'pg';

/**
 * Ceiling 2: bare Fastify + pg. GET /articles/:slug selects that row's `page` from the
 * benchmark schema's published_articles (the same read model and index the content API uses)
 * and returns it as JSON (the article member only: about half the api's response). GET
 * /raw/:slug returns the row's stored response text (`page_body`, what the api reads) as it is.
 * One query, no auth, no cache, same pool size as the app.
 */
const schema = process.env.DATABASE_SCHEMA!;
if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('DATABASE_SCHEMA must be a plain identifier');
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
const sql = `SELECT page FROM "${schema}".published_articles WHERE slug = $1`;
// the same row's stored response text (what the api reads), sent as it is: the same bytes' worth
const rawSql = `SELECT page_body FROM "${schema}".published_articles WHERE slug = $1`;
const app = Fastify({ logger: false });
app.get('/health', async () => ({ ok: true }));
app.get<{ Params: { slug: string } }>('/articles/:slug', async (req, reply) => {
  const { rows } = await pool.query<{ page: unknown }>(sql, [req.params.slug]);
  if (!rows[0]) return reply.status(404).send({ error: 'not found' });
  return rows[0].page;
});
app.get<{ Params: { slug: string } }>('/raw/:slug', async (req, reply) => {
  const { rows } = await pool.query<{ page_body: string }>(rawSql, [req.params.slug]);
  if (!rows[0]) return reply.status(404).send({ error: 'not found' });
  return reply.header('content-type', 'application/json; charset=utf-8').send(`${rows[0].page_body}}`);
});
// Ceiling of a list (issue 22 item 10): the naive Fastify + pg `/latest` a developer would write,
// the same 20 cards as the api's (the same columns and keyset query, each card's jsonb parsed by
// pg and serialized again by Fastify); `cursor` is the api's own (`base64url(at|id)`).
const listSql = `SELECT p.article_id AS "articleId", p.slug, p.headline, p.dek, p.card, p.excerpt, p.published_at AS "publishedAt", p.updated_at AS "updatedAt"
  FROM "${schema}".published_articles p WHERE (p.published_at, p.article_id) < ($1::timestamptz, $2::uuid) ORDER BY p.published_at DESC, p.article_id DESC LIMIT 21`;
interface ListRow {
  articleId: string;
  slug: string;
  headline: string;
  dek: string;
  card: Record<string, unknown>;
  excerpt: string;
  publishedAt: Date;
  updatedAt: Date;
}
app.get<{ Querystring: { cursor?: string } }>('/latest', async (req) => {
  const [at, id] = Buffer.from(req.query.cursor ?? '', 'base64url')
    .toString('utf8')
    .split('|');
  const { rows } = await pool.query<ListRow>(listSql, [at || '2999-01-01T00:00:00.000Z', id || 'ffffffff-ffff-ffff-ffff-ffffffffffff']);
  const items = rows.slice(0, 20).map((r) => ({
    articleId: r.articleId,
    slug: r.slug,
    headline: r.headline,
    dek: r.dek,
    ...r.card,
    excerpt: r.excerpt,
    publishedAt: r.publishedAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
  const last = rows[19];
  return { items, nextCursor: rows.length > 20 && last ? Buffer.from(`${last.publishedAt.toISOString()}|${last.articleId}`).toString('base64url') : null };
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0)),
);
