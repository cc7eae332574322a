import http from 'node:http';
import autocannon, { type Request, type Result } from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Shared helpers of the benchmark: env, child processes, RSS, load runs, progress, tables. */

export function intEnv(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min} (got ${raw})`);
  return n;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const log = (line: string) => process.stderr.write(`${line}\n`);

/** A free loopback port (closed again before the child binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface Child {
  name: string;
  proc: ChildProcess;
  pid: number;
  port: number;
  base: string;
  logFile: string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/** Starts `node [nodeArgs] script` with env; output goes to logFile. Waits for `readyPath` to answer. */
export async function startChild(o: {
  name: string;
  script: string;
  env: Record<string, string>;
  nodeArgs?: string[];
  logFile: string;
  readyPath: string;
  readyTimeoutMs?: number;
  cwd: string;
}): Promise<Child> {
  const port = await freePort();
  const out = createWriteStream(o.logFile, { flags: 'a' });
  const proc = spawn(process.execPath, [...(o.nodeArgs ?? []), o.script], {
    cwd: o.cwd,
    env: { ...process.env, ...o.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.pipe(out);
  proc.stderr!.pipe(out);
  let exited: number | null | undefined;
  const exit = new Promise<number | null>((resolve) =>
    proc.once('exit', (code) => {
      exited = code;
      resolve(code);
    }),
  );
  const base = `http://127.0.0.1:${port}`;
  const child: Child = {
    name: o.name,
    proc,
    pid: proc.pid!,
    port,
    base,
    logFile: o.logFile,
    stop: async (graceMs = 15_000) => {
      if (exited !== undefined) return exited;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
  };
  const deadline = Date.now() + (o.readyTimeoutMs ?? 90_000);
  for (;;) {
    if (exited !== undefined) throw new Error(`${o.name} exited with code ${exited} before it was ready (see ${o.logFile})`);
    try {
      const res = await fetch(base + o.readyPath, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status < 500) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await child.stop(2_000);
      throw new Error(`${o.name} not ready within ${o.readyTimeoutMs ?? 90_000} ms (see ${o.logFile})`);
    }
    await sleep(200);
  }
}

