import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

/** An endpoint of a consumer (a site build, a syndication partner) that is told about publishing events. */
@Entity({ name: 'webhooks' })
@Check('ck_webhooks_events', `cardinality(events) > 0 AND events <@ ARRAY['publish','update','unpublish','slug_change','correction']::text[]`)
export class WebhookEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text')
  url: string;

  /** Stored as is (not hashed): every delivery is signed with it. Shown once, at creation and on rotation. */
  @Column('text')
  secret: string;

  /** Subset of publish | update | unpublish | correction. */
  @Column('text', { array: true })
  events: string[];

  @Column('boolean', { default: true })
  active: boolean;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}

/**
 * One event for one webhook. Its id is the delivery id consumers dedupe on: it stays the same
 * across retries and manual redeliveries. One row per (webhook, source outbox message), so a
 * fan-out that runs twice creates nothing new.
 */
@Entity({ name: 'webhook_deliveries' })
@Index('uq_webhook_deliveries_webhook_id_outbox_message_id', ['webhookId', 'outboxMessageId'], { unique: true })
@Index('idx_webhook_deliveries_webhook_id_created_at_id', ['webhookId', 'createdAt', 'id'])
@Check('ck_webhook_deliveries_status', `status IN ('pending','delivered','failed')`)
export class WebhookDeliveryEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  webhookId: string;

  @ManyToOne(() => WebhookEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'webhook_id' })
  webhook?: Relation<WebhookEntity>;

  /** The source topic, e.g. `article.published`. */
  @Column('text')
  event: string;

  /** The outbox message of the source event (not the `webhook.deliver` message). */
  @Column('uuid')
  outboxMessageId: string;

  @Column('jsonb')
  payload: Record<string, unknown>;

  @Column('text', { default: 'pending' })
  status: string;

  @Column('int', { default: 0 })
  attempts: number;

  @Column('int', { nullable: true })
  lastStatusCode: number | null;

  @Column('text', { nullable: true })
  lastError: string | null;

  /** When the source event was written (sent as `occurredAt`). */
  @Column('timestamptz')
  occurredAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  deliveredAt: Date | null;
}

export const WEBHOOK_ENTITIES = [WebhookEntity, WebhookDeliveryEntity];
