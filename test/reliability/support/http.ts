import http from 'node:http';

/** A small fetch client for the spawned processes (real sockets, keep-alive). */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body, or undefined. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- the suites read whatever JSON came back, as supertest's body
  ms: number;
  /** Set when the answer's headers exceeded the 16 KB a default client accepts (read again with a larger limit). */
  oversizedHeaders?: number;
}

export interface CallOptions {
  headers?: Record<string, string>;
  json?: unknown;
  /** A raw body (sent as is, with the headers given). */
  raw?: string | Uint8Array;
  timeoutMs?: number;
}

export async function call(base: string, method: string, path: string, o: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...o.headers };
  let body: string | Uint8Array | undefined;
  if (o.json !== undefined) {
    body = JSON.stringify(o.json);
    headers['content-type'] ??= 'application/json';
  } else if (o.raw !== undefined) {
    body = o.raw;
  }
  const started = performance.now();
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(o.timeoutMs ?? 20_000) });
  } catch (e) {
    if ((e as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_HEADERS_OVERFLOW') throw e;
    return bigHeaders(base, method, path, headers, body, started);
  }
  const text = await res.text();
  let parsed: unknown;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  return { status: res.status, headers: res.headers, text, body: parsed, ms: performance.now() - started };
}

/** Like `call`, but a network error becomes status 0 (with the error text) instead of a throw. */
export async function attempt(base: string, method: string, path: string, o: CallOptions = {}): Promise<Reply> {
  const started = performance.now();
  try {
    return await call(base, method, path, o);
  } catch (e) {
    return { status: 0, headers: new Headers(), text: e instanceof Error ? `${e.name}: ${e.message}` : String(e), body: undefined, ms: performance.now() - started };
  }
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export async function login(base: string, email: string, password: string, headers: Record<string, string> = {}): Promise<Reply> {
  return call(base, 'POST', '/v1/auth/login', { json: { email, password }, headers });
}

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(lanes);
  return out;
}

/** The same request through node:http with a 8 MB header limit (fetch refuses more than 16 KB). */
function bigHeaders(base: string, method: string, path: string, headers: Record<string, string>, body: string | Uint8Array | undefined, started: number): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method, headers, maxHeaderSize: 8 * 1024 * 1024 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const h = new Headers();
        let size = 0;
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          h.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
          size += res.rawHeaders[i]!.length + res.rawHeaders[i + 1]!.length + 4;
        }
        let parsed: unknown;
        try {
          parsed = (res.headers['content-type'] ?? '').includes('json') && text ? JSON.parse(text) : undefined;
        } catch {
          parsed = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: h, text, body: parsed, ms: performance.now() - started, oversizedHeaders: size });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
