import { rm } from 'node:fs/promises';
import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { ActionCtx, RequirePermission, type ActionContext } from '#libs/identity';
import { newId } from '#libs/kernel';
import { WordpressImportsService, assertWxrHeader } from '#libs/wordpress-import';
import { ApiErrors } from '../../http/api-errors.js';
import { receiveExport } from './import-upload.js';
import { ImportResponse } from './imports.dto.js';

/** WordPress imports (issue 21): admins only (imports.manage). */
@ApiTags('admin: imports')
@Controller('v1/admin/imports')
@ApiErrors({ 401: [], 403: [] })
export class ImportsController {
  constructor(
    private readonly imports: WordpressImportsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @RequirePermission('imports.manage')
  @ApiOperation({
    summary: 'Import a WordPress export (multipart/form-data: `file`, optional `dryRun=true`, `invite=true`)',
    description:
      'The file is stored and checked to be a WXR 1.0-1.2 export, then imported by a background job; poll `GET /v1/admin/imports/{id}` for progress and the report. `invite=true` (never by default) invites every author with an e-mail in the export as a contributor, from the uploading admin.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' }, dryRun: { type: 'string', enum: ['true', 'false'] }, invite: { type: 'string', enum: ['true', 'false'] } },
    },
  })
  @ApiAcceptedResponse({ type: ImportResponse, description: 'Queued; Location names the import.' })
  @ApiErrors({
    400: [
      'WXR_NOT_WXR',
      'WXR_MALFORMED',
      'WXR_DOCTYPE_REFUSED',
      'WXR_VERSION_UNSUPPORTED',
      'WXR_TRUNCATED',
      'IMPORT_FILE_MISSING',
      'IMPORT_INVALID_FIELD',
      'IMPORT_UPLOAD_MALFORMED',
    ],
    413: { codes: ['IMPORT_TOO_LARGE', 'IMPORT_TOO_MANY_PARTS'], note: 'IMPORT_TOO_LARGE: over IMPORT_MAX_BYTES' },
    415: ['IMPORT_NOT_MULTIPART'],
  })
  async create(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @ActionCtx() ctx: ActionContext): Promise<void> {
    const id = newId();
    const upload = await receiveExport(req, this.config.imports.storageDir, id, this.config.imports.maxBytes);
    try {
      await assertWxrHeader(upload.filePath);
    } catch (e) {
      await rm(upload.filePath, { force: true });
      throw e;
    }
    const run = await this.imports.enqueue(ctx, { id, ...upload });
    await reply.status(202).header('location', `/v1/admin/imports/${run.id}`).send(ImportResponse.from(run));
  }

  @Get(':id')
  @RequirePermission('imports.manage')
  @ApiOperation({ summary: 'An import: status, progress counts, and the report (counts per kind, every skipped or flagged item, the needs-credit list)' })
  @ApiOkResponse({ type: ImportResponse })
  @ApiErrors({ 404: ['IMPORT_NOT_FOUND'] })
  async get(@Param('id') id: string): Promise<ImportResponse> {
    return ImportResponse.from(await this.imports.get(id));
  }
}
