import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { Transactions } from '#libs/database';
import { Clock, DomainError, newId, plainText, randomToken, sha256 } from '#libs/kernel';
import { Outbox } from '#libs/outbox';
import { AccountsService } from './accounts.service.js';
import { AccountAdminErrorCode } from './account-admin.errors.js';
import { AccountAdminRepository, type AccountRecord } from './account-admin.repository.js';
import { accountNotFound, throwViolation } from './account-admin.service.js';
import {
  INVITE_TTL_MS,
  accountLink,
  inviteResendViolation,
  manageViolation,
  passwordViolation,
  tokenUsable,
  type AccountTokenPurpose,
  type ManagingActor,
} from './account-admin.rules.js';
import { MAIL_TOPIC, invitationMail } from './account-mails.js';
import type { ActionContext } from './action-context.js';
import { AuditLog } from './audit-log.service.js';
import type { Role } from './identity.rules.js';
import { hashPassword } from './passwords.js';
import { selfContext, type RequestOrigin } from './request-origin.js';

export interface Invitation {
  email: string;
  displayName: string;
  role: Role;
}

export interface InviteAcceptance {
  token: string;
  password: string;
  displayName?: string;
}

export const invalidAccountToken = () =>
  new DomainError('validation', AccountAdminErrorCode.TokenInvalid, 'The link is not valid, already used or expired; ask for a new one.', [
    { field: 'token', message: 'not a valid, unused, unexpired token' },
  ]);

const actorOf = (a: AccountRecord | null, fallbackId: string): ManagingActor =>
  a ? { id: a.id, role: a.role, status: a.status } : { id: fallbackId, role: 'contributor', status: 'deactivated' };

/**
 * Invitations: an admin creates an `invited` account and a single-use, expiring token that
 * is mailed (through the outbox) as a link; accepting it sets the password and activates.
 */
@Injectable()
export class InvitesService {
  constructor(
    private readonly repo: AccountAdminRepository,
    private readonly accounts: AccountsService,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** With `m`, in the caller's transaction (the WordPress import's `--invite`); else in its own. */
  invite(ctx: ActionContext, input: Invitation, m?: EntityManager): Promise<AccountRecord> {
    const work = async (tx: EntityManager) => {
      throwViolation(manageViolation(actorOf(await this.repo.findAccount(ctx.actor.accountId, tx), ctx.actor.accountId)));
      const created = await this.accounts.create({ email: input.email, displayName: input.displayName, role: input.role, status: 'invited' }, tx);
      const account = (await this.repo.findAccount(created.id, tx))!;
      const expiresAt = await this.issue(tx, ctx, account);
      await this.audit.record(tx, ctx, {
        action: 'account.invite',
        targetType: 'account',
        targetId: account.id,
        summary: {
          before: null,
          after: { email: account.email, displayName: account.displayName, role: account.role, status: account.status },
          inviteExpiresAt: expiresAt.toISOString(),
        },
      });
      return account;
    };
    return m ? work(m) : this.transactions.run(work);
  }

  /** Sends a fresh invitation; the previous link stops working. */
  resend(ctx: ActionContext, accountId: string): Promise<AccountRecord> {
    return this.transactions.run(async (tx) => {
      const target = await this.repo.lockAccount(tx, accountId);
      if (!target) throw accountNotFound();
      const self = target.id === ctx.actor.accountId ? target : await this.repo.findAccount(ctx.actor.accountId, tx);
      throwViolation(inviteResendViolation(actorOf(self, ctx.actor.accountId), target));
      const expiresAt = await this.issue(tx, ctx, target);
      await this.audit.record(tx, ctx, {
        action: 'account.invite_resend',
        targetType: 'account',
        targetId: target.id,
        summary: { email: target.email, inviteExpiresAt: expiresAt.toISOString() },
      });
      return target;
    });
  }

  /** Sets the password of an invited account and activates it. The token works once. */
  async accept(input: InviteAcceptance, origin: RequestOrigin): Promise<void> {
    throwViolation(passwordViolation(input.password));
    const hash = sha256(input.token);
    // cheap check first: hashing a password costs ~50 ms and must not be free to trigger
    await this.transactions.run(async (tx) => this.usableToken(tx, hash, 'invite'));
    const passwordHash = await hashPassword(input.password);
    await this.transactions.run(async (tx) => {
      const token = await this.usableToken(tx, hash, 'invite');
      const now = this.clock.now();
      await this.repo.markTokenUsed(tx, token.id, now);
      const displayName = input.displayName === undefined ? undefined : plainText(input.displayName) || undefined;
      await this.repo.setPassword(tx, token.accountId, passwordHash, now, { displayName });
      const account = { id: token.accountId, email: token.email, displayName: displayName ?? token.displayName, role: token.role };
      await this.audit.record(tx, selfContext(account, origin), {
        action: 'account.invite_accept',
        targetType: 'account',
        targetId: token.accountId,
        summary: { before: { status: 'invited', displayName: token.displayName }, after: { status: 'active', displayName: account.displayName } },
      });
    });
  }

  /** Locks the token (and its account) and checks it can be redeemed now. */
  private async usableToken(tx: EntityManager, hash: string, purpose: AccountTokenPurpose) {
    const token = await this.repo.lockToken(tx, hash);
    if (!token || !tokenUsable(token, purpose, token.accountStatus, this.clock.now())) throw invalidAccountToken();
    return token;
  }

  /** Revokes earlier invitations, stores the new token's hash and mails the link. */
  private async issue(tx: EntityManager, ctx: ActionContext, account: AccountRecord): Promise<Date> {
    const now = this.clock.now();
    const secret = randomToken(32);
    const expiresAt = new Date(now.getTime() + INVITE_TTL_MS);
    await this.repo.revokeTokens(tx, account.id, 'invite', now);
    const id = newId();
    await this.repo.insertToken(tx, {
      id,
      accountId: account.id,
      purpose: 'invite',
      tokenHash: sha256(secret),
      createdBy: ctx.actor.accountId,
      createdAt: now,
      expiresAt,
      usedAt: null,
      revokedAt: null,
    });
    const mail = invitationMail(account, ctx.actor.displayName, accountLink(this.config.publicBaseUrl, 'accept-invite', secret), INVITE_TTL_MS);
    await this.outbox.emit(tx, MAIL_TOPIC, { ...mail }, { dedupeKey: `account-token:${id}` });
    return expiresAt;
  }
}
