import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { Logger as Pino } from 'pino';
import type { AppConfig } from '#libs/config';
import { PinoNestLogger, startBackground, type Database } from '#libs/boot';
import type { Clock } from '#libs/kernel';
import { AppModule } from './app.module.js';
import { AllExceptionsFilter, frameworkErrorHandler } from './http/exception.filter.js';
import { FrontDoor, requestIdOf } from './http/front-door.js';
import { RequestLogController } from './http/request-log.js';
import { redactUrl } from './http/redact-url.js';
import { DOCS_CSP, installSecurityHeaders, securityHeaders } from './http/security-headers.js';
import { installContentCors, registerContentPreflight } from './http/cors.js';
import { ONE_CLICK_BODY_LIMIT, oneClickFormParser } from './content/newsletter/one-click-form.parser.js';
import { strictValidationPipe } from './http/validation.js';
import { installTextGuard, jsonBodyParser } from './http/json-body.js';

export interface BuildOptions {
  config: AppConfig;
  db: Database;
  logger: Pino;
  clock?: Clock;
  /** Override JOBS_IN_PROCESS (tests that do not exercise jobs leave pg-boss idle). */
  worker?: boolean;
}

/** Builds the HTTP application (not yet listening). Used by main and by the e2e harness. */
export async function buildApiApp(o: BuildOptions): Promise<NestFastifyApplication> {
  const worker = o.worker ?? o.config.jobsInProcess;
  // the content fast path answers hot reads here, before Fastify (see FrontDoor)
  const door = new FrontDoor(o.config.log.requests ? (line) => o.logger.info({ ...line, url: redactUrl(line.url) }, 'request completed') : undefined);
  const adapter = new FastifyAdapter({
    // nosniff, frame protection, a default CSP and HSTS on every answer, the fast path's too
    // and CORS headers on content-surface answers for CONTENT_CORS_ORIGINS
    serverFactory: ((handler, opts) =>
      installContentCors(
        installSecurityHeaders(door.serverFactory(handler, opts), securityHeaders(o.config.publicBaseUrl)),
        o.config.surfaces.content ? o.config.contentCors : { any: false, origins: [] },
      )) as typeof door.serverFactory,
    loggerInstance: o.logger,
    logController: new RequestLogController(o.config.log.requests),
    trustProxy: o.config.trustedProxies.length ? o.config.trustedProxies : false,
    bodyLimit: o.config.bodyLimitBytes,
    requestIdHeader: false,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => requestIdOf(req.headers),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    frameworkErrors: frameworkErrorHandler(),
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config: o.config, dataSource: o.db.dataSource, databaseUrl: o.db.url, clock: o.clock }),
    adapter,
    { logger: new PinoNestLogger(o.logger), abortOnError: false },
  );
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', (req, reply, payload, done) => {
    void reply.header('x-request-id', req.id);
    done(null, payload);
  });
  fastify.addHook('preClose', (done) => {
    door.closing = true;
    done();
  });
  // Only JSON bodies (and the parsers features add) are accepted: anything else is a 415.
  fastify.removeContentTypeParser(['text/plain']);
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit: ONE_CLICK_BODY_LIMIT }, oneClickFormParser);
  app.useBodyParser('application/json', { bodyLimit: o.config.bodyLimitBytes }, jsonBodyParser);
  installTextGuard(fastify);
  if (o.config.surfaces.content) registerContentPreflight(fastify, o.config.contentCors);
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalPipes(strictValidationPipe());

  if (o.config.docsEnabled) {
    // the OpenAPI UI needs its own scripts and styles: its own policy replaces the default
    fastify.addHook('onRequest', (req, reply, done) => {
      if (req.url === '/docs' || req.url.startsWith('/docs/') || req.url.startsWith('/docs?')) void reply.header('content-security-policy', DOCS_CSP);
      done();
    });
    const document = buildOpenApi(app);
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json', yamlDocumentUrl: 'docs/openapi.yaml' });
  }

  await app.init();
  await startBackground(app, worker);
  return app;
}

export function buildOpenApi(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Newsroom CMS API')
    .setDescription(
      'Admin surface (`/v1/admin`, `/v1/auth`): bearer access tokens from `POST /v1/auth/login`. ' +
        'Content surface (`/v1/content`, feeds): a content API key in `X-Api-Key` or `?key=`. ' +
        'Every error body is `{ "error": { "code", "message", "details", "requestId" } }` with a stable code.',
    )
    .setVersion('1')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'apiKey')
    .build();
  return SwaggerModule.createDocument(app, config);
}
