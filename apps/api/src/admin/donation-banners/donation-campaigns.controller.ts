import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BannerChoiceService, DonationCampaignsService, type CampaignPatch } from '#libs/donation-banners';
import { ActionCtx, RequirePermission, type ActionContext } from '#libs/identity';
import { ApiErrors } from '../../http/api-errors.js';
import { UuidPipe } from '../../http/uuid.pipe.js';
import {
  BannerPreviewResponse,
  CampaignPageResponse,
  CampaignReportResponse,
  CampaignResponse,
  CampaignTransitionRequest,
  CreateCampaignRequest,
  ListCampaignsQuery,
  PreviewQuery,
  ReportQuery,
  UpdateCampaignRequest,
  UpdateVariantRequest,
  VariantRequest,
  VariantResponse,
} from './donation-campaigns.dto.js';

const dateOrNull = (v: string | null | undefined): Date | null | undefined => (v === undefined ? undefined : v === null ? null : new Date(v));

@ApiTags('admin: donation campaigns')
@Controller('v1/admin/donation-campaigns')
@ApiErrors({ 401: [], 403: [] })
export class DonationCampaignsController {
  constructor(
    private readonly campaigns: DonationCampaignsService,
    private readonly choice: BannerChoiceService,
  ) {}

  @Get()
  @RequirePermission('banners.manage')
  @ApiOperation({ summary: 'List donation campaigns, newest first, a page at a time' })
  @ApiOkResponse({ type: CampaignPageResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'INVALID_CURSOR'] })
  async list(@Query() query: ListCampaignsQuery): Promise<CampaignPageResponse> {
    const page = await this.campaigns.list(query);
    return { items: page.items.map((c) => CampaignResponse.from(c)), nextCursor: page.nextCursor };
  }

  @Get('preview')
  @RequirePermission('banners.manage')
  @ApiOperation({
    summary: 'Which banner an article would show a reader now, per placement, and why not the others',
    description: 'Considers draft and paused campaigns too (they are listed with their status as a reason).',
  })
  @ApiOkResponse({ type: BannerPreviewResponse })
  @ApiErrors({ 400: [], 404: ['BANNER_ARTICLE_NOT_FOUND'] })
  async preview(@Query() query: PreviewQuery): Promise<BannerPreviewResponse> {
    return BannerPreviewResponse.from(await this.choice.preview(query.article ?? null, query.reader));
  }

  @Post()
  @RequirePermission('banners.manage')
  @ApiOperation({ summary: 'Create a campaign (as a draft)' })
  @ApiCreatedResponse({ type: CampaignResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'BANNER_CAMPAIGN_INVALID'] })
  async create(@Body() body: CreateCampaignRequest, @ActionCtx() ctx: ActionContext): Promise<CampaignResponse> {
    return CampaignResponse.from(
      await this.campaigns.create(ctx, {
        name: body.name,
        startsAt: dateOrNull(body.startsAt) ?? null,
        endsAt: dateOrNull(body.endsAt) ?? null,
        placement: body.placement,
        paragraph: body.paragraph ?? null,
        priority: body.priority ?? 0,
        targeting: body.targeting ?? {},
        frequency: body.frequency ?? {},
      }),
    );
  }

  @Get(':id')
  @RequirePermission('banners.manage')
  @ApiOperation({ summary: 'One campaign with its variants' })
  @ApiOkResponse({ type: CampaignResponse })
  @ApiErrors({ 400: [], 404: ['BANNER_CAMPAIGN_NOT_FOUND'] })
  async get(@Param('id', UuidPipe) id: string): Promise<CampaignResponse> {
    return CampaignResponse.from(await this.campaigns.get(id));
  }

  @Patch(':id')
  @RequirePermission('banners.manage')
  @ApiOperation({ summary: 'Change a campaign (not its status: use transitions)', description: 'An ended campaign cannot be changed.' })
  @ApiOkResponse({ type: CampaignResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'BANNER_CAMPAIGN_INVALID'], 404: ['BANNER_CAMPAIGN_NOT_FOUND'], 409: ['BANNER_CAMPAIGN_ENDED'] })
  async update(@Param('id', UuidPipe) id: string, @Body() body: UpdateCampaignRequest, @ActionCtx() ctx: ActionContext): Promise<CampaignResponse> {
    const patch: CampaignPatch = {
      name: body.name,
      startsAt: dateOrNull(body.startsAt),
      endsAt: dateOrNull(body.endsAt),
      placement: body.placement,
      paragraph: body.paragraph,
      priority: body.priority,
      targeting: body.targeting,
      frequency: body.frequency,
    };
    return CampaignResponse.from(await this.campaigns.update(ctx, id, patch));
  }

  @Delete(':id')
  @RequirePermission('banners.manage')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a campaign that never ran (one that ran is ended instead, keeping its numbers)' })
  @ApiNoContentResponse()
  @ApiErrors({ 400: [], 404: ['BANNER_CAMPAIGN_NOT_FOUND'], 409: ['BANNER_CAMPAIGN_NOT_DRAFT'] })
  async remove(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext): Promise<void> {
    await this.campaigns.remove(ctx, id);
  }

  @Post(':id/transitions')
  @RequirePermission('banners.manage')
  @HttpCode(200)
  @ApiOperation({
    summary: 'activate | pause | resume | end',
    description: 'draft -activate-> active -pause-> paused -resume-> active; active or paused -end-> ended. A campaign also ends by itself at endsAt.',
  })
  @ApiOkResponse({ type: CampaignResponse })
  @ApiErrors({ 400: [], 404: ['BANNER_CAMPAIGN_NOT_FOUND'], 409: ['BANNER_TRANSITION_NOT_ALLOWED', 'BANNER_CAMPAIGN_NO_VARIANTS', 'BANNER_CAMPAIGN_WINDOW_PASSED'] })
  async transition(@Param('id', UuidPipe) id: string, @Body() body: CampaignTransitionRequest, @ActionCtx() ctx: ActionContext): Promise<CampaignResponse> {
    return CampaignResponse.from(await this.campaigns.transition(ctx, id, body.action));
  }

  @Get(':id/report')
  @RequirePermission('banners.manage')
  @ApiOperation({ summary: 'Impressions, clicks, CTR with a 95 % confidence interval, dismissals and conversions per variant, article, day and variant per day' })
  @ApiOkResponse({ type: CampaignReportResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'BANNER_REPORT_RANGE_INVALID'], 404: ['BANNER_CAMPAIGN_NOT_FOUND'] })
  async report(@Param('id', UuidPipe) id: string, @Query() query: ReportQuery): Promise<CampaignReportResponse> {
    return CampaignReportResponse.from(await this.campaigns.report(id, query));
  }

  @Post(':id/variants')
  @RequirePermission('banners.manage')
  @ApiOperation({ summary: 'Add an A/B variant', description: 'bodyHtml is sanitized (p, a, strong, em, br). Readers are bucketed by weight, stickily per reader id.' })
  @ApiCreatedResponse({ type: VariantResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'BANNER_VARIANT_INVALID'], 404: ['BANNER_CAMPAIGN_NOT_FOUND'], 409: ['BANNER_VARIANT_NAME_TAKEN', 'BANNER_CAMPAIGN_ENDED'] })
  async addVariant(@Param('id', UuidPipe) id: string, @Body() body: VariantRequest, @ActionCtx() ctx: ActionContext): Promise<VariantResponse> {
    return VariantResponse.from(await this.campaigns.addVariant(ctx, id, body));
  }

  @Patch(':id/variants/:variantId')
  @RequirePermission('banners.manage')
  @ApiOperation({ summary: 'Change a variant (weight 0 retires it and keeps its numbers)' })
  @ApiOkResponse({ type: VariantResponse })
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'BANNER_VARIANT_INVALID'],
    404: ['BANNER_CAMPAIGN_NOT_FOUND', 'BANNER_VARIANT_NOT_FOUND'],
    409: ['BANNER_VARIANT_NAME_TAKEN', 'BANNER_CAMPAIGN_ENDED'],
  })
  async updateVariant(
    @Param('id', UuidPipe) id: string,
    @Param('variantId', UuidPipe) variantId: string,
    @Body() body: UpdateVariantRequest,
    @ActionCtx() ctx: ActionContext,
  ): Promise<VariantResponse> {
    return VariantResponse.from(await this.campaigns.updateVariant(ctx, id, variantId, body));
  }

  @Delete(':id/variants/:variantId')
  @RequirePermission('banners.manage')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a variant of a campaign that never ran' })
  @ApiNoContentResponse()
  @ApiErrors({ 400: [], 404: ['BANNER_CAMPAIGN_NOT_FOUND', 'BANNER_VARIANT_NOT_FOUND'], 409: ['BANNER_CAMPAIGN_NOT_DRAFT', 'BANNER_CAMPAIGN_ENDED'] })
  async removeVariant(@Param('id', UuidPipe) id: string, @Param('variantId', UuidPipe) variantId: string, @ActionCtx() ctx: ActionContext): Promise<void> {
    await this.campaigns.removeVariant(ctx, id, variantId);
  }
}
