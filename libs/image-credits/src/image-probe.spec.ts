import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DomainError } from '#libs/kernel';
import { probeImage } from './image-probe.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/images/${name}`, import.meta.url));
const MAX = 1024 * 1024;

const refusal = async (bytes: Buffer, max = MAX) => {
  try {
    await probeImage(bytes, max);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return { kind: (e as DomainError).kind, code: (e as DomainError).code };
  }
  throw new Error('expected a refusal');
};

describe('probeImage', () => {
  it.each([
    ['sample.jpg', 'jpeg', 32, 16],
    ['sample.png', 'png', 7, 5],
    ['sample.gif', 'gif', 9, 4],
    ['sample.webp', 'webp', 11, 6],
    ['sample.avif', 'avif', 7, 5],
  ])('reads %s as %s %ix%i', async (name, format, width, height) => {
    const p = await probeImage(fixture(name), MAX);
    expect(p).toMatchObject({ format, width, height, byteSize: fixture(name).length });
    expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads the embedded creator, credit, source and copyright', async () => {
    const p = await probeImage(fixture('sample-credited.jpg'), MAX);
    expect(p.embeddedCredit).toEqual({ creator: 'Frederic Legrand', credit: 'COMEO', source: 'Shutterstock.com', copyright: '(c) Frederic Legrand - COMEO' });
    expect((await probeImage(fixture('sample.png'), MAX)).embeddedCredit).toBeNull();
  });

  it('refuses empty, oversized, foreign and broken files with their codes', async () => {
    const jpeg = fixture('sample.jpg');
    expect(await refusal(Buffer.alloc(0))).toEqual({ kind: 'validation', code: 'IMAGE_EMPTY' });
    expect(await refusal(jpeg, jpeg.length - 1)).toEqual({ kind: 'payload_too_large', code: 'IMAGE_TOO_LARGE' });
    expect(await refusal(Buffer.from('<?php echo shell_exec($_GET["c"]); ?>'))).toEqual({ kind: 'unsupported_media_type', code: 'IMAGE_UNSUPPORTED_TYPE' });
    expect(await refusal(jpeg.subarray(0, 40))).toEqual({ kind: 'validation', code: 'IMAGE_CORRUPT' }); // cut before the frame header
    expect(await refusal(jpeg.subarray(0, jpeg.length - 2))).toEqual({ kind: 'validation', code: 'IMAGE_CORRUPT' }); // no end marker
    const png = fixture('sample.png');
    expect(await refusal(png.subarray(0, 30))).toEqual({ kind: 'validation', code: 'IMAGE_CORRUPT' });
    const webp = fixture('sample.webp');
    expect(await refusal(webp.subarray(0, webp.length - 4))).toEqual({ kind: 'validation', code: 'IMAGE_CORRUPT' });
  });

  it('accepts an AVIF whose major brand is not avif but lists it as compatible', async () => {
    const avif = Buffer.from(fixture('sample.avif'));
    const size = avif.readUInt32BE(0);
    const brands = avif.toString('latin1', 16, size);
    expect(brands).toContain('avif');
    avif.write('mif1', 8, 'latin1');
    expect((await probeImage(avif, MAX)).format).toBe('avif');
  });
});

describe('probeImage: EXIF orientation', () => {
  const oriented = (format: 'jpeg' | 'png' | 'webp', orientation: number) =>
    sharp({ create: { width: 40, height: 20, channels: 3, background: '#808080' } })
      .toFormat(format)
      .withMetadata({ orientation })
      .toBuffer();
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('a 40x20 JPEG with orientation %i is stored at the size it is shown', async (o) => {
    const p = await probeImage(await oriented('jpeg', o), MAX);
    expect({ width: p.width, height: p.height }).toEqual(o >= 5 ? { width: 20, height: 40 } : { width: 40, height: 20 });
  });
  it.each(['png', 'webp'] as const)('applies it to %s too', async (format) => {
    expect(await probeImage(await oriented(format, 6), MAX)).toMatchObject({ format, width: 20, height: 40 });
  });
});
