import { describe, expect, it } from 'vitest';
import { htmlToText, plainText, plainTextOrNull } from './text.js';

describe('plainText', () => {
  it('removes tags and the text of script-like elements, collapses whitespace', () => {
    expect(plainText('  <b>Bold</b>\n\tclaim <script>alert(1)</script> ')).toBe('Bold claim');
  });
  it('does not turn encoded markup back into markup', () => {
    expect(plainText('&lt;script&gt;alert(1)&lt;/script&gt;')).toBe('');
    expect(plainText('&lt;b&gt;x&lt;/b&gt;')).toBe('x');
    expect(plainText('&amp;lt;img src=x onerror=alert(1)&amp;gt;')).toBe('');
    expect(plainText('&#60;svg onload=alert(1)&#62;')).toBe('');
  });
  it('keeps text that only looks like an operator, and decodes entities once displayed', () => {
    expect(plainText('GDP < 2% & rising > expected')).toBe('GDP < 2% & rising > expected');
    expect(plainText('Tom &amp; Jerry')).toBe('Tom & Jerry');
  });
  it('keeps line breaks when asked, at most one blank line in a row', () => {
    expect(plainText('a <i>b</i>\r\n\r\n\r\nc', { multiline: true })).toBe('a b\n\nc');
  });
  it('null and blank become null', () => {
    expect(plainTextOrNull(null)).toBeNull();
    expect(plainTextOrNull('<p> </p>')).toBeNull();
    expect(plainTextOrNull(' x ')).toBe('x');
  });
});

describe('issue 17 item 10: plain text is read by an HTML parser, never by a pattern', () => {
  it('keeps a typed <angles> and an unfinished "<y" as text', () => {
    expect(plainText('Why <angles> matter')).toBe('Why <angles> matter');
    expect(plainText('Turnout was x <y in the east')).toBe('Turnout was x <y in the east');
    expect(plainText('x <3 y')).toBe('x <3 y');
  });
  it('six (or sixty) layers of entity encoding never come back as markup', () => {
    for (const layers of [1, 5, 6, 7, 60]) {
      let v = '<script>alert(1)</script><img src=x onerror=alert(1)>';
      for (let i = 0; i < layers; i++) v = v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      expect(plainText(v), `${layers} layers`).toBe('');
    }
    expect(plainText('&amp;amp;amp;amp;amp;amp;lt;script&amp;amp;amp;amp;amp;amp;gt;alert(1)')).toBe('');
  });
  it('drops tags a browser acts on, even when their name is unknown', () => {
    expect(plainText('<angles onclick=alert(1)>x')).toBe('x');
    expect(plainText('<angles onmouseover>x')).toBe('x');
    expect(plainText('<x-foo>y</x-foo>')).toBe('y');
    expect(plainText('<scr<script>ipt>alert(1)</script>')).toBe('ipt>alert(1)');
    expect(plainText('a <img src=x onerror=alert(1)')).toBe('a');
  });
  it('multiline: a tag split over lines is still one tag', () => {
    expect(plainText('a <y\nonerror=alert(1)>b', { multiline: true })).toBe('a b');
  });
});

describe('htmlToText', () => {
  it('text nodes decoded once, paragraphs by block elements', () => {
    expect(htmlToText('<p>Turnout was x &lt;y in the east, and &amp;lt; is how you write it.</p><ul><li>first</li><li>second<br>third</li></ul>')).toBe(
      'Turnout was x <y in the east, and &lt; is how you write it.\n\nfirst\n\nsecond third',
    );
  });
});

describe('htmlToText: derived text is inert as HTML', () => {
  it('drops what would run, keeps what only looks like markup, decodes once', () => {
    expect(htmlToText('<p>Body.</p><p>&lt;script&gt;alert(1)&lt;/script&gt; after</p>')).toBe('Body.\n\nscript>alert(1)/script> after');
    expect(htmlToText('<p>&lt;img src=x onerror=alert(1)&gt; x &lt;b or c</p>')).toBe('img src=x onerror=alert(1)> x <b or c');
    expect(htmlToText('<p>&amp;lt;script&amp;gt; is how it is written</p>')).toBe('&lt;script&gt; is how it is written');
    expect(htmlToText('<p>&lt;&lt;script&gt;script&gt;alert(1)</p>')).toBe('script>script>alert(1)');
    expect(htmlToText('<p>a &lt;y on the</p><p>one more</p>')).toBe('a y on the\n\none more');
  });
});
