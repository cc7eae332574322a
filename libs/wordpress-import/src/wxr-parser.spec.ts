import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readWxr } from './wxr-parser.js';
import { WxrError } from './wxr.errors.js';
import type { WxrItem, WxrRecord } from './wxr.types.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/wxr/${name}`, import.meta.url));

/** Reads in tiny chunks so every record crosses chunk boundaries. */
async function readAll(name: string, chunk = 37): Promise<WxrRecord[]> {
  const out: WxrRecord[] = [];
  for await (const r of readWxr(createReadStream(fixture(name), { highWaterMark: chunk }))) out.push(r);
  return out;
}

async function failure(name: string, chunk = 64): Promise<{ error: WxrError; before: WxrRecord[] }> {
  const before: WxrRecord[] = [];
  try {
    for await (const r of readWxr(createReadStream(fixture(name), { highWaterMark: chunk }))) before.push(r);
  } catch (e) {
    if (e instanceof WxrError) return { error: e, before };
    throw e;
  }
  throw new Error(`${name} parsed without error`);
}

describe('readWxr', () => {
  it('streams the site, authors, terms and items of a WXR 1.2 export', async () => {
    const records = await readAll('basic-1.2.xml');
    expect(records.map((r) => r.kind)).toEqual(['site', 'author', 'author', 'category', 'category', 'tag', 'term', 'item', 'item']);
    expect(records[0]).toMatchObject({ wxrVersion: '1.2', title: 'The Foreign Desk', baseSiteUrl: 'https://old.example.org' });
    expect(records[1]).toMatchObject({ id: '2', login: 'jdoe', displayName: 'Jane Doe', email: 'jdoe@example.org' });
    expect(records[4]).toMatchObject({ nicename: 'europe', parent: 'world', name: 'Europe &amp; Eurasia' });
    expect(records[6]).toMatchObject({ taxonomy: 'nav_menu', slug: 'main' });
    const post = records[7] as WxrItem;
    expect(post).toMatchObject({
      title: 'Kyiv &amp; the winter',
      postId: '12',
      postName: 'kyiv-winter',
      status: 'publish',
      postType: 'post',
      creator: 'jdoe',
      postDateGmt: '2023-11-05 10:00:00',
      postModifiedGmt: '2023-11-06 07:30:00',
      excerpt: 'A short dek.',
      link: 'https://old.example.org/2023/11/05/kyiv-winter/',
      guid: 'https://old.example.org/?p=12',
      commentCount: 1,
    });
    expect(post.content).toContain('<!-- wp:paragraph -->\n<p>First paragraph with <em>emphasis</em>.</p>\n<!-- /wp:paragraph -->');
    expect(post.terms).toEqual([
      { domain: 'category', nicename: 'europe', name: 'Europe &amp; Eurasia' },
      { domain: 'post_tag', nicename: 'nato', name: 'NATO' },
    ]);
    // comment meta does not leak into the post's meta
    expect(post.meta).toEqual({ _thumbnail_id: '30' });
    const attachment = records[8] as WxrItem;
    expect(attachment).toMatchObject({ postType: 'attachment', attachmentUrl: 'https://old.example.org/wp-content/uploads/2023/11/kyiv-winter.jpg' });
    expect(attachment.meta).toMatchObject({
      _wp_attached_file: '2023/11/kyiv-winter.jpg',
      _wp_attachment_image_alt: 'A tram on a snowy street',
      _media_credit: 'Olena Koval / Reuters',
    });
  });

  it('gives the same records whatever the chunk size', async () => {
    expect(await readAll('basic-1.2.xml', 1)).toEqual(await readAll('basic-1.2.xml', 1 << 16));
  });

  it('reads a WXR 1.0 export (its own namespace, categories without a domain)', async () => {
    const records = await readAll('basic-1.0.xml');
    expect(records[0]).toMatchObject({ kind: 'site', wxrVersion: '1.0' });
    const item = records.find((r) => r.kind === 'item') as WxrItem;
    expect(item).toMatchObject({ postId: '1', postName: 'hello', status: 'publish', creator: 'admin' });
    expect(item.terms).toEqual([
      { domain: '', nicename: '', name: 'News' },
      { domain: 'category', nicename: 'news', name: 'News' },
    ]);
  });

  it('stops at malformed XML with the line and column, after yielding the items before it', async () => {
    const { error, before } = await failure('malformed.xml');
    expect(error.code).toBe('WXR_MALFORMED');
    expect(error.line).toBe(7);
    expect(error.column).toBeGreaterThan(20);
    expect(error.message).toMatch(/line 7, column \d+/);
    expect(before.filter((r) => r.kind === 'item').map((r) => (r as WxrItem).postId)).toEqual(['1']);
    // also when the whole file is one chunk
    expect((await failure('malformed.xml', 1 << 20)).before.filter((r) => r.kind === 'item')).toHaveLength(1);
  });

  it('refuses a file that is not a WordPress export', async () => {
    expect((await failure('not-wxr.xml')).error.code).toBe('WXR_NOT_WXR');
    expect((await failure('not-rss.xml')).error.code).toBe('WXR_NOT_WXR');
  });

  it('refuses a DOCTYPE, so an entity bomb or an external entity is never expanded', async () => {
    for (const name of ['entity-bomb.xml', 'external-entity.xml']) {
      const { error, before } = await failure(name);
      expect(error.code).toBe('WXR_DOCTYPE_REFUSED');
      expect(before).toEqual([]);
    }
  });

  it('treats an undeclared entity as malformed', async () => {
    expect((await failure('undeclared-entity.xml')).error.code).toBe('WXR_MALFORMED');
  });

  it('refuses an unknown WXR version', async () => {
    expect((await failure('version-9.xml')).error.code).toBe('WXR_VERSION_UNSUPPORTED');
  });

  it('reports a file cut short', async () => {
    const { error } = await failure('truncated.xml');
    expect(error.code).toBe('WXR_TRUNCATED');
    expect(error.line).toBeGreaterThan(1);
  });

  it('refuses bytes that are not UTF-8', async () => {
    const bad = Buffer.concat([Buffer.from('<?xml version="1.0"?><rss><channel><title>'), Buffer.from([0xff, 0xfe]), Buffer.from('</title></channel></rss>')]);
    await expect(async () => {
      for await (const _ of readWxr([bad])) void _;
    }).rejects.toMatchObject({ code: 'WXR_MALFORMED' });
  });
});
