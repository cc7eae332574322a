import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';

/**
 * A realistic WordPress export (WXR 1.2), written as a stream: N posts by `authors` authors,
 * `categories` categories (a tenth top-level, the rest their children), `tags` tags,
 * `attachments` images with captions, alt text and mostly a credit (posts share them, as real
 * sites reuse images), a featured image on most posts, 3 to 8 paragraphs with some `[caption]`
 * shortcodes, embeds on their own line and block comments. Seeded: the same options give the
 * same bytes. `mediaDir` gets a small image file per attachment under its uploads path.
 */
export interface WxrGenOptions {
  posts: number;
  authors?: number;
  categories?: number;
  tags?: number;
  attachments?: number;
  seed?: number;
  /** Where the posts' dates end (scheduled posts lie after it). */
  now?: Date;
  site?: string;
}

export interface WxrGenResult {
  posts: number;
  /** Posts by status (publish, draft, pending, future, private). */
  byStatus: Record<string, number>;
  attachments: number;
  bytes: number;
}

const WORDS = (
  'government minister parliament coalition talks negotiation ceasefire truce sanctions embargo tariffs trade energy pipeline gas oil grid shipping insurers ' +
  'port corridor convoy border refugees migration asylum aid donors election campaign opposition vote turnout referendum constitution court ruling protest ' +
  'army general militia drone missile defence alliance summit envoy mediator diplomats embassy treaty accord deadline budget debt bond inflation currency ' +
  'bank loan creditors drought harvest grain famine flood climate emissions analysts officials observers farmers traders investors leaders rivals capital province'
).split(' ');
const FUNCTION_WORDS = 'the of and to in a that is for on with as was by it at from has have but not are were their its an this which after over into than more'.split(' ');
const SUBJECTS = [
  'Sanctions',
  'Energy security',
  'The coalition',
  'Border talks',
  'A ceasefire',
  'Migration policy',
  'The grain corridor',
  'Arms control',
  'Debt relief',
  'The election',
  'Shipping insurers',
  'A new envoy',
  'The summit',
];
const VERBS = ['test', 'reshape', 'strain', 'expose', 'revive', 'complicate', 'divide', 'unsettle', 'redraw', 'stall'];
const OBJECTS = [
  'diplomacy in the Sahel',
  'the Red Sea trade route',
  'Europe’s eastern flank',
  'Gulf mediation',
  'the Baltic balance',
  'Black Sea shipping',
  'the Horn of Africa',
  'alliances in the Pacific',
  'Andean politics',
  'Arctic claims',
];
const FIRST = ['Maren', 'Tariq', 'Ines', 'David', 'Sofia', 'Kwame', 'Yuki', 'Lars', 'Amina', 'Pavel', 'Clara', 'Rashid', 'Elena', 'Tomás', 'Hana', 'Olu', 'Greta', 'Milan'];
const LAST = [
  'Okafor',
  'Benali',
  'Kovač',
  'Achterberg',
  'Lindqvist',
  'Mensah',
  'Tanaka',
  'Moreau',
  'Haddad',
  'Novak',
  'Duarte',
  'Ibrahim',
  'Weiss',
  'Costa',
  'Nakamura',
  'Ruiz',
  'Berg',
];
const AGENCIES = ['Reuters', 'AP', 'AFP', 'Meridian Images', 'Getty Images'];
const VIDEO_IDS = ['dQw4w9WgXcQ', 'M7lc1UVf-VE', 'aqz-KE-bpKQ', 'ScMzIvxBSi4'];

