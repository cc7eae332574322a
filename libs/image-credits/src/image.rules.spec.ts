import { describe, expect, it } from 'vitest';
import {
  avifBrand,
  captionForUse,
  creditLineForUse,
  embeddedCreditOf,
  formatCreditLine,
  formatOfStorageKey,
  imageUrlProblem,
  isFocalPoint,
  linkProblem,
  looksComplete,
  normalizePartyName,
  sniffImageFormat,
  storageKeyFor,
  suggestCredit,
  daysLeft,
  topImageProblemOf,
} from './image.rules.js';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const ftyp = (major: string, ...compatible: string[]) => {
  const size = 16 + 4 * compatible.length;
  return bytes([0, 0, 0, size], 'ftyp', major, [0, 0, 0, 0], ...compatible);
};

describe('formatCreditLine: the three known forms', () => {
  it('stock: photographer - agency / provider, "Top image credit"', () => {
    const line = formatCreditLine({ photographer: 'Frederic Legrand', agency: 'COMEO', provider: 'Shutterstock.com', form: 'standard', label: 'image' });
    expect(line).toBe('Top image credit: Frederic Legrand - COMEO / Shutterstock.com');
  });

  it('wire: agency / photographer when there is no provider, "Top photo credit"', () => {
    const line = formatCreditLine({ photographer: 'Mohammed Qita', agency: 'Matrix Images', provider: null, form: 'standard', label: 'photo' });
    expect(line).toBe('Top photo credit: Matrix Images / Mohammed Qita');
  });

  it('via: photographer via provider, printed without a label', () => {
    const line = formatCreditLine({ photographer: 'Voodison328', provider: 'shutterstock.com', form: 'via', label: 'image' });
    expect(line).toBe('Voodison328 via shutterstock.com');
  });
});

describe('formatCreditLine: parts and roles', () => {
  const std = { form: 'standard' as const, label: 'image' as const };
  it('leaves out missing parts with their separators', () => {
    expect(formatCreditLine({ ...std, photographer: 'A. Person', provider: 'Reuters' })).toBe('Top image credit: A. Person / Reuters');
    expect(formatCreditLine({ ...std, agency: 'COMEO', provider: 'Shutterstock.com' })).toBe('Top image credit: COMEO / Shutterstock.com');
    expect(formatCreditLine({ ...std, photographer: 'A. Person' })).toBe('Top image credit: A. Person');
    expect(formatCreditLine({ ...std, agency: 'AFP' })).toBe('Top image credit: AFP');
    expect(formatCreditLine({ ...std, provider: 'Wikimedia Commons' })).toBe('Top image credit: Wikimedia Commons');
    expect(formatCreditLine({ form: 'via', label: 'photo', photographer: 'P', agency: 'A', provider: 'X' })).toBe('P - A via X');
  });

  it('is null when nobody is named (blank names count as none)', () => {
    expect(formatCreditLine({ ...std })).toBeNull();
    expect(formatCreditLine({ ...std, photographer: '  ', agency: '' })).toBeNull();
    expect(formatCreditLine({ form: 'via', label: 'image' })).toBeNull();
  });

  it('says "Top" only for a top image', () => {
    const parts = { ...std, label: 'photo' as const, agency: 'AP', photographer: 'J. Doe' };
    expect(formatCreditLine(parts, 'top')).toBe('Top photo credit: AP / J. Doe');
    expect(formatCreditLine(parts, 'inline')).toBe('Photo credit: AP / J. Doe');
    expect(formatCreditLine({ ...parts, label: 'image' }, 'teaser')).toBe('Image credit: AP / J. Doe');
  });

  it('a per-use override replaces the whole line; a blank override does not', () => {
    const parts = { ...std, photographer: 'P' };
    expect(creditLineForUse(parts, 'top', ' Pool photo ')).toBe('Pool photo');
    expect(creditLineForUse(parts, 'top', '   ')).toBe('Top image credit: P');
    expect(creditLineForUse(parts, 'top', null)).toBe('Top image credit: P');
  });

  it('a caption override wins over the default caption', () => {
    expect(captionForUse('Default.', 'For this piece.')).toBe('For this piece.');
    expect(captionForUse('Default.', null)).toBe('Default.');
    expect(captionForUse('Default.', ' ')).toBe('Default.');
    expect(captionForUse(null, undefined)).toBeNull();
  });
});

