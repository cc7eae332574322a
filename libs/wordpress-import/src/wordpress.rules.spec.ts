import { describe, expect, it } from 'vitest';
import { sanitizeBody } from '#libs/articles';
import {
  contributorFromAuthor,
  convertBody,
  creditPartsOf,
  dekOf,
  embedFor,
  imageFromAttachment,
  invitationOf,
  itemKind,
  itemTaxonomy,
  legacyPathsOf,
  normalizeLegacyPath,
  parseWpDate,
  safeRelative,
  sectionFromCategory,
  slugOf,
  splitCaptionCredit,
  statusPlan,
  thumbnailIdOf,
  topLevelCategory,
  type BodyContext,
} from './wordpress.rules.js';
import { wpautop } from './wpautop.js';
import type { WxrItem } from './wxr.types.js';

const noImages: BodyContext = { image: () => null };
const now = new Date('2026-12-01T00:00:00Z');

describe('authors -> contributors', () => {
  it('uses the display name, else first + last, else the login; slug from the login', () => {
    expect(contributorFromAuthor({ kind: 'author', id: '2', login: 'jdoe', email: 'x', displayName: 'Jane Doe', firstName: '', lastName: '' })).toEqual({
      key: 'jdoe',
      name: 'Jane Doe',
      slug: 'jdoe',
      bio: null,
    });
    expect(contributorFromAuthor({ kind: 'author', id: '2', login: 'J.Doe_2', email: '', displayName: '', firstName: 'Jane', lastName: 'Doe' })).toMatchObject({
      name: 'Jane Doe',
      slug: 'j-doe-2',
    });
    expect(contributorFromAuthor({ kind: 'author', id: '2', login: 'ed', email: '', displayName: '<b>Ed</b> &amp; co', firstName: '', lastName: '' }).name).toBe('Ed & co');
  });
});

describe('categories -> sections and tags', () => {
  const parents = new Map([
    ['world', ''],
    ['europe', 'world'],
    ['ukraine', 'europe'],
    ['orphan', 'missing'],
  ]);
  it('walks up to the top-level category', () => {
    expect(topLevelCategory('ukraine', parents)).toBe('world');
    expect(topLevelCategory('world', parents)).toBe('world');
    expect(topLevelCategory('orphan', parents)).toBe('orphan');
    expect(
      topLevelCategory(
        'loop',
        new Map([
          ['loop', 'loop2'],
          ['loop2', 'loop'],
        ]),
      ),
    ).toMatch(/loop/);
  });
  it('takes the first category for the section, lower categories and post tags as tags, reports other taxonomies', () => {
    const t = itemTaxonomy(
      {
        terms: [
          { domain: 'category', nicename: 'ukraine', name: 'Ukraine' },
          { domain: 'category', nicename: 'world', name: 'World' },
          { domain: 'post_tag', nicename: 'nato', name: 'NATO' },
          { domain: 'post_format', nicename: 'post-format-video', name: 'Video' },
        ],
      },
      parents,
    );
    expect(t.section).toBe('world');
    expect(t.tags).toEqual([
      { key: 'nato', name: 'NATO', fromCategory: false },
      { key: 'category:ukraine', name: 'Ukraine', fromCategory: true },
    ]);
    expect(t.skipped).toEqual([{ taxonomy: 'post_format', slug: 'post-format-video' }]);
  });
  it('reads WXR 1.0 domain-less categories only when no domained one exists', () => {
    expect(itemTaxonomy({ terms: [{ domain: '', nicename: '', name: 'News' }] }, new Map()).section).toBe('news');
    expect(
      itemTaxonomy(
        {
          terms: [
            { domain: '', nicename: '', name: 'News' },
            { domain: 'category', nicename: 'news', name: 'News' },
          ],
        },
        new Map(),
      ).tags,
    ).toEqual([]);
    expect(itemTaxonomy({ terms: [] }, new Map()).section).toBeNull();
  });
  it('decodes names and keeps slugs', () => {
    expect(sectionFromCategory({ nicename: 'europe', name: 'Europe &amp; Eurasia' })).toEqual({ key: 'europe', name: 'Europe & Eurasia', slug: 'europe' });
    expect(sectionFromCategory({ nicename: '%d0%ba%d0%b8%d1%97%d0%b2', name: 'Київ' }).slug).toMatch(/^[a-z0-9-]+$/);
  });
});

