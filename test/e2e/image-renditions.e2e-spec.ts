import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageRenditions } from '#libs/image-credits';
import { actingAs, createTestApp, type Credential, type TestApp } from '../support/app-harness.js';

let t: TestApp;
let dirs: string[] = [];
let editor: Credential;
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
  const img = sharp({ create: { width, height, channels: 3, background: { r: 60 + ((seed * 37) % 120), g: 120, b: 60 + ((seed * 53) % 120) } } }).composite([{ input: square, left: x - 20, top: y - 20 }]);
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

/** Every URL of a srcset with its `w` descriptor. */
const candidates = (srcset: string) =>
  srcset.split(', ').map((c) => {
    const [url, w] = c.split(' ');
    return { url: url!, width: Number(w!.slice(0, -1)) };
  });

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
});
afterAll(async () => {
  await t?.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('issue 22 item 1: image renditions', () => {
  it('renders every offered width and format at the listed size, the image own proportions and each crop', async () => {
    const img = await upload(await photo(800, 450, 1));
    const sets = views().viewsOf({ storageKey: img.key, format: 'jpeg', width: 1600, height: 900, focalPoint: null });
    expect(sets.map((s) => s.aspectRatio)).toEqual([null, '16:9', '1:1']);
    // 1600 wide: 320, 640, 1280 from the set, then its own 1600 (below the largest, 2400)
    expect(sets[0]!.sizes).toEqual([
      { width: 320, height: 180 },
      { width: 640, height: 360 },
      { width: 1280, height: 720 },
      { width: 1600, height: 900 },
    ]);
    // the square crop of a 1600x900 image is at most 900 wide
    expect(sets[2]!.sizes).toEqual([
      { width: 320, height: 320 },
      { width: 640, height: 640 },
      { width: 900, height: 900 },
    ]);
    for (const set of sets) {
      expect(set.sources.map((s) => s.type)).toEqual(['image/avif', 'image/webp', 'image/jpeg']);
      for (const source of set.sources) {
        const list = candidates(source.srcset);
        expect(list.map((c) => c.width)).toEqual(set.sizes.map((s) => s.width));
        for (const [i, c] of list.entries()) {
          expect(c.url.startsWith(`https://cms.example.org/media/images/${img.key}/`)).toBe(true);
          const r = await binary(t.http().get(pathOf(c.url)));
          expect(r.status, c.url).toBe(200);
          expect(r.headers['content-type']).toBe(source.type);
          expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
          const meta = await sharp(r.body as Buffer).metadata();
          expect({ format: meta.format, width: meta.width, height: meta.height }, c.url).toEqual({
            format: { 'image/avif': 'heif', 'image/webp': 'webp', 'image/jpeg': 'jpeg' }[source.type],
            ...set.sizes[i],
          });
        }
      }
    }
  });

  it('crops around the focal point: the marked spot is inside every crop', async () => {
    // the red square sits near the right edge, a third down
    const img = await upload(await photo(1450, 300, 2));
    await setFocal(img.id, 1450 / 1600, 300 / 900);
    const detail = await t.http().get(`/v1/admin/images/${img.id}`).set(editor.auth);
    const sets = views().viewsOf({ storageKey: img.key, format: 'jpeg', width: 1600, height: 900, focalPoint: detail.body.focalPoint });
    const square = sets.find((s) => s.aspectRatio === '1:1')!;
    const url = candidates(square.sources.find((s) => s.type === 'image/webp')!.srcset).find((c) => c.width === 640)!.url;
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
});
