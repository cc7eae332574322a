import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Public, RequirePermission, type Actor } from '#libs/identity';
import { NotificationsService } from '#libs/notifications';
import { ApiErrors } from '../../http/api-errors.js';
import { UuidPipe } from '../../http/uuid.pipe.js';
import {
  InboxQueryDto,
  MarkedReadResponse,
  NotificationOneClickQuery,
  NotificationOneClickRequest,
  NotificationPageResponse,
  NotificationResponse,
  PreferencesResponse,
  UnreadCountResponse,
  UnsubscribedResponse,
  UpdatePreferencesRequest,
} from './notifications.dto.js';

/** The caller's own inbox and notification preferences (every role; nobody sees another's). */
@ApiTags('admin: notifications')
@Controller('v1/admin/notifications')
@ApiErrors({ 400: [], 401: [] })
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @RequirePermission('self.read')
  @ApiOperation({ summary: 'My notifications, newest first (keyset paging), with the unread count' })
  @ApiOkResponse({ type: NotificationPageResponse })
  async list(@Query() q: InboxQueryDto, @CurrentActor() actor: Actor): Promise<NotificationPageResponse> {
    const [page, unreadCount] = await Promise.all([this.notifications.list(actor, q), this.notifications.unreadCount(actor)]);
    return { items: page.items.map((n) => NotificationResponse.from(n)), nextCursor: page.nextCursor, unreadCount };
  }

  @Get('unread-count')
  @RequirePermission('self.read')
  @ApiOperation({ summary: 'How many of my notifications are unread' })
  @ApiOkResponse({ type: UnreadCountResponse })
  async unread(@CurrentActor() actor: Actor): Promise<UnreadCountResponse> {
    return { unread: await this.notifications.unreadCount(actor) };
  }

  @Post('read-all')
  @HttpCode(200)
  @RequirePermission('self.read')
  @ApiOperation({ summary: 'Mark all my notifications read' })
  @ApiOkResponse({ type: MarkedReadResponse })
  async readAll(@CurrentActor() actor: Actor): Promise<MarkedReadResponse> {
    return { marked: await this.notifications.markAllRead(actor) };
  }

  @Post(':id/read')
  @HttpCode(200)
  @RequirePermission('self.read')
  @ApiOperation({ summary: 'Mark one of my notifications read (again: no change)' })
  @ApiOkResponse({ type: NotificationResponse })
  @ApiErrors({ 404: { codes: ['NOTIFICATION_NOT_FOUND'], note: 'also for another account’s' } })
  async read(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<NotificationResponse> {
    return NotificationResponse.from(await this.notifications.markRead(actor, id));
  }

  @Get('preferences')
  @RequirePermission('self.read')
  @ApiOperation({ summary: 'How I get each kind of notification, and my digest time zone' })
  @ApiOkResponse({ type: PreferencesResponse })
  async preferences(@CurrentActor() actor: Actor): Promise<PreferencesResponse> {
    return PreferencesResponse.from(await this.notifications.preferences(actor));
  }

  @Put('preferences')
  @RequirePermission('self.read')
  @ApiOperation({ summary: 'Set how I get some kinds (inbox, mail, digest, off) and/or my digest time zone' })
  @ApiOkResponse({ type: PreferencesResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'NOTIFICATION_KIND_UNKNOWN', 'NOTIFICATION_TIME_ZONE_INVALID'] })
  async setPreferences(@Body() body: UpdatePreferencesRequest, @CurrentActor() actor: Actor): Promise<PreferencesResponse> {
    return PreferencesResponse.from(await this.notifications.setPreferences(actor, { timeZone: body.timeZone, kinds: body.kinds }));
  }

  @Post('unsubscribe/one-click')
  @Public()
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({
    summary: 'RFC 8058 one-click unsubscribe from a notification kind (the List-Unsubscribe URL of a notification mail)',
    description: 'Mail clients POST `List-Unsubscribe=One-Click` to the URL; the token alone authorizes turning that kind (or the digest) off for its account.',
  })
  @ApiOkResponse({ type: UnsubscribedResponse })
  @ApiErrors({ 404: ['NOTIFICATION_UNSUBSCRIBE_TOKEN_INVALID'], 415: [] })
  async oneClick(@Query() q: NotificationOneClickQuery, @Body() _body: NotificationOneClickRequest): Promise<UnsubscribedResponse> {
    return this.notifications.unsubscribe(q.token);
  }
}
