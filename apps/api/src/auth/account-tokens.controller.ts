import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InvitesService, PasswordResetService, Public, type RequestOrigin } from '#libs/identity';
import { ApiErrors } from '../http/api-errors.js';
import { AcceptInviteRequest, PasswordResetAcceptedResponse, PasswordResetConfirmRequest, PasswordResetRequest } from './account-tokens.dto.js';
import { Origin } from './request-origin.decorator.js';

const RESET_ANSWER: PasswordResetAcceptedResponse = { message: 'If an active account uses this address, a reset link is on its way.' };

/** The routes behind mailed links: accepting an invitation, resetting a password. */
@ApiTags('auth')
@Controller('v1/auth')
export class AccountTokensController {
  constructor(
    private readonly invites: InvitesService,
    private readonly resets: PasswordResetService,
  ) {}

  @Post('invites/accept')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Accept an invitation: set the password and activate the account (then log in)' })
  @ApiNoContentResponse()
  @ApiErrors({ 400: { codes: ['VALIDATION_FAILED', 'ACCOUNT_TOKEN_INVALID', 'ACCOUNT_PASSWORD_TOO_SHORT'], note: 'ACCOUNT_TOKEN_INVALID: unknown, used, revoked or expired' } })
  async acceptInvite(@Body() body: AcceptInviteRequest, @Origin() origin: RequestOrigin): Promise<void> {
    await this.invites.accept(body, origin);
  }

  @Post('password-reset/request')
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Mail a password-reset link',
    description: 'The answer is the same whether or not the address belongs to an account. Limited per client address and per e-mail address.',
  })
  @ApiAcceptedResponse({ type: PasswordResetAcceptedResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED'], 429: ['PASSWORD_RESET_RATE_LIMITED'] })
  async requestReset(@Body() body: PasswordResetRequest, @Origin() origin: RequestOrigin): Promise<PasswordResetAcceptedResponse> {
    await this.resets.request(body.email, origin);
    return RESET_ANSWER;
  }

  @Post('password-reset/confirm')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password with a reset token; every session of the account ends' })
  @ApiNoContentResponse()
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'ACCOUNT_TOKEN_INVALID', 'ACCOUNT_PASSWORD_TOO_SHORT'] })
  async confirmReset(@Body() body: PasswordResetConfirmRequest, @Origin() origin: RequestOrigin): Promise<void> {
    await this.resets.confirm(body.token, body.password, origin);
  }
}
