import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActionCtx, RequirePermission, type ActionContext } from '#libs/identity';
import { TaxonomyService } from '#libs/taxonomy';
import { ApiErrors } from '../../http/api-errors.js';
import { UuidPipe } from '../../http/uuid.pipe.js';
import { CreateArticleTypeRequest, ArticleTypeResponse, UpdateArticleTypeRequest } from './taxonomy.dto.js';

@ApiTags('admin: taxonomy')
@Controller('v1/admin/article-types')
@ApiErrors({ 401: [], 403: [] })
export class ArticleTypesController {
  constructor(private readonly taxonomy: TaxonomyService) {}

  @Get()
  @RequirePermission('articles.read')
  @ApiOperation({ summary: 'List article types (Analysis, News, Opinion, ...)' })
  @ApiOkResponse({ type: [ArticleTypeResponse] })
  async list(): Promise<ArticleTypeResponse[]> {
    return (await this.taxonomy.listTypes()).map((s) => ArticleTypeResponse.from(s));
  }

  @Get(':id')
  @RequirePermission('articles.read')
  @ApiOperation({ summary: 'One article type' })
  @ApiOkResponse({ type: ArticleTypeResponse })
  @ApiErrors({ 400: [], 404: ['ARTICLE_TYPE_NOT_FOUND'] })
  async get(@Param('id', UuidPipe) id: string): Promise<ArticleTypeResponse> {
    return ArticleTypeResponse.from(await this.taxonomy.getType(id));
  }

  @Post()
  @RequirePermission('taxonomy.manage')
  @ApiOperation({ summary: 'Create an article type (slug generated from the name when left out)' })
  @ApiCreatedResponse({ type: ArticleTypeResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'ARTICLE_TYPE_NAME_INVALID', 'ARTICLE_TYPE_SLUG_INVALID'], 409: ['ARTICLE_TYPE_SLUG_TAKEN'] })
  async create(@Body() body: CreateArticleTypeRequest, @ActionCtx() ctx: ActionContext): Promise<ArticleTypeResponse> {
    return ArticleTypeResponse.from(await this.taxonomy.createType(ctx, body));
  }

  @Patch(':id')
  @RequirePermission('taxonomy.manage')
  @ApiOperation({ summary: 'Rename or re-slug an article type', description: 'Live pages showing the type are refreshed (outbox `taxonomy.changed`).' })
  @ApiOkResponse({ type: ArticleTypeResponse })
  @ApiErrors({ 400: [], 404: ['ARTICLE_TYPE_NOT_FOUND'], 409: ['ARTICLE_TYPE_SLUG_TAKEN'] })
  async update(@Param('id', UuidPipe) id: string, @Body() body: UpdateArticleTypeRequest, @ActionCtx() ctx: ActionContext): Promise<ArticleTypeResponse> {
    return ArticleTypeResponse.from(await this.taxonomy.updateType(ctx, id, body));
  }
}
