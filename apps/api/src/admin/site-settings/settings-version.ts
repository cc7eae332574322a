import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { DomainError } from '#libs/kernel';
import { SiteSettingsErrorCode, versionFromEtag } from '#libs/site-settings';

/** The settings version named by If-Match: missing -> 428, not one of ours -> 400. */
export const SettingsVersion = createParamDecorator((_: unknown, ctx: ExecutionContext): number => {
  const v = versionFromEtag(ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers['if-match']);
  if (v === null) throw new DomainError('precondition_required', SiteSettingsErrorCode.IfMatchRequired, 'Send If-Match with the ETag you last read ("s0" before the first save).');
  if (Number.isNaN(v))
    throw new DomainError('validation', SiteSettingsErrorCode.IfMatchInvalid, 'If-Match must be a settings ETag, e.g. "s3".', [
      { field: 'If-Match', message: 'not a settings ETag' },
    ]);
  return v;
});
