import { Body, Controller, Get, HttpCode, Ip, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ContentApi, Public } from '#libs/identity';
import { NewsletterSignupsService } from '#libs/newsletter-signups';
import { ApiErrors } from '../../http/api-errors.js';
import {
  ConfirmRequest,
  ConfirmResponse,
  CreateSubscriptionRequest,
  NewsletterListRefResponse,
  NewsletterOfferResponse,
  OneClickQuery,
  OneClickRequest,
  SignupAcceptedResponse,
  UnsubscribeRequest,
  UnsubscribeResponse,
} from './newsletter.dto.js';

const ACCEPTED: SignupAcceptedResponse = { status: 'accepted', message: 'If this address can receive mail, a confirmation link is on its way.' };

/**
 * Newsletter routes of the content surface. The signup box calls the first two with the
 * front-end's API key. Confirm and unsubscribe are @Public(): a reader reaches them from a
 * link in a mail, which cannot carry an API key; the random token in the request is the
 * whole authorization, and it can only act on its own subscriber.
 */
@ApiTags('content: newsletter')
@Controller('v1/content/newsletter')
export class NewsletterContentController {
  constructor(private readonly signups: NewsletterSignupsService) {}

  @Get()
  @ContentApi()
  @ApiOperation({ summary: 'What the signup box offers: open lists and the current consent text' })
  @ApiOkResponse({ type: NewsletterOfferResponse })
  @ApiErrors({ 401: ['API_KEY_MISSING', 'API_KEY_INVALID'] })
  async offer(): Promise<NewsletterOfferResponse> {
    return NewsletterOfferResponse.from(await this.signups.offer());
  }

  @Post('subscriptions')
  @ContentApi()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Sign up (double opt-in)',
    description:
      'Always answers 202 with the same body, whether the address is new, pending, confirmed or unsubscribed, so the answer reveals nothing. ' +
      'A pending subscription and a confirmation mail (at most one per address per NEWSLETTER_CONFIRMATION_INTERVAL) are written in one transaction. ' +
      'Identical parallel submissions make one subscription and one mail. A filled honeypot (`website`) also gets 202, and nothing is written.',
  })
  @ApiAcceptedResponse({ type: SignupAcceptedResponse })
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'NEWSLETTER_EMAIL_INVALID', 'NEWSLETTER_LIST_UNKNOWN', 'NEWSLETTER_CONSENT_TEXT_UNKNOWN'],
    401: ['API_KEY_MISSING', 'API_KEY_INVALID'],
    413: [],
    429: { codes: ['NEWSLETTER_RATE_LIMITED'], note: 'per client address and per e-mail address; see Retry-After' },
  })
  async subscribe(@Body() body: CreateSubscriptionRequest, @Ip() ip: string): Promise<SignupAcceptedResponse> {
    await this.signups.subscribe(body, { ip: ip ?? null });
    return ACCEPTED;
  }

  @Post('confirm')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm a signup with the token from the confirmation mail (single use, 24 h)' })
  @ApiOkResponse({ type: ConfirmResponse })
  @ApiErrors({ 400: [], 404: ['NEWSLETTER_TOKEN_NOT_FOUND'], 410: ['NEWSLETTER_TOKEN_USED', 'NEWSLETTER_TOKEN_EXPIRED'] })
  async confirm(@Body() body: ConfirmRequest, @Ip() ip: string): Promise<ConfirmResponse> {
    return { confirmed: (await this.signups.confirm(body.token, { ip: ip ?? null })).map(NewsletterListRefResponse.from) };
  }

  @Post('unsubscribe')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Unsubscribe from one list or all, with the token from any newsletter mail' })
  @ApiOkResponse({ type: UnsubscribeResponse })
  @ApiErrors({ 400: [], 404: ['NEWSLETTER_TOKEN_NOT_FOUND'] })
  async unsubscribe(@Body() body: UnsubscribeRequest, @Ip() ip: string): Promise<UnsubscribeResponse> {
    return { unsubscribed: (await this.signups.unsubscribe(body.token, body.list, 'mail_link', { ip: ip ?? null })).map(NewsletterListRefResponse.from) };
  }

  @Post('unsubscribe/one-click')
  @Public()
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({
    summary: 'RFC 8058 one-click unsubscribe (the List-Unsubscribe URL)',
    description: 'Mail clients POST `List-Unsubscribe=One-Click` as application/x-www-form-urlencoded to the URL in the List-Unsubscribe header.',
  })
  @ApiOkResponse({ type: UnsubscribeResponse })
  @ApiErrors({ 400: [], 404: ['NEWSLETTER_TOKEN_NOT_FOUND'], 415: [] })
  async oneClick(@Query() query: OneClickQuery, @Body() _body: OneClickRequest, @Ip() ip: string): Promise<UnsubscribeResponse> {
    return { unsubscribed: (await this.signups.unsubscribe(query.token, query.list, 'one_click', { ip: ip ?? null })).map(NewsletterListRefResponse.from) };
  }
}
