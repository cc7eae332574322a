import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * Takes a request before Fastify does, or hands it on with `next()` (at most once, and only if
 * it has written nothing). A response it writes carries `requestId()` as X-Request-Id.
 */
export type FrontHandler = (req: IncomingMessage, res: ServerResponse, next: () => void, requestId: () => string) => void;

const doors = new WeakMap<object, FrontDoor>();

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request id a response carries: the caller's X-Request-Id when well-formed, else a new one. */
export function requestIdOf(headers: IncomingMessage['headers']): string {
  const given = headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

interface ServerOptions {
  keepAliveTimeout?: number;
  requestTimeout?: number;
  connectionTimeout?: number;
  maxRequestsPerSocket?: number;
}

/**
 * The HTTP server in front of Fastify. The content fast path registers here: a cached content
 * response or an article page is answered from the raw request, before Fastify's routing, the
 * adapter's seven request hooks, middleware, the request logger and the reply object - most of
 * what a hot read cost (the warm article page spent more time there than in its own work).
 * Everything else, and any request the handler declines, goes to Fastify unchanged. While the
 * app closes, every request goes to Fastify, which answers 503.
 */
export class FrontDoor {
  private handler: FrontHandler | undefined;
  closing = false;

  constructor(private readonly completed?: (line: { method: string; url: string; status: number; ms: number; reqId: string }) => void) {}

  use(handler: FrontHandler): void {
    if (this.handler) throw new Error('FrontDoor: a handler is already installed');
    this.handler = handler;
  }

  /** Fastify's `serverFactory`: the same server settings Fastify would apply to its own. */
  serverFactory = (fastifyHandler: (req: IncomingMessage, res: ServerResponse) => void, opts: ServerOptions): Server => {
    const server = createServer((req, res) => {
      const h = this.handler;
      if (!h || this.closing) return fastifyHandler(req, res);
      let passed = false;
      let id: string | undefined;
      const requestId = () => (id ??= requestIdOf(req.headers));
      // a request the handler answers is logged here, as Fastify's request log would have
      if (this.completed) this.logWhenAnswered(req, res, performance.now(), () => passed, requestId);
      h(
        req,
        res,
        () => {
          if (passed || res.headersSent) return;
          passed = true;
          fastifyHandler(req, res);
        },
        requestId,
      );
    });
    if (opts.keepAliveTimeout !== undefined) server.keepAliveTimeout = opts.keepAliveTimeout;
    if (opts.requestTimeout !== undefined) server.requestTimeout = opts.requestTimeout;
    if (opts.maxRequestsPerSocket) server.maxRequestsPerSocket = opts.maxRequestsPerSocket;
    server.setTimeout(opts.connectionTimeout ?? 0);
    doors.set(server, this);
    return server;
  };

  private logWhenAnswered(req: IncomingMessage, res: ServerResponse, startedAt: number, passed: () => boolean, requestId: () => string): void {
    const done = this.completed!;
    res.once('finish', () => {
      if (passed()) return;
      const ms = Math.round((performance.now() - startedAt) * 10) / 10;
      done({ method: req.method ?? '', url: req.url ?? '', status: res.statusCode, ms, reqId: requestId() });
    });
  }
}

/** The front door of a server made by `FrontDoor.serverFactory` (undefined for any other server). */
export const frontDoorOf = (server: object): FrontDoor | undefined => doors.get(server);
