import { describe, expect, it } from 'vitest';
import {
  ROLE_RANK,
  accountLink,
  deactivationViolation,
  inviteResendViolation,
  manageViolation,
  passwordViolation,
  reactivationViolation,
  roleChangeViolation,
  statusAfterReactivation,
  tokenUsable,
  type ManagedAccount,
  type ManagingActor,
} from './account-admin.rules.js';
import { auditFilterOf } from './audit-query.rules.js';
import { ROLES, type AccountStatus, type Role } from './identity.rules.js';

const admin = (id = 'a1', status: AccountStatus = 'active'): ManagingActor => ({ id, role: 'admin', status });
const acct = (id: string, role: Role, status: AccountStatus = 'active'): ManagedAccount => ({ id, role, status });
const code = (v: { code: string } | null) => v?.code ?? null;

describe('who manages accounts', () => {
  it('only active admins', () => {
    expect(ROLES.map((role) => code(manageViolation({ id: 'x', role, status: 'active' })))).toEqual([null, 'ACCOUNT_MANAGE_FORBIDDEN', 'ACCOUNT_MANAGE_FORBIDDEN']);
    expect(code(manageViolation(admin('a1', 'deactivated')))).toBe('ACCOUNT_MANAGE_FORBIDDEN');
    expect(code(manageViolation(admin('a1', 'invited')))).toBe('ACCOUNT_MANAGE_FORBIDDEN');
  });
  it('every management rule refuses non-admins first', () => {
    const editor: ManagingActor = { id: 'e', role: 'editor', status: 'active' };
    const target = acct('t', 'contributor');
    expect(code(roleChangeViolation(editor, target, 'editor', ['a1']))).toBe('ACCOUNT_MANAGE_FORBIDDEN');
    expect(code(deactivationViolation(editor, target, ['a1']))).toBe('ACCOUNT_MANAGE_FORBIDDEN');
    expect(code(reactivationViolation(editor, acct('t', 'editor', 'deactivated')))).toBe('ACCOUNT_MANAGE_FORBIDDEN');
    expect(code(inviteResendViolation(editor, acct('t', 'editor', 'invited')))).toBe('ACCOUNT_MANAGE_FORBIDDEN');
  });
});

describe('role changes', () => {
  it('nobody raises their own role: every upward self-change is refused, downward ones pass', () => {
    for (const from of ROLES) {
      for (const to of ROLES) {
        // the manage check is satisfied by the actor record; the self rule looks at the target's role
        const v = roleChangeViolation(admin('s'), acct('s', from), to, ['s', 'other-admin']);
        expect([from, to, code(v)]).toEqual([from, to, ROLE_RANK[to] > ROLE_RANK[from] ? 'ACCOUNT_SELF_ROLE_RAISE' : null]);
      }
    }
  });
  it('admins may raise and lower others', () => {
    expect(code(roleChangeViolation(admin(), acct('t', 'contributor'), 'admin', ['a1']))).toBe(null);
    expect(code(roleChangeViolation(admin(), acct('t', 'admin'), 'editor', ['a1', 't']))).toBe(null);
  });
  it('an admin may lower their own role while another active admin remains', () => {
    expect(code(roleChangeViolation(admin('a1'), acct('a1', 'admin'), 'editor', ['a1', 'a2']))).toBe(null);
  });
  it('the last active admin cannot be demoted, by themselves or anyone', () => {
    expect(code(roleChangeViolation(admin('a1'), acct('a1', 'admin'), 'editor', ['a1']))).toBe('ACCOUNT_LAST_ADMIN');
    expect(code(roleChangeViolation(admin('a1'), acct('a1', 'admin'), 'contributor', ['a1']))).toBe('ACCOUNT_LAST_ADMIN');
    expect(code(roleChangeViolation(admin('a1'), acct('a1', 'admin'), 'admin', ['a1']))).toBe(null);
  });
  it('a deactivated or invited admin is not counted as the last one', () => {
    expect(code(roleChangeViolation(admin('a1'), acct('t', 'admin', 'deactivated'), 'editor', ['a1']))).toBe(null);
    expect(code(roleChangeViolation(admin('a1'), acct('t', 'admin', 'invited'), 'editor', ['a1']))).toBe(null);
  });
});

