import { Body, Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { BannerChoiceService, BannerEventsService } from '#libs/donation-banners';
import { ContentApi, CurrentApiClient, type ApiClient } from '#libs/identity';
import { ApiErrors } from '../../http/api-errors.js';
import { BannerChoiceResponse, BannerEventsRequest, BannerEventsResponse, BannerQuery } from './donation-banners.dto.js';

@ApiTags('content')
@Controller('v1/content')
@ApiErrors({ 400: ['VALIDATION_FAILED'], 401: ['API_KEY_MISSING', 'API_KEY_INVALID'] })
export class ContentDonationBannersController {
  constructor(
    private readonly choice: BannerChoiceService,
    private readonly events: BannerEventsService,
  ) {}

  @Get('donation-banners')
  @ContentApi()
  @ApiOperation({
    summary: 'The donation banner for one placement of an article, for one reader',
    description: 'The same reader id always gets the same variant. Frequency rules and the global cap come with it for the front-end to apply.',
  })
  @ApiOkResponse({ type: BannerChoiceResponse })
  @ApiErrors({ 404: ['BANNER_ARTICLE_NOT_FOUND'] })
  async choose(@Query() query: BannerQuery): Promise<BannerChoiceResponse> {
    return BannerChoiceResponse.from(await this.choice.chooseForPlacement(query.article ?? null, query.placement, query.reader));
  }

  @Post('donation-campaigns/events')
  @ContentApi()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Report banner events (impression, click, dismiss, conversion), up to 50 per request',
    description:
      'Counted per campaign, variant, article and UTC day. Each event id is counted once, however often it is sent. ' +
      'One bad event refuses the whole batch (BANNER_EVENTS_INVALID, details name each event) and nothing is counted.',
  })
  @ApiOkResponse({ type: BannerEventsResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'BANNER_EVENTS_INVALID'], 413: ['PAYLOAD_TOO_LARGE'], 429: ['BANNER_EVENTS_RATE_LIMITED'] })
  async record(@Body() body: BannerEventsRequest, @CurrentApiClient() client: ApiClient, @Req() req: FastifyRequest): Promise<BannerEventsResponse> {
    return this.events.record(
      { apiKeyId: client.apiKeyId, ip: req.ip },
      body.events.map((e) => e.toInput()),
    );
  }
}
