import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '#libs/database';
import { newId } from '#libs/kernel';

export interface EmitOptions {
  /** Same key twice -> one message. */
  dedupeKey?: string;
  /** Deliver no earlier than this. */
  availableAt?: Date;
}

/** Writes outbox messages. Always inside the caller's transaction. */
@Injectable()
export class Outbox {
  async emit(tx: EntityManager, topic: string, payload: Record<string, unknown>, options: EmitOptions = {}): Promise<string> {
    const id = newId();
    const rows = await queryRows<{ id: string }>(
      tx,
      `INSERT INTO outbox_messages (id, topic, payload, dedupe_key, available_at)
       VALUES ($1, $2, $3, $4, COALESCE($5, now()))
       ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
       RETURNING id`,
      [id, topic, JSON.stringify(payload), options.dedupeKey ?? null, options.availableAt ?? null],
    );
    // wakes relays at commit (NOTIFY is transactional)
    await tx.query(`SELECT pg_notify('outbox', $1)`, [topic]);
    if (rows[0]) return rows[0].id;
    const existing = await queryRows<{ id: string }>(tx, `SELECT id FROM outbox_messages WHERE dedupe_key = $1`, [options.dedupeKey]);
    return existing[0]!.id;
  }
}
