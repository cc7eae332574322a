import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { STORAGE_KEY_PATTERN } from './image.rules.js';

/**
 * Where uploaded image files live, by key (`<sha256>.<ext>`). Implementations must make `put`
 * atomic (a reader sees the whole file or none) and idempotent (same key, same bytes).
 * The local-disk one is the default; an object store can replace it behind this interface.
 */
export abstract class ImageStorage {
  abstract put(key: string, bytes: Buffer): Promise<void>;
  abstract has(key: string): Promise<boolean>;
  /** The file's bytes as a stream, or null when there is no such file. */
  abstract open(key: string): Promise<{ stream: Readable; size: number } | null>;
  abstract remove(key: string): Promise<void>;
}

const TEMP_DIR = '.tmp';
const STALE_TEMP_MS = 60 * 60_000;

function assertKey(key: string): void {
  // keys come from our own hashing, but a served path must never escape the directory
  if (!STORAGE_KEY_PATTERN.test(key)) throw new Error(`invalid storage key: ${key}`);
}

/**
 * Files under `<root>/<first two hex digits>/<key>`. A file is written to `<root>/.tmp`,
 * flushed, then renamed into place, so a crash or error never leaves a half-written image
 * under its final name; the temp file is deleted on failure.
 */
export class LocalDiskImageStorage extends ImageStorage {
  readonly root: string;

  constructor(root: string) {
    super();
    this.root = resolve(root);
  }

  pathOf(key: string): string {
    assertKey(key);
    return join(this.root, key.slice(0, 2), key);
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const final = this.pathOf(key);
    const tempDir = join(this.root, TEMP_DIR);
    await mkdir(tempDir, { recursive: true });
    await mkdir(dirname(final), { recursive: true });
    await writeFileAtomically(final, bytes, join(tempDir, `${key}.${randomBytes(6).toString('hex')}.part`));
  }

  async has(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch {
      return false;
    }
  }

  async open(key: string): Promise<{ stream: Readable; size: number } | null> {
    if (!STORAGE_KEY_PATTERN.test(key)) return null;
    const path = this.pathOf(key);
    try {
      const s = await stat(path);
      if (!s.isFile()) return null;
      return { stream: createReadStream(path), size: s.size };
    } catch {
      return null;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  /** Deletes temp files a crashed process left behind (older than an hour). */
  async sweepTemp(now = Date.now()): Promise<number> {
    const dir = join(this.root, TEMP_DIR);
    let removed = 0;
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return 0;
    }
    for (const name of names) {
      const path = join(dir, name);
      const s = await stat(path).catch(() => null);
      if (s && now - s.mtimeMs > STALE_TEMP_MS) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }
}

/**
 * Writes `bytes` to `temp` (created exclusively, synced), then renames it to `final`: a reader sees
 * the whole file or none. `temp` must be on the same file system; it is removed when anything fails.
 */
export async function writeFileAtomically(final: string, bytes: Buffer, temp: string): Promise<void> {
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, final);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}
