import { mkdtemp, readdir, rm, writeFile, mkdir, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LocalDiskImageStorage } from './image-storage.js';

let dir: string;
let storage: LocalDiskImageStorage;
const key = `${'ab'.repeat(32)}.png`;

const filesUnder = async (root: string): Promise<string[]> =>
  (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'images-'));
  storage = new LocalDiskImageStorage(dir);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('LocalDiskImageStorage', () => {
  it('stores under a two-character shard and reads back', async () => {
    await storage.put(key, Buffer.from('hello'));
    expect(await filesUnder(dir)).toEqual([join(dir, 'ab', key)]);
    expect(await storage.has(key)).toBe(true);
    const opened = await storage.open(key);
    expect(opened!.size).toBe(5);
    const chunks: Buffer[] = [];
    for await (const c of opened!.stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('hello');
    await storage.put(key, Buffer.from('hello')); // idempotent
    await storage.remove(key);
    expect(await storage.has(key)).toBe(false);
    expect(await filesUnder(dir)).toEqual([]);
  });

  it('refuses keys that are not content hashes (no path escapes)', async () => {
    await expect(storage.put('../../etc/passwd', Buffer.from('x'))).rejects.toThrow(/invalid storage key/);
    expect(await storage.open('../secret.jpg')).toBeNull();
    expect(await storage.open(`${'0'.repeat(64)}.jpg`)).toBeNull();
  });

  it('leaves neither a temp file nor a half-written file when the write fails', async () => {
    // a directory squats the final name: the rename into place fails after the temp file was written
    await mkdir(join(dir, 'ab', key), { recursive: true });
    await expect(storage.put(key, Buffer.from('bytes'))).rejects.toThrow();
    expect(await filesUnder(dir)).toEqual([]);
    expect(await readdir(join(dir, '.tmp'))).toEqual([]);
  });

  it('sweeps stale temp files left by a crash', async () => {
    await mkdir(join(dir, '.tmp'), { recursive: true });
    const stale = join(dir, '.tmp', 'x.part');
    const fresh = join(dir, '.tmp', 'y.part');
    await writeFile(stale, 'x');
    await writeFile(fresh, 'y');
    const old = new Date(Date.now() - 2 * 3600_000);
    await utimes(stale, old, old);
    expect(await storage.sweepTemp()).toBe(1);
    expect(await filesUnder(dir)).toEqual([fresh]);
  });
});
