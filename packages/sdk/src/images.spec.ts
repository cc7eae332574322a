import { describe, expect, it } from 'vitest';
import { candidates, pick, picture, pictureHtml, srcset } from './images.js';

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
});
