import type SharpModule from 'sharp';

export type Sharp = typeof SharpModule;
let loaded: Promise<Sharp> | undefined;

/**
 * sharp (libvips, ~15 MB resident) is loaded on first use (a render, or reading an upload's
 * orientation), not at boot: most processes never need it.
 */
export const loadSharp = (): Promise<Sharp> =>
  (loaded ??= import('sharp').then((m) => {
    // libvips' own operation cache would hold decoded images in memory besides our disk cache
    m.default.cache(false);
    return m.default;
  }));

/** Largest decoded image accepted (px): a small file that decodes to gigapixels is refused, not rendered. */
export const MAX_INPUT_PIXELS = 100_000_000;
