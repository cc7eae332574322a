import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { ActionCtx, RequirePermission, type ActionContext } from '#libs/identity';
import { PublicationReader } from '#libs/publication';
import { ArticlesService } from '#libs/articles';
import { ARTICLE_USAGE_TYPES, ImagesService, usesVisibleTo, type ImageDetails } from '#libs/image-credits';
import { ApiErrors } from '../../http/api-errors.js';
import { UuidPipe } from '../../http/uuid.pipe.js';
import { receiveImageUpload } from './image-upload.js';
import {
  ImagePageResponse,
  ImageResponse,
  ImageUseResponse,
  LicenseReportItemResponse,
  LicenseReportQuery,
  LicenseReportResponse,
  ListImagesQuery,
  RegisterImageUrlRequest,
  SetCreditRequest,
  SetLicenseRequest,
  UpdateImageRequest,
} from './images.dto.js';

/**
 * Images: upload or register, describe, credit, license. Contributors (images.write) may add
 * images and edit those they added; editors (images.manage) edit any, set licenses, delete.
 */
@ApiTags('admin: images')
@Controller('v1/admin/images')
@ApiErrors({ 401: [], 403: [] })
export class ImagesController {
  constructor(
    private readonly images: ImagesService,
    private readonly publication: PublicationReader,
    private readonly articles: ArticlesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @RequirePermission('images.write')
  @ApiOperation({
    summary: 'Upload an image (multipart/form-data: `file`, optional `altText`, `caption`)',
    description:
      'The type is sniffed from the bytes (JPEG, PNG, WebP, GIF, AVIF); width and height are read from the file. ' +
      'The same bytes uploaded again answer 200 with the existing image. Creator/credit/copyright found in IPTC/EXIF/XMP come back as `suggestedCredit`.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' }, altText: { type: 'string' }, caption: { type: 'string' } },
    },
  })
  @ApiCreatedResponse({ type: ImageResponse, description: 'A new image.' })
  @ApiOkResponse({ type: ImageResponse, description: 'These bytes were uploaded before: the existing image.' })
  @ApiErrors({
    400: ['IMAGE_EMPTY', 'IMAGE_CORRUPT', 'IMAGE_FILE_MISSING', 'IMAGE_UPLOAD_MALFORMED', 'IMAGE_INVALID_FIELD'],
    413: { codes: ['IMAGE_TOO_LARGE', 'IMAGE_UPLOAD_TOO_MANY_PARTS'], note: 'IMAGE_TOO_LARGE: over IMAGE_MAX_BYTES' },
    415: ['IMAGE_UNSUPPORTED_TYPE', 'IMAGE_UPLOAD_NOT_MULTIPART'],
  })
  async upload(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @ActionCtx() ctx: ActionContext): Promise<void> {
    const upload = await receiveImageUpload(req, this.config.images.maxBytes);
    const { details, created } = await this.images.upload(ctx, { bytes: upload.bytes, filename: upload.filename, ...upload.fields });
    // 201 for a new image, 200 for bytes seen before (Nest would force 201 on a returned value)
    await reply.status(created ? 201 : 200).send(await this.view(ctx, details));
  }

  @Post('by-url')
  @RequirePermission('images.write')
  @ApiOperation({
    summary: 'Register an external image by its https address',
    description: 'The address is stored and served to front-ends; the server never fetches it. The same URL again answers 200 with the existing image.',
  })
  @ApiCreatedResponse({ type: ImageResponse, description: 'A new image.' })
  @ApiOkResponse({ type: ImageResponse, description: 'This URL was registered before.' })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'IMAGE_URL_INVALID', 'IMAGE_INVALID_FIELD'] })
  async registerUrl(@Body() body: RegisterImageUrlRequest, @Res() reply: FastifyReply, @ActionCtx() ctx: ActionContext): Promise<void> {
    const { details, created } = await this.images.registerUrl(ctx, body);
    await reply.status(created ? 201 : 200).send(await this.view(ctx, details));
  }

  @Get()
  @RequirePermission('images.read')
  @ApiOperation({ summary: 'List images, newest first (keyset pagination)' })
  @ApiOkResponse({ type: ImagePageResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'INVALID_CURSOR'] })
  async list(@Query() q: ListImagesQuery, @ActionCtx() ctx: ActionContext): Promise<ImagePageResponse> {
    const page = await this.images.list({ limit: q.limit, cursor: q.cursor, q: q.q });
    const visible = await this.visibleArticles(
      ctx,
      page.items.flatMap((d) => d.uses),
    );
    return { items: page.items.map((d) => ImageResponse.from({ ...d, uses: usesVisibleTo(d.uses, visible) })), nextCursor: page.nextCursor };
  }

  @Get('license-report')
  @RequirePermission('images.manage')
  @ApiOperation({ summary: 'Images whose license expired or expires within N days, with where they are used and which of those articles are live' })
  @ApiOkResponse({ type: LicenseReportResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED'] })
  async licenseReport(@Query() q: LicenseReportQuery): Promise<LicenseReportResponse> {
    const withinDays = q.withinDays ?? 30;
    const report = await this.images.licenseReport(withinDays);
    // which of the articles using them are live: what the newsroom must act on first
    const articleIds = report.items.flatMap((r) => r.usages.filter((u) => u.usageType === 'article').map((u) => u.usageId));
    const live = await this.publication.liveArticles([...new Set(articleIds)]);
    return { withinDays, generatedAt: report.generatedAt.toISOString(), items: report.items.map((r) => LicenseReportItemResponse.from(r, live)) };
  }

  @Get(':id')
  @RequirePermission('images.read')
  @ApiOperation({ summary: 'An image with its credit, license and where it is used' })
  @ApiOkResponse({ type: ImageResponse })
  @ApiErrors({ 400: { codes: ['VALIDATION_FAILED'], note: 'a malformed id' }, 404: ['IMAGE_NOT_FOUND'] })
  async get(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext): Promise<ImageResponse> {
    return this.view(ctx, await this.images.get(id));
  }

  @Get(':id/uses')
  @RequirePermission('images.read')
  @ApiOperation({ summary: 'Where an image is used (articles, teasers)' })
  @ApiOkResponse({ type: [ImageUseResponse] })
  @ApiErrors({ 400: { codes: ['VALIDATION_FAILED'], note: 'a malformed id' }, 404: ['IMAGE_NOT_FOUND'] })
  async uses(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext): Promise<ImageUseResponse[]> {
    const uses = await this.images.usesOf(id);
    return usesVisibleTo(uses, await this.visibleArticles(ctx, uses));
  }

  @Patch(':id')
  @RequirePermission('images.write')
  @ApiOperation({ summary: 'Edit alt text, default caption and focal point (contributors: images they added)' })
  @ApiOkResponse({ type: ImageResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'IMAGE_INVALID_FIELD'], 404: ['IMAGE_NOT_FOUND'] })
  async update(@Param('id', UuidPipe) id: string, @Body() body: UpdateImageRequest, @ActionCtx() ctx: ActionContext): Promise<ImageResponse> {
    return this.view(ctx, await this.images.updateMetadata(ctx, id, body));
  }

  @Put(':id/credit')
  @RequirePermission('images.write')
  @ApiOperation({
    summary: 'Set the structured credit (replaces it whole; contributors: images they added)',
    description: 'photographer = a `person` party, agency = an `agency`, provider = a `provider`. Pages showing the image are refreshed.',
  })
  @ApiOkResponse({ type: ImageResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'IMAGE_INVALID_FIELD', 'CREDIT_PARTY_NOT_FOUND', 'CREDIT_PARTY_WRONG_KIND'], 404: ['IMAGE_NOT_FOUND'] })
  async setCredit(@Param('id', UuidPipe) id: string, @Body() body: SetCreditRequest, @ActionCtx() ctx: ActionContext): Promise<ImageResponse> {
    return this.view(ctx, await this.images.setCredit(ctx, id, body));
  }

  @Put(':id/license')
  @RequirePermission('images.manage')
  @ApiOperation({ summary: 'Set the license: licensor, terms or id, syndication, expiry (replaces it whole)' })
  @ApiOkResponse({ type: ImageResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'IMAGE_INVALID_FIELD'], 404: ['IMAGE_NOT_FOUND'] })
  async setLicense(@Param('id', UuidPipe) id: string, @Body() body: SetLicenseRequest, @ActionCtx() ctx: ActionContext): Promise<ImageResponse> {
    const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
    return this.view(ctx, await this.images.setLicense(ctx, id, { ...body, expiresAt }));
  }

  @Delete(':id')
  @RequirePermission('images.manage')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an unused image and its file' })
  @ApiNoContentResponse()
  @ApiErrors({ 400: { codes: ['VALIDATION_FAILED'], note: 'a malformed id' }, 404: ['IMAGE_NOT_FOUND'], 409: ['IMAGE_IN_USE'] })
  async remove(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext): Promise<void> {
    await this.images.remove(ctx, id);
  }

  /** Item 20: a caller sees only the uses on articles they may see (a contributor: their own). */
  private async visibleArticles(ctx: ActionContext, uses: { usageType: string; usageId: string }[]): Promise<Set<string>> {
    const ids = uses.filter((u) => ARTICLE_USAGE_TYPES.includes(u.usageType)).map((u) => u.usageId);
    return this.articles.visibleIds(ctx.actor, ids);
  }

  private async view(ctx: ActionContext, d: ImageDetails): Promise<ImageResponse> {
    return ImageResponse.from({ ...d, uses: usesVisibleTo(d.uses, await this.visibleArticles(ctx, d.uses)) });
  }
}
