import { AuditEntryEntity } from './audit.entity.js';
import { AccountTokenEntity } from './account-token.entity.js';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

@Entity({ name: 'accounts' })
@Check('ck_accounts_role', `role IN ('admin','editor','contributor')`)
@Check('ck_accounts_status', `status IN ('active','invited','deactivated')`)
@Index('uq_accounts_email', ['email'], { unique: true })
export class AccountEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** Stored normalized (trimmed, lower-case). */
  @Column('text')
  email: string;

  @Column('text')
  displayName: string;

  @Column('text', { nullable: true })
  passwordHash: string | null;

  @Column('text')
  role: string;

  @Column('text')
  status: string;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;

  @Column('timestamptz', { nullable: true })
  lastLoginAt: Date | null;
}

@Entity({ name: 'sessions' })
@Index('idx_sessions_account_id', ['accountId'])
export class SessionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  accountId: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: Relation<AccountEntity>;

  @Column('text')
  refreshHash: string;

  /** The hash rotated out by the last refresh: presenting it again means the token leaked. */
  @Column('text', { nullable: true })
  previousRefreshHash: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  lastUsedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  @Column('text', { nullable: true })
  ip: string | null;

  @Column('text', { nullable: true })
  userAgent: string | null;
}

@Entity({ name: 'api_keys' })
@Index('uq_api_keys_key_hash', ['keyHash'], { unique: true })
export class ApiKeyEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** First characters of the key, shown in lists so admins can tell keys apart. */
  @Column('text')
  keyPrefix: string;

  @Column('text')
  keyHash: string;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @ManyToOne(() => AccountEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: Relation<AccountEntity>;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;
}

/** Failed-login counters per (account e-mail, client address), shared by every api instance. */
@Entity({ name: 'login_throttle' })
export class LoginThrottleEntity {
  @PrimaryColumn('text')
  key: string;

  @Column('int', { default: 0 })
  failures: number;

  @Column('timestamptz', { nullable: true })
  lockedUntil: Date | null;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}

export const IDENTITY_ENTITIES = [AccountEntity, SessionEntity, ApiKeyEntity, LoginThrottleEntity, AuditEntryEntity, AccountTokenEntity];
