/**
 * Image helpers for responsive markup. Every image of the content payload (top image, card and
 * teaser images, avatars) has `url`, `width` and `height`; where the api serves renditions the
 * image lists them, in one of two forms:
 * - `renditions`: each with its url, width, height and format (the article page, teasers, avatars);
 * - `srcset`: compact (list cards and search hits), the widths and per format a URL with
 *   `{width}` in the width's place; `renditionsOf` expands it to the first form.
 * These helpers read whatever is there, so they work on all of them.
 */
export interface RenditionLike {
  url: string;
  width: number;
  height?: number | null;
  /** `jpeg`, `webp`, `avif`, ... (absent: the original's format). */
  format?: string | null;
}

/** Renditions in their compact form: every width in every format. */
export interface SrcsetLike {
  widths: readonly number[];
  templates: readonly { format: string; url: string }[];
}

export interface ImageLike {
  url: string;
  width: number | null;
  height: number | null;
  alt?: string | null;
  format?: string | null;
  renditions?: readonly RenditionLike[] | null;
  srcset?: SrcsetLike | null;
  crops?: readonly CropLike[] | null;
}

/** A crop of an image (`crops[]` of the payload), in either form. */
export interface CropLike {
  aspectRatio: string;
  width: number;
  height: number;
  renditions?: readonly RenditionLike[] | null;
  srcset?: SrcsetLike | null;
}

/**
 * The image's renditions as a list: `renditions` when the image lists them, else its compact
 * `srcset` expanded (each width in each format; the height from the image's aspect ratio).
 */
export function renditionsOf(image: Pick<ImageLike, 'width' | 'height' | 'renditions' | 'srcset'>): RenditionLike[] {
  if (image.renditions?.length || !image.srcset) return [...(image.renditions ?? [])];
  const { width, height } = image;
  return image.srcset.widths.flatMap((w) =>
    image.srcset!.templates.map((t) => ({
      url: t.url.replace('{width}', String(w)),
      width: w,
      height: width && height ? Math.max(1, Math.round((w * height) / width)) : null,
      format: t.format,
    })),
  );
}

/**
 * One crop of an image as an image of its own (`srcset(crop(img, '16:9'))`), in either form;
 * null when the image has no crop of that ratio.
 */
export function crop(image: ImageLike, aspectRatio: string): ImageLike | null {
  const c = image.crops?.find((x) => x.aspectRatio === aspectRatio);
  if (!c) return null;
  const [rw, rh] = aspectRatio.split(':').map(Number) as [number, number];
  // a rendition of a crop is exactly the ratio at its width (renditions.rules.ts)
  const list = c.renditions?.length ? [...c.renditions] : renditionsOf({ width: rw, height: rh, srcset: c.srcset, renditions: null });
  return { url: image.url, width: c.width, height: c.height, alt: image.alt ?? null, format: image.format ?? null, renditions: list };
}

const MIME: Record<string, string> = { jpeg: 'image/jpeg', jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif', gif: 'image/gif' };

/** The image's candidates of one format (default: the original's), narrowest first; the original when there are none. */
export function candidates(image: ImageLike, format?: string): RenditionLike[] {
  const wanted = format ?? image.format ?? null;
  const all = renditionsOf(image);
  const of = all.filter((r) => (wanted ? (r.format ?? image.format ?? null) === wanted : !r.format || r.format === image.format));
  const list = of.length ? of : format ? [] : image.width ? [{ url: image.url, width: image.width, height: image.height, format: image.format ?? null }] : [];
  return [...list].sort((a, b) => a.width - b.width);
}

/** A `srcset` attribute value (`url 320w, url 640w, ...`); empty when nothing has a known width. */
export function srcset(image: ImageLike, format?: string): string {
  return candidates(image, format)
    .map((r) => `${r.url} ${r.width}w`)
    .join(', ');
}

/** The narrowest candidate at least `width` pixels wide (else the widest), for a plain `src`. */
export function pick(image: ImageLike, width: number, format?: string): RenditionLike | { url: string; width: number | null; height: number | null } {
  const list = candidates(image, format);
  return list.find((r) => r.width >= width) ?? list[list.length - 1] ?? { url: image.url, width: image.width, height: image.height };
}

/**
 * `<picture>` sources, the better formats first (AVIF, then WebP), then the original's format as
 * the `<img>`: `{ sources: [{ type, srcset }], img: { src, srcset, width, height, alt } }`.
 */
export function picture(image: ImageLike, opts: { sizes?: string; width?: number } = {}) {
  const formats = new Set(
    renditionsOf(image)
      .map((r) => r.format)
      .filter((f): f is string => !!f && f !== image.format),
  );
  const order = ['avif', 'webp'];
  const sources = [...formats]
    .sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99))
    .map((f) => ({ type: MIME[f] ?? `image/${f}`, srcset: srcset(image, f), sizes: opts.sizes ?? '100vw' }));
  const src = pick(image, opts.width ?? 1200);
  return {
    sources,
    img: { src: src.url, srcset: srcset(image), sizes: opts.sizes ?? '100vw', width: image.width, height: image.height, alt: image.alt ?? '' },
  };
}

/** Escapes text for an HTML attribute or element. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The `<picture>` markup of an image (see `picture`). */
export function pictureHtml(image: ImageLike, opts: { sizes?: string; width?: number; loading?: 'lazy' | 'eager' } = {}): string {
  const p = picture(image, opts);
  const a = (name: string, v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? '' : ` ${name}="${escapeHtml(String(v))}"`);
  const sources = p.sources.map((s) => `<source${a('type', s.type)}${a('srcset', s.srcset)}${a('sizes', s.sizes)}>`).join('');
  return `<picture>${sources}<img${a('src', p.img.src)}${a('srcset', p.img.srcset)}${a('sizes', p.img.sizes)}${a('width', p.img.width)}${a('height', p.img.height)}${a('alt', p.img.alt)}${a('loading', opts.loading ?? 'lazy')}></picture>`;
}
