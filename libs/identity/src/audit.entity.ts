import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Who did what to which target, when, from where. Append-only (a trigger refuses UPDATE/DELETE). */
@Entity({ name: 'audit_log' })
@Index('idx_audit_log_at', ['at'])
@Index('idx_audit_log_actor_id_at', ['actorId', 'at'])
@Index('idx_audit_log_target_type_target_id_at', ['targetType', 'targetId', 'at'])
@Index('idx_audit_log_action_at', ['action', 'at'])
export class AuditEntryEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('timestamptz', { default: () => 'now()' })
  at: Date;

  /** Null for the system (worker jobs, sweeps). */
  @Column('uuid', { nullable: true })
  actorId: string | null;

  /** E-mail or "system" as of the action (kept if the account changes later). */
  @Column('text')
  actorLabel: string;

  /** Dotted verb, e.g. `article.publish`, `account.deactivate`. */
  @Column('text')
  action: string;

  @Column('text')
  targetType: string;

  @Column('text', { nullable: true })
  targetId: string | null;

  /** Before/after summary of what changed (no secrets). */
  @Column('jsonb', { default: () => "'{}'" })
  summary: Record<string, unknown>;

  @Column('text', { nullable: true })
  requestId: string | null;

  @Column('text', { nullable: true })
  ip: string | null;
}