describe('deactivation and reactivation', () => {
  it('the last active admin cannot be deactivated', () => {
    expect(code(deactivationViolation(admin('a1'), acct('a1', 'admin'), ['a1']))).toBe('ACCOUNT_LAST_ADMIN');
    expect(code(deactivationViolation(admin('a1'), acct('a2', 'admin'), ['a1', 'a2']))).toBe(null);
    expect(code(deactivationViolation(admin('a1'), acct('e', 'editor'), ['a1']))).toBe(null);
  });
  it('not twice; reactivation only from deactivated', () => {
    expect(code(deactivationViolation(admin(), acct('e', 'editor', 'deactivated'), ['a1']))).toBe('ACCOUNT_ALREADY_DEACTIVATED');
    expect(code(deactivationViolation(admin(), acct('e', 'editor', 'invited'), ['a1']))).toBe(null);
    expect(code(reactivationViolation(admin(), acct('e', 'editor', 'active')))).toBe('ACCOUNT_NOT_DEACTIVATED');
    expect(code(reactivationViolation(admin(), acct('e', 'editor', 'deactivated')))).toBe(null);
  });
  it('a reactivated account without a password is invited again', () => {
    expect([statusAfterReactivation(true), statusAfterReactivation(false)]).toEqual(['active', 'invited']);
  });
  it('invitations are resent only to invited accounts', () => {
    expect(code(inviteResendViolation(admin(), acct('e', 'editor', 'invited')))).toBe(null);
    expect(code(inviteResendViolation(admin(), acct('e', 'editor', 'active')))).toBe('ACCOUNT_NOT_INVITED');
  });
});

describe('mailed tokens', () => {
  const now = new Date('2030-01-01T12:00:00Z');
  const fresh = { purpose: 'invite' as const, expiresAt: new Date('2030-01-02T00:00:00Z'), usedAt: null, revokedAt: null };
  it('work once, for their purpose, before expiry, for an account in the right state', () => {
    expect(tokenUsable(fresh, 'invite', 'invited', now)).toBe(true);
    expect(tokenUsable(null, 'invite', 'invited', now)).toBe(false);
    expect(tokenUsable(fresh, 'password_reset', 'active', now)).toBe(false);
    expect(tokenUsable({ ...fresh, usedAt: now }, 'invite', 'invited', now)).toBe(false);
    expect(tokenUsable({ ...fresh, revokedAt: now }, 'invite', 'invited', now)).toBe(false);
    expect(tokenUsable({ ...fresh, expiresAt: now }, 'invite', 'invited', now)).toBe(false);
    expect(tokenUsable(fresh, 'invite', 'active', now)).toBe(false);
    expect(tokenUsable(fresh, 'invite', 'deactivated', now)).toBe(false);
    const reset = { ...fresh, purpose: 'password_reset' as const };
    expect(tokenUsable(reset, 'password_reset', 'active', now)).toBe(true);
    expect(tokenUsable(reset, 'password_reset', 'deactivated', now)).toBe(false);
  });
  it('links point at the front-end page with the token escaped', () => {
    expect(accountLink('https://cms.example/', 'accept-invite', 'a+b/c')).toBe('https://cms.example/accept-invite?token=a%2Bb%2Fc');
  });
  it('passwords need PASSWORD_MIN_LENGTH characters', () => {
    expect(code(passwordViolation('short'))).toBe('ACCOUNT_PASSWORD_TOO_SHORT');
    expect(code(passwordViolation('x'.repeat(12)))).toBe(null);
  });
});

describe('audit query filter', () => {
  it('reads an account id or a label as the actor, and `x.*` as an action prefix', () => {
    const id = '7D1F5F8E-8D53-4A53-9DF1-8AB0D5D4A0AA';
    expect(auditFilterOf({ actor: id })).toEqual({ filter: { actorId: id.toLowerCase() } });
    expect(auditFilterOf({ actor: 'Ada@Example.org' })).toEqual({ filter: { actorLabel: 'ada@example.org' } });
    expect(auditFilterOf({ action: 'account.*' })).toEqual({ filter: { actionPrefix: 'account.' } });
    expect(auditFilterOf({ action: 'account.invite' })).toEqual({ filter: { action: 'account.invite' } });
  });
  it('refuses an empty time range', () => {
    const at = new Date('2030-01-01T00:00:00Z');
    expect(auditFilterOf({ from: at, to: at })).toMatchObject({ violation: { code: 'AUDIT_FILTER_INVALID' } });
  });
});
