import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ArticleAppealsService } from '#libs/donation-banners';
import { ActionCtx, RequirePermission, type ActionContext } from '#libs/identity';
import { ApiErrors } from '../../http/api-errors.js';
import { UuidPipe } from '../../http/uuid.pipe.js';
import { ArticleAppealsRequest, ArticleAppealsResponse } from './donation-campaigns.dto.js';

@ApiTags('admin: donation campaigns')
@Controller('v1/admin/articles')
@ApiErrors({ 400: ['VALIDATION_FAILED'], 401: [], 403: [] })
export class ArticleAppealsController {
  constructor(private readonly appeals: ArticleAppealsService) {}

  @Get(':id/appeals')
  @RequirePermission('banners.manage')
  @ApiOperation({ summary: 'Whether this article shows donation appeals' })
  @ApiOkResponse({ type: ArticleAppealsResponse })
  async get(@Param('id', UuidPipe) id: string): Promise<ArticleAppealsResponse> {
    return ArticleAppealsResponse.from(await this.appeals.get(id));
  }

  @Put(':id/appeals')
  @RequirePermission('banners.manage')
  @ApiOperation({ summary: 'The "no appeals" switch: no donation banner at all on this article (sensitive pieces)' })
  @ApiOkResponse({ type: ArticleAppealsResponse })
  async set(@Param('id', UuidPipe) id: string, @Body() body: ArticleAppealsRequest, @ActionCtx() ctx: ActionContext): Promise<ArticleAppealsResponse> {
    return ArticleAppealsResponse.from(await this.appeals.set(ctx, id, body.noAppeals));
  }
}
