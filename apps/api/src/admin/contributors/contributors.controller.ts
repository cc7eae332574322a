import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ContributorsService } from '#libs/contributors';
import { ActionCtx, RequirePermission, type ActionContext } from '#libs/identity';
import { ApiErrors } from '../../http/api-errors.js';
import { UuidPipe } from '../../http/uuid.pipe.js';
import {
  ContributorAdminResponse,
  ContributorPageResponse,
  CreateContributorRequest,
  LinkAccountRequest,
  ListContributorsQuery,
  MergeContributorRequest,
  MergeContributorResponse,
  UpdateContributorRequest,
} from './contributors.dto.js';

@ApiTags('admin: contributors')
@Controller('v1/admin/contributors')
@ApiErrors({ 401: [], 403: [] })
export class ContributorsController {
  constructor(private readonly contributors: ContributorsService) {}

  @Get()
  @RequirePermission('contributors.read')
  @ApiOperation({ summary: 'List byline profiles (merged ones hidden) with article counts, in slug order' })
  @ApiOkResponse({ type: ContributorPageResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'INVALID_CURSOR'] })
  async list(@Query() query: ListContributorsQuery): Promise<ContributorPageResponse> {
    const page = await this.contributors.list(query);
    return { items: page.items.map((c) => ContributorAdminResponse.from(c)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @RequirePermission('contributors.read')
  @ApiOperation({ summary: 'One profile (a merged one says where it went)' })
  @ApiOkResponse({ type: ContributorAdminResponse })
  @ApiErrors({ 400: [], 404: ['CONTRIBUTOR_NOT_FOUND'] })
  async get(@Param('id', UuidPipe) id: string): Promise<ContributorAdminResponse> {
    return ContributorAdminResponse.from(await this.contributors.get(id));
  }

  @Post()
  @RequirePermission('contributors.manage')
  @ApiOperation({ summary: 'Create a byline profile (no account needed)' })
  @ApiCreatedResponse({ type: ContributorAdminResponse })
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'CONTRIBUTOR_NAME_INVALID', 'CONTRIBUTOR_SLUG_INVALID', 'CONTRIBUTOR_SOCIAL_LINK_INVALID', 'CONTRIBUTOR_TEXT_TOO_LONG'],
    409: { codes: ['CONTRIBUTOR_SLUG_TAKEN'], note: 'also by a former slug of another profile' },
  })
  async create(@Body() body: CreateContributorRequest, @ActionCtx() ctx: ActionContext): Promise<ContributorAdminResponse> {
    return ContributorAdminResponse.from(await this.contributors.create(ctx, body));
  }

  @Patch(':id')
  @RequirePermission('contributors.manage')
  @ApiOperation({ summary: 'Edit a profile', description: 'A new slug keeps the old one redirecting. Live pages are refreshed (outbox `contributor.changed`).' })
  @ApiOkResponse({ type: ContributorAdminResponse })
  @ApiErrors({ 400: [], 404: ['CONTRIBUTOR_NOT_FOUND'], 409: ['CONTRIBUTOR_SLUG_TAKEN', 'CONTRIBUTOR_MERGED'] })
  async update(@Param('id', UuidPipe) id: string, @Body() body: UpdateContributorRequest, @ActionCtx() ctx: ActionContext): Promise<ContributorAdminResponse> {
    return ContributorAdminResponse.from(await this.contributors.update(ctx, id, body));
  }

  @Put(':id/account')
  @RequirePermission('contributors.manage')
  @ApiOperation({ summary: 'Link a login account to the profile (one profile per account)' })
  @ApiOkResponse({ type: ContributorAdminResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'CONTRIBUTOR_ACCOUNT_NOT_FOUND'], 404: ['CONTRIBUTOR_NOT_FOUND'], 409: ['CONTRIBUTOR_ACCOUNT_TAKEN', 'CONTRIBUTOR_MERGED'] })
  async linkAccount(@Param('id', UuidPipe) id: string, @Body() body: LinkAccountRequest, @ActionCtx() ctx: ActionContext): Promise<ContributorAdminResponse> {
    return ContributorAdminResponse.from(await this.contributors.linkAccount(ctx, id, body.accountId.toLowerCase()));
  }

  @Delete(':id/account')
  @RequirePermission('contributors.manage')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unlink the login account (bylines stay)' })
  @ApiOkResponse({ type: ContributorAdminResponse })
  @ApiErrors({ 400: [], 404: ['CONTRIBUTOR_NOT_FOUND'], 409: ['CONTRIBUTOR_MERGED'] })
  async unlinkAccount(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext): Promise<ContributorAdminResponse> {
    return ContributorAdminResponse.from(await this.contributors.unlinkAccount(ctx, id));
  }

  @Post(':id/merge')
  @RequirePermission('contributors.manage')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Merge this profile into another',
    description: "One transaction: bylines move to `intoId`, this profile's slugs redirect there, an account link moves along, and this profile is hidden.",
  })
  @ApiOkResponse({ type: MergeContributorResponse })
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'CONTRIBUTOR_MERGE_INTO_SELF', 'CONTRIBUTOR_MERGE_TARGET_INVALID'],
    404: ['CONTRIBUTOR_NOT_FOUND'],
    409: ['CONTRIBUTOR_MERGED', 'CONTRIBUTOR_MERGE_ACCOUNT_CONFLICT'],
  })
  async merge(@Param('id', UuidPipe) id: string, @Body() body: MergeContributorRequest, @ActionCtx() ctx: ActionContext): Promise<MergeContributorResponse> {
    return MergeContributorResponse.from(await this.contributors.merge(ctx, id, body.intoId.toLowerCase()));
  }
}
