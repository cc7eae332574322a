import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Side effects (mail, webhooks, cache purges, cross-lib notifications) written in the same
 * transaction as the change that causes them, then relayed by the worker.
 */
@Entity({ name: 'outbox_messages' })
@Index('uq_outbox_messages_dedupe_key', ['dedupeKey'], { unique: true, where: 'dedupe_key IS NOT NULL' })
@Index('idx_outbox_messages_due', ['availableAt'], { where: 'delivered_at IS NULL AND dead_at IS NULL' })
export class OutboxMessageEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  topic: string;

  @Column('jsonb')
  payload: Record<string, unknown>;

  /** Emitting twice with the same key stores one message (idempotent producers). */
  @Column('text', { nullable: true })
  dedupeKey: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  /** Not handed to handlers before this time (retry backoff, delayed sends). */
  @Column('timestamptz', { default: () => 'now()' })
  availableAt: Date;

  /** A relay holds the message until then; if it dies, another takes it after. */
  @Column('timestamptz', { nullable: true })
  leasedUntil: Date | null;

  @Column('int', { default: 0 })
  attempts: number;

  /** Handlers that already succeeded: a retry runs only the others. */
  @Column('text', { array: true, default: () => "'{}'" })
  doneHandlers: string[];

  @Column('text', { nullable: true })
  lastError: string | null;

  @Column('timestamptz', { nullable: true })
  deliveredAt: Date | null;

  /** Gave up after the last attempt; kept for inspection and manual redrive. */
  @Column('timestamptz', { nullable: true })
  deadAt: Date | null;
}

export const OUTBOX_ENTITIES = [OutboxMessageEntity];
