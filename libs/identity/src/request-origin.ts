import type { ActionContext } from './action-context.js';
import type { Role } from './identity.rules.js';

/** Where an unauthenticated request came from (public routes have no actor). */
export interface RequestOrigin {
  requestId: string | null;
  ip: string | null;
}

/**
 * The context of an account acting on itself through a mailed token (accepting an invitation,
 * resetting its password): proving control of the mailbox makes it the actor.
 */
export const selfContext = (account: { id: string; email: string; displayName: string; role: Role }, origin: RequestOrigin): ActionContext => ({
  actor: { accountId: account.id, email: account.email, displayName: account.displayName, role: account.role, sessionId: '' },
  requestId: origin.requestId,
  ip: origin.ip,
});

/** An account acting with no request (a job or a command run on its behalf: an import's invitations). */
// the accounts table's CHECK keeps role to the Role values
export const accountContext = (account: { id: string; email: string; displayName: string; role: string }): ActionContext =>
  selfContext({ ...account, role: account.role as Role }, { requestId: null, ip: null });
