import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActionCtx, RequirePermission, type ActionContext } from '#libs/identity';
import { CreditPartiesService } from '#libs/image-credits';
import { ApiErrors } from '../../http/api-errors.js';
import { UuidPipe } from '../../http/uuid.pipe.js';
import { CreateCreditPartyRequest, CreditPartyResponse, ListCreditPartiesQuery, UpdateCreditPartyRequest } from './images.dto.js';

/** People, agencies and providers named in image credits: anyone adding images picks them; editors manage them. */
@ApiTags('admin: images')
@Controller('v1/admin/credit-parties')
@ApiErrors({ 401: [], 403: [] })
export class CreditPartiesController {
  constructor(private readonly parties: CreditPartiesService) {}

  @Get()
  @RequirePermission('images.read')
  @ApiOperation({ summary: 'List credit parties by name, optionally of one kind or matching part of a name' })
  @ApiOkResponse({ type: [CreditPartyResponse] })
  @ApiErrors({ 400: ['VALIDATION_FAILED'] })
  async list(@Query() q: ListCreditPartiesQuery): Promise<CreditPartyResponse[]> {
    return (await this.parties.list({ kind: q.kind, search: q.q, limit: q.limit })).map((p) => CreditPartyResponse.from(p));
  }

  @Get(':id')
  @RequirePermission('images.read')
  @ApiOperation({ summary: 'A credit party' })
  @ApiOkResponse({ type: CreditPartyResponse })
  @ApiErrors({ 400: { codes: ['VALIDATION_FAILED'], note: 'a malformed id' }, 404: ['CREDIT_PARTY_NOT_FOUND'] })
  async get(@Param('id', UuidPipe) id: string): Promise<CreditPartyResponse> {
    return CreditPartyResponse.from(await this.parties.get(id));
  }

  @Post()
  @RequirePermission('images.manage')
  @ApiOperation({ summary: 'Create a credit party (a name is unique per kind)' })
  @ApiCreatedResponse({ type: CreditPartyResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'IMAGE_INVALID_FIELD'], 409: { codes: ['CREDIT_PARTY_EXISTS'], note: 'existingId names it' } })
  async create(@Body() body: CreateCreditPartyRequest, @ActionCtx() ctx: ActionContext): Promise<CreditPartyResponse> {
    return CreditPartyResponse.from(await this.parties.create(ctx, body));
  }

  @Patch(':id')
  @RequirePermission('images.manage')
  @ApiOperation({ summary: 'Rename or relink a credit party; pages showing images credited to it are refreshed' })
  @ApiOkResponse({ type: CreditPartyResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'IMAGE_INVALID_FIELD'], 404: ['CREDIT_PARTY_NOT_FOUND'], 409: ['CREDIT_PARTY_EXISTS'] })
  async update(@Param('id', UuidPipe) id: string, @Body() body: UpdateCreditPartyRequest, @ActionCtx() ctx: ActionContext): Promise<CreditPartyResponse> {
    return CreditPartyResponse.from(await this.parties.update(ctx, id, body));
  }

  @Delete(':id')
  @RequirePermission('images.manage')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a credit party no image credits' })
  @ApiNoContentResponse()
  @ApiErrors({ 400: { codes: ['VALIDATION_FAILED'], note: 'a malformed id' }, 404: ['CREDIT_PARTY_NOT_FOUND'], 409: ['CREDIT_PARTY_IN_USE'] })
  async remove(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext): Promise<void> {
    await this.parties.remove(ctx, id);
  }
}
