import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ArticleErrorCode, versionFromIfMatch } from '#libs/articles';
import { DomainError } from '#libs/kernel';

/** The version named by If-Match: missing -> 428, unparseable -> 400. */
export const IfMatchVersion = createParamDecorator((_: unknown, ctx: ExecutionContext): number => {
  const header = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers['if-match'];
  const v = versionFromIfMatch(header);
  if (v === null) {
    throw new DomainError('precondition_required', ArticleErrorCode.IfMatchRequired, 'Send If-Match with the ETag you last read.');
  }
  if (Number.isNaN(v)) {
    throw new DomainError('validation', ArticleErrorCode.IfMatchInvalid, 'If-Match must be an ETag of this API, e.g. "v3".', [
      { field: 'If-Match', message: 'not an article ETag' },
    ]);
  }
  return v;
});
