import { htmlEscape } from '#libs/kernel';
import type { ArticleCard } from '#libs/publication';

/** XML text and attribute escaping (also strips characters XML 1.0 forbids). */
export const xmlEscape = (s: string): string =>
  s
    // eslint-disable-next-line no-control-regex -- removing the control characters XML 1.0 forbids is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/** Plain text in an element RSS defines as HTML (the description): escaped for HTML, then for XML. */
const feedText = (s: string): string => xmlEscape(htmlEscape(s));

const articleUrl = (base: string, slug: string) => `${base}/${slug}`;

/** RSS 2.0 channel of live pieces. */
export function rss(base: string, title: string, items: ArticleCard[]): string {
  const now = new Date().toUTCString();
  const entries = items
    .map((a) =>
      [
        '<item>',
        `<title>${xmlEscape(a.headline)}</title>`,
        `<link>${xmlEscape(articleUrl(base, a.slug))}</link>`,
        `<guid isPermaLink="false">${xmlEscape(a.articleId)}</guid>`,
        `<pubDate>${new Date(a.publishedAt).toUTCString()}</pubDate>`,
        `<category>${xmlEscape(a.section.name)}</category>`,
        ...a.bylines.map((b) => `<dc:creator>${xmlEscape(b.name)}</dc:creator>`),
        `<description>${feedText(a.dek || a.excerpt)}</description>`,
        '</item>',
      ].join(''),
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel><title>${xmlEscape(title)}</title><link>${xmlEscape(base)}</link><description>${xmlEscape(title)}</description><language>en</language><lastBuildDate>${now}</lastBuildDate>
${entries}
</channel></rss>
`;
}

export function sitemap(base: string, items: ArticleCard[]): string {
  const urls = items.map((a) => `<url><loc>${xmlEscape(articleUrl(base, a.slug))}</loc><lastmod>${a.updatedAt}</lastmod></url>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls}
</urlset>
`;
}

/** Google News sitemap: pieces from the last 48 hours. */
export function newsSitemap(base: string, publication: string, items: ArticleCard[]): string {
  const urls = items
    .map(
      (a) =>
        `<url><loc>${xmlEscape(articleUrl(base, a.slug))}</loc><news:news><news:publication><news:name>${xmlEscape(publication)}</news:name><news:language>en</news:language></news:publication><news:publication_date>${a.publishedAt}</news:publication_date><news:title>${xmlEscape(a.headline)}</news:title></news:news></url>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
${urls}
</urlset>
`;
}
