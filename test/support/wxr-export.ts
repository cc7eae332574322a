import type { Credential, TestApp } from './app-harness.js';

/**
 * Writes what WordPress's Tools -> Export would write (WXR 1.2) for pieces of this CMS, read
 * back through the admin API: a `wp:author` per byline (login = the profile's slug, e-mail when
 * given), a `wp:category` per section, a `wp:tag` per tag, an attachment per top image (URL,
 * alt text, caption, `_media_credit`), and an item per piece with its status, dates and slug.
 * For round-trip tests of the importer: the test builds pieces through the services, exports
 * them with this, imports the file into a fresh schema and compares the pages.
 */
export interface WxrExportOptions {
  site: string;
  /** E-mail per contributor id (WXR carries one per author; the CMS keeps none on a profile). */
  emails?: Record<string, string>;
}

const cdata = (s: string) => `<![CDATA[${s.replace(/\]\]>/g, ']]]]><![CDATA[>')}]]>`;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const pad = (n: number) => String(n).padStart(2, '0');
/** `YYYY-MM-DD HH:MM:SS` in UTC, as `post_date_gmt` is written. */
const wpDate = (iso: string | null) => {
  if (!iso) return '0000-00-00 00:00:00';
  const d = new Date(iso);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};
/** WordPress's statuses for this CMS's. */
const WP_STATUS: Record<string, string> = { published: 'publish', scheduled: 'future', draft: 'draft', in_review: 'pending', approved: 'pending' };

interface Article {
  id: string;
  status: string;
  headline: string;
  dek: string;
  slug: string;
  sectionId: string | null;
  tagIds: string[];
  bylineIds: string[];
  bodyHtml: string;
  topImageId: string | null;
  firstPublishedAt: string | null;
  publishedAt: string | null;
  scheduledAt: string | null;
  createdAt: string;
  updatedAt: string;
}
interface Party {
  name: string;
}
interface Image {
  id: string;
  url: string;
  altText: string | null;
  caption: string | null;
  credit: { photographer: Party | null; agency: Party | null; provider: Party | null; form: string };
}

