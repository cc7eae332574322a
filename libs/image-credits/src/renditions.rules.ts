import { EXTENSIONS, type ImageFormat } from './image.rules.js';

/**
 * Image renditions: resized (and optionally cropped) copies of a stored upload, in a fixed,
 * configured set of widths and aspect ratios, in AVIF, WebP and the image's own format.
 *
 * A rendition is addressed as `/media/images/<storage key>/<name>` with
 *   `<width>.<ext>`                                 the whole image, `width` wide
 *   `<width>-<rw>x<rh>-f<fx>x<fy>.<ext>`            cropped to rw:rh around the focal point
 *                                                   (fx, fy in thousandths of width and height)
 * The focal point is part of the name so a URL never changes what it shows (served immutable):
 * moving the focal point gives new crop URLs, and the page is refreshed with them.
 * Only the names `offeredRenditions` lists for an image are rendered; everything else is refused,
 * so a caller cannot make the server render arbitrary sizes.
 */
export interface RenditionPolicy {
  /** Allowed widths, ascending. */
  widths: readonly number[];
  /** Allowed crop aspect ratios. */
  ratios: readonly AspectRatio[];
}

export interface AspectRatio {
  w: number;
  h: number;
}

/** What the rules need to know about an image. */
export interface RenditionSource {
  storageKey: string;
  format: ImageFormat;
  width: number;
  height: number;
  /** 0..1 each; null: the centre. */
  focalPoint: { x: number; y: number } | null;
}

export interface RenditionSpec {
  width: number;
  /** null: the whole image, scaled. */
  ratio: AspectRatio | null;
  /** Thousandths (0..1000); set exactly when `ratio` is. */
  focal: { x: number; y: number } | null;
  format: ImageFormat;
}

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

const NAME_PATTERN = /^([1-9]\d{0,4})(?:-([1-9]\d?)x([1-9]\d?)-f(\d{1,4})x(\d{1,4}))?\.(jpg|png|webp|gif|avif)$/;
const FORMAT_OF_EXT = Object.fromEntries(Object.entries(EXTENSIONS).map(([f, e]) => [e, f as ImageFormat])) as Record<string, ImageFormat>;

/** RULE: `16:9` → {16, 9}; null when not two positive integers below 100. */
export function parseAspectRatio(s: string): AspectRatio | null {
  const m = /^([1-9]\d?):([1-9]\d?)$/.exec(s.trim());
  return m ? { w: Number(m[1]), h: Number(m[2]) } : null;
}

export const aspectRatioLabel = (r: AspectRatio): string => `${r.w}:${r.h}`;

/** A rendition's file name (see the grammar above). */
export function renditionName(spec: RenditionSpec): string {
  const crop = spec.ratio && spec.focal ? `-${spec.ratio.w}x${spec.ratio.h}-f${spec.focal.x}x${spec.focal.y}` : '';
  return `${spec.width}${crop}.${EXTENSIONS[spec.format]}`;
}

/** Parses a rendition file name; null when it does not follow the grammar. */
export function parseRenditionName(name: string): RenditionSpec | null {
  const m = NAME_PATTERN.exec(name);
  if (!m) return null;
  const format = FORMAT_OF_EXT[m[6] ?? ''];
  if (!format) return null;
  if (m[2] === undefined) return { width: Number(m[1]), ratio: null, focal: null, format };
  const fx = Number(m[4]);
  const fy = Number(m[5]);
  if (fx > 1000 || fy > 1000) return null;
  return { width: Number(m[1]), ratio: { w: Number(m[2]), h: Number(m[3]) }, focal: { x: fx, y: fy }, format };
}

/** RULE: the formats an image is offered in: AVIF, WebP, then its own (a GIF's first frame). */
export function outputFormats(original: ImageFormat): ImageFormat[] {
  return [...new Set<ImageFormat>(['avif', 'webp', original])];
}

/** RULE: the focal point in thousandths, the centre when unset. */
export function focalThousandths(fp: RenditionSource['focalPoint']): { x: number; y: number } {
  const clamp = (v: number) => Math.min(1000, Math.max(0, Math.round(v * 1000)));
  return fp ? { x: clamp(fp.x), y: clamp(fp.y) } : { x: 500, y: 500 };
}

