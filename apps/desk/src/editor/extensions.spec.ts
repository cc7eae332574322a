import { describe, expect, it } from 'vitest';
import { EMBED_HOSTS, embedSrc, inlineCredit } from './extensions';

// the api's rules, loaded at run time (the desk's typecheck does not reach into libs/)
const RULES = '../../../../libs/articles/src/article.rules.js';
const { IFRAME_HOSTS, allowedIframeSrc } = (await import(/* @vite-ignore */ RULES)) as { IFRAME_HOSTS: string[]; allowedIframeSrc: (src: string) => boolean };

describe('the body editor’s rules agree with the api’s sanitizer', () => {
  it('offers embeds on exactly the hosts the sanitizer keeps', () => {
    expect([...EMBED_HOSTS].sort()).toEqual([...IFRAME_HOSTS].sort());
    for (const u of ['https://www.youtube.com/watch?v=abc', 'https://youtu.be/abc', 'https://player.vimeo.com/video/1', 'https://datawrapper.dwcdn.net/x/1/']) {
      const src = embedSrc(u);
      expect(src, u).not.toBeNull();
      expect(allowedIframeSrc(src!), u).toBe(true);
    }
    expect(embedSrc('https://www.youtube.com/watch?v=abc')).toBe('https://www.youtube-nocookie.com/embed/abc');
    for (const u of ['http://player.vimeo.com/video/1', 'https://evil.example/x', 'https://u:p@player.vimeo.com/v', 'javascript:alert(1)', 'not a url'])
      expect(embedSrc(u), u).toBeNull();
  });

  it('credits an inline image as an image, not the top image', () => {
    expect(inlineCredit('Top image credit: A - B / C')).toBe('Image credit: A - B / C');
    expect(inlineCredit('Top photo credit: A via C')).toBe('Photo credit: A via C');
    expect(inlineCredit(null)).toBe('');
  });
});
