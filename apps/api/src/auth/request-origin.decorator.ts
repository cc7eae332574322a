import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { RequestOrigin } from '#libs/identity';

/** Request id and client address of any request, public ones included (for audit entries and rate limits). */
export const Origin = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestOrigin => {
  const req = ctx.switchToHttp().getRequest<{ id?: string; ip?: string }>();
  return { requestId: req.id ?? null, ip: req.ip ?? null };
});