describe('post types and statuses', () => {
  it('maps post types', () => {
    expect(itemKind({ postType: 'post' }).kind).toBe('article');
    expect(itemKind({ postType: 'attachment' }).kind).toBe('image');
    expect(itemKind({ postType: 'page' })).toMatchObject({ kind: 'skip', code: 'PAGE_NOT_IMPORTED' });
    expect(itemKind({ postType: 'nav_menu_item' }).code).toBe('MENU_ITEM_SKIPPED');
    expect(itemKind({ postType: 'revision' }).code).toBe('REVISION_SKIPPED');
    expect(itemKind({ postType: 'product' }).code).toBe('POST_TYPE_SKIPPED');
  });
  const dates = { postDateGmt: '2023-11-05 10:00:00', postDate: '2023-11-05 12:00:00', postModifiedGmt: '2023-11-06 07:30:00', postModified: '' };
  it('publish -> published with the GMT dates', () => {
    expect(statusPlan({ ...dates, status: 'publish' }, now)).toEqual({
      status: 'published',
      firstPublishedAt: new Date('2023-11-05T10:00:00Z'),
      updatedAt: new Date('2023-11-06T07:30:00Z'),
    });
    // a modification time before publication is not an update
    expect(statusPlan({ ...dates, postModifiedGmt: '2020-01-01 00:00:00', status: 'publish' }, now).updatedAt).toEqual(new Date('2023-11-05T10:00:00Z'));
    expect(statusPlan({ ...dates, postDateGmt: '0000-00-00 00:00:00', status: 'publish' }, now).firstPublishedAt).toEqual(new Date('2023-11-05T12:00:00Z'));
  });
  it('future -> scheduled, or published when the time has passed', () => {
    expect(statusPlan({ ...dates, postDateGmt: '2027-01-01 08:00:00', status: 'future' }, now)).toMatchObject({
      status: 'scheduled',
      firstPublishedAt: new Date('2027-01-01T08:00:00Z'),
    });
    expect(statusPlan({ ...dates, status: 'future' }, now)).toMatchObject({ status: 'published', flag: { code: 'SCHEDULE_PASSED' } });
  });
  it('draft, pending, private, trash', () => {
    expect(statusPlan({ ...dates, status: 'draft' }, now).status).toBe('draft');
    expect(statusPlan({ ...dates, status: 'pending' }, now).status).toBe('in_review');
    expect(statusPlan({ ...dates, status: 'private' }, now)).toMatchObject({ status: 'draft', flag: { code: 'PRIVATE_AS_DRAFT' } });
    expect(statusPlan({ ...dates, status: 'trash' }, now)).toMatchObject({ status: null, flag: { code: 'TRASHED_SKIPPED' } });
    expect(statusPlan({ ...dates, status: 'auto-draft' }, now).status).toBeNull();
  });
  it('parses WordPress dates', () => {
    expect(parseWpDate('0000-00-00 00:00:00')).toBeNull();
    expect(parseWpDate('garbage')).toBeNull();
    expect(parseWpDate('2024-02-29 23:59:59')).toEqual(new Date('2024-02-29T23:59:59Z'));
  });
});

describe('slugs and old permalinks', () => {
  it('keeps the WordPress slug, else one from the title', () => {
    expect(slugOf({ postName: 'kyiv-winter', title: 'x', postId: '1' })).toBe('kyiv-winter');
    expect(slugOf({ postName: '', title: 'Kyiv &amp; the Winter', postId: '1' })).toBe('kyiv-the-winter');
    expect(slugOf({ postName: 'caf%c3%a9-society', title: '', postId: '1' })).toBe('cafe-society');
    expect(slugOf({ postName: '', title: '', postId: '7' })).toBe('post-7');
  });
  it('normalizes paths', () => {
    expect(normalizeLegacyPath('https://old.example.org/2023/11/05/Kyiv-Winter/?utm=1#x')).toBe('/2023/11/05/kyiv-winter');
    expect(normalizeLegacyPath('https://old.example.org/?p=12')).toBe('/?p=12');
    expect(normalizeLegacyPath('/blog//a/')).toBe('/blog/a');
    expect(normalizeLegacyPath('/')).toBe('/');
  });
  it('records the link, /?p=<id> and the date-based paths', () => {
    const item = {
      link: 'https://old.example.org/2023/11/05/kyiv-winter/',
      guid: 'https://old.example.org/?p=12',
      postId: '12',
      postDate: '2023-11-05 12:00:00',
      postDateGmt: '2023-11-05 10:00:00',
      postName: 'kyiv-winter',
    };
    expect(legacyPathsOf(item, { baseSiteUrl: 'https://old.example.org', baseBlogUrl: '', link: '' })).toEqual(['/2023/11/05/kyiv-winter', '/2023/11/kyiv-winter', '/?p=12']);
    expect(legacyPathsOf({ ...item, link: 'https://elsewhere.example/x/' }, { baseSiteUrl: 'https://old.example.org', baseBlogUrl: '', link: '' })).not.toContain('/x');
  });
});

