import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cropRect, isOffered, offeredWidths, parseRenditionName, renditionName, renditionsOf, type RenditionSource } from './renditions.rules.js';

const policy = {
  widths: [320, 480, 640, 960, 1280, 1600, 2400],
  ratios: [
    { w: 16, h: 9 },
    { w: 1, h: 1 },
  ],
};
const src: RenditionSource = { storageKey: `${'a'.repeat(64)}.jpg`, format: 'jpeg', width: 1000, height: 800, focalPoint: { x: 0.25, y: 0.75 } };

describe('issue 22: rendition rules', () => {
  it('names round-trip and nothing else parses', () => {
    for (const spec of [
      { width: 640, ratio: null, focal: null, format: 'webp' as const },
      { width: 1280, ratio: { w: 16, h: 9 }, focal: { x: 0, y: 1000 }, format: 'jpeg' as const },
    ])
      expect(parseRenditionName(renditionName(spec))).toEqual(spec);
    for (const bad of ['640', '640.jpeg', '0640.webp', '640-16x9.webp', '640-16x9-f1001x0.webp', '640.webp.part', '../640.webp', '640-0x9-f1x1.webp'])
      expect(parseRenditionName(bad), bad).toBeNull();
  });

  it('offers the configured widths up to the image, and the image own width below the largest', () => {
    expect(offeredWidths(1000, policy.widths)).toEqual([320, 480, 640, 960, 1000]);
    expect(offeredWidths(2400, policy.widths)).toEqual(policy.widths);
    expect(offeredWidths(5000, policy.widths)).toEqual(policy.widths);
    expect(offeredWidths(200, policy.widths)).toEqual([200]);
  });

  it('a crop has the ratio, lies inside the image and contains the focal point', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.constantFrom(...policy.ratios, { w: 4, h: 3 }, { w: 9, h: 16 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        (w, h, ratio, fx, fy) => {
          const r = cropRect(w, h, ratio, { x: fx, y: fy });
          expect(r.left).toBeGreaterThanOrEqual(0);
          expect(r.top).toBeGreaterThanOrEqual(0);
          expect(r.left + r.width).toBeLessThanOrEqual(w);
          expect(r.top + r.height).toBeLessThanOrEqual(h);
          expect(r.width === w || r.height === h).toBe(true);
          const px = (fx / 1000) * w;
          const py = (fy / 1000) * h;
          expect(px).toBeGreaterThanOrEqual(r.left - 1);
          expect(px).toBeLessThanOrEqual(r.left + r.width + 1);
          expect(py).toBeGreaterThanOrEqual(r.top - 1);
          expect(py).toBeLessThanOrEqual(r.top + r.height + 1);
        },
      ),
    );
  });

  it('every URL in the payload is offered, and a changed focal point makes old crops unoffered', () => {
    const v = renditionsOf(src, policy, 'https://x/media/images');
    expect(v.crops.map((c) => [c.aspectRatio, c.width, c.height])).toEqual([
      ['16:9', 1000, 563],
      ['1:1', 800, 800],
    ]);
    // 1000 wide: 320 480 640 960 and its own 1000, each in AVIF, WebP and JPEG
    expect(v.renditions.map((r) => `${r.width}x${r.height}.${r.format}`)).toEqual(
      [320, 480, 640, 960, 1000].flatMap((w) => ['avif', 'webp', 'jpeg'].map((f) => `${w}x${Math.round((w * 800) / 1000)}.${f}`)),
    );
    for (const [crop, r] of [...v.renditions.map((r) => [null, r] as const), ...v.crops.flatMap((c) => c.renditions.map((r) => [c, r] as const))]) {
      const name = r.url.split('/').pop()!;
      expect(isOffered(src, parseRenditionName(name)!, policy), name).toBe(true);
      if (crop) expect(isOffered({ ...src, focalPoint: { x: 0.5, y: 0.5 } }, parseRenditionName(name)!, policy), name).toBe(false);
    }
    expect(v.crops[1]!.renditions.at(-1)).toMatchObject({ width: 800, height: 800 });
    expect(isOffered(src, parseRenditionName('1280.webp')!, policy)).toBe(false);
    expect(isOffered(src, parseRenditionName('640.png')!, policy)).toBe(false);
    expect(renditionsOf({ ...src, width: 200, height: 100 }, policy, 'b').renditions.map((r) => r.width)).toEqual([200, 200, 200]);
  });
});