/** A 1x1 PNG (the smallest valid image the probe reads). */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** mulberry32: a small seeded PRNG (the bench's, copied so tests need no bench helpers). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** TINY_PNG with a tEXt chunk naming `id`: a distinct file (and content hash) per attachment. */
export function tinyPng(id: number): Buffer {
  const data = Buffer.from(`Comment\u0000photo ${id}`, 'latin1');
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write('tEXt', 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  // after the signature (8) and IHDR (25 bytes)
  return Buffer.concat([TINY_PNG.subarray(0, 33), head, data, crc, TINY_PNG.subarray(33)]);
}

const cdata = (s: string) => `<![CDATA[${s.replace(/\]\]>/g, ']]]]><![CDATA[>')}]]>`;
const slugify = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const pad = (n: number) => String(n).padStart(2, '0');
const wpDate = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

export async function generateWxr(file: string, o: WxrGenOptions, mediaDir?: string | null): Promise<WxrGenResult> {
  const rand = prng(o.seed ?? 21);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
  const nAuthors = o.authors ?? 300;
  const nCats = o.categories ?? 200;
  const nTags = o.tags ?? 5000;
  const nAtt = o.attachments ?? 10_000;
  const site = o.site ?? 'https://archive.example.org';
  const now = o.now ?? new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
  const out = createWriteStream(file);
  let bytes = 0;
  let buf: string[] = [];
  let bufLen = 0;
  const w = async (s: string) => {
    buf.push(s);
    bufLen += s.length;
    if (bufLen > 1 << 20) await flush();
  };
  const flush = async () => {
    if (!buf.length) return;
    const chunk = buf.join('');
    buf = [];
    bufLen = 0;
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  };
  await w(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>The Archive</title>
	<link>${site}</link>
	<description>World affairs since 2004</description>
	<language>en-US</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>${site}</wp:base_site_url>
	<wp:base_blog_url>${site}</wp:base_blog_url>
`);
  const logins: string[] = [];
  for (let i = 0; i < nAuthors; i++) {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    const login = `${slugify(first)}${slugify(last)}${i >= FIRST.length * LAST.length ? i : ''}`;
    logins.push(login);
    await w(
      `	<wp:author><wp:author_id>${i + 2}</wp:author_id><wp:author_login>${cdata(login)}</wp:author_login><wp:author_email>${cdata(`${login}@archive.example.org`)}</wp:author_email><wp:author_display_name>${cdata(`${first} ${last}`)}</wp:author_display_name><wp:author_first_name>${cdata(first)}</wp:author_first_name><wp:author_last_name>${cdata(last)}</wp:author_last_name></wp:author>\n`,
    );
  }
  const tops = Math.max(1, Math.round(nCats / 10));
  const cats: { nicename: string; name: string }[] = [];
  for (let i = 0; i < nCats; i++) {
    const top = i < tops;
    const name = top ? `Region ${i + 1}` : `Desk ${i + 1}`;
    const nicename = slugify(name);
    const parent = top ? '' : cats[i % tops]!.nicename;
    cats.push({ nicename, name });
    await w(
      `	<wp:category><wp:term_id>${i + 10}</wp:term_id><wp:category_nicename>${cdata(nicename)}</wp:category_nicename><wp:category_parent>${cdata(parent)}</wp:category_parent><wp:cat_name>${cdata(name)}</wp:cat_name></wp:category>\n`,
    );
  }
  const tags: { slug: string; name: string }[] = [];
  for (let i = 0; i < nTags; i++) {
    const name = `${pick(WORDS)} ${pick(WORDS)} ${i + 1}`;
    const slug = slugify(name);
    tags.push({ slug, name });
    await w(`	<wp:tag><wp:term_id>${i + 1000}</wp:term_id><wp:tag_slug>${cdata(slug)}</wp:tag_slug><wp:tag_name>${cdata(name)}</wp:tag_name></wp:tag>\n`);
  }
  await w(
    `	<wp:term><wp:term_id>9</wp:term_id><wp:term_taxonomy>${cdata('nav_menu')}</wp:term_taxonomy><wp:term_slug>${cdata('main')}</wp:term_slug><wp:term_name>${cdata('Main')}</wp:term_name></wp:term>\n`,
  );

  // items in post-id order: attachments spread among the posts, as WordPress writes them
  const total = o.posts + nAtt;
  const start = Date.UTC(2004, 0, 1);
  const span = now.getTime() - start;
  const att: { id: number; url: string; file: string }[] = [];
  const byStatus: Record<string, number> = {};
  let posts = 0;
  let attDone = 0;
  if (mediaDir) await mkdir(mediaDir, { recursive: true });
  const made = new Set<string>();
  for (let n = 0; n < total; n++) {
    const id = 100 + n;
    // an attachment is due when fewer than its share have been written (the first items are one)
    const isAtt = attDone < nAtt && (posts >= o.posts || attDone * total <= n * nAtt);
    const at = new Date(start + Math.floor((span * n) / total) + Math.floor(rand() * 3_600_000));
    if (isAtt) {
      attDone++;
      const y = at.getUTCFullYear();
      const m = pad(at.getUTCMonth() + 1);
      const fileName = `photo-${id}.png`;
      const rel = `${y}/${m}/${fileName}`;
      const url = `${site}/wp-content/uploads/${rel}`;
      att.push({ id, url, file: rel });
      if (mediaDir) {
        const dir = path.join(mediaDir, String(y), m);
        if (!made.has(dir)) {
          await mkdir(dir, { recursive: true });
          made.add(dir);
        }
        await writeFile(path.join(dir, fileName), tinyPng(id));
      }
      const credited = rand() < 0.92;
      const caption = `${pick(SUBJECTS)} and ${pick(OBJECTS)}.${credited ? ` Photo: ${pick(FIRST)} ${pick(LAST)} / ${pick(AGENCIES)}` : ''}`;
      await w(`	<item>
		<title>${cdata(`photo-${id}`)}</title>
		<link>${site}/?attachment_id=${id}</link>
		<dc:creator>${cdata(pick(logins))}</dc:creator>
		<guid isPermaLink="false">${url}</guid>
		<content:encoded>${cdata(`${pick(SUBJECTS)}, ${pick(OBJECTS)}`)}</content:encoded>
		<excerpt:encoded>${cdata(caption)}</excerpt:encoded>
		<wp:post_id>${id}</wp:post_id>
		<wp:post_date_gmt>${cdata(wpDate(at))}</wp:post_date_gmt>
		<wp:post_modified_gmt>${cdata(wpDate(at))}</wp:post_modified_gmt>
		<wp:post_name>${cdata(`photo-${id}`)}</wp:post_name>
		<wp:status>${cdata('inherit')}</wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:post_type>${cdata('attachment')}</wp:post_type>
		<wp:attachment_url>${cdata(url)}</wp:attachment_url>
		<wp:postmeta><wp:meta_key>${cdata('_wp_attached_file')}</wp:meta_key><wp:meta_value>${cdata(rel)}</wp:meta_value></wp:postmeta>
		<wp:postmeta><wp:meta_key>${cdata('_wp_attachment_image_alt')}</wp:meta_key><wp:meta_value>${cdata(`${pick(SUBJECTS)} in ${pick(OBJECTS)}`)}</wp:meta_value></wp:postmeta>
	</item>
`);
      continue;
    }
    posts++;
    const r = rand();
    const status = r < 0.94 ? 'publish' : r < 0.97 ? 'draft' : r < 0.985 ? 'pending' : r < 0.995 ? 'private' : 'future';
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    const date = status === 'future' ? new Date(now.getTime() + (1 + Math.floor(rand() * 60)) * 86_400_000) : at;
    const modified = new Date(date.getTime() + Math.floor(rand() * 30 * 86_400_000 * (rand() < 0.3 ? 1 : 0)));
    const title = `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)}`;
    const slug = `${slugify(title)}-${id}`;
    const topic = Array.from({ length: 20 }, () => pick(WORDS));
    const sentence = () => {
      const k = 10 + Math.floor(rand() * 10);
      const ws: string[] = [];
      for (let i = 0; i < k; i++) ws.push(i % 2 ? pick(topic) : pick(FUNCTION_WORDS));
      const s = ws.join(' ');
      return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
    };
    const paras: string[] = [];
    const np = 3 + Math.floor(rand() * 6);
    const gutenberg = rand() < 0.4;
    for (let p = 0; p < np; p++) {
      const text = Array.from({ length: 2 + Math.floor(rand() * 3) }, sentence).join(' ');
      paras.push(gutenberg ? `<!-- wp:paragraph -->\n<p>${text}</p>\n<!-- /wp:paragraph -->` : text.replace(/\. (\w)/, '. <em>$1</em>'));
      if (att.length && rand() < 0.12) {
        const a = att[Math.floor(rand() * att.length)]!;
        paras.push(
          `[caption id="attachment_${a.id}" align="aligncenter" width="800"]<img class="size-large wp-image-${a.id}" src="${a.url}" alt="" width="800" height="533" /> ${pick(SUBJECTS)} near ${pick(OBJECTS)}[/caption]`,
        );
      }
      if (rand() < 0.04) paras.push(`https://www.youtube.com/watch?v=${pick(VIDEO_IDS)}`);
    }
    const nCatsOf = rand() < 0.8 ? 1 : 2;
    const catsOf = Array.from({ length: nCatsOf }, () => cats[Math.floor(rand() * cats.length)]!);
    const tagsOf = new Map<string, { slug: string; name: string }>();
    const nt = 2 + Math.floor(rand() * 5);
    // tags follow a skewed popularity (a few are on many posts)
    for (let i = 0; i < nt; i++) {
      const t = tags[Math.floor(tags.length * rand() ** 2)]!;
      tagsOf.set(t.slug, t);
    }
    const thumb = att.length && rand() < 0.85 ? att[Math.floor(att.length * (1 - rand() ** 1.5))]! : null;
    const excerpt = rand() < 0.5 ? sentence() : '';
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    await w(`	<item>
		<title>${cdata(esc(title))}</title>
		<link>${site}/${date.getUTCFullYear()}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}/${slug}/</link>
		<dc:creator>${cdata(pick(logins))}</dc:creator>
		<guid isPermaLink="false">${site}/?p=${id}</guid>
		<description></description>
		<content:encoded>${cdata(paras.join('\n\n'))}</content:encoded>
		<excerpt:encoded>${cdata(excerpt)}</excerpt:encoded>
		<wp:post_id>${id}</wp:post_id>
		<wp:post_date_gmt>${cdata(wpDate(date))}</wp:post_date_gmt>
		<wp:post_modified_gmt>${cdata(wpDate(modified))}</wp:post_modified_gmt>
		<wp:comment_status>${cdata('open')}</wp:comment_status>
		<wp:post_name>${cdata(status === 'draft' || status === 'pending' ? (rand() < 0.5 ? '' : slug) : slug)}</wp:post_name>
		<wp:status>${cdata(status)}</wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:post_type>${cdata('post')}</wp:post_type>
${catsOf.map((c) => `		<category domain="category" nicename="${c.nicename}">${cdata(c.name)}</category>\n`).join('')}${[...tagsOf.values()].map((t) => `		<category domain="post_tag" nicename="${t.slug}">${cdata(t.name)}</category>\n`).join('')}${thumb ? `		<wp:postmeta><wp:meta_key>${cdata('_thumbnail_id')}</wp:meta_key><wp:meta_value>${cdata(String(thumb.id))}</wp:meta_value></wp:postmeta>\n` : ''}	</item>
`);
  }
  await w('</channel>\n</rss>\n');
  await flush();
  out.end();
  await once(out, 'finish');
  return { posts, byStatus, attachments: attDone, bytes };
}
