export const ROLES = ['admin', 'editor', 'contributor'] as const;
export type Role = (typeof ROLES)[number];

export const ACCOUNT_STATUSES = ['active', 'invited', 'deactivated'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/**
 * Every permission an admin route can require. A route declares exactly one; the role
 * matrix below is the whole policy.
 */
export const PERMISSIONS = [
  'self.read',
  'api_keys.manage',
  'accounts.manage',
  'audit.read',
  'articles.read',
  'articles.write',
  'articles.review',
  'articles.publish',
  'taxonomy.manage',
  'contributors.read',
  'contributors.manage',
  'images.read',
  'images.write',
  'images.manage',
  'banners.manage',
  'newsletter.manage',
  'webhooks.manage',
  'imports.manage',
  'settings.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const CONTRIBUTOR: readonly Permission[] = ['self.read', 'articles.read', 'articles.write', 'contributors.read', 'images.read', 'images.write'];
const EDITOR: readonly Permission[] = [
  ...CONTRIBUTOR,
  'articles.review',
  'articles.publish',
  'taxonomy.manage',
  'contributors.manage',
  'images.manage',
  'banners.manage',
  'newsletter.manage',
];
const ADMIN: readonly Permission[] = PERMISSIONS;

const MATRIX: Record<Role, ReadonlySet<Permission>> = {
  contributor: new Set(CONTRIBUTOR),
  editor: new Set(EDITOR),
  admin: new Set(ADMIN),
};

/** RULE: admins can do everything editors can; editors everything contributors can. */
export const roleGrants = (role: Role, permission: Permission): boolean => MATRIX[role].has(permission);

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** E-mail as stored and compared: trimmed, lower-case. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

const BACKOFF_CAP_MS = 15 * 60_000;

/**
 * RULE: after `maxFailures` failed logins for one account+address, each further failure locks
 * that pair for 2^(n - max) seconds, capped at 15 minutes.
 */
export function loginLockMs(failures: number, maxFailures: number): number {
  if (failures < maxFailures) return 0;
  return Math.min(BACKOFF_CAP_MS, 1000 * 2 ** (failures - maxFailures));
}

export const PASSWORD_MIN_LENGTH = 12;
