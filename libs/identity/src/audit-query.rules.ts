import { isUuid } from '#libs/kernel';
import { AccountAdminErrorCode } from './account-admin.errors.js';
import type { AuditFilter } from './account-admin.repository.js';
import type { Violation } from './account-admin.rules.js';

/** The audit-log query as the API takes it. */
export interface AuditQuery {
  /** An account id, or an actor label (an e-mail, `system`). */
  actor?: string;
  targetType?: string;
  targetId?: string;
  /** An exact action (`account.deactivate`) or a prefix ending in `.*` (`account.*`). */
  action?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

/** RULE: how the query's parameters narrow the log. Pure: returns the filter or a violation. */
export function auditFilterOf(q: AuditQuery): { filter: AuditFilter } | { violation: Violation } {
  if (q.from && q.to && q.from.getTime() >= q.to.getTime()) {
    return { violation: { kind: 'validation', code: AccountAdminErrorCode.AuditFilterInvalid, message: '`from` must be before `to`.' } };
  }
  const filter: AuditFilter = {};
  if (q.actor) {
    if (isUuid(q.actor)) filter.actorId = q.actor.toLowerCase();
    else filter.actorLabel = q.actor.trim().toLowerCase();
  }
  if (q.targetType) filter.targetType = q.targetType;
  if (q.targetId) filter.targetId = isUuid(q.targetId) ? q.targetId.toLowerCase() : q.targetId;
  if (q.action) {
    if (q.action.endsWith('.*')) filter.actionPrefix = q.action.slice(0, -1);
    else filter.action = q.action;
  }
  if (q.from) filter.from = q.from;
  if (q.to) filter.to = q.to;
  return { filter };
}
