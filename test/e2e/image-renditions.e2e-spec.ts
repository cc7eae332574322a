import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageRenditions, ImagesService } from '#libs/image-credits';
import { OutboxRelay } from '#libs/outbox';
import { actingAs, contentKey, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';
import { publishedArticle } from '../support/magazine.js';
import { makeWorld } from '../support/world.js';
import { crop, renditionsOf, srcset, type CropLike, type RenditionLike } from '../../packages/sdk/src/index.js';

const sortedRenditions = (list: readonly RenditionLike[]) => [...list].map((r) => JSON.stringify([r.url, r.width, r.height, r.format])).sort();

let t: TestApp;
let dirs: string[] = [];
let editor: Credential;
let admin: Credential;
let renditionDir: string;

const WIDTHS = [320, 640, 1280, 2400];

const binary = (req: ReturnType<ReturnType<TestApp['http']>['get']>) =>
  req.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });

/** A 1600x900 grey JPEG with a red 40px square centred at (x, y) px; `seed` makes the bytes distinct. */
const photo = async (x: number, y: number, seed: number, format: 'jpeg' | 'png' = 'jpeg', width = 1600, height = 900): Promise<Buffer> => {
  const square = await sharp({ create: { width: 40, height: 40, channels: 3, background: { r: 255, g: 0, b: 0 } } })
    .png()
    .toBuffer();
  const img = sharp({ create: { width, height, channels: 3, background: { r: 60 + ((seed * 37) % 120), g: 120, b: 60 + ((seed * 53) % 120) } } }).composite([
    { input: square, left: x - 20, top: y - 20 },
  ]);
  return format === 'jpeg' ? img.jpeg({ quality: 90 }).toBuffer() : img.png().toBuffer();
};

const upload = async (bytes: Buffer, name = 'photo.jpg'): Promise<{ id: string; url: string; key: string }> => {
  const r = await t.http().post('/v1/admin/images').set(editor.auth).attach('file', bytes, { filename: name, contentType: 'application/octet-stream' });
  expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(201);
  return { id: r.body.id, url: r.body.url, key: (r.body.url as string).split('/').pop()! };
};

