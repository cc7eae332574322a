import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Transactions } from '#libs/database';
import { Clock, DomainError, clampLimit, decodeCursor, encodeCursor, type Page } from '#libs/kernel';
import { Outbox } from '#libs/outbox';
import type { ActionContext } from './action-context.js';
import { AccountAdminRepository, type AccountFilter, type AccountRecord } from './account-admin.repository.js';
import { deactivationViolation, reactivationViolation, roleChangeViolation, statusAfterReactivation, type ManagingActor, type Violation } from './account-admin.rules.js';
import { AuditLog } from './audit-log.service.js';
import { IdentityErrorCode } from './identity.errors.js';
import type { Role } from './identity.rules.js';
import { ACCOUNT_DEACTIVATED_TOPIC } from './identity.events.js';

export const throwViolation = (v: Violation | null): void => {
  if (v) throw new DomainError(v.kind, v.code, v.message, v.field ? [{ field: v.field, code: v.code, message: v.message }] : []);
};

export const accountNotFound = () => new DomainError('not_found', IdentityErrorCode.AccountNotFound, 'No such account.');

const stateOf = (a: AccountRecord) => ({ email: a.email, role: a.role, status: a.status });

/**
 * Account administration: list, role changes, deactivation, reactivation. Every change runs
 * in one transaction that first locks the active admin rows, then the target, re-reads the
 * caller, applies the rules and writes the audit entry.
 */
@Injectable()
export class AccountAdminService {
  constructor(
    private readonly repo: AccountAdminRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
  ) {}

  async list(filter: AccountFilter, cursor?: string, limit?: number): Promise<Page<AccountRecord>> {
    const size = clampLimit(limit, 50);
    const rows = await this.repo.listAccounts(filter, cursor ? decodeCursor(cursor) : null, size);
    const items = rows.slice(0, size);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > size && last ? encodeCursor({ at: last.cursorAt, id: last.id }) : null };
  }

  async get(id: string): Promise<AccountRecord> {
    const account = await this.repo.findAccount(id);
    if (!account) throw accountNotFound();
    return account;
  }

  changeRole(ctx: ActionContext, id: string, role: Role): Promise<AccountRecord> {
    return this.manage(ctx, id, async (tx, actor, target, adminIds) => {
      throwViolation(roleChangeViolation(actor, target, role, adminIds));
      if (target.role === role) return target;
      await this.repo.updateRole(tx, id, role, this.clock.now());
      const after = { ...target, role };
      await this.audit.record(tx, ctx, { action: 'account.role_change', targetType: 'account', targetId: id, summary: { before: stateOf(target), after: stateOf(after) } });
      return after;
    });
  }

  /** Deactivates an account: every session and mailed token of it stops working at once. */
  deactivate(ctx: ActionContext, id: string): Promise<AccountRecord> {
    return this.manage(ctx, id, async (tx, actor, target, adminIds) => {
      throwViolation(deactivationViolation(actor, target, adminIds));
      const now = this.clock.now();
      await this.repo.updateStatus(tx, id, 'deactivated', now);
      const sessionsRevoked = await this.repo.revokeAllSessions(tx, id, now);
      await this.repo.revokeTokens(tx, id, null, now);
      // what the account granted elsewhere (preview links) is revoked by its owners
      await this.outbox.emit(tx, ACCOUNT_DEACTIVATED_TOPIC, { accountId: id });
      // RULE: a deactivated account is mailed nothing more, not even what was queued before
      await this.outbox.cancelPending(tx, { mailTo: target.email }, 'cancelled: the account was deactivated');
      const after: AccountRecord = { ...target, status: 'deactivated' };
      await this.audit.record(tx, ctx, {
        action: 'account.deactivate',
        targetType: 'account',
        targetId: id,
        summary: { before: stateOf(target), after: stateOf(after), sessionsRevoked },
      });
      return after;
    });
  }

  reactivate(ctx: ActionContext, id: string): Promise<AccountRecord> {
    return this.manage(ctx, id, async (tx, actor, target) => {
      throwViolation(reactivationViolation(actor, target));
      const after: AccountRecord = { ...target, status: statusAfterReactivation(target.hasPassword) };
      await this.repo.updateStatus(tx, id, after.status, this.clock.now());
      await this.audit.record(tx, ctx, { action: 'account.reactivate', targetType: 'account', targetId: id, summary: { before: stateOf(target), after: stateOf(after) } });
      return after;
    });
  }

  /**
   * Runs `work` in a transaction holding locks on every active admin row (id order) and on
   * the target, with the caller re-read inside the transaction. Two parallel demotions or
   * deactivations of the last two admins serialize here, so the second sees one admin left.
   */
  private manage(
    ctx: ActionContext,
    id: string,
    work: (tx: EntityManager, actor: ManagingActor, target: AccountRecord, activeAdminIds: string[]) => Promise<AccountRecord>,
  ): Promise<AccountRecord> {
    return this.transactions.run(async (tx) => {
      const activeAdminIds = await this.repo.lockActiveAdminIds(tx);
      const target = await this.repo.lockAccount(tx, id);
      if (!target) throw accountNotFound();
      const self = target.id === ctx.actor.accountId ? target : await this.repo.findAccount(ctx.actor.accountId, tx);
      const actor: ManagingActor = self ? { id: self.id, role: self.role, status: self.status } : { id: ctx.actor.accountId, role: 'contributor', status: 'deactivated' };
      return work(tx, actor, target, activeAdminIds);
    });
  }
}
