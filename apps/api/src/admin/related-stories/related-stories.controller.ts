import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActionCtx, RequirePermission, type ActionContext } from '#libs/identity';
import { RelatedStoriesService, TeaserAlertsService } from '#libs/related-stories';
import { ApiErrors } from '../../http/api-errors.js';
import { UuidPipe } from '../../http/uuid.pipe.js';
import { RelatedQuery, RelatedStoriesResponse, ReplacePinsRequest, TeaserAlertPageResponse, TeaserAlertQueryDto, TeaserAlertResponse } from './related-stories.dto.js';

@ApiTags('admin: related stories')
@Controller('v1/admin/articles')
@ApiErrors({ 400: [], 401: [], 403: [], 404: { codes: ['ARTICLE_NOT_FOUND'], note: 'also for pieces the caller may not see' } })
export class RelatedStoriesController {
  constructor(private readonly related: RelatedStoriesService) {}

  @Get(':id/related')
  @RequirePermission('articles.read')
  @ApiOperation({ summary: 'The page’s pinned teasers and a preview of the teasers it shows (pins first, then the automatic fill)' })
  @ApiOkResponse({ type: RelatedStoriesResponse })
  async get(@Param('id', UuidPipe) id: string, @Query() q: RelatedQuery, @ActionCtx() ctx: ActionContext): Promise<RelatedStoriesResponse> {
    return RelatedStoriesResponse.from(await this.related.related(ctx.actor, id, q.count));
  }

  @Put(':id/related')
  @RequirePermission('articles.review')
  @ApiOperation({ summary: 'Replace the page’s pinned teasers, in order (at most 6; each target another live article)' })
  @ApiOkResponse({ type: RelatedStoriesResponse })
  @ApiErrors({
    400: ['TEASER_SELF', 'TEASER_DUPLICATE_PIN', 'TEASER_TOO_MANY_PINS', 'TEASER_OVERRIDE_INVALID', 'IMAGE_NOT_FOUND'],
    409: ['TEASER_TARGET_NOT_LIVE', 'TEASER_TARGET_RETRACTED', 'IMAGE_CREDIT_MISSING', 'IMAGE_ALT_TEXT_MISSING'],
  })
  async replace(@Param('id', UuidPipe) id: string, @Body() body: ReplacePinsRequest, @ActionCtx() ctx: ActionContext): Promise<RelatedStoriesResponse> {
    return RelatedStoriesResponse.from(await this.related.replacePins(ctx, id, body.pins));
  }
}

@ApiTags('admin: related stories')
@Controller('v1/admin/teaser-alerts')
@ApiErrors({ 400: [], 401: [], 403: [] })
export class TeaserAlertsController {
  constructor(private readonly alerts: TeaserAlertsService) {}

  @Get()
  @RequirePermission('articles.read')
  @ApiOperation({ summary: 'Teaser alerts: pinned targets that were unpublished, retracted or archived (pages you can see), newest first' })
  @ApiOkResponse({ type: TeaserAlertPageResponse })
  async list(@Query() q: TeaserAlertQueryDto, @ActionCtx() ctx: ActionContext): Promise<TeaserAlertPageResponse> {
    const page = await this.alerts.list(ctx.actor, q);
    return { items: page.items.map((a) => TeaserAlertResponse.from(a)), nextCursor: page.nextCursor };
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @RequirePermission('articles.review')
  @ApiOperation({ summary: 'Mark a teaser alert handled (resolving it again changes nothing)' })
  @ApiOkResponse({ type: TeaserAlertResponse })
  @ApiErrors({ 404: ['TEASER_ALERT_NOT_FOUND'] })
  async resolve(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext): Promise<TeaserAlertResponse> {
    return TeaserAlertResponse.from(await this.alerts.resolve(ctx, id));
  }
}
