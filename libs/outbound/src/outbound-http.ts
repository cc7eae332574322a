import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { Agent as HttpAgent, STATUS_CODES, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from './address.rules.js';

/** Raised (inside the connect) when a name resolves to an address that is not public. */
export class AddressNotAllowedError extends Error {
  readonly code = 'OUTBOUND_ADDRESS_NOT_ALLOWED';
  constructor(readonly hostname: string) {
    super(`${hostname} resolves to an address that outbound requests may not reach`);
    this.name = 'AddressNotAllowedError';
  }
}

type Resolver = (hostname: string, options: LookupAllOptions, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

/**
 * A `lookup` for sockets that resolves the name and refuses it unless EVERY address it
 * resolves to is public. It runs as part of the connect, so the address checked is the address
 * connected to: a name that resolves to a public address when a URL is saved and to 127.0.0.1
 * later (DNS rebinding) is refused then.
 */
export function guardedLookup(resolve: Resolver = dnsLookup as unknown as Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { family: options.family as 0 | 4 | 6 | undefined, hints: options.hints, all: true }, (err, addresses) => {
      if (err) return (callback as (e: Error) => void)(err);
      if (!addresses.length || addresses.some((a) => !isPublicAddress(a.address))) return (callback as (e: Error) => void)(new AddressNotAllowedError(hostname));
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/** Agents whose every connection goes through `guardedLookup` (one per protocol, no keep-alive). */
export const guardedAgents = {
  http: new HttpAgent({ lookup: guardedLookup() } as ConstructorParameters<typeof HttpAgent>[0]),
  https: new HttpsAgent({ lookup: guardedLookup() } as ConstructorParameters<typeof HttpsAgent>[0]),
};

export interface OutboundRequest {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The whole exchange (connect, send, headers and the answer's start) must finish in this. */
  timeoutMs: number;
  /** At most this many bytes of the answer are read (0: none; the connection is let go). */
  maxBodyBytes?: number;
  /**
   * Allow addresses that are not public (local development and tests only). In production this
   * is false: private, loopback and link-local destinations are refused at connect time.
   */
  allowPrivate: boolean;
}

export type OutboundResult =
  | {
      ok: true;
      status: number;
      /** The standard reason phrase of the status (never the server's own text). */ statusText: string;
      headers: IncomingMessage['headers'];
      body: Buffer;
    }
  | {
      ok: false;
      /** One code for every way of getting no answer, so a caller cannot tell a closed port from a filtered or refused one. */
      code: typeof NO_ANSWER;
      /** The real cause, for this process's log only (never shown to whoever typed the URL). */
      cause: string;
    };

export const NO_ANSWER = 'OUTBOUND_NO_ANSWER';

/**
 * One HTTP(S) request to a URL someone typed (webhooks, the CDN purge, an import's fetch).
 * Redirects are not followed. Unless `allowPrivate`, only public addresses are connected to:
 * IP literals are checked before the connect, names by the agent's lookup during it. Never
 * throws: every failure to get an answer is `{ ok: false, code: OUTBOUND_NO_ANSWER }`.
 */
export function outboundRequest(req: OutboundRequest): Promise<OutboundResult> {
  return new Promise((settle) => {
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (r: OutboundResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      settle(r);
    };
    const fail = (cause: string) => finish({ ok: false, code: NO_ANSWER, cause });
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return fail('not an absolute URL');
    }
    const https = url.protocol === 'https:';
    if (!https && url.protocol !== 'http:') return fail(`unsupported protocol ${url.protocol}`);
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    // an IP literal is connected to without a lookup: check it here
    if (!req.allowPrivate && isIP(literal) && !isPublicAddress(literal)) return fail(new AddressNotAllowedError(literal).message);
    const send = https ? httpsRequest : httpRequest;
    const agent = req.allowPrivate ? undefined : https ? guardedAgents.https : guardedAgents.http;
    const request = send(url, { method: req.method ?? 'GET', headers: req.headers, agent }, (res) => {
      const max = req.maxBodyBytes ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      const answer = () =>
        finish({ ok: true, status: res.statusCode ?? 0, statusText: STATUS_CODES[res.statusCode ?? 0] ?? '', headers: res.headers, body: Buffer.concat(chunks).subarray(0, max) });
      if (max === 0) {
        answer();
        res.destroy();
        return;
      }
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        size += c.byteLength;
        if (size >= max) {
          answer();
          res.destroy();
        }
      });
      res.on('end', answer);
      // an answer cut short still tells its status
      res.on('error', answer);
      res.on('close', answer);
    });
    timer = setTimeout(() => request.destroy(new Error(`timed out after ${req.timeoutMs} ms`)), req.timeoutMs);
    request.on('error', (err: NodeJS.ErrnoException) => fail(err.code ? `${err.message} (${err.code})` : err.message));
    if (req.body !== undefined) request.end(req.body);
    else request.end();
  });
}
