import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '#libs/database';
import type { KeysetCursor } from '#libs/kernel';
import { WebhookEntity } from './webhooks.entities.js';
import type { WebhookDeliveryStatus } from './webhooks.rules.js';

/** A delivery as the admin API shows it. */
export interface DeliveryRecord {
  id: string;
  webhookId: string;
  event: string;
  outboxMessageId: string;
  payload: Record<string, unknown>;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  occurredAt: Date;
  createdAt: Date;
  deliveredAt: Date | null;
  /** created_at as text with full precision (keyset cursor). */
  cursorAt: string;
}

/** What one send needs: the delivery and its webhook's current url, secret and state. */
export interface DeliveryToSend {
  id: string;
  webhookId: string;
  event: string;
  payload: Record<string, unknown>;
  status: WebhookDeliveryStatus;
  occurredAt: Date;
  url: string;
  secret: string;
  active: boolean;
}

export interface NewDelivery {
  id: string;
  webhookId: string;
  event: string;
  outboxMessageId: string;
  /** The event's outbox payload, sent as the body's `data`. */
  payload: object;
  occurredAt: Date;
}

// full-precision UTC text of a timestamptz, round-tripped through keyset cursors
const AT_TEXT = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const DELIVERY_COLUMNS = `d.id, d.webhook_id AS "webhookId", d.event, d.outbox_message_id AS "outboxMessageId", d.payload, d.status, d.attempts,
  d.last_status_code AS "lastStatusCode", d.last_error AS "lastError", d.occurred_at AS "occurredAt", d.created_at AS "createdAt",
  d.delivered_at AS "deliveredAt", ${AT_TEXT('d.created_at')} AS "cursorAt"`;

/** SQL of webhooks and their deliveries. */
@Injectable()
export class WebhooksRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insertWebhook(tx: EntityManager, row: WebhookEntity): Promise<void> {
    await tx.insert(WebhookEntity, row);
  }

  async listWebhooks(): Promise<WebhookEntity[]> {
    return this.db.manager.find(WebhookEntity, { order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** With `lock`, the row is held until the transaction ends (edits and rotations serialize). */
  async findWebhook(id: string, tx?: EntityManager, lock = false): Promise<WebhookEntity | null> {
    const m = tx ?? this.db.manager;
    return m.findOne(WebhookEntity, { where: { id }, ...(lock && tx ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  async updateWebhook(tx: EntityManager, id: string, patch: Partial<WebhookEntity>): Promise<void> {
    await tx.update(WebhookEntity, { id }, patch);
  }

  async deleteWebhook(tx: EntityManager, id: string): Promise<void> {
    await tx.delete(WebhookEntity, { id });
  }

  /** Active webhooks subscribed to `event`. */
  async subscribers(tx: EntityManager, event: string): Promise<{ id: string }[]> {
    return queryRows<{ id: string }>(tx, `SELECT id FROM webhooks WHERE active AND $1 = ANY(events) ORDER BY id`, [event]);
  }

  /** Inserts the delivery unless this webhook already has one for this source message; true when inserted. */
  async insertDelivery(tx: EntityManager, d: NewDelivery): Promise<boolean> {
    const rows = await queryRows(
      tx,
      `INSERT INTO webhook_deliveries (id, webhook_id, event, outbox_message_id, payload, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (webhook_id, outbox_message_id) DO NOTHING
       RETURNING id`,
      [d.id, d.webhookId, d.event, d.outboxMessageId, JSON.stringify(d.payload), d.occurredAt],
    );
    return rows.length > 0;
  }

  async findDeliveryToSend(id: string): Promise<DeliveryToSend | null> {
    const rows = await queryRows<DeliveryToSend>(
      this.db,
      `SELECT d.id, d.webhook_id AS "webhookId", d.event, d.payload, d.status, d.occurred_at AS "occurredAt", w.url, w.secret, w.active
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
        WHERE d.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Records one attempt (or a decision not to send, with `counted` false). */
  async recordAttempt(id: string, outcome: { status: WebhookDeliveryStatus; statusCode: number | null; error: string | null; counted?: boolean }): Promise<void> {
    await this.db.query(
      `UPDATE webhook_deliveries
          SET status = $2, attempts = attempts + $5, last_status_code = COALESCE($3, last_status_code), last_error = $4,
              delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END
        WHERE id = $1`,
      [id, outcome.status, outcome.statusCode, outcome.error, outcome.counted === false ? 0 : 1],
    );
  }

  /** Deliveries of one webhook, newest first, keyset-paginated; one more than `limit` tells a next page exists. */
  async listDeliveries(webhookId: string, filter: { status?: WebhookDeliveryStatus }, after: KeysetCursor | null, limit: number): Promise<DeliveryRecord[]> {
    const params: unknown[] = [webhookId];
    const where = ['d.webhook_id = $1'];
    if (filter.status) {
      params.push(filter.status);
      where.push(`d.status = $${params.length}`);
    }
    if (after) {
      params.push(after.at, after.id);
      where.push(`(d.created_at, d.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    return queryRows<DeliveryRecord>(
      this.db,
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE ${where.join(' AND ')} ORDER BY d.created_at DESC, d.id DESC LIMIT $${params.length}`,
      params,
    );
  }

  async findDelivery(tx: EntityManager, webhookId: string, id: string, lock = false): Promise<DeliveryRecord | null> {
    const rows = await queryRows<DeliveryRecord>(tx, `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE d.id = $1 AND d.webhook_id = $2${lock ? ' FOR UPDATE' : ''}`, [
      id,
      webhookId,
    ]);
    return rows[0] ?? null;
  }

  async markPending(tx: EntityManager, id: string): Promise<void> {
    await tx.query(`UPDATE webhook_deliveries SET status = 'pending' WHERE id = $1`, [id]);
  }
}
