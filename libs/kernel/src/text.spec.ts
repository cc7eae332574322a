import { describe, expect, it } from 'vitest';
import { plainText, plainTextOrNull } from './text.js';

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
