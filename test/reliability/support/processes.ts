import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The compiled entry points (`npm run test:reliability` builds first). */
export const API_MAIN = path.resolve('dist/apps/api/src/main.js');
export const WORKER_MAIN = path.resolve('dist/apps/worker/src/main.js');

/** One secret for every process of a suite, so an access token from one instance works on the others. */
export const JWT_SECRET = 'reliability-suite-jwt-secret-0123456789abcdef';

export interface LogLine {
  level?: number;
  msg?: string;
  [key: string]: unknown;
}

/** A spawned api or worker process with its parsed JSON log. */
export class NodeProcess {
  readonly logs: LogLine[] = [];
  readonly stderr: string[] = [];
  exitCode: number | null = null;
  exitSignal: NodeJS.Signals | null = null;
  readonly exited: Promise<void>;
  private readonly waiters: { test: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    let buffered = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const text = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        let line: LogLine;
        try {
          line = JSON.parse(text) as LogLine;
        } catch {
          line = { msg: text };
        }
        this.logs.push(line);
        for (const w of [...this.waiters]) {
          if (w.test(line)) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            w.resolve(line);
          }
        }
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => this.stderr.push(chunk));
    this.exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        this.exitCode = code;
        this.exitSignal = signal;
        resolve();
      }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.exitCode === null && this.exitSignal === null;
  }

  /** Resolves with the first log line (past or future) that passes `test`; rejects on exit or timeout. */
  waitForLog(test: (l: LogLine) => boolean, timeoutMs = 60_000): Promise<LogLine> {
    const seen = this.logs.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no matching log line within ${timeoutMs} ms\n${this.tail()}`)), timeoutMs);
      const waiter = {
        test,
        resolve: (l: LogLine) => {
          clearTimeout(timer);
          resolve(l);
        },
      };
      this.waiters.push(waiter);
      void this.exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (${this.exitCode ?? this.exitSignal}) before it was ready\n${this.tail()}`));
      });
    });
  }

  /** Log lines at error level or above (pino: 50 error, 60 fatal). */
  errors(): LogLine[] {
    return this.logs.filter((l) => (l.level ?? 0) >= 50);
  }

  tail(n = 15): string {
    return [...this.logs.slice(-n).map((l) => JSON.stringify(l).slice(0, 600)), ...this.stderr.slice(-5)].join('\n');
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.running) this.child.kill(signal);
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

export interface SpawnOptions {
  databaseUrl: string;
  schema: string;
  env?: Record<string, string>;
}

/** Environment of a spawned process; its mail and image folders live in `scratch`, removed when it exits. */
function baseEnv(o: SpawnOptions, scratch: string): NodeJS.ProcessEnv {
  if (!existsSync(API_MAIN) || !existsSync(WORKER_MAIN)) {
    throw new Error(`${API_MAIN} is missing: run \`npm run build\` first (npm run test:reliability does)`);
  }
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    DATABASE_URL: o.databaseUrl,
    DATABASE_SCHEMA: o.schema,
    JOBS_SCHEMA: `${o.schema}_jobs`,
    DATABASE_POOL_SIZE: '4',
    JWT_SECRET,
    LOG_LEVEL: 'info',
    LOG_REQUESTS: 'false',
    SEED_DEMO: 'never',
    MAIL_DIR: path.join(scratch, 'mail'),
    IMAGE_STORAGE_DIR: path.join(scratch, 'images'),
    SHUTDOWN_GRACE: '2s',
    ...o.env,
  };
}

export interface ApiProcess extends NodeProcess {
  url: string;
  port: number;
}

/** Starts `node dist/apps/api/src/main.js` on a free port; resolves once it listens. */
export async function spawnApi(name: string, o: SpawnOptions): Promise<ApiProcess> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'rel-'));
  const child = spawn(process.execPath, [API_MAIN], { env: { PORT: '0', HOST: '127.0.0.1', JOBS_IN_PROCESS: 'false', ...baseEnv(o, scratch) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const p = new NodeProcess(name, child) as ApiProcess;
  void p.exited.then(() => rmSync(scratch, { recursive: true, force: true }));
  const line = await p.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('newsroom-cms listening on'), 90_000);
  p.port = Number(line.port);
  p.url = `http://127.0.0.1:${p.port}`;
  return p;
}

/** Starts `node dist/apps/worker/src/main.js`; resolves once its job handlers and relay run. */
export async function spawnWorker(name: string, o: SpawnOptions): Promise<NodeProcess> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'rel-'));
  const child = spawn(process.execPath, [WORKER_MAIN], { env: baseEnv(o, scratch), stdio: ['ignore', 'pipe', 'pipe'] });
  const p = new NodeProcess(name, child);
  void p.exited.then(() => rmSync(scratch, { recursive: true, force: true }));
  await p.waitForLog((l) => l.msg === 'worker running', 90_000);
  return p;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