/** RULE: the largest region of the ratio inside the image, centred on the focal point as far as the edges allow (the focal point is always inside). */
export function cropRect(width: number, height: number, ratio: AspectRatio, focal: { x: number; y: number }): Rect {
  let w: number;
  let h: number;
  if (width * ratio.h > height * ratio.w) {
    h = height;
    w = Math.max(1, Math.min(width, Math.round((height * ratio.w) / ratio.h)));
  } else {
    w = width;
    h = Math.max(1, Math.min(height, Math.round((width * ratio.h) / ratio.w)));
  }
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  const left = clamp(Math.round((focal.x / 1000) * width - w / 2), width - w);
  const top = clamp(Math.round((focal.y / 1000) * height - h / 2), height - h);
  return { left, top, width: w, height: h };
}

/** RULE: the configured widths up to `full`, and `full` itself when it is below the largest (the sharpest candidate a srcset can have). */
export function offeredWidths(full: number, widths: readonly number[]): number[] {
  const out = widths.filter((w) => w <= full);
  if (widths.length && full < widths[widths.length - 1]! && !out.includes(full)) out.push(full);
  return out;
}

/** RULE: a rendition's height: the whole image scaled, or the ratio. */
export function renditionHeight(src: { width: number; height: number }, width: number, ratio: AspectRatio | null): number {
  return Math.max(1, Math.round(ratio ? (width * ratio.h) / ratio.w : (width * src.height) / src.width));
}

/** RULE: whether a rendition is one the image is offered in (the only ones ever rendered). */
export function isOffered(src: RenditionSource, spec: RenditionSpec, policy: RenditionPolicy): boolean {
  if (!outputFormats(src.format).includes(spec.format)) return false;
  let full = src.width;
  if (spec.ratio) {
    if (!policy.ratios.some((r) => r.w === spec.ratio!.w && r.h === spec.ratio!.h)) return false;
    const f = focalThousandths(src.focalPoint);
    if (!spec.focal || spec.focal.x !== f.x || spec.focal.y !== f.y) return false;
    full = cropRect(src.width, src.height, spec.ratio, f).width;
  }
  return offeredWidths(full, policy.widths).includes(spec.width);
}

/** One rendition as the payload lists it: srcset-ready (`url` + `width`w) with its height and format. */
export interface RenditionView {
  url: string;
  width: number;
  height: number;
  format: ImageFormat;
}

/** The image cropped to one configured ratio around its focal point, in every offered width and format. */
export interface CropView {
  /** `16:9`. */
  aspectRatio: string;
  /** The largest crop of that ratio (what the widest rendition shows). */
  width: number;
  height: number;
  renditions: RenditionView[];
}

/** What every uploaded image in the content payload carries besides its original. */
export interface ImageRenditionsView {
  /** The whole image: every offered width in AVIF, WebP and its own format, narrowest first. */
  renditions: RenditionView[];
  /** One per configured ratio (`IMAGE_RENDITION_RATIOS`). */
  crops: CropView[];
}

/** RULE: the srcset-ready renditions of an image; `base` is the URL its storage key is served under. */
export function renditionsOf(src: RenditionSource, policy: RenditionPolicy, base: string): ImageRenditionsView {
  const focal = focalThousandths(src.focalPoint);
  const list = (ratio: AspectRatio | null, full: number): RenditionView[] =>
    offeredWidths(full, policy.widths).flatMap((width) =>
      outputFormats(src.format).map((format) => ({
        url: `${base}/${src.storageKey}/${renditionName({ width, ratio, focal: ratio ? focal : null, format })}`,
        width,
        height: renditionHeight(src, width, ratio),
        format,
      })),
    );
  return {
    renditions: list(null, src.width),
    crops: policy.ratios.map((ratio) => {
      const rect = cropRect(src.width, src.height, ratio, focal);
      return { aspectRatio: aspectRatioLabel(ratio), width: rect.width, height: renditionHeight(src, rect.width, ratio), renditions: list(ratio, rect.width) };
    }),
  };
}

/** RULE: an image without renditions (registered by URL, or its size unknown). */
export const NO_RENDITIONS: ImageRenditionsView = { renditions: [], crops: [] };
