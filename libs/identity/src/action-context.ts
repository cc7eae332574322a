import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from './actor.js';
import type { AuthenticatedRequest } from './access.guard.js';

/** Who is acting and from where: what services need to authorize and to audit an action. */
export interface ActionContext {
  actor: Actor;
  requestId: string | null;
  ip: string | null;
}

/** The system acting (worker jobs, sweeps), for audit entries without a person. */
export const SYSTEM_ACTOR_LABEL = 'system';

/** The ActionContext of an authenticated admin request. */
export const ActionCtx = createParamDecorator((_: unknown, ctx: ExecutionContext): ActionContext => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest & { id?: string; ip?: string }>();
  if (!req.actor) throw new Error('ActionCtx used on a route without an authenticated policy');
  return { actor: req.actor, requestId: req.id ?? null, ip: req.ip ?? null };
});
