import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '#libs/identity';
import { DomainError } from '#libs/kernel';
import { formatOfStorageKey, ImageErrorCode, ImageStorage, MIME_TYPES } from '#libs/image-credits';
import { ErrorResponse } from '../../http/error-body.js';

/**
 * Stored image files, public: `/media/images/<sha256>.<ext>`. A name is the hash of the bytes,
 * so a file never changes under its URL and is cached for a year as immutable.
 */
@ApiTags('media')
@Controller('media/images')
export class MediaController {
  constructor(private readonly storage: ImageStorage) {}

  @Get(':file')
  @Public()
  @ApiOperation({ summary: 'An uploaded image file (immutable, content-addressed)' })
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif')
  @ApiOkResponse({ description: 'The file.' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'MEDIA_NOT_FOUND' })
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
}
