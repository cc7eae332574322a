import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/**
 * Single-use secrets mailed to an account (invitations, password resets). Only the SHA-256
 * of the token is stored; the token itself exists only in the mail.
 */
@Entity({ name: 'account_tokens' })
@Check('ck_account_tokens_purpose', `purpose IN ('invite','password_reset')`)
@Index('uq_account_tokens_token_hash', ['tokenHash'], { unique: true })
@Index('idx_account_tokens_account_id_purpose', ['accountId', 'purpose'])
export class AccountTokenEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  accountId: string;

  // by name: the account entity's file imports this one (IDENTITY_ENTITIES)
  @ManyToOne('AccountEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: { id: string };

  /** `invite` or `password_reset`. */
  @Column('text')
  purpose: string;

  @Column('text')
  tokenHash: string;

  /** The admin who issued an invitation; null for self-service resets. */
  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  usedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;
}
