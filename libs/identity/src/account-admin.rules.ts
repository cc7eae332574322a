import type { ErrorKind } from '#libs/kernel';
import { AccountAdminErrorCode } from './account-admin.errors.js';
import { PASSWORD_MIN_LENGTH, roleGrants, type AccountStatus, type Role } from './identity.rules.js';

/** How much a role may do; a change to a higher rank is a raise. */
export const ROLE_RANK: Record<Role, number> = { contributor: 0, editor: 1, admin: 2 };

/** An invitation link works for 7 days. */
export const INVITE_TTL_MS = 7 * 24 * 60 * 60_000;
/** A password-reset link works for one hour. */
export const PASSWORD_RESET_TTL_MS = 60 * 60_000;
/** Password-reset requests allowed per client address and per e-mail address, per hour. */
export const PASSWORD_RESET_LIMITS = { perIp: 20, perAddress: 3, windowMs: 60 * 60_000 } as const;
export const PASSWORD_MAX_LENGTH = 1024;

export const ACCOUNT_TOKEN_PURPOSES = ['invite', 'password_reset'] as const;
export type AccountTokenPurpose = (typeof ACCOUNT_TOKEN_PURPOSES)[number];

/** A broken rule: what the service turns into a DomainError. */
export interface Violation {
  kind: ErrorKind;
  code: AccountAdminErrorCode;
  message: string;
  /** The request field at fault, when there is one. */
  field?: string;
}

/** The caller, as read (and locked) inside the transaction, not as of the access check. */
export interface ManagingActor {
  id: string;
  role: Role;
  status: AccountStatus;
}

export interface ManagedAccount {
  id: string;
  role: Role;
  status: AccountStatus;
}

const violation = (kind: ErrorKind, code: AccountAdminErrorCode, message: string): Violation => ({ kind, code, message });

const isActiveAdmin = (a: { role: Role; status: AccountStatus }) => a.role === 'admin' && a.status === 'active';

/** RULE: only active admins manage accounts. */
export function manageViolation(actor: ManagingActor): Violation | null {
  if (actor.status !== 'active' || !roleGrants(actor.role, 'accounts.manage')) {
    return violation('forbidden', AccountAdminErrorCode.ManageForbidden, 'Only admins manage accounts.');
  }
  return null;
}

/**
 * RULE: the last active admin may not stop being one. `activeAdminIds` must be read under a
 * lock on those rows (SELECT ... FOR UPDATE) so two parallel changes cannot both pass.
 */
function lastAdminViolation(target: ManagedAccount, activeAdminIds: readonly string[], what: string): Violation | null {
  if (!isActiveAdmin(target)) return null;
  const others = activeAdminIds.filter((id) => id !== target.id);
  if (others.length === 0) {
    return violation('conflict', AccountAdminErrorCode.LastAdmin, `The last active admin cannot be ${what}.`);
  }
  return null;
}

/** RULES for a role change: admins only; nobody raises their own role; keep one active admin. */
export function roleChangeViolation(actor: ManagingActor, target: ManagedAccount, nextRole: Role, activeAdminIds: readonly string[]): Violation | null {
  const denied = manageViolation(actor);
  if (denied) return denied;
  if (actor.id === target.id && ROLE_RANK[nextRole] > ROLE_RANK[target.role]) {
    return violation('forbidden', AccountAdminErrorCode.SelfRoleRaise, 'Nobody can raise their own role.');
  }
  if (nextRole === 'admin') return null;
  return lastAdminViolation(target, activeAdminIds, 'demoted');
}

/** RULES for deactivation: admins only; not twice; keep one active admin. */
export function deactivationViolation(actor: ManagingActor, target: ManagedAccount, activeAdminIds: readonly string[]): Violation | null {
  const denied = manageViolation(actor);
  if (denied) return denied;
  if (target.status === 'deactivated') {
    return violation('conflict', AccountAdminErrorCode.AlreadyDeactivated, 'The account is already deactivated.');
  }
  return lastAdminViolation(target, activeAdminIds, 'deactivated');
}

/** RULES for reactivation: admins only; only a deactivated account. */
export function reactivationViolation(actor: ManagingActor, target: ManagedAccount): Violation | null {
  const denied = manageViolation(actor);
  if (denied) return denied;
  if (target.status !== 'deactivated') {
    return violation('conflict', AccountAdminErrorCode.NotDeactivated, 'Only a deactivated account can be reactivated.');
  }
  return null;
}

/** RULE: a reactivated account that never set a password goes back to invited, not active. */
export const statusAfterReactivation = (hasPassword: boolean): AccountStatus => (hasPassword ? 'active' : 'invited');

/** RULE: an invitation can be (re)sent only to an account that has not accepted one yet. */
export function inviteResendViolation(actor: ManagingActor, target: ManagedAccount): Violation | null {
  const denied = manageViolation(actor);
  if (denied) return denied;
  if (target.status !== 'invited') {
    return violation('conflict', AccountAdminErrorCode.NotInvited, 'Only an invited account can be sent an invitation.');
  }
  return null;
}

export interface StoredToken {
  purpose: AccountTokenPurpose;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * RULE: a mailed token works once, for its own purpose, before it expires, unless revoked
 * (a newer token of the same purpose, a deactivation or a password change revokes it), and
 * only while the account is in the state the purpose needs (invited / active).
 */
export function tokenUsable(token: StoredToken | null, purpose: AccountTokenPurpose, accountStatus: AccountStatus | null, now: Date): boolean {
  if (!token || token.purpose !== purpose || token.usedAt || token.revokedAt) return false;
  if (token.expiresAt.getTime() <= now.getTime()) return false;
  return accountStatus === (purpose === 'invite' ? 'invited' : 'active');
}

/** RULE: passwords are at least PASSWORD_MIN_LENGTH characters (length beats composition rules). */
export function passwordViolation(password: string): Violation | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    return { ...violation('validation', AccountAdminErrorCode.PasswordTooShort, `The password must have at least ${PASSWORD_MIN_LENGTH} characters.`), field: 'password' };
  }
  return null;
}

/** Where a mailed link points: the front-end page that posts the token back to the API. */
export const accountLink = (publicBaseUrl: string, page: 'accept-invite' | 'reset-password', token: string): string =>
  `${publicBaseUrl.replace(/\/+$/, '')}/${page}?token=${encodeURIComponent(token)}`;
