import exifr from 'exifr';
import { imageSize } from 'image-size';
import { DomainError, sha256 } from '#libs/kernel';
import { ImageErrorCode } from './image.errors.js';
import { avifBrand, embeddedCreditOf, looksComplete, MIME_TYPES, sniffImageFormat, type EmbeddedCredit, type ImageFormat } from './image.rules.js';

export interface ProbedImage {
  format: ImageFormat;
  mimeType: string;
  width: number;
  height: number;
  byteSize: number;
  sha256: string;
  embeddedCredit: EmbeddedCredit | null;
}

// image-size names its types differently and knows AVIF only by its major brand
const SIZE_TYPE: Record<ImageFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', gif: 'gif', avif: 'avif' };

const corrupt = (why: string) => new DomainError('validation', ImageErrorCode.Corrupt, `The file is not a readable image (${why}).`);

/**
 * Checks an uploaded file before anything is stored: not empty, not over the limit, one of
 * the accepted formats by its bytes, complete, with readable dimensions. Throws the domain
 * error that names what is wrong.
 */
export async function probeImage(bytes: Buffer, maxBytes: number): Promise<ProbedImage> {
  if (bytes.length === 0) throw new DomainError('validation', ImageErrorCode.Empty, 'The file is empty.');
  if (bytes.length > maxBytes) throw tooLarge(maxBytes);
  const format = sniffImageFormat(bytes);
  if (!format) {
    throw new DomainError('unsupported_media_type', ImageErrorCode.UnsupportedType, 'Only JPEG, PNG, WebP, GIF and AVIF images are accepted.', [
      { field: 'file', code: ImageErrorCode.UnsupportedType, message: 'the content is not a JPEG, PNG, WebP, GIF or AVIF image' },
    ]);
  }
  const { width, height } = dimensionsOf(format, bytes);
  if (!looksComplete(format, bytes)) throw corrupt('the file is truncated');
  return {
    format,
    mimeType: MIME_TYPES[format],
    width,
    height,
    byteSize: bytes.length,
    sha256: sha256(bytes),
    embeddedCredit: await readEmbeddedCredit(bytes),
  };
}

export const tooLarge = (maxBytes: number) =>
  new DomainError('payload_too_large', ImageErrorCode.TooLarge, `The file is larger than the limit of ${maxBytes} bytes.`, [], { maxBytes });

function dimensionsOf(format: ImageFormat, bytes: Buffer): { width: number; height: number } {
  let input: Uint8Array = bytes;
  if (format === 'avif' && avifBrand(bytes) && bytes.toString('latin1', 8, 12) !== 'avif') {
    input = Buffer.from(bytes);
    (input as Buffer).write('avif', 8, 'latin1');
  }
  let size: { width?: number; height?: number; type?: string };
  try {
    size = imageSize(input);
  } catch {
    throw corrupt('its dimensions cannot be read');
  }
  if (size.type !== SIZE_TYPE[format]) throw corrupt('its content does not match its header');
  const { width, height } = size;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width! < 1 || height! < 1) throw corrupt('it has no size');
  return { width: width!, height: height! };
}

/** IPTC/EXIF/XMP creator, credit, source and copyright; null when absent or unreadable. */
export async function readEmbeddedCredit(bytes: Buffer): Promise<EmbeddedCredit | null> {
  try {
    const meta = (await exifr.parse(bytes, {
      tiff: true,
      ifd0: true,
      exif: false,
      gps: false,
      interop: false,
      ifd1: false,
      iptc: true,
      xmp: true,
      icc: false,
      jfif: false,
      ihdr: false,
      mergeOutput: true,
      silentErrors: true,
    } as never)) as Record<string, unknown> | undefined;
    return embeddedCreditOf(meta);
  } catch {
    // metadata is a convenience: an unreadable block never refuses an image
    return null;
  }
}