const setFocal = async (id: string, x: number, y: number) => {
  const r = await t.http().patch(`/v1/admin/images/${id}`).set(editor.auth).send({ focalPoint: { x, y } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
};

const views = () => t.app.get(ImageRenditions);

const pathOf = (url: string) => new URL(url).pathname;

const MIME: Record<string, string> = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg', png: 'image/png' };

/** Each rendition is served at the URL the payload lists, in its format, at exactly its width and height. */
async function expectServed(list: { url: string; width: number; height: number; format: string }[], key: string): Promise<void> {
  expect(list.length).toBeGreaterThan(0);
  for (const r of list) {
    expect(r.url.startsWith(`https://cms.example.org/media/images/${key}/`), r.url).toBe(true);
    const res = await binary(t.http().get(pathOf(r.url)));
    expect(res.status, r.url).toBe(200);
    expect(res.headers['content-type']).toBe(MIME[r.format]);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const meta = await sharp(res.body as Buffer).metadata();
    expect({ format: meta.format, width: meta.width, height: meta.height }, r.url).toEqual({ format: r.format === 'avif' ? 'heif' : r.format, width: r.width, height: r.height });
  }
}

beforeAll(async () => {
  const storage = await mkdtemp(join(tmpdir(), 'e2e-rend-store-'));
  renditionDir = await mkdtemp(join(tmpdir(), 'e2e-rend-cache-'));
  dirs = [storage, renditionDir];
  t = await createTestApp({
    env: {
      IMAGE_STORAGE_DIR: storage,
      IMAGE_RENDITION_DIR: renditionDir,
      IMAGE_RENDITION_WIDTHS: WIDTHS.join(','),
      IMAGE_RENDITION_RATIOS: '16:9,1:1',
      IMAGE_RENDITION_CONCURRENCY: '2',
      IMAGE_RENDITION_QUEUE: '3',
      PUBLIC_BASE_URL: 'https://cms.example.org',
    },
  });
  editor = await actingAs(t, 'editor');
  admin = await actingAs(t, 'admin');
});
afterAll(async () => {
  await t?.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('issue 22 item 1: image renditions', () => {
  it('renders every offered width and format at the listed size, the whole image and each crop', async () => {
    const img = await upload(await photo(800, 450, 1));
    const v = views().viewsOf({ storageKey: img.key, format: 'jpeg', width: 1600, height: 900, focalPoint: null });
    // 1600 wide: 320, 640, 1280 from the set, then its own 1600 (below the largest, 2400)
    expect([...new Set(v.renditions.map((r) => `${r.width}x${r.height}`))]).toEqual(['320x180', '640x360', '1280x720', '1600x900']);
    expect(v.crops.map((c) => [c.aspectRatio, c.width, c.height])).toEqual([
      ['16:9', 1600, 900],
      ['1:1', 900, 900],
    ]);
    // the square crop of a 1600x900 image is at most 900 wide
    expect([...new Set(v.crops[1]!.renditions.map((r) => `${r.width}x${r.height}`))]).toEqual(['320x320', '640x640', '900x900']);
    await expectServed([...v.renditions, ...v.crops.flatMap((c) => c.renditions)], img.key);
  });

  it('crops around the focal point: the marked spot is inside every crop', async () => {
    // the red square sits near the right edge, a third down
    const img = await upload(await photo(1450, 300, 2));
    await setFocal(img.id, 1450 / 1600, 300 / 900);
    const detail = await t.http().get(`/v1/admin/images/${img.id}`).set(editor.auth);
    const v = views().viewsOf({ storageKey: img.key, format: 'jpeg', width: 1600, height: 900, focalPoint: detail.body.focalPoint });
    const url = v.crops.find((c) => c.aspectRatio === '1:1')!.renditions.find((r) => r.width === 640 && r.format === 'webp')!.url;
    expect(url).toMatch(/\/640-1x1-f906x333\.webp$/);
    const r = await binary(t.http().get(pathOf(url)));
    expect(r.status).toBe(200);
    const { data, info } = await sharp(r.body as Buffer)
      .raw()
      .toBuffer({ resolveWithObject: true });
    let red = 0;
    for (let i = 0; i < data.length; i += info.channels) if (data[i]! > 200 && data[i + 1]! < 60 && data[i + 2]! < 60) red++;
    // the 40px square at 640/900 scale is ~28x28 = ~800 px; a centre crop (350..1250) would miss it
    expect(red).toBeGreaterThan(400);

    // the focal point is in the name: the old crop URL is no longer offered after it moves
    await setFocal(img.id, 0.1, 0.5);
    const moved = await t.http().get(pathOf(url.replace('640-1x1-f906x333', '480-1x1-f906x333')));
    expect(moved.status).toBe(404);
    expect(moved.body.error.code).toBe('IMAGE_RENDITION_NOT_OFFERED');
    expect((await binary(t.http().get(pathOf(url.replace('640-1x1-f906x333', '640-1x1-f100x500'))))).status).toBe(200);
  });

  it('refuses sizes, crops and formats outside the set with IMAGE_RENDITION_NOT_OFFERED, and unknown files with MEDIA_NOT_FOUND', async () => {
    const img = await upload(await photo(100, 100, 3));
    const base = `/media/images/${img.key}`;
    for (const name of [
      '400.webp', // not a configured width
      '2400.webp', // wider than the image (1600)
      '1601.webp',
      '640.gif', // not a format this JPEG is offered in
      '640-4x3-f500x500.webp', // not a configured ratio
      '640-16x9-f400x500.webp', // not its focal point
      '640-16x9.webp',
      '640.webp?w=9999',
      'abc.webp',
      '0640.webp',
      '640.WEBP',
      '..%2F..%2Fetc%2Fpasswd',
    ]) {
      const r = await t.http().get(`${base}/${name}`);
      expect(r.status, name).toBe(name.includes('?') ? 200 : 404);
      if (r.status === 404) expect(r.body.error.code, name).toBe('IMAGE_RENDITION_NOT_OFFERED');
    }
    const other = await t.http().get(`/media/images/${'0'.repeat(64)}.jpg/640.webp`);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('MEDIA_NOT_FOUND');
  });

  it('renders on the first request only: the second is served from the disk cache, untouched', async () => {
    const img = await upload(await photo(300, 300, 4, 'png'), 'photo.png');
    const path = `/media/images/${img.key}/640.avif`;
    const first = await binary(t.http().get(path));
    expect(first.status).toBe(200);
    expect(first.headers['x-rendition-cache']).toBe('miss');
    const file = join(renditionDir, img.key.slice(0, 2), img.key, '640.avif');
    const before = await stat(file);
    await new Promise((r) => setTimeout(r, 20));
    const second = await binary(t.http().get(path));
    expect(second.status).toBe(200);
    expect(second.headers['x-rendition-cache']).toBe('hit');
    expect(Buffer.compare(first.body as Buffer, second.body as Buffer)).toBe(0);
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
    const revalidated = await t.http().get(path).set('if-none-match', second.headers.etag!);
    expect(revalidated.status).toBe(304);
    // a PNG is offered in PNG, not JPEG
    expect((await t.http().get(`/media/images/${img.key}/640.png`)).status).toBe(200);
    expect((await t.http().get(`/media/images/${img.key}/640.jpg`)).status).toBe(404);

    // deleting the image deletes its renditions
    expect((await t.http().delete(`/v1/admin/images/${img.id}`).set(editor.auth)).status).toBe(204);
    await expect(stat(file)).rejects.toThrow();
    expect((await t.http().get(path)).status).toBe(404);
  });

  it('a burst of first renders runs at most IMAGE_RENDITION_CONCURRENCY at once; beyond the queue it is 503 IMAGE_RENDITION_BUSY', async () => {
    const images = await Promise.all([5, 6, 7].map(async (s) => upload(await photo(200, 200, s, 'jpeg', 2600, 1700))));
    const paths = images.flatMap((img) => ['2400.avif', '1280.avif', '2400.webp', '1280.webp'].map((n) => `/media/images/${img.key}/${n}`));
    const before = views().peakRenders;
    expect(before).toBeLessThanOrEqual(2);
    const results = await Promise.all(paths.map((p) => t.http().get(p).buffer(true)));
    const statuses = results.map((r) => r.status);
    expect(views().peakRenders).toBe(2);
    const busy = results.filter((r) => r.status === 503);
    // 12 distinct renders: 2 run, 3 wait, the rest are refused at once
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(5);
    expect(busy.length).toBeGreaterThan(0);
    for (const r of busy) {
      expect(r.body.error.code).toBe('IMAGE_RENDITION_BUSY');
      expect(r.headers['retry-after']).toBe('2');
    }
    // refused renders are rendered when retried
    for (const [i, r] of results.entries()) if (r.status === 503) expect((await t.http().get(paths[i]!)).status).toBe(200);
    // the same rendition requested at once is rendered once
    const img = await upload(await photo(200, 200, 8));
    const same = await Promise.all(Array.from({ length: 4 }, () => t.http().get(`/media/images/${img.key}/1280.webp`)));
    expect(same.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });

  it('every image of the content payload carries renditions: top image, body images, cards, related stories, avatars', async () => {
    const key = await contentKey(t, admin);
    const w = await makeWorld(t, editor);
    const credit = await t.http().post('/v1/admin/credit-parties').set(editor.auth).send({ kind: 'person', name: 'Renditions Photographer' });
    const described = async (bytes: Buffer, alt: string) => {
      const img = await upload(bytes);
      expect((await t.http().patch(`/v1/admin/images/${img.id}`).set(editor.auth).send({ altText: alt })).status).toBe(200);
      expect((await t.http().put(`/v1/admin/images/${img.id}/credit`).set(editor.auth).send({ photographerId: credit.body.id })).status).toBe(200);
      return img;
    };
    const top = await described(await photo(400, 300, 11), 'Leaders at a table');
    const inline = await described(await photo(500, 500, 12, 'png', 700, 500), 'A map of the region');
    const avatar = await described(await photo(300, 300, 13, 'jpeg', 600, 600), 'Ada Writer');
    expect((await t.http().patch(`/v1/admin/contributors/${w.contributorId}`).set(editor.auth).send({ avatarImageId: avatar.id })).status).toBe(200);
    const body = `<p>Before the map.</p><figure><img src="${inline.url}" alt="A map of the region" width="700" height="500"></figure><p>After the map, an outside picture:</p><p><img src="https://elsewhere.example.net/x.jpg" alt="x"></p>`;
    const first = await publishedArticle(t, editor, { ...w, topImageId: top.id });
    const second = await publishedArticle(t, editor, { ...w, topImageId: top.id }, { bodyHtml: body });

    const page = await t.http().get(`/v1/content/articles/${second.slug}`).set('x-api-key', key);
    expect(page.status).toBe(200);
    const a = page.body.article;
    // the top image: the whole image (1600 wide: 320 640 1280 1600) in three formats, and each crop
    expect(a.topImage.renditions.map((r: { width: number; format: string }) => `${r.width}.${r.format}`)).toEqual(
      [320, 640, 1280, 1600].flatMap((x) => [`${x}.avif`, `${x}.webp`, `${x}.jpeg`]),
    );
    expect(a.topImage.crops.map((c: { aspectRatio: string }) => c.aspectRatio)).toEqual(['16:9', '1:1']);
    await expectServed([...a.topImage.renditions.slice(0, 3), ...a.topImage.crops[1].renditions.slice(-3)], top.key);
    // body images: ours with renditions (a 700 px PNG: 320, 640 and its own 700), others left out
    expect(a.bodyImages.map((b: { src: string }) => b.src)).toEqual([inline.url]);
    expect(a.bodyImages[0]).toMatchObject({ id: inline.id, role: 'inline', width: 700, height: 500, alt: 'A map of the region' });
    expect([...new Set(a.bodyImages[0].renditions.map((r: { width: number }) => r.width))]).toEqual([320, 640, 700]);
    await expectServed(a.bodyImages[0].renditions, inline.key);
    // the related story (the first piece) shows its top image's renditions
    const teaser = page.body.relatedStories.find((r: { slug: string }) => r.slug === first.slug);
    expect(teaser.topImage.renditions).toEqual(a.topImage.renditions);
    expect(teaser.topImage.crops).toEqual(a.topImage.crops);
    // cards
    const latest = await t.http().get('/v1/content/latest').set('x-api-key', key);
    expect(latest.status).toBe(200);
    // cards carry them compact (the widths and a URL template per format): expanded by the SDK,
    // the same renditions and crops as the page's, in a fraction of the bytes
    for (const card of latest.body.items) {
      expect(card.topImage.renditions).toBeUndefined();
      expect(card.topImage.srcset.widths).toEqual([320, 640, 1280, 1600]);
      expect(sortedRenditions(renditionsOf(card.topImage))).toEqual(sortedRenditions(a.topImage.renditions));
      expect(card.topImage.crops.map((c: CropLike) => c.aspectRatio)).toEqual(a.topImage.crops.map((c: CropLike) => c.aspectRatio));
      for (const c of a.topImage.crops as CropLike[]) {
        const compact = card.topImage.crops.find((x: CropLike) => x.aspectRatio === c.aspectRatio);
        expect({ ...compact, srcset: undefined }).toEqual({ aspectRatio: c.aspectRatio, width: c.width, height: c.height, srcset: undefined });
        expect(sortedRenditions(crop(card.topImage, c.aspectRatio)!.renditions!)).toEqual(sortedRenditions(c.renditions!));
      }
      expect(Buffer.byteLength(JSON.stringify(card.topImage))).toBeLessThan(Buffer.byteLength(JSON.stringify(a.topImage)) / 3);
      expect(srcset(card.topImage)).toBe(srcset(a.topImage));
    }
    const hits = await t
      .http()
      .get(`/v1/content/search?q=${encodeURIComponent(second.headline)}`)
      .set('x-api-key', key);
    expect(sortedRenditions(renditionsOf(hits.body.items[0].topImage))).toEqual(sortedRenditions(a.topImage.renditions));
    // the byline's avatar on the page, and on the contributor's page (600x600: 320, then its own 600)
    expect(a.bylines[0].avatar).toMatchObject({ url: avatar.url, width: 600, height: 600, alt: 'Ada Writer' });
    expect([...new Set(a.bylines[0].avatar.renditions.map((r: { width: number }) => r.width))]).toEqual([320, 600]);
    const profile = await t.http().get(`/v1/content/contributors/${a.bylines[0].slug}`).set('x-api-key', key);
    expect(profile.status).toBe(200);
    expect([...new Set(profile.body.contributor.avatar.renditions.map((r: { width: number }) => r.width))]).toEqual([320, 600]);
    expect(profile.body.contributor.avatar.crops.find((c: { aspectRatio: string }) => c.aspectRatio === '1:1').width).toBe(600);
    await expectServed(profile.body.contributor.avatar.renditions, avatar.key);
  });
});

/**
 * A phone photo: 1600x900 pixels in the file (top half red, bottom half blue) with EXIF
 * orientation 6, which browsers show turned a quarter clockwise: 900x1600, red on the right.
 */
const rotatedPhoto = async (seed: number): Promise<Buffer> => {
  const half = (r: number, b: number) =>
    sharp({ create: { width: 1600, height: 450, channels: 3, background: { r, g: seed % 50, b } } })
      .png()
      .toBuffer();
  return sharp({ create: { width: 1600, height: 900, channels: 3, background: { r: 0, g: 0, b: 0 } } })
    .composite([
      { input: await half(255, 0), left: 0, top: 0 },
      { input: await half(0, 255), left: 0, top: 450 },
    ])
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
};

/** The colour at (x, y) of an image as decoded (no orientation applied: renditions carry none). */
async function colourAt(bytes: Buffer, fx: number, fy: number): Promise<'red' | 'blue' | 'other'> {
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  const i = (Math.floor(fy * (info.height - 1)) * info.width + Math.floor(fx * (info.width - 1))) * info.channels;
  const [r, , b] = [data[i]!, data[i + 1]!, data[i + 2]!];
  return r > 200 && b < 60 ? 'red' : b > 200 && r < 60 ? 'blue' : 'other';
}

describe('EXIF-rotated uploads', () => {
  it('stores the size as shown (orientation 6: 900x1600) and renders renditions turned, unstretched', async () => {
    const bytes = await rotatedPhoto(1);
    expect(await sharp(bytes).metadata()).toMatchObject({ width: 1600, height: 900, orientation: 6 });
    const img = await upload(bytes);
    const detail = await t.http().get(`/v1/admin/images/${img.id}`).set(editor.auth);
    expect(detail.body).toMatchObject({ width: 900, height: 1600 });
    const v = views().viewsOf({ storageKey: img.key, format: 'jpeg', width: 900, height: 1600, focalPoint: null });
    expect([...new Set(v.renditions.map((r) => `${r.width}x${r.height}`))]).toEqual(['320x569', '640x1138', '900x1600']);
    expect(v.crops.map((c) => [c.aspectRatio, c.width, c.height])).toEqual([
      ['16:9', 900, 506],
      ['1:1', 900, 900],
    ]);
    await expectServed([...v.renditions.filter((r) => r.width === 640), ...v.crops.flatMap((c) => c.renditions.filter((r) => r.width === 320))], img.key);
    // the pixels are turned as a browser shows the original: the file's top (red) is on the right
    const r = await binary(t.http().get(pathOf(v.renditions.find((x) => x.width === 640 && x.format === 'jpeg')!.url)));
    expect((await sharp(r.body as Buffer).metadata()).orientation ?? 1).toBe(1);
    expect([await colourAt(r.body as Buffer, 0.95, 0.5), await colourAt(r.body as Buffer, 0.05, 0.5)]).toEqual(['red', 'blue']);
  });

  it('the backfill puts right images stored with the file size, drops their renditions and refreshes their pages; a second run changes nothing', async () => {
    const w = await makeWorld(t, editor);
    const credit = await t.http().post('/v1/admin/credit-parties').set(editor.auth).send({ kind: 'person', name: 'Backfill Photographer' });
    const img = await upload(await rotatedPhoto(2));
    expect((await t.http().patch(`/v1/admin/images/${img.id}`).set(editor.auth).send({ altText: 'A red and blue board' })).status).toBe(200);
    expect((await t.http().put(`/v1/admin/images/${img.id}/credit`).set(editor.auth).send({ photographerId: credit.body.id })).status).toBe(200);
    const straight = await upload(await photo(300, 300, 11));
    // as the probe stored it before: the file's own 1600x900; a page built then, a rendition rendered then
    await t.sql(`UPDATE images SET width = 1600, height = 900 WHERE id = $1`, [img.id]);
    const piece = await publishedArticle(t, editor, { ...w, topImageId: img.id });
    const key = await contentKey(t, admin);
    const before = await t.http().get(`/v1/content/articles/${piece.slug}`).set('x-api-key', key);
    expect(before.body.article.topImage).toMatchObject({ width: 1600, height: 900 });
    const stale = await binary(t.http().get(`/media/images/${img.key}/640.webp`));
    expect(stale.status, JSON.stringify(stale.body).slice(0, 300)).toBe(200);
    expect(await sharp(stale.body as Buffer).metadata()).toMatchObject({ width: 640, height: 360 });

    const run = await t.app.get(ImagesService).reorientStored({ batch: 2 });
    expect(run.fixed).toContain(img.id);
    expect(run.fixed).not.toContain(straight.id);
    expect(run.checked).toBeGreaterThanOrEqual(2);
    expect((await t.sql(`SELECT width, height FROM images WHERE id = $1`, [img.id]))[0]).toEqual({ width: 900, height: 1600 });
    const [audit] = await t.sql<{ action: string; summary: unknown }>(`SELECT action, summary FROM audit_log WHERE target_id = $1 AND action = 'image.reorient'`, [img.id]);
    expect(audit!.summary).toEqual({ before: { width: 1600, height: 900 }, after: { width: 900, height: 1600 } });
    // the cached rendition is gone: rendered again, at the shown size
    const fresh = await binary(t.http().get(`/media/images/${img.key}/640.webp`));
    expect(fresh.headers['x-rendition-cache']).toBe('miss');
    expect(await sharp(fresh.body as Buffer).metadata()).toMatchObject({ width: 640, height: 1138 });
    // the live page is rebuilt (outbox image.changed size) with the shown size and its renditions
    const relay = t.app.get(OutboxRelay);
    const until = Date.now() + 20_000;
    let page = before;
    while (Date.now() < until) {
      await relay.tick();
      page = await t.http().get(`/v1/content/articles/${piece.slug}`).set('x-api-key', key);
      if (page.body.article.topImage.height === 1600) break;
    }
    expect(page.body.article.topImage).toMatchObject({ width: 900, height: 1600 });
    expect([...new Set(page.body.article.topImage.renditions.map((r: { width: number; height: number }) => `${r.width}x${r.height}`))]).toEqual([
      '320x569',
      '640x1138',
      '900x1600',
    ]);

    const again = await t.app.get(ImagesService).reorientStored();
    expect(again.fixed).toEqual([]);
    expect(await t.sql(`SELECT 1 FROM audit_log WHERE target_id = $1 AND action = 'image.reorient'`, [img.id])).toHaveLength(1);
  });
});
