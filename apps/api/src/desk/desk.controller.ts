import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { Public } from '#libs/identity';
import { errorBody } from '../http/error-body.js';
import { ApiErrors } from '../http/api-errors.js';
import { ASSET_CACHE, ASSET_NAME, assetType, deskCsp, INDEX_CACHE, withTimeZone } from './desk-files.js';

/**
 * Serves the built editorial desk (apps/desk) at `/desk`, plus the pages the account mails link
 * to (`/accept-invite`, `/reset-password`). Every other path under `/desk/` is the single page
 * (deep links). The desk itself only calls the admin API, like any script would.
 */
@ApiTags('desk')
@Controller()
@ApiProduces('text/html')
@ApiOkResponse({ description: "The desk's single page (no-cache, strict Content-Security-Policy)." })
@ApiErrors({ 503: ['DESK_NOT_BUILT'] })
export class DeskController {
  private readonly dir: string;
  private readonly csp: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.dir = resolve(config.desk.dir);
    this.csp = deskCsp(config.images.baseUrl);
  }

  @Get('desk/assets/:file')
  @Public()
  @ApiOperation({ summary: 'A hashed desk build file (cached a year, immutable)' })
  @ApiErrors({ 404: ['DESK_ASSET_NOT_FOUND'] })
  async asset(@Param('file') file: string, @Res() reply: FastifyReply): Promise<void> {
    const path = join(this.dir, 'assets', file);
    const size = ASSET_NAME.test(file)
      ? await stat(path).then(
          (s) => (s.isFile() ? s.size : -1),
          () => -1,
        )
      : -1;
    if (size < 0) {
      await reply.status(404).header('cache-control', 'no-store').send(errorBody('DESK_ASSET_NOT_FOUND', 'No such desk file.'));
      return;
    }
    await reply
      .header('content-type', assetType(file))
      .header('content-length', String(size))
      .header('cache-control', ASSET_CACHE)
      .header('x-content-type-options', 'nosniff')
      .send(createReadStream(path));
  }

  @Get('desk')
  @Public()
  @ApiOperation({ summary: 'The editorial desk' })
  index(@Res() reply: FastifyReply): Promise<void> {
    return this.page(reply);
  }

  /** Deep links: every path under /desk/ is the single page. */
  @Get('desk/*')
  @Public()
  @ApiOperation({ summary: 'A desk page (deep link)' })
  deepLink(@Res() reply: FastifyReply): Promise<void> {
    return this.page(reply);
  }

  /** The invitation mail's link. */
  @Get('accept-invite')
  @Public()
  @ApiOperation({ summary: 'The page an invitation mail links to (the desk)' })
  acceptInvite(@Res() reply: FastifyReply): Promise<void> {
    return this.page(reply);
  }

  /** The password-reset mail's link. */
  @Get('reset-password')
  @Public()
  @ApiOperation({ summary: 'The page a password-reset mail links to (the desk)' })
  resetPassword(@Res() reply: FastifyReply): Promise<void> {
    return this.page(reply);
  }

  private async page(reply: FastifyReply): Promise<void> {
    const html = await readFile(join(this.dir, 'index.html'), 'utf8').catch(() => null);
    if (html === null) {
      await reply
        .status(503)
        .header('cache-control', 'no-store')
        .send(errorBody('DESK_NOT_BUILT', 'The editorial desk is not built: run `npm run desk:build` (npm start builds it).'));
      return;
    }
    await reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', INDEX_CACHE)
      .header('content-security-policy', this.csp)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .header('x-frame-options', 'DENY')
      .send(withTimeZone(html, this.config.desk.timeZone));
  }
}