/** VmRSS and VmHWM (peak) of a process, in MB. */
export function rssOf(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

// clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux)
const USER_HZ = 100;
const statFields = (stat: string): string[] => stat.slice(stat.lastIndexOf(')') + 2).split(' ');
// fields after the command name (which may hold spaces) start at field 3: utime is 14, stime 15,
// cutime 16 and cstime 17 (the CPU of its children that exited and were waited for)
const statCpuSeconds = (stat: string, withExitedChildren = false): number => {
  const f = statFields(stat);
  return (Number(f[11]) + Number(f[12]) + (withExitedChildren ? Number(f[13]) + Number(f[14]) : 0)) / USER_HZ;
};

/** CPU time (user + system, all threads) a process has used so far, in seconds. */
export function cpuSecondsOf(pid: number): number {
  return statCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/**
 * CPU time all PostgreSQL processes on this machine have used so far, in seconds (0 without
 * /proc). A backend that exits takes its CPU time out of the live processes and into its parent's
 * (the postmaster's) exited-children time, which is counted too: the sum only grows.
 */
export function postgresCpuSeconds(): number {
  let total = 0;
  let dirs: string[];
  try {
    dirs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return 0;
  }
  for (const d of dirs) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      if (stat.includes('(postgres)')) total += statCpuSeconds(stat, true);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** Samples a process's RSS every `everyMs` and keeps the maximum. */
export class RssSampler {
  max = 0;
  private timer: NodeJS.Timeout | undefined;
  constructor(
    private readonly pid: number,
    private readonly everyMs = 250,
  ) {}
  start(): void {
    this.max = 0;
    this.timer = setInterval(() => this.sample(), this.everyMs);
  }
  sample(): void {
    try {
      this.max = Math.max(this.max, rssOf(this.pid).rssMb);
    } catch {
      // the process is gone
    }
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.max;
  }
}

export interface LoadFigures {
  reqPerSec: number;
  p50: number;
  p99: number;
  mean: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationS: number;
}

const figures = (r: Result): LoadFigures => ({
  reqPerSec: r.requests.average,
  p50: r.latency.p50,
  p99: r.latency.p99,
  mean: r.latency.mean,
  requests: r.requests.total,
  non2xx: r.non2xx,
  errors: r.errors,
  timeouts: r.timeouts,
  durationS: r.duration,
});

/**
 * One autocannon run against `base`: `path` is either a fixed path or a function giving the
 * path of each request (used to rotate slugs and defeat the in-process cache).
 */
export function load(o: {
  base: string;
  path: string | (() => string);
  seconds: number;
  connections: number;
  rate?: number;
  headers?: Record<string, string>;
}): Promise<LoadFigures> {
  if (o.rate) return paced({ ...o, rate: o.rate });
  const request: Request = typeof o.path === 'string' ? { method: 'GET', path: o.path } : { method: 'GET', setupRequest: (req) => ({ ...req, path: (o.path as () => string)() }) };
  return new Promise((resolve, reject) => {
    autocannon(
      { url: o.base, connections: o.connections, duration: o.seconds, timeout: 10, headers: o.headers ?? {}, requests: [request], ...(o.rate ? { overallRate: o.rate } : {}) },
      (err, result) => (err ? reject(err) : resolve(figures(result))),
    );
  });
}

/** The q-quantile of sorted numbers (nearest rank). */
export function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/**
 * Open-loop load at a steady rate: one request every 1000/rate ms whatever the answers (autocannon's
 * `overallRate` sends each connection's quota for the second back to back at the start of it, a
 * burst, not a pace). Latency runs from the scheduled send time, so a late answer that holds up
 * the next send is counted, not hidden (no coordinated omission).
 */
async function paced(o: {
  base: string;
  path: string | (() => string);
  seconds: number;
  connections: number;
  rate: number;
  headers?: Record<string, string>;
}): Promise<LoadFigures> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(o.connections, 1) * 4 });
  const interval = 1000 / o.rate;
  const total = Math.round(o.seconds * o.rate);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  const one = (path: string, scheduled: number) =>
    new Promise<void>((resolve) => {
      const req = http.get(`${o.base}${path}`, { agent, headers: o.headers ?? {}, timeout: 10_000 }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => {
          latencies.push(performance.now() - scheduled);
          if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) non2xx++;
          resolve();
        });
      });
      req.on('timeout', () => {
        timeouts++;
        req.destroy();
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
    });
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const scheduled = start + i * interval;
    const wait = scheduled - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(one(typeof o.path === 'string' ? o.path : o.path(), scheduled));
  }
  await Promise.all(inflight);
  const durationS = (performance.now() - start) / 1000;
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    reqPerSec: latencies.length / durationS,
    p50: round(quantile(sorted, 0.5)),
    p99: round(quantile(sorted, 0.99)),
    mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(sorted.length, 1)),
    requests: latencies.length,
    non2xx,
    errors,
    timeouts,
    durationS,
  };
}

/** A one-line progress bar on stderr (`\r`), with rate and ETA. */
export class Progress {
  private readonly started = Date.now();
  private last = 0;
  private readonly tty = Boolean(process.stderr.isTTY);
  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit: string,
  ) {}
  update(done: number, force = false): void {
    const now = Date.now();
    if (!force && now - this.last < (this.tty ? 200 : 5_000)) return;
    this.last = now;
    const elapsed = (now - this.started) / 1000;
    const rate = done / Math.max(elapsed, 0.001);
    const pct = this.total ? done / this.total : 1;
    const width = 28;
    const filled = Math.round(pct * width);
    const eta = rate > 0 ? (this.total - done) / rate : 0;
    const line = `  ${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${this.total} ${(pct * 100).toFixed(1)}%  ${rate.toFixed(0)} ${this.unit}/s  elapsed ${fmtSecs(elapsed)}  eta ${fmtSecs(eta)}`;
    process.stderr.write(this.tty ? `\r${line.padEnd(110)}` : `${line}\n`);
  }
  done(done: number): { seconds: number; rate: number } {
    this.update(done, true);
    if (this.tty) process.stderr.write('\n');
    const seconds = (Date.now() - this.started) / 1000;
    return { seconds, rate: done / Math.max(seconds, 0.001) };
  }
}

export const fmtSecs = (s: number): string => (s >= 90 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${s.toFixed(1)}s`);

/** A markdown table. */
export function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(cells[0]!), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.slice(1).map(line)].join('\n');
}

/** Deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
