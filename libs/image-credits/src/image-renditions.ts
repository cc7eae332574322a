import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { DomainError } from '#libs/kernel';
import { ImageErrorCode, renditionBusy, renditionNotOffered } from './image.errors.js';
import { formatOfStorageKey, MIME_TYPES, STORAGE_KEY_PATTERN, type ImageFormat } from './image.rules.js';
import { ImageStorage, writeFileAtomically } from './image-storage.js';
import { loadSharp, MAX_INPUT_PIXELS } from './sharp-loader.js';
import { ImagesRepository } from './images.repository.js';
import {
  cropRect,
  isOffered,
  NO_RENDITIONS,
  parseRenditionName,
  renditionHeight,
  renditionsOf,
  type RenditionPolicy,
  type ImageRenditionsView,
  type RenditionSource,
  type RenditionSpec,
} from './renditions.rules.js';

export interface OpenedRendition {
  stream: Readable;
  size: number;
  contentType: string;
  /** `hit`: served from the disk cache; `miss`: rendered by this request (or one it waited for). */
  cache: 'hit' | 'miss';
}

/**
 * A counting semaphore with a bounded queue: `run` waits for one of `limit` slots, and refuses
 * at once (null) when `queue` callers already wait, so a burst holds a bounded amount of memory.
 */
class RenderLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** Most renders seen running at once (for tests and the bench). */
  peak = 0;

  constructor(
    private readonly limit: number,
    private readonly queue: number,
  ) {}

  async run<T>(fn: () => Promise<T>): Promise<T | null> {
    if (this.running >= this.limit) {
      if (this.waiting.length >= this.queue) return null;
      await new Promise<void>((r) => this.waiting.push(r));
    } else this.running++;
    this.peak = Math.max(this.peak, this.running);
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next)
        next(); // hands the slot on: `running` stays
      else this.running--;
    }
  }
}

/**
 * Renditions of stored uploads (see renditions.rules.ts for the URL grammar): rendered with sharp
 * on first request under a concurrency limit, written to the cache folder atomically (temp file,
 * flush, rename), then served from disk. Concurrent requests for one rendition render it once.
 */
@Injectable()
export class ImageRenditions {
  readonly policy: RenditionPolicy;
  private readonly root: string;
  private readonly limit: RenderLimit;
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly storage: ImageStorage,
    private readonly repo: ImagesRepository,
  ) {
    const r = config.images.renditions;
    this.policy = { widths: r.widths, ratios: r.ratios };
    this.root = resolve(r.dir);
    this.limit = new RenderLimit(r.concurrency, r.queue);
  }

  /** Most first renders seen running at once in this process. */
  get peakRenders(): number {
    return this.limit.peak;
  }

  /** The srcset-ready renditions of an image as a page shows it (none for images registered by URL). */
  viewsOf(image: {
    storageKey: string | null;
    format: string | null;
    width: number | null;
    height: number | null;
    focalPoint: { x: number; y: number } | null;
  }): ImageRenditionsView {
    const src = sourceOf(image);
    return src ? renditionsOf(src, this.policy, this.config.images.baseUrl) : NO_RENDITIONS;
  }

  /** A rendition's file: from the cache, or rendered now. Throws MEDIA_NOT_FOUND, IMAGE_RENDITION_NOT_OFFERED, IMAGE_RENDITION_BUSY. */
  async open(key: string, name: string): Promise<OpenedRendition> {
    if (!STORAGE_KEY_PATTERN.test(key)) throw mediaNotFound();
    const spec = parseRenditionName(name);
    if (!spec) throw renditionNotOffered();
    const path = this.pathOf(key, name);
    const cached = await fileSize(path);
    if (cached !== null) return { stream: createReadStream(path), size: cached, contentType: MIME_TYPES[spec.format], cache: 'hit' };

    const image = await this.repo.findUploadByStorageKey(key);
    const src = image ? sourceOf(image) : null;
    if (!src) throw mediaNotFound();
    if (!isOffered(src, spec, this.policy)) throw renditionNotOffered();

    let job = this.inFlight.get(path);
    if (!job) {
      job = this.renderOnce(src, spec, path).finally(() => this.inFlight.delete(path));
      this.inFlight.set(path, job);
    }
    await job;
    const size = await fileSize(path);
    if (size === null) throw mediaNotFound();
    return { stream: createReadStream(path), size, contentType: MIME_TYPES[spec.format], cache: 'miss' };
  }

  /** Deletes every cached rendition of a stored file (its image was deleted). */
  async purge(key: string): Promise<void> {
    if (STORAGE_KEY_PATTERN.test(key)) await rm(join(this.root, key.slice(0, 2), key), { recursive: true, force: true });
  }

  private pathOf(key: string, name: string): string {
    return join(this.root, key.slice(0, 2), key, name);
  }

  private async renderOnce(src: RenditionSource, spec: RenditionSpec, path: string): Promise<void> {
    const done = await this.limit.run(async () => {
      if ((await fileSize(path)) !== null) return true; // rendered while this one waited
      const original = await this.storage.open(src.storageKey);
      if (!original) throw mediaNotFound();
      const bytes = await readAll(original.stream);
      await writeAtomically(path, await render(bytes, src, spec));
      return true;
    });
    if (done === null) throw renditionBusy();
  }
}

const mediaNotFound = () => new DomainError('not_found', ImageErrorCode.MediaNotFound, 'No such file.');

function sourceOf(image: {
  storageKey: string | null;
  format: string | null;
  width: number | null;
  height: number | null;
  focalPoint: { x: number; y: number } | null;
}): RenditionSource | null {
  if (!image.storageKey || !image.width || !image.height) return null;
  const format = (image.format as ImageFormat | null) ?? formatOfStorageKey(image.storageKey);
  if (!format) return null;
  return { storageKey: image.storageKey, format, width: image.width, height: image.height, focalPoint: image.focalPoint };
}

/** Decodes, orients, crops around the focal point, scales to exactly the rendition's size, encodes. */
async function render(bytes: Buffer, src: RenditionSource, spec: RenditionSpec): Promise<Buffer> {
  const sharp = await loadSharp();
  const height = renditionHeight(src, spec.width, spec.ratio);
  let img = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, sequentialRead: true }).rotate();
  if (spec.ratio && spec.focal) {
    // the crop on the pixels as shown (EXIF orientation applied), which the stored size also is
    // (image-probe; images stored before that are put right by ImagesService.reorientStored)
    const meta = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    const shown = meta.autoOrient ?? { width: meta.width, height: meta.height };
    img = img.extract(cropRect(shown.width ?? src.width, shown.height ?? src.height, spec.ratio, spec.focal));
  }
  img = img.resize(spec.width, height, { fit: 'fill' });
  switch (spec.format) {
    case 'avif':
      return img.avif({ quality: 50, effort: 1 }).toBuffer(); // effort 2+ takes ~4x longer for ~5 % smaller files
    case 'webp':
      return img.webp({ quality: 78 }).toBuffer();
    case 'jpeg':
      return img.jpeg({ quality: 80, mozjpeg: true }).toBuffer();
    case 'png':
      return img.png({ compressionLevel: 9 }).toBuffer();
    case 'gif':
      return img.gif().toBuffer();
  }
}

async function fileSize(path: string): Promise<number | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function writeAtomically(path: string, bytes: Buffer): Promise<void> {
  const dir = resolve(path, '..');
  await mkdir(dir, { recursive: true });
  await writeFileAtomically(path, bytes, `${path}.${randomBytes(6).toString('hex')}.part`);
}
