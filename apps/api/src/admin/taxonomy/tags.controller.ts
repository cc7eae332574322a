import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActionCtx, RequirePermission, type ActionContext } from '#libs/identity';
import { TaxonomyService } from '#libs/taxonomy';
import { ApiErrors } from '../../http/api-errors.js';
import { UuidPipe } from '../../http/uuid.pipe.js';
import { CreateTagRequest, ListTagsQuery, TagPageResponse, TagResponse, UpdateTagRequest } from './taxonomy.dto.js';

@ApiTags('admin: taxonomy')
@Controller('v1/admin/tags')
@ApiErrors({ 401: [], 403: [] })
export class TagsController {
  constructor(private readonly taxonomy: TaxonomyService) {}

  @Get()
  @RequirePermission('articles.read')
  @ApiOperation({ summary: 'List tags in slug order, filtered by kind or text, a page at a time' })
  @ApiOkResponse({ type: TagPageResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'INVALID_CURSOR'] })
  async list(@Query() query: ListTagsQuery): Promise<TagPageResponse> {
    const page = await this.taxonomy.listTags(query);
    return { items: page.items.map((t) => TagResponse.from(t)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @RequirePermission('articles.read')
  @ApiOperation({ summary: 'One tag' })
  @ApiOkResponse({ type: TagResponse })
  @ApiErrors({ 400: [], 404: ['TAG_NOT_FOUND'] })
  async get(@Param('id', UuidPipe) id: string): Promise<TagResponse> {
    return TagResponse.from(await this.taxonomy.getTag(id));
  }

  @Post()
  @RequirePermission('taxonomy.manage')
  @ApiOperation({ summary: 'Create a tag: a person, place, organization or topic' })
  @ApiCreatedResponse({ type: TagResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'TAG_NAME_INVALID', 'TAG_SLUG_INVALID'], 409: ['TAG_SLUG_TAKEN'] })
  async create(@Body() body: CreateTagRequest, @ActionCtx() ctx: ActionContext): Promise<TagResponse> {
    return TagResponse.from(await this.taxonomy.createTag(ctx, body));
  }

  @Patch(':id')
  @RequirePermission('taxonomy.manage')
  @ApiOperation({ summary: 'Rename, re-slug or re-kind a tag', description: 'Live pages showing the tag are refreshed (outbox `taxonomy.changed`).' })
  @ApiOkResponse({ type: TagResponse })
  @ApiErrors({ 400: [], 404: ['TAG_NOT_FOUND'], 409: ['TAG_SLUG_TAKEN'] })
  async update(@Param('id', UuidPipe) id: string, @Body() body: UpdateTagRequest, @ActionCtx() ctx: ActionContext): Promise<TagResponse> {
    return TagResponse.from(await this.taxonomy.updateTag(ctx, id, body));
  }
}
