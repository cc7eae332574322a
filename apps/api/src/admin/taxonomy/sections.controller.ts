import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActionCtx, RequirePermission, type ActionContext } from '#libs/identity';
import { TaxonomyService } from '#libs/taxonomy';
import { ApiErrors } from '../../http/api-errors.js';
import { UuidPipe } from '../../http/uuid.pipe.js';
import { CreateSectionRequest, SectionResponse, UpdateSectionRequest } from './taxonomy.dto.js';

@ApiTags('admin: taxonomy')
@Controller('v1/admin/sections')
@ApiErrors({ 401: [], 403: [] })
export class SectionsController {
  constructor(private readonly taxonomy: TaxonomyService) {}

  @Get()
  @RequirePermission('articles.read')
  @ApiOperation({ summary: 'List sections in navigation order' })
  @ApiOkResponse({ type: [SectionResponse] })
  async list(): Promise<SectionResponse[]> {
    return (await this.taxonomy.listSections()).map((s) => SectionResponse.from(s));
  }

  @Get(':id')
  @RequirePermission('articles.read')
  @ApiOperation({ summary: 'One section' })
  @ApiOkResponse({ type: SectionResponse })
  @ApiErrors({ 400: [], 404: ['SECTION_NOT_FOUND'] })
  async get(@Param('id', UuidPipe) id: string): Promise<SectionResponse> {
    return SectionResponse.from(await this.taxonomy.getSection(id));
  }

  @Post()
  @RequirePermission('taxonomy.manage')
  @ApiOperation({ summary: 'Create a section (slug generated from the name when left out)' })
  @ApiCreatedResponse({ type: SectionResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'SECTION_NAME_INVALID', 'SECTION_SLUG_INVALID'], 409: ['SECTION_SLUG_TAKEN'] })
  async create(@Body() body: CreateSectionRequest, @ActionCtx() ctx: ActionContext): Promise<SectionResponse> {
    return SectionResponse.from(await this.taxonomy.createSection(ctx, body));
  }

  @Patch(':id')
  @RequirePermission('taxonomy.manage')
  @ApiOperation({ summary: 'Rename, re-slug, describe or reorder a section', description: 'Live pages showing the section are refreshed (outbox `taxonomy.changed`).' })
  @ApiOkResponse({ type: SectionResponse })
  @ApiErrors({ 400: [], 404: ['SECTION_NOT_FOUND'], 409: ['SECTION_SLUG_TAKEN'] })
  async update(@Param('id', UuidPipe) id: string, @Body() body: UpdateSectionRequest, @ActionCtx() ctx: ActionContext): Promise<SectionResponse> {
    return SectionResponse.from(await this.taxonomy.updateSection(ctx, id, body));
  }
}
