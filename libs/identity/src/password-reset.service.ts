import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { Transactions } from '#libs/database';
import { Clock, newId, randomToken, sha256 } from '#libs/kernel';
import { Outbox } from '#libs/outbox';
import { RateLimiter } from '#libs/rate-limit';
import { AccountAdminErrorCode } from './account-admin.errors.js';
import { AccountAdminRepository } from './account-admin.repository.js';
import { throwViolation } from './account-admin.service.js';
import { PASSWORD_RESET_LIMITS, PASSWORD_RESET_TTL_MS, accountLink, passwordViolation, tokenUsable } from './account-admin.rules.js';
import { MAIL_TOPIC, passwordResetMail } from './account-mails.js';
import { AuditLog } from './audit-log.service.js';
import { normalizeEmail } from './identity.rules.js';
import { invalidAccountToken } from './invites.service.js';
import { hashPassword } from './passwords.js';
import { selfContext, type RequestOrigin } from './request-origin.js';

/**
 * Self-service password reset by mail. The request answers the same whether or not the
 * address belongs to an account; the mailed token works once, for an hour, and using it
 * ends every session of the account.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly repo: AccountAdminRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    private readonly limiter: RateLimiter,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** RULE: rate limited per client address and per e-mail address, known or not. */
  async request(emailRaw: string, origin: RequestOrigin): Promise<void> {
    const email = normalizeEmail(emailRaw);
    const { perIp, perAddress, windowMs } = PASSWORD_RESET_LIMITS;
    await this.limiter.enforce(
      [
        { key: `password-reset:ip:${origin.ip ?? 'unknown'}`, max: perIp, windowMs },
        { key: `password-reset:address:${email}`, max: perAddress, windowMs },
      ],
      AccountAdminErrorCode.PasswordResetRateLimited,
    );
    await this.transactions.run(async (tx) => {
      const account = await this.repo.findAccountByEmail(tx, email);
      // RULE: only active accounts get a link; the caller cannot tell the difference
      if (!account || account.status !== 'active') return;
      const now = this.clock.now();
      const secret = randomToken(32);
      const id = newId();
      await this.repo.revokeTokens(tx, account.id, 'password_reset', now);
      await this.repo.insertToken(tx, {
        id,
        accountId: account.id,
        purpose: 'password_reset',
        tokenHash: sha256(secret),
        createdBy: null,
        createdAt: now,
        expiresAt: new Date(now.getTime() + PASSWORD_RESET_TTL_MS),
        usedAt: null,
        revokedAt: null,
      });
      const mail = passwordResetMail(account, accountLink(this.config.publicBaseUrl, 'reset-password', secret), PASSWORD_RESET_TTL_MS);
      await this.outbox.emit(tx, MAIL_TOPIC, { ...mail }, { dedupeKey: `account-token:${id}` });
    });
  }

  /** Sets the new password and revokes every session (a reset is what you do after a leak). */
  async confirm(token: string, password: string, origin: RequestOrigin): Promise<void> {
    throwViolation(passwordViolation(password));
    const hash = sha256(token);
    const check = async (tx: EntityManager) => {
      const found = await this.repo.lockToken(tx, hash);
      if (!found || !tokenUsable(found, 'password_reset', found.accountStatus, this.clock.now())) throw invalidAccountToken();
      return found;
    };
    // cheap check first: hashing a password costs ~50 ms and must not be free to trigger
    await this.transactions.run(check);
    const passwordHash = await hashPassword(password);
    await this.transactions.run(async (tx) => {
      const found = await check(tx);
      const now = this.clock.now();
      await this.repo.markTokenUsed(tx, found.id, now);
      await this.repo.setPassword(tx, found.accountId, passwordHash, now);
      const sessionsRevoked = await this.repo.revokeAllSessions(tx, found.accountId, now);
      await this.repo.revokeTokens(tx, found.accountId, 'password_reset', now);
      const account = { id: found.accountId, email: found.email, displayName: found.displayName, role: found.role };
      await this.audit.record(tx, selfContext(account, origin), {
        action: 'account.password_reset',
        targetType: 'account',
        targetId: found.accountId,
        summary: { sessionsRevoked },
      });
    });
  }
}
