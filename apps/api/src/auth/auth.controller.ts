import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiNoContentResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ActionCtx, AuthService, Authenticated, CurrentActor, PERMISSIONS, Public, roleGrants, type ActionContext, type Actor } from '#libs/identity';
import { ApiErrors } from '../http/api-errors.js';
import { LoginRequest, MeResponse, RefreshRequest, TokenResponse } from './auth.dto.js';

@ApiTags('auth')
@Controller('v1/auth')
@ApiErrors({ 400: ['VALIDATION_FAILED', 'MALFORMED_JSON'] })
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in with e-mail and password',
    description: 'After 5 failures per account+address, further attempts back off exponentially (429 with Retry-After).',
  })
  @ApiOkResponse({ type: TokenResponse })
  @ApiErrors({ 401: { codes: ['AUTH_INVALID_CREDENTIALS'], note: 'same answer for unknown accounts' }, 429: ['AUTH_LOGIN_THROTTLED'] })
  async login(@Body() body: LoginRequest, @Req() req: FastifyRequest): Promise<TokenResponse> {
    const pair = await this.auth.login(body.email, body.password, { ip: req.ip, userAgent: req.headers['user-agent'], requestId: req.id });
    return TokenResponse.from(pair);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new token pair (rotation; reuse revokes the session)' })
  @ApiOkResponse({ type: TokenResponse })
  @ApiErrors({ 401: ['AUTH_REFRESH_TOKEN_INVALID', 'AUTH_REFRESH_TOKEN_REUSED'] })
  async refresh(@Body() body: RefreshRequest): Promise<TokenResponse> {
    return TokenResponse.from(await this.auth.refresh(body.refreshToken));
  }

  @Post('logout')
  @Authenticated()
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke the current session (its access and refresh tokens stop working at once)' })
  @ApiNoContentResponse()
  @ApiErrors({ 401: [] })
  async logout(@ActionCtx() ctx: ActionContext): Promise<void> {
    await this.auth.logout(ctx.actor.sessionId, ctx);
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'The logged-in account' })
  @ApiOkResponse({ type: MeResponse })
  @ApiErrors({ 401: [] })
  me(@CurrentActor() actor: Actor): MeResponse {
    const permissions = PERMISSIONS.filter((p) => roleGrants(actor.role, p));
    return { id: actor.accountId, email: actor.email, displayName: actor.displayName, role: actor.role, permissions };
  }
}