export async function exportWxr(t: TestApp, staff: Credential, articleIds: string[], opts: WxrExportOptions): Promise<string> {
  const get = async <T>(p: string): Promise<T> => {
    const r = await t.http().get(p).set(staff.auth);
    if (r.status !== 200) throw new Error(`GET ${p}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as T;
  };
  const articles: Article[] = [];
  for (const id of articleIds) articles.push(await get<Article>(`/v1/admin/articles/${id}`));
  const ids = (f: (a: Article) => (string | null)[]) => [...new Set(articles.flatMap(f).filter((x): x is string => !!x))];
  const authors = new Map<string, { slug: string; name: string }>();
  for (const id of ids((a) => a.bylineIds)) authors.set(id, await get(`/v1/admin/contributors/${id}`));
  const sections = new Map<string, { slug: string; name: string }>();
  for (const id of ids((a) => [a.sectionId])) sections.set(id, await get(`/v1/admin/sections/${id}`));
  const tags = new Map<string, { slug: string; name: string }>();
  for (const id of ids((a) => a.tagIds)) tags.set(id, await get(`/v1/admin/tags/${id}`));
  const images = new Map<string, Image>();
  for (const id of ids((a) => [a.topImageId])) images.set(id, await get(`/v1/admin/images/${id}`));

  // WordPress numbers every post (attachments too) in one sequence
  let next = 100;
  const postIds = new Map<string, number>();
  const number = (id: string) => postIds.get(id) ?? (postIds.set(id, next++), next - 1);

  const out: string[] = [];
  out.push(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Round trip</title>
	<link>${opts.site}</link>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>${opts.site}</wp:base_site_url>
	<wp:base_blog_url>${opts.site}</wp:base_blog_url>
`);
  let authorNo = 2;
  for (const [id, a] of authors) {
    out.push(
      `	<wp:author><wp:author_id>${authorNo++}</wp:author_id><wp:author_login>${cdata(a.slug)}</wp:author_login><wp:author_email>${cdata(opts.emails?.[id] ?? '')}</wp:author_email><wp:author_display_name>${cdata(a.name)}</wp:author_display_name><wp:author_first_name>${cdata('')}</wp:author_first_name><wp:author_last_name>${cdata('')}</wp:author_last_name></wp:author>\n`,
    );
  }
  let termNo = 10;
  for (const s of sections.values()) {
    out.push(
      `	<wp:category><wp:term_id>${termNo++}</wp:term_id><wp:category_nicename>${cdata(s.slug)}</wp:category_nicename><wp:category_parent>${cdata('')}</wp:category_parent><wp:cat_name>${cdata(esc(s.name))}</wp:cat_name></wp:category>\n`,
    );
  }
  for (const g of tags.values()) {
    out.push(`	<wp:tag><wp:term_id>${termNo++}</wp:term_id><wp:tag_slug>${cdata(g.slug)}</wp:tag_slug><wp:tag_name>${cdata(esc(g.name))}</wp:tag_name></wp:tag>\n`);
  }
  for (const img of images.values()) {
    const n = number(img.id);
    const c = img.credit;
    // RULE of the importer: "X via Y" is photographer X via provider Y; any other text one photographer
    const credit = c.photographer ? (c.form === 'via' && c.provider ? `${c.photographer.name} via ${c.provider.name}` : c.photographer.name) : '';
    out.push(`	<item>
		<title>${cdata(`image-${n}`)}</title>
		<link>${opts.site}/?attachment_id=${n}</link>
		<guid isPermaLink="false">${esc(img.url)}</guid>
		<content:encoded>${cdata('')}</content:encoded>
		<excerpt:encoded>${cdata(img.caption ?? '')}</excerpt:encoded>
		<wp:post_id>${n}</wp:post_id>
		<wp:status>${cdata('inherit')}</wp:status>
		<wp:post_type>${cdata('attachment')}</wp:post_type>
		<wp:attachment_url>${cdata(img.url)}</wp:attachment_url>
${img.altText ? `		<wp:postmeta><wp:meta_key>${cdata('_wp_attachment_image_alt')}</wp:meta_key><wp:meta_value>${cdata(img.altText)}</wp:meta_value></wp:postmeta>\n` : ''}${credit ? `		<wp:postmeta><wp:meta_key>${cdata('_media_credit')}</wp:meta_key><wp:meta_value>${cdata(credit)}</wp:meta_value></wp:postmeta>\n` : ''}	</item>
`);
  }
  for (const a of articles) {
    const n = number(a.id);
    const status = WP_STATUS[a.status];
    if (!status) throw new Error(`no WordPress status for ${a.status}`);
    // post_date: when it went (or goes) out; post_modified: its last publication
    const date = a.status === 'scheduled' ? a.scheduledAt : (a.firstPublishedAt ?? a.createdAt);
    const modified = a.status === 'published' ? a.publishedAt : a.updatedAt;
    const terms = [
      ...(a.sectionId ? [sections.get(a.sectionId)!].map((s) => `		<category domain="category" nicename="${esc(s.slug)}">${cdata(esc(s.name))}</category>\n`) : []),
      ...a.tagIds.map((id) => tags.get(id)!).map((g) => `		<category domain="post_tag" nicename="${esc(g.slug)}">${cdata(esc(g.name))}</category>\n`),
    ].join('');
    const d = new Date(date!);
    out.push(`	<item>
		<title>${cdata(esc(a.headline))}</title>
		<link>${opts.site}/${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${a.slug}/</link>
		<dc:creator>${cdata(a.bylineIds[0] ? authors.get(a.bylineIds[0])!.slug : '')}</dc:creator>
		<guid isPermaLink="false">${opts.site}/?p=${n}</guid>
		<description></description>
		<content:encoded>${cdata(a.bodyHtml)}</content:encoded>
		<excerpt:encoded>${cdata(a.dek)}</excerpt:encoded>
		<wp:post_id>${n}</wp:post_id>
		<wp:post_date_gmt>${cdata(wpDate(date))}</wp:post_date_gmt>
		<wp:post_modified_gmt>${cdata(wpDate(modified))}</wp:post_modified_gmt>
		<wp:post_name>${cdata(a.slug)}</wp:post_name>
		<wp:status>${cdata(status)}</wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:post_type>${cdata('post')}</wp:post_type>
${terms}${a.topImageId ? `		<wp:postmeta><wp:meta_key>${cdata('_thumbnail_id')}</wp:meta_key><wp:meta_value>${cdata(String(number(a.topImageId)))}</wp:meta_value></wp:postmeta>\n` : ''}	</item>
`);
  }
  out.push('</channel>\n</rss>\n');
  return out.join('');
}