describe('body', () => {
  it('applies wpautop to classic bodies', () => {
    expect(wpautop('One\n\nTwo\nlines')).toBe('<p>One</p>\n<p>Two<br />\nlines</p>');
    expect(wpautop('<h2>Head</h2>\nText')).toBe('<h2>Head</h2>\n<p>Text</p>');
    expect(wpautop('<blockquote>Quote</blockquote>')).toBe('<blockquote><p>Quote</p></blockquote>');
    expect(wpautop('<pre>a\n\nb</pre>')).toBe('<pre>a\n\nb</pre>');
    expect(wpautop('<ul>\n<li>a</li>\n<li>b</li>\n</ul>')).toBe('<ul>\n<li>a</li>\n<li>b</li>\n</ul>');
  });
  it('removes block comments and leaves block markup unwrapped', () => {
    const r = convertBody('<!-- wp:paragraph -->\n<p>Block text</p>\n<!-- /wp:paragraph -->\n<!-- wp:separator /-->', noImages);
    expect(r.html).toBe('<p>Block text</p>');
  });
  it('drops the whitespace wpautop and block comments leave between block tags, not inside text or pre', () => {
    expect(convertBody('One\n\n<h2>Head</h2>\n<blockquote><p>Quote</p></blockquote>\nTwo\nlines', noImages).html).toBe(
      '<p>One</p><h2>Head</h2><blockquote><p>Quote</p></blockquote><p>Two<br />\nlines</p>',
    );
    expect(convertBody('<!-- wp:paragraph -->\n<p>A</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:preformatted -->\n<pre>x\n\ny</pre>\n<!-- /wp:preformatted -->', noImages).html).toBe(
      '<p>A</p><pre>x\n\ny</pre>',
    );
  });
  it('turns [caption] into a figure with the credit of the attachment', () => {
    const ctx: BodyContext = { image: (ref) => (ref.attachmentId === '30' ? { src: 'https://cdn.example/new.jpg', credit: 'Olena Koval / Reuters', alt: 'tram' } : null) };
    const r = convertBody(
      'Intro\n\n[caption id="attachment_30" align="alignnone" width="300"]<a href="x"><img src="http://old/x.jpg" alt="A tram" /></a> Trams in the dark[/caption]\n\nAfter',
      ctx,
    );
    expect(r.html).toContain('<figure><img src="https://cdn.example/new.jpg" alt="A tram"><figcaption>Trams in the dark <cite>Olena Koval / Reuters</cite></figcaption></figure>');
    expect(sanitizeBody(r.html)).toContain('<figcaption>Trams in the dark <cite>Olena Koval / Reuters</cite></figcaption>');
    expect(r.problems).toEqual([]);
  });
  it('takes a "Photo:" credit from the caption text and reports a body image without any', () => {
    const a = convertBody('[caption]<img src="https://x.example/a.jpg"> Crowds. Photo: AP[/caption]', noImages);
    expect(a.html).toContain('<figcaption>Crowds <cite>AP</cite></figcaption>');
    const b = convertBody('[caption caption="Crowds"]<img src="https://x.example/a.jpg">[/caption]', noImages);
    expect(b.problems.map((p) => p.code)).toEqual(['BODY_IMAGE_CREDIT_MISSING']);
  });
  it('embeds allowlisted URLs on their own line, links the others', () => {
    const r = convertBody('Watch:\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nhttps://twitter.com/x/status/1\n\n[embed]https://vimeo.com/12345[/embed]', noImages);
    expect(r.html).toContain('<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"');
    expect(r.html).toContain('<iframe src="https://player.vimeo.com/video/12345"');
    expect(r.html).toContain('<a href="https://twitter.com/x/status/1">');
    expect(r.problems.map((p) => p.code)).toEqual(['EMBED_NOT_ALLOWED']);
    expect(sanitizeBody(r.html)).toContain('<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"');
    // a URL inside a sentence is not an embed
    expect(convertBody('See https://youtu.be/dQw4w9WgXcQ now', noImages).html).not.toContain('iframe');
    expect(embedFor('https://datawrapper.dwcdn.net/AbC12/3/').allowed).toBe(true);
  });
  it('removes other shortcodes and reports them, keeps bracketed text', () => {
    const r = convertBody('[gallery ids="1,2"]\n\nText [sic] and [1].\n\n[pullquote]Said[/pullquote]\n\n[caption id="x"]<img src="https://a/b.jpg">', noImages);
    expect(r.html).toContain('Text [sic] and [1].');
    expect(r.html).toContain('Said');
    expect(r.html).not.toContain('[gallery');
    expect(r.problems.map((p) => p.code).sort()).toEqual(['SHORTCODE_BROKEN', 'SHORTCODE_REMOVED', 'SHORTCODE_REMOVED']);
  });
});

