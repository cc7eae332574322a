import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { Transactions } from '#libs/database';
import { Clock, DomainError, isUuid, newId, randomToken, sha256 } from '#libs/kernel';
import { signAccessToken, verifyAccessToken } from './access-token.js';
import type { ActionContext } from './action-context.js';
import type { Actor } from './actor.js';
import { AuditLog } from './audit-log.service.js';
import { IdentityErrorCode, invalidCredentials } from './identity.errors.js';
import { IdentityRepository } from './identity.repository.js';
import { isRole, loginLockMs, normalizeEmail } from './identity.rules.js';
import { dummyHash, verifyPassword } from './passwords.js';

export interface TokenPair {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  tokenType: 'Bearer';
}

export interface ClientInfo {
  ip: string;
  userAgent?: string;
  /** Recorded in the audit entry of the login. */
  requestId?: string;
}

/** Login, refresh rotation, logout, and access-token authentication. */
@Injectable()
export class AuthService {
  constructor(
    private readonly repo: IdentityRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
  ) {}

  private throttleKey(email: string, ip: string): string {
    return sha256(`${email}|${ip}`);
  }

  /**
   * RULE: unknown, wrong-password, invited and deactivated accounts all get the same
   * AUTH_INVALID_CREDENTIALS answer, after the same amount of hashing work.
   */
  async login(emailRaw: string, password: string, client: ClientInfo): Promise<TokenPair> {
    const email = normalizeEmail(emailRaw);
    const key = this.throttleKey(email, client.ip);
    const { lockedUntil } = await this.repo.beginLoginAttempt(key, (failures) => loginLockMs(failures, this.config.auth.loginMaxFailures));
    if (lockedUntil) throw this.throttled(lockedUntil);

    const account = await this.repo.findAccountByEmail(email);
    const ok = await verifyPassword(account?.passwordHash ?? (await dummyHash()), password);
    if (!account || !ok || account.status !== 'active') {
      // the failure was counted (and any lock set) when the attempt began
      throw invalidCredentials();
    }
    await this.repo.clearLoginFailures(key);
    await this.repo.touchLogin(account.id);
    const sessionId = newId();
    const secret = randomToken();
    const now = this.clock.now();
    const refreshTokenExpiresAt = new Date(now.getTime() + this.config.auth.refreshTtlMs);
    await this.transactions.run(async (tx) => {
      await this.repo.insertSession(
        {
          id: sessionId,
          accountId: account.id,
          refreshHash: sha256(secret),
          previousRefreshHash: null,
          createdAt: now,
          expiresAt: refreshTokenExpiresAt,
          lastUsedAt: now,
          revokedAt: null,
          ip: client.ip,
          userAgent: client.userAgent?.slice(0, 500) ?? null,
        },
        tx,
      );
      const actor: Actor = { accountId: account.id, email: account.email, displayName: account.displayName, role: account.role as Actor['role'], sessionId };
      await this.audit.record(
        tx,
        { actor, requestId: client.requestId ?? null, ip: client.ip },
        { action: 'auth.login', targetType: 'account', targetId: account.id, summary: { sessionId } },
      );
    });
    return this.pair(account.id, sessionId, account.role, `${sessionId}.${secret}`, refreshTokenExpiresAt);
  }

  /** Rotates the refresh token. Presenting a rotated-out token revokes the whole session. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const [sessionId, secret, extra] = refreshToken.split('.');
    const invalid = new DomainError('unauthenticated', IdentityErrorCode.RefreshInvalid, 'The refresh token is not valid.');
    if (!sessionId || !secret || extra !== undefined || !isUuid(sessionId)) throw invalid;
    const session = await this.repo.findSession(sessionId);
    if (!session) throw invalid;
    const presented = sha256(secret);
    if (session.previousRefreshHash === presented) {
      await this.repo.revokeSession(sessionId);
      throw new DomainError('unauthenticated', IdentityErrorCode.RefreshReused, 'This refresh token was already used; the session is revoked.');
    }
    const now = this.clock.now();
    if (session.refreshHash !== presented || session.revokedAt || session.expiresAt <= now || session.accountStatus !== 'active') {
      throw invalid;
    }
    const nextSecret = randomToken();
    const expiresAt = new Date(now.getTime() + this.config.auth.refreshTtlMs);
    // conditional UPDATE: two concurrent refreshes with the same token cannot both win
    if (!(await this.repo.rotateRefresh(sessionId, presented, sha256(nextSecret), expiresAt))) throw invalid;
    return this.pair(session.accountId, sessionId, session.role, `${sessionId}.${nextSecret}`, expiresAt);
  }

  /** Ends the caller's session; with a context, the logout is audited in the same transaction. */
  async logout(sessionId: string, ctx?: ActionContext): Promise<void> {
    if (!ctx) return this.repo.revokeSession(sessionId);
    await this.transactions.run(async (tx) => {
      await this.repo.revokeSession(sessionId, tx);
      await this.audit.record(tx, ctx, { action: 'auth.logout', targetType: 'account', targetId: ctx.actor.accountId, summary: { sessionId } });
    });
  }

  /**
   * Resolves a bearer token to an Actor. The session and account are read fresh, so a
   * logout, revocation or deactivation takes effect on the very next request.
   */
  async authenticate(token: string): Promise<Actor> {
    const result = verifyAccessToken(token, this.config.auth.jwtSecret, Math.floor(this.clock.now().getTime() / 1000));
    if (!result.ok) {
      throw result.reason === 'expired'
        ? new DomainError('unauthenticated', IdentityErrorCode.TokenExpired, 'The access token has expired; refresh it.')
        : new DomainError('unauthenticated', IdentityErrorCode.TokenInvalid, 'The access token is not valid.');
    }
    const session = await this.repo.findSession(result.claims.sid);
    if (!session || session.revokedAt || session.accountStatus !== 'active' || session.accountId !== result.claims.sub) {
      throw new DomainError('unauthenticated', IdentityErrorCode.SessionRevoked, 'The session has ended; log in again.');
    }
    if (!isRole(session.role)) throw new DomainError('unauthenticated', IdentityErrorCode.TokenInvalid, 'The access token is not valid.');
    return {
      accountId: session.accountId,
      role: session.role,
      sessionId: session.sessionId,
      email: session.email,
      displayName: session.displayName,
    };
  }

  private pair(accountId: string, sessionId: string, role: string, refreshToken: string, refreshTokenExpiresAt: Date): TokenPair {
    const nowMs = this.clock.now().getTime();
    const exp = Math.floor((nowMs + this.config.auth.accessTtlMs) / 1000);
    const accessToken = signAccessToken({ sub: accountId, sid: sessionId, role: role as never, iat: Math.floor(nowMs / 1000), exp }, this.config.auth.jwtSecret);
    return { accessToken, accessTokenExpiresAt: new Date(exp * 1000), refreshToken, refreshTokenExpiresAt, tokenType: 'Bearer' };
  }

  private throttled(until: Date): DomainError {
    const retryAfter = Math.max(1, Math.ceil((until.getTime() - this.clock.now().getTime()) / 1000));
    return new DomainError('rate_limited', IdentityErrorCode.LoginThrottled, 'Too many failed logins; try again later.', [], {
      retryAfterSeconds: retryAfter,
    });
  }
}
