import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FrontDoor, frontDoorOf } from './front-door.js';

type Line = { method: string; url: string; status: number; ms: number; reqId: string };

describe('FrontDoor', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  /** A server whose "Fastify" answers 418 with the path, and a handler that takes /front only. */
  async function start(opts: { log: boolean; closing?: boolean }) {
    const lines: Line[] = [];
    const door = new FrontDoor(opts.log ? (l) => lines.push(l) : undefined);
    const server = door.serverFactory((req, res) => res.writeHead(418, { 'x-request-id': 'from-fastify' }).end(req.url), { keepAliveTimeout: 72_000 });
    expect(frontDoorOf(server)).toBe(door);
    door.use((req, res, next, requestId) => {
      if (req.url !== '/front') return next();
      // asynchronously, as the content fast path answers
      setImmediate(() => res.writeHead(200, { 'x-request-id': requestId() }).end('front'));
    });
    door.closing = opts.closing ?? false;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    close = () => new Promise<void>((r) => server.close(() => r()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const get = async (path: string, headers: Record<string, string> = {}) => {
      const res = await fetch(`${base}${path}`, { headers });
      return [res.status, await res.text(), res.headers.get('x-request-id')] as const;
    };
    return { lines, server, get };
  }

  it('answers what its handler takes and hands the rest to Fastify, with Fastify’s server settings', async () => {
    const s = await start({ log: false });
    expect(await s.get('/front', { 'x-request-id': 'front-1' })).toEqual([200, 'front', 'front-1']);
    expect(await s.get('/other?x=1')).toEqual([418, '/other?x=1', 'from-fastify']);
    expect(s.server.keepAliveTimeout).toBe(72_000);
  });

  it('logs only the requests its handler answered (Fastify logs the others), with status and request id', async () => {
    const s = await start({ log: true });
    await s.get('/front', { 'x-request-id': 'front-1' });
    await s.get('/other');
    await new Promise((r) => setTimeout(r, 20));
    expect(s.lines).toEqual([{ method: 'GET', url: '/front', status: 200, ms: expect.any(Number), reqId: 'front-1' }]);
  });

  it('hands every request to Fastify while the app closes', async () => {
    const s = await start({ log: true, closing: true });
    expect(await s.get('/front')).toEqual([418, '/front', 'from-fastify']);
    expect(s.lines).toEqual([]);
  });
});
