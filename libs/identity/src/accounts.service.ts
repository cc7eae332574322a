import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { pgConstraint, pgErrorCode } from '#libs/database';
import { DomainError, newId, plainText } from '#libs/kernel';
import { AccountEntity } from './identity.entities.js';
import { IdentityErrorCode } from './identity.errors.js';
import { IdentityRepository } from './identity.repository.js';
import { isRole, normalizeEmail, roleGrants, type AccountStatus, type Permission, type Role } from './identity.rules.js';
import { hashPassword } from './passwords.js';

export interface NewAccount {
  email: string;
  displayName: string;
  role: Role;
  password?: string;
  status?: AccountStatus;
}

@Injectable()
export class AccountsService {
  constructor(private readonly repo: IdentityRepository) {}

  async create(input: NewAccount, m?: EntityManager): Promise<AccountEntity> {
    const now = new Date();
    const account: AccountEntity = {
      id: newId(),
      email: normalizeEmail(input.email),
      // RULE: a display name is plain text; one that is only markup falls back to the address
      displayName: plainText(input.displayName) || normalizeEmail(input.email),
      passwordHash: input.password ? await hashPassword(input.password) : null,
      role: input.role,
      status: input.status ?? 'active',
      createdAt: now,
      updatedAt: now,
      lastLoginAt: null,
    };
    try {
      await this.repo.insertAccount(account, m);
    } catch (e) {
      if (pgErrorCode(e) === '23505' && pgConstraint(e) === 'uq_accounts_email') {
        throw new DomainError('conflict', IdentityErrorCode.EmailTaken, 'An account with this e-mail already exists.', [{ field: 'email', message: 'already in use' }]);
      }
      throw e;
    }
    return account;
  }

  /** The account with this e-mail (normalized), or null. */
  findByEmail(email: string, m?: EntityManager): Promise<AccountEntity | null> {
    return this.repo.findAccountByEmail(normalizeEmail(email), m);
  }

  async get(id: string): Promise<AccountEntity> {
    const account = await this.repo.findAccountById(id);
    if (!account) throw new DomainError('not_found', IdentityErrorCode.AccountNotFound, 'No such account.');
    return account;
  }

  /**
   * RULE: whether what an account granted (a preview link it minted) still stands: it is
   * active and its role still grants `permission`.
   */
  async stillGrants(id: string | null, permission: Permission, m?: EntityManager): Promise<boolean> {
    if (!id) return false;
    const account = await this.repo.findAccountById(id, m);
    return !!account && account.status === 'active' && isRole(account.role) && roleGrants(account.role, permission);
  }

  count(m?: EntityManager): Promise<number> {
    return this.repo.countAccounts(m);
  }
}
