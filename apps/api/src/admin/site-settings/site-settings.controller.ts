import { Body, Controller, Get, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ActionCtx, RequirePermission, type ActionContext } from '#libs/identity';
import { SiteSettingsService, settingsEtag } from '#libs/site-settings';
import { ApiErrors } from '../../http/api-errors.js';
import { SettingsVersion } from './settings-version.js';
import { SiteSettingsRequest, SiteSettingsResponse } from './site-settings.dto.js';

@ApiTags('admin: site settings')
@Controller('v1/admin/site-settings')
@ApiErrors({ 401: [], 403: { codes: [], note: 'Admins only (settings.manage).' } })
export class SiteSettingsController {
  constructor(private readonly settings: SiteSettingsService) {}

  @Get()
  @RequirePermission('settings.manage')
  @ApiOperation({ summary: 'The site settings and navigation: title, description, logo, social accounts, menus, newsletter box copy and lists (per section)' })
  @ApiOkResponse({ type: SiteSettingsResponse, description: 'ETag: "s<version>" (send it back as If-Match).' })
  async get(@Res({ passthrough: true }) reply: FastifyReply): Promise<SiteSettingsResponse> {
    const s = await this.settings.current();
    void reply.header('ETag', settingsEtag(s.version));
    return SiteSettingsResponse.from(s);
  }

  @Put()
  @RequirePermission('settings.manage')
  @ApiOperation({ summary: 'Replace the site settings (the whole document)', description: 'Purges GET /v1/content/settings (outbox `site_settings.changed`).' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag last read ("s0" before the first save). Missing -> 428, stale -> 412.' })
  @ApiOkResponse({ type: SiteSettingsResponse })
  @ApiErrors({
    400: {
      codes: ['VALIDATION_FAILED', 'SITE_SETTINGS_INVALID', 'SITE_SETTINGS_IF_MATCH_INVALID'],
      note: 'SITE_SETTINGS_INVALID details name each field: an unknown image, list or section too',
    },
    412: ['SITE_SETTINGS_VERSION_CONFLICT'],
    428: ['SITE_SETTINGS_IF_MATCH_REQUIRED'],
  })
  async replace(
    @Body() body: SiteSettingsRequest,
    @SettingsVersion() version: number,
    @ActionCtx() ctx: ActionContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SiteSettingsResponse> {
    const s = await this.settings.replace(ctx, { ...body }, version);
    void reply.header('ETag', settingsEtag(s.version));
    return SiteSettingsResponse.from(s);
  }
}
