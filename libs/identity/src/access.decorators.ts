import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import type { Permission } from './identity.rules.js';

export const ACCESS_POLICY = 'newsroom:access-policy';

/** How a route is protected. Every route must declare one; a route without one is refused. */
export type AccessPolicy =
  { kind: 'public' } | { kind: 'authenticated' } | { kind: 'permission'; permission: Permission } | { kind: 'content' } | { kind: 'content-or-permission'; permission: Permission };

/** Open to anyone (health, login, docs). */
export const Public = () => SetMetadata(ACCESS_POLICY, { kind: 'public' } satisfies AccessPolicy);

/** Any logged-in, active account. */
export const Authenticated = () => applyDecorators(SetMetadata(ACCESS_POLICY, { kind: 'authenticated' } satisfies AccessPolicy), ApiBearerAuth());

/** A logged-in account whose role grants `permission`. */
export const RequirePermission = (permission: Permission) =>
  applyDecorators(SetMetadata(ACCESS_POLICY, { kind: 'permission', permission } satisfies AccessPolicy), ApiBearerAuth());

/** A site front-end holding a content API key (`X-Api-Key` header or `?key=`). */
export const ContentApi = () => applyDecorators(SetMetadata(ACCESS_POLICY, { kind: 'content' } satisfies AccessPolicy), ApiSecurity('apiKey'));

/**
 * A content route a signed-in desk user may also read with their bearer token when their role
 * grants `permission` (the desk's preview holds no content key). Without a bearer token it is a
 * content route: no key, 401 API_KEY_MISSING.
 */
export const ContentApiOrPermission = (permission: Permission) =>
  applyDecorators(SetMetadata(ACCESS_POLICY, { kind: 'content-or-permission', permission } satisfies AccessPolicy), ApiSecurity('apiKey'), ApiBearerAuth());
