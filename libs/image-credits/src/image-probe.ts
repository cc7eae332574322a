import exifr from 'exifr';
import { imageSize } from 'image-size';
import { DomainError, sha256 } from '#libs/kernel';
import { ImageErrorCode } from './image.errors.js';
import { avifBrand, embeddedCreditOf, looksComplete, MIME_TYPES, shownSize, sniffImageFormat, type EmbeddedCredit, type ImageFormat } from './image.rules.js';
import { loadSharp } from './sharp-loader.js';

export interface ProbedImage {
  format: ImageFormat;
  mimeType: string;
  /** As shown (EXIF orientation / AVIF rotation applied), as browsers display it and renditions render it. */
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
  const stored = dimensionsOf(format, bytes);
  if (!looksComplete(format, bytes)) throw corrupt('the file is truncated');
  const { width, height } = await displayedSize(bytes, stored);
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

/**
 * The size as shown: a phone photo stored landscape with EXIF orientation 6 is displayed (and
 * rendered, sharp's rotate()) portrait. sharp reads it from the header for every format (EXIF
 * in JPEG, PNG, WebP; AVIF's rotation box); if it cannot, the JPEG orientation image-size read.
 */
export async function displayedSize(bytes: Buffer, stored: { width: number; height: number; orientation?: number }): Promise<{ width: number; height: number }> {
  try {
    const sharp = await loadSharp();
    const shown = (await sharp(bytes).metadata()).autoOrient;
    if (shown && Number.isInteger(shown.width) && Number.isInteger(shown.height) && shown.width > 0 && shown.height > 0) return { width: shown.width, height: shown.height };
  } catch {
    // a header sharp cannot read: the stored size, turned by the orientation image-size found
  }
  return shownSize(stored.width, stored.height, stored.orientation);
}

function dimensionsOf(format: ImageFormat, bytes: Buffer): { width: number; height: number; orientation?: number } {
  let input: Uint8Array = bytes;
  if (format === 'avif' && avifBrand(bytes) && bytes.toString('latin1', 8, 12) !== 'avif') {
    input = Buffer.from(bytes);
    (input as Buffer).write('avif', 8, 'latin1');
  }
  let size: { width?: number; height?: number; type?: string; orientation?: number };
  try {
    size = imageSize(input);
  } catch {
    throw corrupt('its dimensions cannot be read');
  }
  if (size.type !== SIZE_TYPE[format]) throw corrupt('its content does not match its header');
  const { width, height } = size;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width! < 1 || height! < 1) throw corrupt('it has no size');
  return { width: width!, height: height!, orientation: size.orientation };
}

/**
 * exifr's options, one object for the process: exifr caches the parsed form of an options
 * object in a module-level Map keyed by the object itself and never evicts it, so an object
 * literal per call kept ~5.5 kB (an Options with 11 segment options and 33 Sets) for every
 * image probed, for the life of the process (the 100,000-post import's 10,000 attachments:
 * ~55 MB of its 192 MB heap; an API server or worker: every upload).
 */
const EXIFR_OPTIONS = Object.freeze({
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
});

/** IPTC/EXIF/XMP creator, credit, source and copyright; null when absent or unreadable. */
export async function readEmbeddedCredit(bytes: Buffer): Promise<EmbeddedCredit | null> {
  try {
    const meta = (await exifr.parse(bytes, EXIFR_OPTIONS as never)) as Record<string, unknown> | undefined;
    return embeddedCreditOf(meta);
  } catch {
    // metadata is a convenience: an unreadable block never refuses an image
    return null;
  }
}
