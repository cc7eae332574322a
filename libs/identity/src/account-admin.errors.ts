/** Stable codes of account administration, invitations and password resets (API contract). */
export const AccountAdminErrorCode = {
  ManageForbidden: 'ACCOUNT_MANAGE_FORBIDDEN',
  SelfRoleRaise: 'ACCOUNT_SELF_ROLE_RAISE',
  LastAdmin: 'ACCOUNT_LAST_ADMIN',
  AlreadyDeactivated: 'ACCOUNT_ALREADY_DEACTIVATED',
  NotDeactivated: 'ACCOUNT_NOT_DEACTIVATED',
  NotInvited: 'ACCOUNT_NOT_INVITED',
  TokenInvalid: 'ACCOUNT_TOKEN_INVALID',
  PasswordTooShort: 'ACCOUNT_PASSWORD_TOO_SHORT',
  PasswordResetRateLimited: 'PASSWORD_RESET_RATE_LIMITED',
  AuditFilterInvalid: 'AUDIT_FILTER_INVALID',
} as const;
export type AccountAdminErrorCode = (typeof AccountAdminErrorCode)[keyof typeof AccountAdminErrorCode];
