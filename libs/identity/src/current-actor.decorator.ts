import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor, ApiClient } from './actor.js';
import type { AuthenticatedRequest } from './access.guard.js';

/** The Actor the AccessGuard resolved for this request. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without an authenticated policy');
  return actor;
});

export const CurrentApiClient = createParamDecorator((_: unknown, ctx: ExecutionContext): ApiClient => {
  const client = ctx.switchToHttp().getRequest<AuthenticatedRequest>().apiClient;
  if (!client) throw new Error('CurrentApiClient used on a route without the content policy');
  return client;
});