describe('sniffImageFormat', () => {
  it('reads the five formats from their magic numbers', () => {
    expect(sniffImageFormat(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffImageFormat(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('png');
    expect(sniffImageFormat(bytes('GIF89a', [1, 0]))).toBe('gif');
    expect(sniffImageFormat(bytes('GIF87a', [1, 0]))).toBe('gif');
    expect(sniffImageFormat(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8L', [0]))).toBe('webp');
    expect(sniffImageFormat(ftyp('avif', 'mif1', 'miaf'))).toBe('avif');
    expect(sniffImageFormat(ftyp('avis', 'msf1'))).toBe('avif');
    expect(sniffImageFormat(ftyp('mif1', 'avif'))).toBe('avif');
  });

  it('refuses everything else, whatever its name would say', () => {
    expect(sniffImageFormat(Buffer.from('<?php system($_GET["c"]); ?>'))).toBeNull();
    expect(sniffImageFormat(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageFormat(bytes('BM', [0, 0, 0, 0, 0, 0]))).toBeNull(); // BMP
    expect(sniffImageFormat(bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt ', [0]))).toBeNull();
    expect(sniffImageFormat(ftyp('heic', 'mif1'))).toBeNull();
    expect(sniffImageFormat(bytes([0xff, 0xd8]))).toBeNull();
    expect(sniffImageFormat(Buffer.alloc(0))).toBeNull();
  });

  it('does not trust an ftyp box that claims more bytes than there are', () => {
    const b = ftyp('avif');
    b[3] = 200;
    expect(avifBrand(b)).toBeNull();
  });
});

describe('looksComplete', () => {
  const jpeg = bytes([0xff, 0xd8], [0xff, 0xdb, 0, 3, 0], [0xff, 0xda, 0, 3, 0], [1, 2, 3], [0xff, 0xd9]);
  it('wants an end-of-image marker after the JPEG scan', () => {
    expect(looksComplete('jpeg', jpeg)).toBe(true);
    expect(looksComplete('jpeg', jpeg.subarray(0, jpeg.length - 2))).toBe(false);
    expect(looksComplete('jpeg', jpeg.subarray(0, 6))).toBe(false);
  });
  it('wants the bytes a WebP header announces', () => {
    const webp = bytes('RIFF', [8, 0, 0, 0], 'WEBPVP8L');
    expect(looksComplete('webp', webp)).toBe(true);
    expect(looksComplete('webp', webp.subarray(0, 14))).toBe(false);
  });
});

describe('URLs', () => {
  it('an image address must be https, absolute, without credentials', () => {
    expect(imageUrlProblem('https://images.example.org/a.jpg')).toBeNull();
    expect(imageUrlProblem('http://images.example.org/a.jpg')).toMatch(/https/);
    expect(imageUrlProblem('javascript:alert(1)')).toMatch(/https/);
    expect(imageUrlProblem('file:///etc/passwd')).toMatch(/https/);
    expect(imageUrlProblem('https://user:pw@example.org/a.jpg')).toMatch(/credentials/);
    expect(imageUrlProblem('/relative.jpg')).toMatch(/absolute/);
    expect(imageUrlProblem('https://localhost/a.jpg')).toMatch(/public host/);
    expect(imageUrlProblem(`https://example.org/${'a'.repeat(3000)}`)).toMatch(/at most/);
  });
  it('a party or credit link is http(s)', () => {
    expect(linkProblem('https://www.shutterstock.com')).toBeNull();
    expect(linkProblem('http://example.org')).toBeNull();
    expect(linkProblem('javascript:alert(1)')).toMatch(/http/);
  });
});

describe('small rules', () => {
  it('normalizes party names', () => {
    expect(normalizePartyName('  Frederic   Legrand\t- COMEO ')).toBe('Frederic Legrand - COMEO');
  });
  it('bounds focal points to the image', () => {
    expect(isFocalPoint({ x: 0, y: 1 })).toBe(true);
    expect(isFocalPoint({ x: 0.5, y: 1.01 })).toBe(false);
    expect(isFocalPoint({ x: Number.NaN, y: 0 })).toBe(false);
  });
  it('names stored files by hash and sniffed format, and reads them back', () => {
    const hash = 'a'.repeat(64);
    expect(storageKeyFor(hash, 'jpeg')).toBe(`${hash}.jpg`);
    expect(formatOfStorageKey(`${hash}.avif`)).toBe('avif');
    expect(formatOfStorageKey(`../${hash}.jpg`)).toBeNull();
    expect(formatOfStorageKey(`${hash}.svg`)).toBeNull();
  });
  it('counts whole days left, negative once expired', () => {
    const now = new Date('2026-01-10T12:00:00Z');
    expect(daysLeft(new Date('2026-01-20T12:00:00Z'), now)).toBe(10);
    expect(daysLeft(new Date('2026-01-09T12:00:00Z'), now)).toBe(-1);
    expect(daysLeft(new Date('2026-01-08T11:00:00Z'), now)).toBe(-2);
    expect(daysLeft(new Date('2026-01-10T11:00:00Z'), now)).toBe(0);
    expect(Object.is(daysLeft(new Date('2026-01-10T11:00:00Z'), now), -0)).toBe(false);
  });
});

describe('embedded credit', () => {
  it('maps IPTC/EXIF fields and suggests a structured credit', () => {
    const e = embeddedCreditOf({ Byline: ['Frederic Legrand'], Artist: 'ignored', Credit: 'COMEO', Source: 'Shutterstock.com', CopyrightNotice: '(c) F. L.' });
    expect(e).toEqual({ creator: 'Frederic Legrand', credit: 'COMEO', source: 'Shutterstock.com', copyright: '(c) F. L.' });
    expect(suggestCredit(e)).toEqual({ photographer: 'Frederic Legrand', agency: 'COMEO', provider: 'Shutterstock.com', copyright: '(c) F. L.' });
  });
  it('does not repeat a name in two slots, and is null when there is nothing', () => {
    expect(suggestCredit({ creator: 'AFP', credit: 'AFP', source: 'AFP' })).toEqual({ photographer: 'AFP', agency: null, provider: null, copyright: null });
    expect(embeddedCreditOf({ ImageWidth: 7 })).toBeNull();
    expect(suggestCredit(null)).toBeNull();
  });
});

describe('item 3: topImageProblemOf, the publish gate on a top image', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  const ok = { creditLine: 'Top image credit: A', altText: 'Described', licenseExpiresAt: null, licenseMayDistribute: true };
  it('passes a credited, described, licensed image', () => {
    expect(topImageProblemOf(ok, now)).toBeNull();
    expect(topImageProblemOf({ ...ok, licenseExpiresAt: new Date(now.getTime() + 1) }, now)).toBeNull();
    expect(topImageProblemOf({ ...ok, creditLine: null, creditOverride: 'Handout' }, now)).toBeNull();
  });
  it('refuses an expired licence (at the publish time) and one that forbids distribution', () => {
    expect(topImageProblemOf({ ...ok, licenseExpiresAt: now }, now)).toBe('IMAGE_LICENSE_EXPIRED');
    expect(topImageProblemOf({ ...ok, licenseExpiresAt: new Date(now.getTime() + 60_000) }, new Date(now.getTime() + 120_000))).toBe('IMAGE_LICENSE_EXPIRED');
    expect(topImageProblemOf({ ...ok, licenseMayDistribute: false }, now)).toBe('IMAGE_LICENSE_NOT_DISTRIBUTABLE');
  });
  it('names a missing credit or alt text first', () => {
    expect(topImageProblemOf({ ...ok, creditLine: null, creditOverride: ' ' }, now)).toBe('IMAGE_CREDIT_MISSING');
    expect(topImageProblemOf({ ...ok, altText: ' ' }, now)).toBe('IMAGE_ALT_TEXT_MISSING');
  });
});

describe('item 2: usesLeftBare', () => {
  const use = (creditOverride: string | null) => ({ usageType: 'article', usageId: 'a', status: 'published', slug: 's', headline: 'h', creditOverride });
  it('a per-use credit covers a removed credit; nothing covers removed alt text', async () => {
    const { usesLeftBare } = await import('./image.rules.js');
    expect(usesLeftBare('credit', [use('Photo: Staff'), use(null), use(' ')])).toEqual([use(null), use(' ')]);
    expect(usesLeftBare('alt', [use('Photo: Staff')])).toEqual([use('Photo: Staff')]);
    expect(usesLeftBare('credit', [])).toEqual([]);
  });
});

describe('item 20: usesVisibleTo', () => {
  it('keeps article and teaser uses of visible articles, and uses that are not on articles', async () => {
    const { usesVisibleTo } = await import('./image.rules.js');
    const uses = [
      { usageType: 'article', usageId: 'a1' },
      { usageType: 'article', usageId: 'a2' },
      { usageType: 'teaser', usageId: 'a2' },
      { usageType: 'teaser', usageId: 'a1' },
      { usageType: 'contributor', usageId: 'c1' },
    ];
    expect(usesVisibleTo(uses, new Set(['a1']))).toEqual([uses[0], uses[3], uses[4]]);
    expect(usesVisibleTo(uses, new Set())).toEqual([uses[4]]);
  });
});