describe('attachments -> images', () => {
  const base: Pick<WxrItem, 'postId' | 'attachmentUrl' | 'guid' | 'excerpt' | 'content' | 'meta'> = {
    postId: '30',
    attachmentUrl: 'https://old.example.org/wp-content/uploads/2023/11/a.jpg',
    guid: '',
    excerpt: 'Trams',
    content: 'Long description',
    meta: {},
  };
  it('reads the uploads path, alt, caption, description', () => {
    expect(imageFromAttachment({ ...base, meta: { _wp_attached_file: '2023/11/a.jpg', _wp_attachment_image_alt: 'A tram' } })).toEqual({
      key: '30',
      url: base.attachmentUrl,
      uploadsPath: '2023/11/a.jpg',
      alt: 'A tram',
      caption: 'Trams',
      description: 'Long description',
      credit: null,
    });
    expect(imageFromAttachment(base).uploadsPath).toBe('2023/11/a.jpg');
  });
  it('takes the credit from the credit meta keys, then the image metadata, then the caption', () => {
    expect(imageFromAttachment({ ...base, meta: { _media_credit: 'Jane / AP' } }).credit).toBe('Jane / AP');
    expect(imageFromAttachment({ ...base, meta: { _wp_attachment_metadata: 'a:1:{s:10:"image_meta";a:2:{s:6:"credit";s:7:"Reuters";s:5:"title";s:0:"";}}' } }).credit).toBe(
      'Reuters',
    );
    expect(imageFromAttachment({ ...base, excerpt: 'Trams at night (Photo: Jane Roe)' })).toMatchObject({ caption: 'Trams at night', credit: 'Jane Roe' });
  });
  it('never lets a path climb out of the media dir', () => {
    expect(safeRelative('../../etc/passwd')).toBeNull();
    expect(safeRelative('2023/%2e%2e/x')).toBeNull();
    expect(safeRelative('/2023/11/a.jpg')).toBe('2023/11/a.jpg');
  });
  it('splits credits', () => {
    expect(splitCaptionCredit('A street. Credit: Jane Roe')).toEqual({ caption: 'A street', credit: 'Jane Roe' });
    expect(splitCaptionCredit('Photographs by the river')).toEqual({ caption: 'Photographs by the river', credit: null });
    expect(creditPartsOf('Jane Roe via Getty Images')).toEqual({ photographer: 'Jane Roe', provider: 'Getty Images', form: 'via' });
    expect(creditPartsOf('Olena Koval / Reuters')).toEqual({ photographer: 'Olena Koval / Reuters', provider: null, form: 'standard' });
  });
  it('excerpt -> dek, _thumbnail_id -> top image', () => {
    expect(dekOf({ excerpt: '<p>A short &amp; sharp dek</p>' })).toBe('A short & sharp dek');
    expect(thumbnailIdOf({ meta: { _thumbnail_id: '30' } })).toBe('30');
    expect(thumbnailIdOf({ meta: { _thumbnail_id: '-1' } })).toBeNull();
  });
});

describe('keys', () => {
  it('keys a site by its base URL', async () => {
    const { siteKeyOf, uploadsKeyOf } = await import('./wordpress.rules.js');
    expect(siteKeyOf({ baseSiteUrl: 'https://www.Old.example.org/', baseBlogUrl: '', link: '' })).toBe('old.example.org');
    expect(siteKeyOf({ baseSiteUrl: '', baseBlogUrl: '', link: 'http://old.example.org/blog' })).toBe('old.example.org/blog');
    expect(uploadsKeyOf('https://old.example.org/wp-content/uploads/2023/11/Kyiv-300x200.jpg')).toBe('2023/11/kyiv.jpg');
    expect(uploadsKeyOf('2023/11/kyiv.jpg')).toBe('2023/11/kyiv.jpg');
    expect(uploadsKeyOf('https://elsewhere.example/a.jpg')).toBeNull();
  });
});

describe('invitationOf (--invite)', () => {
  it('invites at the trimmed e-mail; reports a missing or malformed one', () => {
    expect(invitationOf({ email: ' jane@example.org ' })).toEqual({ email: 'jane@example.org' });
    expect(invitationOf({ email: '' })).toMatchObject({ email: null, code: 'INVITE_NO_EMAIL' });
    expect(invitationOf({ email: 'jane at example' })).toMatchObject({ email: null, code: 'INVITE_EMAIL_INVALID' });
  });
});
