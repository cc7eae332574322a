import { describe, expect, it } from 'vitest';
import { candidates, crop, pick, picture, pictureHtml, renditionsOf, srcset } from './images.js';

const original = { url: 'https://cdn.example/a.jpg', width: 1600, height: 900, alt: 'Three "leaders"', format: 'jpeg' };
const withRenditions = {
  ...original,
  renditions: [
    { url: 'https://cdn.example/a-640.jpg', width: 640, height: 360, format: 'jpeg' },
    { url: 'https://cdn.example/a-320.jpg', width: 320, height: 180, format: 'jpeg' },
    { url: 'https://cdn.example/a-320.webp', width: 320, height: 180, format: 'webp' },
    { url: 'https://cdn.example/a-640.avif', width: 640, height: 360, format: 'avif' },
  ],
};

describe('image helpers', () => {
  it('an image without renditions gives its original as the one candidate', () => {
    expect(srcset(original)).toBe('https://cdn.example/a.jpg 1600w');
    expect(srcset({ url: 'x', width: null, height: null })).toBe('');
    expect(srcset(original, 'webp')).toBe('');
  });

  it('renditions of the original format, narrowest first; other formats on request', () => {
    expect(srcset(withRenditions)).toBe('https://cdn.example/a-320.jpg 320w, https://cdn.example/a-640.jpg 640w');
    expect(srcset(withRenditions, 'webp')).toBe('https://cdn.example/a-320.webp 320w');
    expect(candidates(withRenditions).map((c) => c.width)).toEqual([320, 640]);
  });

  it('pick: the narrowest at least as wide as asked, else the widest', () => {
    expect(pick(withRenditions, 400).url).toBe('https://cdn.example/a-640.jpg');
    expect(pick(withRenditions, 4000).url).toBe('https://cdn.example/a-640.jpg');
    expect(pick(original, 10).url).toBe(original.url);
  });

  it('picture: AVIF before WebP, the original format in the img; markup escaped', () => {
    expect(picture(withRenditions).sources.map((s) => s.type)).toEqual(['image/avif', 'image/webp']);
    const html = pictureHtml(withRenditions, { sizes: '50vw' });
    expect(html).toMatch(/^<picture><source type="image\/avif" srcset="https:\/\/cdn.example\/a-640.avif 640w" sizes="50vw">/);
    expect(html).toContain('alt="Three &quot;leaders&quot;"');
    expect(html).toContain('width="1600" height="900"');
  });

  it('a compact srcset (cards) expands to every width in every format, with heights', () => {
    const card = {
      ...original,
      srcset: {
        widths: [320, 640],
        templates: [
          { format: 'avif', url: 'https://cdn.example/a/{width}.avif' },
          { format: 'jpeg', url: 'https://cdn.example/a/{width}.jpg' },
        ],
      },
      crops: [
        { aspectRatio: '16:9', width: 1600, height: 900, srcset: { widths: [320], templates: [{ format: 'jpeg', url: 'https://cdn.example/a/{width}-16x9-f500x500.jpg' }] } },
      ],
    };
    expect(renditionsOf(card)).toEqual([
      { url: 'https://cdn.example/a/320.avif', width: 320, height: 180, format: 'avif' },
      { url: 'https://cdn.example/a/320.jpg', width: 320, height: 180, format: 'jpeg' },
      { url: 'https://cdn.example/a/640.avif', width: 640, height: 360, format: 'avif' },
      { url: 'https://cdn.example/a/640.jpg', width: 640, height: 360, format: 'jpeg' },
    ]);
    expect(srcset(card)).toBe('https://cdn.example/a/320.jpg 320w, https://cdn.example/a/640.jpg 640w');
    expect(picture(card).sources.map((s) => s.type)).toEqual(['image/avif']);
    expect(srcset(crop(card, '16:9')!)).toBe('https://cdn.example/a/320-16x9-f500x500.jpg 320w');
    expect(crop(card, '16:9')!.renditions![0]!.height).toBe(180);
    expect(crop(card, '4:3')).toBeNull();
    // an image registered by URL: nothing to expand, the original is the candidate
    expect(srcset({ ...original, srcset: { widths: [], templates: [] }, crops: [] })).toBe('https://cdn.example/a.jpg 1600w');
  });
});
