import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountAdminService, ActionCtx, InvitesService, RequirePermission, type ActionContext } from '#libs/identity';
import { ApiErrors } from '../../http/api-errors.js';
import { UuidPipe } from '../../http/uuid.pipe.js';
import { AccountPageResponse, AccountResponse, ChangeRoleRequest, InviteAccountRequest, ListAccountsQuery } from './accounts.dto.js';

@ApiTags('admin: accounts')
@Controller('v1/admin/accounts')
@ApiErrors({ 400: ['VALIDATION_FAILED', 'INVALID_CURSOR'], 401: [], 403: { codes: ['AUTH_FORBIDDEN', 'ACCOUNT_MANAGE_FORBIDDEN'], note: 'admins only' } })
export class AccountsController {
  constructor(
    private readonly accounts: AccountAdminService,
    private readonly invites: InvitesService,
  ) {}

  @Post()
  @RequirePermission('accounts.manage')
  @ApiOperation({
    summary: 'Invite someone: creates an invited account and mails a single-use link',
    description: 'The link (`/accept-invite?token=...` on PUBLIC_BASE_URL) works once, for 7 days; the mail goes through the outbox.',
  })
  @ApiCreatedResponse({ type: AccountResponse })
  @ApiErrors({ 409: ['ACCOUNT_EMAIL_TAKEN'] })
  async invite(@Body() body: InviteAccountRequest, @ActionCtx() ctx: ActionContext): Promise<AccountResponse> {
    return AccountResponse.from(await this.invites.invite(ctx, body));
  }

  @Get()
  @RequirePermission('accounts.manage')
  @ApiOperation({ summary: 'List accounts, newest first (keyset pagination)' })
  @ApiOkResponse({ type: AccountPageResponse })
  async list(@Query() q: ListAccountsQuery): Promise<AccountPageResponse> {
    const page = await this.accounts.list({ status: q.status, role: q.role, q: q.q }, q.cursor, q.limit);
    return { items: page.items.map((a) => AccountResponse.from(a)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @RequirePermission('accounts.manage')
  @ApiOperation({ summary: 'One account' })
  @ApiOkResponse({ type: AccountResponse })
  @ApiErrors({ 404: ['ACCOUNT_NOT_FOUND'] })
  async get(@Param('id', UuidPipe) id: string): Promise<AccountResponse> {
    return AccountResponse.from(await this.accounts.get(id));
  }

  @Put(':id/role')
  @RequirePermission('accounts.manage')
  @ApiOperation({ summary: 'Change the role of an account', description: 'Nobody can raise their own role; the last active admin cannot be demoted.' })
  @ApiOkResponse({ type: AccountResponse })
  @ApiErrors({ 404: ['ACCOUNT_NOT_FOUND'], 409: ['ACCOUNT_LAST_ADMIN'] })
  async changeRole(@Param('id', UuidPipe) id: string, @Body() body: ChangeRoleRequest, @ActionCtx() ctx: ActionContext): Promise<AccountResponse> {
    return AccountResponse.from(await this.accounts.changeRole(ctx, id, body.role));
  }

  @Post(':id/deactivate')
  @RequirePermission('accounts.manage')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Deactivate an account',
    description: 'Its sessions and mailed links stop working at once; its articles and bylines stay. The last active admin cannot be deactivated.',
  })
  @ApiOkResponse({ type: AccountResponse })
  @ApiErrors({ 404: ['ACCOUNT_NOT_FOUND'], 409: ['ACCOUNT_LAST_ADMIN', 'ACCOUNT_ALREADY_DEACTIVATED'] })
  async deactivate(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext): Promise<AccountResponse> {
    return AccountResponse.from(await this.accounts.deactivate(ctx, id));
  }

  @Post(':id/reactivate')
  @RequirePermission('accounts.manage')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reactivate a deactivated account (back to invited if it never set a password)' })
  @ApiOkResponse({ type: AccountResponse })
  @ApiErrors({ 404: ['ACCOUNT_NOT_FOUND'], 409: ['ACCOUNT_NOT_DEACTIVATED'] })
  async reactivate(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext): Promise<AccountResponse> {
    return AccountResponse.from(await this.accounts.reactivate(ctx, id));
  }

  @Post(':id/invitations')
  @RequirePermission('accounts.manage')
  @ApiOperation({ summary: 'Send a fresh invitation to an invited account (the previous link stops working)' })
  @ApiCreatedResponse({ type: AccountResponse })
  @ApiErrors({ 404: ['ACCOUNT_NOT_FOUND'], 409: ['ACCOUNT_NOT_INVITED'] })
  async resendInvitation(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext): Promise<AccountResponse> {
    return AccountResponse.from(await this.invites.resend(ctx, id));
  }
}
