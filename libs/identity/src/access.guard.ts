import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '#libs/kernel';
import { ACCESS_POLICY, type AccessPolicy } from './access.decorators.js';
import type { Actor, ApiClient } from './actor.js';
import { ApiKeysService } from './api-keys.service.js';
import { AuthService } from './auth.service.js';
import { IdentityErrorCode } from './identity.errors.js';
import { roleGrants, type Permission } from './identity.rules.js';

export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  query?: Record<string, unknown>;
  actor?: Actor;
  apiClient?: ApiClient;
}

/**
 * The one guard, installed globally. It fails closed: a route that declares no policy is
 * refused, so a new route cannot ship unprotected by accident.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [context.getHandler(), context.getClass()]);
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!policy) {
      throw new DomainError('forbidden', IdentityErrorCode.RoutePolicyMissing, 'This route declares no access policy.');
    }
    switch (policy.kind) {
      case 'public':
        return true;
      case 'content-or-permission':
      case 'content': {
        if (policy.kind === 'content-or-permission' && !req.headers['x-api-key'] && typeof req.query?.key !== 'string' && req.headers.authorization) {
          return this.bearer(req, policy.permission);
        }
        const header = req.headers['x-api-key'];
        const key = (Array.isArray(header) ? header[0] : header) ?? (typeof req.query?.key === 'string' ? req.query.key : undefined);
        if (!key) throw new DomainError('unauthenticated', IdentityErrorCode.ApiKeyMissing, 'An API key is required (X-Api-Key header or ?key=).');
        req.apiClient = await this.apiKeys.verify(key);
        return true;
      }
      case 'authenticated':
        return this.bearer(req, null);
      case 'permission':
        return this.bearer(req, policy.permission);
    }
  }

  private async bearer(req: AuthenticatedRequest, permission: Permission | null): Promise<boolean> {
    const header = req.headers.authorization;
    const value = Array.isArray(header) ? header[0] : header;
    const match = value ? /^Bearer\s+(\S+)$/i.exec(value) : null;
    if (!match) throw new DomainError('unauthenticated', IdentityErrorCode.TokenMissing, 'A bearer access token is required.');
    const actor = await this.auth.authenticate(match[1]!);
    req.actor = actor;
    if (permission && !roleGrants(actor.role, permission)) {
      throw new DomainError('forbidden', IdentityErrorCode.Forbidden, `Your role may not do this (needs ${permission}).`);
    }
    return true;
  }
}
