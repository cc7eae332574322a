import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import sharp from 'sharp';
import { fmtSecs, intEnv, load, log, quantile, rssOf, RssSampler, startChild, table, type Child } from './lib.js';

/**
 * `npm run bench:renditions`: image renditions on the api as `npm start` runs it (a child
 * process). For each configured width: the first render (AVIF, WebP, JPEG; median of
 * BENCH_RENDITION_IMAGES images) and the cached serve (autocannon, BENCH_SECONDS); then a burst
 * of BENCH_RENDITION_BURST distinct first renders at once, with the api's peak RSS. Needs
 * DATABASE_URL (a fresh schema, dropped after). Writes bench/results/renditions-<stamp>.json.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = join(ROOT, 'bench', 'results');
const APP_MAIN = join(ROOT, 'dist/apps/api/src/main.js');
const IMAGES = intEnv('BENCH_RENDITION_IMAGES', 3, 1);
const BURST = intEnv('BENCH_RENDITION_BURST', 64, 1);
const SECONDS = intEnv('BENCH_SECONDS', 5, 1);
const CONCURRENCY = intEnv('IMAGE_RENDITION_CONCURRENCY', 1, 1);
const WIDTHS = [320, 480, 640, 960, 1280, 1600, 2400];
const FORMATS = ['avif', 'webp', 'jpg'] as const;

/** A 3000x2000 photo-like JPEG (noise over gradients: encoders cannot cheat on flat colour). */
async function photo(seed: number): Promise<Buffer> {
  const w = 3000;
  const h = 2000;
  const raw = Buffer.alloc(w * h * 3);
  let x = seed * 2654435761;
  for (let i = 0; i < raw.length; i += 3) {
    x = (x * 1103515245 + 12345) >>> 0;
    const p = i / 3;
    const n = (x >>> 24) & 63;
    raw[i] = ((p % w) * 255) / w / 1.5 + n;
    raw[i + 1] = (Math.floor(p / w) * 255) / h / 1.5 + n;
    raw[i + 2] = 120 + (n >> 1);
  }
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL must name a PostgreSQL database the bench may create a schema in');
  const schema = `bench_r_${randomBytes(4).toString('hex')}`;
  const storage = mkdtempSync(join(tmpdir(), 'bench-images-'));
  const cache = mkdtempSync(join(tmpdir(), 'bench-renditions-'));
  mkdirSync(RESULTS, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  let app: Child | undefined;
  try {
    app = await startChild({
      name: 'api',
      script: APP_MAIN,
      cwd: ROOT,
      nodeArgs: ['--max-semi-space-size=8', '--max-old-space-size=192', '--heap-growing-percent=100'],
      logFile: join(RESULTS, `renditions-${stamp}-api.log`),
      readyPath: '/health',
      env: {
        DATABASE_URL: url,
        DATABASE_SCHEMA: schema,
        JOBS_SCHEMA: `${schema}_jobs`,
        LOG_REQUESTS: 'false',
        LOG_LEVEL: 'warn',
        JOBS_IN_PROCESS: 'false',
        SEED_DEMO: 'never',
        IMAGE_STORAGE_DIR: storage,
        IMAGE_RENDITION_DIR: cache,
        IMAGE_RENDITION_WIDTHS: WIDTHS.join(','),
        IMAGE_RENDITION_CONCURRENCY: String(CONCURRENCY),
        IMAGE_RENDITION_QUEUE: String(BURST),
      },
    });
    // images stored as uploads are: the file under its content hash, and its row
    const keys: string[] = [];
    for (let i = 0; i < IMAGES + BURST; i++) {
      const bytes =
        i < IMAGES + 4
          ? await photo(i + 1)
          : await sharp(await photo((i % 4) + 1))
              .modulate({ brightness: 1 + i / 1000 })
              .jpeg({ quality: 85 })
              .toBuffer();
      const hash = createHash('sha256').update(bytes).digest('hex');
      const key = `${hash}.jpg`;
      mkdirSync(join(storage, key.slice(0, 2)), { recursive: true });
      writeFileSync(join(storage, key.slice(0, 2), key), bytes);
      await pool.query(
        `INSERT INTO "${schema}".images (id, source, content_hash, storage_key, format, byte_size, width, height) VALUES ($1, 'upload', $2, $3, 'jpeg', $4, 3000, 2000) ON CONFLICT DO NOTHING`,
        [randomUUID(), hash, key, bytes.length],
      );
      keys.push(key);
    }
    const rssIdle = rssOf(app.pid).rssMb;
    log(`api pid ${app.pid}: RSS idle ${rssIdle.toFixed(0)} MB; ${IMAGES} images of 3000x2000 for first renders, ${BURST} more for the burst`);

    const get = async (path: string): Promise<{ ms: number; status: number; bytes: number; cache: string | null }> => {
      const t0 = performance.now();
      const r = await fetch(`${app!.base}${path}`);
      const body = await r.arrayBuffer();
      return { ms: performance.now() - t0, status: r.status, bytes: body.byteLength, cache: r.headers.get('x-rendition-cache') };
    };

    // 1. first render and cached serve per width and format
    const rows: (string | number)[][] = [];
    const figures: Record<string, unknown>[] = [];
    for (const width of WIDTHS) {
      for (const format of FORMATS) {
        const firsts: number[] = [];
        let bytes = 0;
        for (const key of keys.slice(0, IMAGES)) {
          const r = await get(`/media/images/${key}/${width}.${format}`);
          if (r.status !== 200 || r.cache !== 'miss') throw new Error(`first render ${width}.${format} answered ${r.status} (${r.cache})`);
          firsts.push(r.ms);
          bytes = r.bytes;
        }
        const path = `/media/images/${keys[0]}/${width}.${format}`;
        const served = await load({ base: app.base, path, seconds: SECONDS, connections: 16 });
        const sorted = [...firsts].sort((a, b) => a - b);
        figures.push({ width, format, firstRenderMsMedian: quantile(sorted, 0.5), firstRenderMsMax: sorted.at(-1), bytes, cached: served });
        rows.push([
          width,
          format,
          quantile(sorted, 0.5).toFixed(0),
          (bytes / 1024).toFixed(0),
          served.reqPerSec.toFixed(0),
          served.p50.toFixed(1),
          served.p99.toFixed(1),
          served.non2xx,
        ]);
      }
    }

    // 2. a burst of distinct first renders at once: the limit holds and RSS stays bounded
    const sampler = new RssSampler(app.pid, 50);
    sampler.start();
    const t0 = performance.now();
    const burst = await Promise.all(keys.slice(IMAGES).map((key, i) => get(`/media/images/${key}/${WIDTHS[WIDTHS.length - 1 - (i % 2)]}.avif`)));
    const burstS = (performance.now() - t0) / 1000;
    const peak = sampler.stop();
    const statuses: Record<number, number> = {};
    for (const r of burst) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const hwm = rssOf(app.pid).hwmMb;

    process.stdout.write(
      `\n### Image renditions (3000x2000 JPEG source, IMAGE_RENDITION_CONCURRENCY=${CONCURRENCY})\n\n` +
        table(['width', 'format', 'first render ms (median)', 'KB', 'cached req/s', 'cached p50 ms', 'cached p99 ms', 'non-2xx'], rows) +
        `\n\nburst: ${BURST} distinct first renders (2400 and 1600 AVIF) at once: ${JSON.stringify(statuses)} in ${fmtSecs(burstS)}; ` +
        `api RSS idle ${rssIdle.toFixed(0)} MB, peak during the burst ${peak.toFixed(0)} MB (VmHWM ${hwm.toFixed(0)} MB)\n`,
    );
    writeFileSync(
      join(RESULTS, `renditions-${stamp}.json`),
      JSON.stringify(
        { concurrency: CONCURRENCY, images: IMAGES, burst: { n: BURST, statuses, seconds: burstS, rssIdleMb: rssIdle, rssPeakMb: peak, hwmMb: hwm }, figures },
        null,
        2,
      ),
    );
  } finally {
    await app?.stop(15_000).catch(() => undefined);
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}_jobs" CASCADE`).catch(() => undefined);
    await pool.end();
    rmSync(storage, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
