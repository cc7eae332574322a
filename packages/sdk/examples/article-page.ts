// An article page of the magazine, assembled from the SDK alone (the e2e suite renders it and
// checks every piece of the page: test/e2e/sdk.e2e-spec.ts). Plain strings, no framework:
// the same calls fit a React server component or an Astro page.
import { ContentClient, escapeHtml as h, pictureHtml, type ArticlePage, type CardOf, type SiteSettings } from '../src/index.js';

const date = (iso: string) => new Date(iso).toISOString().slice(0, 10);

function byline(page: ArticlePage): string {
  const a = page.article;
  const names = a.bylines.map((b) => `<a rel="author" href="/contributors/${h(b.slug)}">${h(b.name)}</a>${b.title ? ` <span class="byline-title">${h(b.title)}</span>` : ''}`);
  const updated = a.updatedAt !== a.publishedAt ? ` <span class="updated">Updated <time datetime="${h(a.updatedAt)}">${date(a.updatedAt)}</time></span>` : '';
  return `<p class="byline">By ${names.join(', ')} <time class="published" datetime="${h(a.publishedAt)}">${date(a.publishedAt)}</time>${updated}</p>`;
}

/** Share cards and JSON-LD, straight from the payload (`<` escaped so the script cannot be closed early). */
function meta(page: ArticlePage): string {
  const { openGraph: og, twitter: tw, jsonLd } = page.article;
  const tags = [
    ['og:type', og.type],
    ['og:title', og.title],
    ['og:description', og.description],
    ['og:url', og.url],
    ['og:site_name', og.siteName],
    ['og:image', og.image?.url],
    ['og:image:width', og.image?.width],
    ['og:image:height', og.image?.height],
    ['og:image:alt', og.image?.alt],
    ['article:published_time', og.publishedTime],
    ['article:modified_time', og.modifiedTime],
    ['article:section', og.section],
  ];
  const props = tags.filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => `<meta property="${h(String(k))}" content="${h(String(v))}">`);
  const names = [
    ['twitter:card', tw.card],
    ['twitter:title', tw.title],
    ['twitter:description', tw.description],
    ['twitter:image', tw.image],
    ['twitter:image:alt', tw.imageAlt],
  ]
    .filter(([, v]) => v)
    .map(([k, v]) => `<meta name="${h(String(k))}" content="${h(String(v))}">`);
  return [
    ...props,
    ...og.tags.map((t) => `<meta property="article:tag" content="${h(t)}">`),
    ...names,
    `<link rel="canonical" href="${h(og.url)}">`,
    `<script type="application/ld+json">${JSON.stringify(jsonLd).replace(/</g, '\\u003c')}</script>`,
  ].join('\n');
}

function bylineBoxes(page: ArticlePage): string {
  return page.article.bylines
    .map(
      (b) =>
        `<aside class="byline-box"><h2>${h(b.name)}</h2>${b.title ? `<p class="byline-title">${h(b.title)}</p>` : ''}${b.bio ? `<p class="bio">${h(b.bio)}</p>` : ''}${b.disclosure ? `<p class="disclosure">${h(b.disclosure)}</p>` : ''}<ul>${b.socialLinks.map((l) => `<li><a rel="me" href="${h(l.url)}">${h(l.network)}</a></li>`).join('')}</ul></aside>`,
    )
    .join('');
}

function related(page: ArticlePage): string {
  const cards = page.relatedStories.map(
    (t) => `<article class="related-card">
  ${t.topImage ? `<figure>${pictureHtml(t.topImage, { sizes: '(min-width: 60em) 20em, 100vw' })}${t.topImage.creditLine ? `<figcaption class="credit">${h(t.topImage.creditLine)}</figcaption>` : ''}</figure>` : ''}
  <p class="section">${h(t.section.name)}</p>
  <h3><a href="/${h(t.slug)}">${h(t.headline)}</a></h3>
  <details class="excerpt"><summary>keep reading</summary>${t.excerpt
    .split('\n\n')
    .map((p) => `<p>${h(p)}</p>`)
    .join('')}<p class="show-less">show less</p></details>
</article>`,
  );
  return `<section class="related-stories"><h2>Related stories</h2>${cards.join('\n')}</section>`;
}

function latestRail(items: CardOf<'slug' | 'headline' | 'kicker'>[]): string {
  return `<aside class="latest"><h2>LATEST</h2><ol>${items.map((c) => `<li><span class="kicker">${h(c.kicker)}</span> <a href="/${h(c.slug)}">${h(c.headline)}</a></li>`).join('')}</ol></aside>`;
}

