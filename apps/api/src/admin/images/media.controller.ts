import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '#libs/identity';
import { DomainError } from '#libs/kernel';
import { formatOfStorageKey, ImageErrorCode, ImageRenditions, ImageStorage, MIME_TYPES } from '#libs/image-credits';
import { ApiErrors } from '../../http/api-errors.js';

/**
 * Stored image files, public: `/media/images/<sha256>.<ext>`. A name is the hash of the bytes,
 * so a file never changes under its URL and is cached for a year as immutable.
 */
@ApiTags('media')
@Controller('media/images')
export class MediaController {
  constructor(
    private readonly storage: ImageStorage,
    private readonly renditions: ImageRenditions,
  ) {}

  @Get(':file')
  @Public()
  @ApiOperation({ summary: 'An uploaded image file (immutable, content-addressed)' })
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif')
  @ApiOkResponse({ description: 'The file.' })
  @ApiErrors({ 404: ['MEDIA_NOT_FOUND'] })
  async file(@Param('file') file: string, @Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const format = formatOfStorageKey(file);
    const found = format ? await this.storage.open(file) : null;
    if (!format || !found) throw new DomainError('not_found', ImageErrorCode.MediaNotFound, 'No such file.');
    const etag = `"${file.slice(0, 64)}"`;
    void reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('etag', etag)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'");
    if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === etag)) {
      found.stream.destroy();
      await reply.status(304).send();
      return;
    }
    await reply.header('content-type', MIME_TYPES[format]).header('content-length', String(found.size)).send(found.stream);
  }

  @Get(':file/:rendition')
  @Public()
  @ApiOperation({
    summary: 'A rendition of an uploaded image (immutable; rendered on first request)',
    description:
      'Names: `<width>.<ext>` (the whole image) or `<width>-<w>x<h>-f<fx>x<fy>.<ext>` (cropped to w:h around the focal point, in thousandths). Only the renditions listed in the content payload exist; any other name is 404 IMAGE_RENDITION_NOT_OFFERED. `X-Rendition-Cache` says `hit` (from the disk cache) or `miss` (rendered now).',
  })
  @ApiProduces('image/avif', 'image/webp', 'image/jpeg', 'image/png', 'image/gif')
  @ApiOkResponse({ description: 'The rendition.' })
  @ApiErrors({ 404: ['MEDIA_NOT_FOUND', 'IMAGE_RENDITION_NOT_OFFERED'], 503: { codes: ['IMAGE_RENDITION_BUSY'], note: 'with Retry-After: too many first renders at once' } })
  async rendition(
    @Param('file') file: string,
    @Param('rendition') name: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const found = await this.renditions.open(file, name);
    const etag = `"${file.slice(0, 64)}/${name}"`;
    if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === etag)) {
      found.stream.destroy();
      await reply.status(304).header('cache-control', 'public, max-age=31536000, immutable').header('etag', etag).send();
      return;
    }
    void reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('etag', etag)
      .header('x-rendition-cache', found.cache)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'");
    await reply.header('content-type', found.contentType).header('content-length', String(found.size)).send(found.stream);
  }
}
