import Fastify from 'fastify';
import { readFileSync } from 'node:fs';

/**
 * Ceiling 1: a bare Fastify server answering every GET with the same JSON bytes the content
 * API served for the article page (read once from BODY_FILE). No auth, no cache, no headers
 * beyond content-type: the most any Node HTTP server can do for that payload on this machine.
 */
const body = readFileSync(process.env.BODY_FILE!);
const contentType = process.env.CONTENT_TYPE ?? 'application/json; charset=utf-8';
const app = Fastify({ logger: false });
app.get('/health', async () => ({ ok: true }));
app.get('/*', (_req, reply) => {
  void reply.header('content-type', contentType).send(body);
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
