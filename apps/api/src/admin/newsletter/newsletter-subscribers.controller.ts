import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import { ActionCtx, RequirePermission, type ActionContext } from '#libs/identity';
import { clampLimit } from '#libs/kernel';
import { NewsletterAdminService } from '#libs/newsletter-signups';
import { ApiErrors } from '../../http/api-errors.js';
import { UuidPipe } from '../../http/uuid.pipe.js';
import {
  AttributionResponse,
  ConsentRecordResponse,
  ExportSubscribersQuery,
  GrowthQuery,
  GrowthResponse,
  ManualUnsubscribeRequest,
  ManualUnsubscribeResponse,
  ReportRangeQuery,
  SearchSubscribersQuery,
  SubscriberDetailResponse,
  SubscriberPageResponse,
  SubscriberResponse,
} from './newsletter-admin.dto.js';

@ApiTags('admin: newsletter')
@Controller('v1/admin/newsletter')
@ApiErrors({ 401: [], 403: [] })
export class NewsletterSubscribersController {
  constructor(private readonly admin: NewsletterAdminService) {}

  @Get('subscribers')
  @RequirePermission('newsletter.manage')
  @ApiOperation({ summary: 'Search subscribers by part of the address, list and status (newest first, keyset pages)' })
  @ApiOkResponse({ type: SubscriberPageResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'INVALID_CURSOR'] })
  async search(@Query() query: SearchSubscribersQuery): Promise<SubscriberPageResponse> {
    const page = await this.admin.searchSubscribers({ q: query.q, listId: query.list, status: query.status, cursor: query.cursor, limit: clampLimit(query.limit) });
    return { items: page.items.map(SubscriberResponse.from), nextCursor: page.nextCursor };
  }

  @Get('subscribers/export')
  @RequirePermission('newsletter.manage')
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Export subscriptions as CSV (streamed)',
    description:
      'RFC 4180 CSV, one row per subscription. Cells starting with = + - @ get a leading apostrophe (spreadsheet formula injection). Erased subscribers are left out. Audited.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiErrors({ 400: [] })
  async export(@Query() query: ExportSubscribersQuery, @ActionCtx() ctx: ActionContext): Promise<StreamableFile> {
    const rows = await this.admin.exportCsv(ctx, { listId: query.list, status: query.status });
    return new StreamableFile(Readable.from(rows), { type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="newsletter-subscribers.csv"' });
  }

  @Get('subscribers/:id')
  @RequirePermission('newsletter.manage')
  @ApiOperation({ summary: 'A subscriber with subscriptions and consent trail' })
  @ApiOkResponse({ type: SubscriberDetailResponse })
  @ApiErrors({ 400: [], 404: ['NEWSLETTER_SUBSCRIBER_NOT_FOUND'] })
  async get(@Param('id', UuidPipe) id: string): Promise<SubscriberDetailResponse> {
    const s = await this.admin.subscriber(id);
    return { ...SubscriberResponse.from(s), consent: s.consent.map(ConsentRecordResponse.from) };
  }

  @Post('subscribers/:id/unsubscribe')
  @RequirePermission('newsletter.manage')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unsubscribe a subscriber from one list or all (a request received by other means)' })
  @ApiOkResponse({ type: ManualUnsubscribeResponse })
  @ApiErrors({ 400: [], 404: ['NEWSLETTER_SUBSCRIBER_NOT_FOUND'] })
  async unsubscribe(@Param('id', UuidPipe) id: string, @Body() body: ManualUnsubscribeRequest, @ActionCtx() ctx: ActionContext): Promise<ManualUnsubscribeResponse> {
    return { unsubscribed: await this.admin.unsubscribeSubscriber(ctx, id, body.list) };
  }

  @Delete('subscribers/:id')
  @RequirePermission('newsletter.manage')
  @HttpCode(204)
  @ApiOperation({ summary: 'Erase a subscriber on request: the address goes, an anonymous consent trail stays' })
  @ApiNoContentResponse()
  @ApiErrors({ 400: [], 404: ['NEWSLETTER_SUBSCRIBER_NOT_FOUND'] })
  async erase(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext): Promise<void> {
    await this.admin.eraseSubscriber(ctx, id);
  }

  @Get('reports/growth')
  @RequirePermission('newsletter.manage')
  @ApiOperation({ summary: 'Counts per list, and signups, confirmations, unsubscriptions and net growth per list per day (UTC)' })
  @ApiOkResponse({ type: GrowthResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'NEWSLETTER_RANGE_INVALID'] })
  async growth(@Query() query: GrowthQuery): Promise<GrowthResponse> {
    return GrowthResponse.from(await this.admin.growth(query.from, query.to, query.list));
  }

  @Get('reports/attribution')
  @RequirePermission('newsletter.manage')
  @ApiOperation({ summary: 'Signups and confirmations per article and per placement of the signup box' })
  @ApiOkResponse({ type: AttributionResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'NEWSLETTER_RANGE_INVALID'] })
  async attribution(@Query() query: ReportRangeQuery): Promise<AttributionResponse> {
    return AttributionResponse.from(await this.admin.attribution(query.from, query.to));
  }
}