function newsletterBox(page: ArticlePage, site: SiteSettings): string {
  const box = page.newsletterBox;
  if (!box) return '';
  // the copy and the lists offered come from the site settings (per section); the consent text from the page
  const copy = ContentClient.boxFor(site, page.article.section.slug);
  const lists = copy.lists.length ? copy.lists : box.lists;
  return `<form class="newsletter-box" method="post" action="${h(box.subscribePath)}">
  <h2>${h(copy.heading)}</h2>
  <p>${h(copy.body)}</p>
  ${lists.map((l) => `<label><input type="checkbox" name="lists" value="${h(l.id)}" checked> ${h(l.name)}: ${h(l.description)}</label>`).join('')}
  <input type="email" name="email" required placeholder="Email address">
  ${box.consentText ? `<p class="consent">${h(box.consentText)}</p><input type="hidden" name="consentTextId" value="${h(box.consentTextId ?? '')}">` : ''}
  <button type="submit">${h(copy.buttonLabel)}</button>
</form>`;
}

function siteHeader(site: SiteSettings): string {
  const menu = site.menus.primary.map(
    (i) =>
      `<li><a href="${h(i.url)}">${h(i.label)}</a>${i.children.length ? `<ul>${i.children.map((c) => `<li><a href="${h(c.url)}">${h(c.label)}</a></li>`).join('')}</ul>` : ''}</li>`,
  );
  return `<header class="site-header">${site.logo ? `<a href="/" class="logo">${pictureHtml(site.logo, { sizes: '12em', loading: 'eager' })}</a>` : `<a href="/" class="logo">${h(site.title)}</a>`}<nav class="menu-primary"><ul>${menu.join('')}</ul></nav></header>`;
}

function socialCalls(site: SiteSettings): string {
  const follow = site.socialAccounts.map((a) => `<li><a rel="me" class="follow follow-${h(a.network)}" href="${h(a.url)}">${h(a.label ?? a.network)}</a></li>`);
  const preferred = site.preferredSource ? `<a class="preferred-source" href="${h(site.preferredSource.url)}">${h(site.preferredSource.label)}</a>` : '';
  return `<section class="social-calls"><h2>Follow us on social</h2><ul>${follow.join('')}</ul>${preferred}</section>`;
}

function siteFooter(site: SiteSettings): string {
  return `<footer class="site-footer"><nav class="menu-footer"><ul>${site.menus.footer.map((i) => `<li><a href="${h(i.url)}">${h(i.label)}</a></li>`).join('')}</ul></nav><p>${h(site.title)}: ${h(site.description)}</p></footer>`;
}

/** The page as HTML (null: nothing live at this slug). */
export async function renderArticlePage(cms: ContentClient, slug: string, opts: { reader?: string } = {}): Promise<string | null> {
  const page = await cms.articleOrNull(slug, opts);
  if (!page) return null;
  const a = page.article;
  // the LATEST rail leaves out the piece it sits on, and asks only for what it shows
  const [latest, site] = await Promise.all([cms.latest({ limit: 5, exclude: [a.articleId], fields: ['slug', 'headline', 'kicker'] }), cms.settings()]);
  const appeal = page.donationBanners.after_body;
  const img = a.topImage;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${h(a.seo.title)} | ${h(site.title)}</title><meta name="description" content="${h(a.seo.description)}">
${meta(page)}</head>
<body>
${siteHeader(site)}
<article class="story">
  <ul class="tag-strip">${a.tags.map((t) => `<li><a href="/tags/${h(t.slug)}">${h(t.name)}</a></li>`).join('')}</ul>
  <p class="kicker">${h(a.kicker)}</p>
  <h1>${h(a.headline)}</h1>
  <p class="dek">${h(a.dek)}</p>
  ${byline(page)}
  ${img ? `<figure class="top-image">${pictureHtml(img, { sizes: '100vw', loading: 'eager' })}<figcaption><span class="caption">${h(img.caption ?? '')}</span> <span class="credit">${h(img.creditLine ?? '')}</span></figcaption></figure>` : ''}
  <div class="body">${a.bodyHtml}</div>
  ${a.corrections.map((c) => `<p class="correction"><strong>${h(c.kind)}:</strong> ${h(c.text)}</p>`).join('')}
  ${appeal ? `<section class="donation-appeal" data-campaign="${h(appeal.campaignId)}" data-variant="${h(appeal.variantId)}"><h2>${h(appeal.headline)}</h2>${appeal.bodyHtml}<a class="cta" href="${h(appeal.ctaUrl)}">${h(appeal.ctaLabel)}</a></section>` : ''}
  <p class="section-label">${h(a.kicker)}</p>
  ${bylineBoxes(page)}
</article>
${related(page)}
${latestRail(latest.items)}
${newsletterBox(page, site)}
${socialCalls(site)}
${siteFooter(site)}
</body></html>`;
}
