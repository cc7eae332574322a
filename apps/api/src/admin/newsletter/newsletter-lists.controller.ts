import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActionCtx, RequirePermission, type ActionContext } from '#libs/identity';
import { NewsletterAdminService } from '#libs/newsletter-signups';
import { ApiErrors } from '../../http/api-errors.js';
import { UuidPipe } from '../../http/uuid.pipe.js';
import {
  ConsentTextResponse,
  CreateConsentTextRequest,
  CreateNewsletterListRequest,
  ListNewsletterListsQuery,
  NewsletterListResponse,
  NewsletterListWithCountsResponse,
  UpdateNewsletterListRequest,
} from './newsletter-admin.dto.js';

@ApiTags('admin: newsletter')
@Controller('v1/admin/newsletter')
@ApiErrors({ 401: [], 403: [] })
export class NewsletterListsController {
  constructor(private readonly admin: NewsletterAdminService) {}

  @Get('lists')
  @RequirePermission('newsletter.manage')
  @ApiOperation({ summary: 'Newsletter lists with subscriber counts per status' })
  @ApiOkResponse({ type: [NewsletterListWithCountsResponse] })
  @ApiErrors({ 400: [] })
  async lists(@Query() query: ListNewsletterListsQuery): Promise<NewsletterListWithCountsResponse[]> {
    return (await this.admin.lists(query.includeArchived === 'true')).map(NewsletterListWithCountsResponse.fromCounts);
  }

  @Post('lists')
  @RequirePermission('newsletter.manage')
  @ApiOperation({ summary: 'Create a newsletter list' })
  @ApiCreatedResponse({ type: NewsletterListResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'NEWSLETTER_LIST_SLUG_INVALID'], 409: ['NEWSLETTER_LIST_SLUG_TAKEN'] })
  async create(@Body() body: CreateNewsletterListRequest, @ActionCtx() ctx: ActionContext): Promise<NewsletterListResponse> {
    return NewsletterListResponse.from(await this.admin.createList(ctx, body));
  }

  @Patch('lists/:id')
  @RequirePermission('newsletter.manage')
  @ApiOperation({ summary: 'Rename or describe a list (subscriptions and unsubscribe links are unaffected)' })
  @ApiOkResponse({ type: NewsletterListResponse })
  @ApiErrors({ 400: [], 404: ['NEWSLETTER_LIST_NOT_FOUND'], 409: ['NEWSLETTER_LIST_SLUG_TAKEN'] })
  async update(@Param('id', UuidPipe) id: string, @Body() body: UpdateNewsletterListRequest, @ActionCtx() ctx: ActionContext): Promise<NewsletterListResponse> {
    return NewsletterListResponse.from(await this.admin.updateList(ctx, id, body));
  }

  @Delete('lists/:id')
  @RequirePermission('newsletter.manage')
  @HttpCode(200)
  @ApiOperation({ summary: 'Archive a list: no new signups; subscriptions, consent trail and unsubscribe links stay' })
  @ApiOkResponse({ type: NewsletterListResponse })
  @ApiErrors({ 400: [], 404: ['NEWSLETTER_LIST_NOT_FOUND'] })
  async archive(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext): Promise<NewsletterListResponse> {
    return NewsletterListResponse.from(await this.admin.archiveList(ctx, id));
  }

  @Get('consent-texts')
  @RequirePermission('newsletter.manage')
  @ApiOperation({ summary: 'Consent text versions, newest first (the newest is the one the signup box shows)' })
  @ApiOkResponse({ type: [ConsentTextResponse] })
  async consentTexts(): Promise<ConsentTextResponse[]> {
    return (await this.admin.consentTexts()).map(ConsentTextResponse.from);
  }

  @Post('consent-texts')
  @RequirePermission('newsletter.manage')
  @ApiOperation({ summary: 'Publish a new consent text version (earlier versions stay, as consent records point at them)' })
  @ApiCreatedResponse({ type: ConsentTextResponse })
  @ApiErrors({ 400: [] })
  async createConsentText(@Body() body: CreateConsentTextRequest, @ActionCtx() ctx: ActionContext): Promise<ConsentTextResponse> {
    return ConsentTextResponse.from(await this.admin.createConsentText(ctx, body.text));
  }
}
