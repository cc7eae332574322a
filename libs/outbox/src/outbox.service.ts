import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '#libs/database';
import { newId } from '#libs/kernel';
import type { OutboxEnvelope, OutboxEvents } from './outbox.events.js';

export interface EmitOptions {
  /** Same key twice -> one message. */
  dedupeKey?: string;
  /** Deliver no earlier than this. */
  availableAt?: Date;
}

/** Writes outbox messages. Always inside the caller's transaction. */
@Injectable()
export class Outbox {
  /**
   * Writes one message of `topic` with its catalogue payload type (OutboxEvents, see
   * outbox.events.ts: a new topic is declared there by the lib that emits it).
   */
  async emit<T extends keyof OutboxEvents>(tx: EntityManager, topic: T, payload: OutboxEvents[T], options: EmitOptions = {}): Promise<string> {
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

  /**
   * Many messages (no dedupe keys) in one statement: what `emit` writes for each, for set-based
   * writers (the WordPress import's bulk path). One NOTIFY per topic.
   */
  async emitMany(tx: EntityManager, messages: OutboxEnvelope[]): Promise<void> {
    if (!messages.length) return;
    await tx.query(
      `INSERT INTO outbox_messages (id, topic, payload, available_at)
       SELECT m.id, m.topic, m.payload, now() FROM jsonb_to_recordset($1::jsonb) AS m(id uuid, topic text, payload jsonb)`,
      [JSON.stringify(messages.map((m) => ({ id: newId(), topic: m.topic, payload: m.payload })))],
    );
    for (const topic of new Set(messages.map((m) => m.topic))) await tx.query(`SELECT pg_notify('outbox', $1)`, [topic]);
  }

  /**
   * Cancels (marks dead, payload kept) undelivered messages: mail to `mailTo`, or those whose
   * dedupe key starts with `dedupeKeyPrefix`; e.g. mail queued for an account that must no
   * longer get any. A message a relay is sending at this moment still goes. Returns how many.
   */
  async cancelPending(tx: EntityManager, match: { mailTo?: string; dedupeKeyPrefix?: string }, reason: string): Promise<number> {
    const rows = await queryRows<{ id: string }>(
      tx,
      `UPDATE outbox_messages SET dead_at = now(), last_error = $3
        WHERE delivered_at IS NULL AND dead_at IS NULL
          AND (($1::text IS NOT NULL AND topic = 'mail.send' AND lower(payload->>'to') = lower($1))
            OR ($2::text IS NOT NULL AND left(dedupe_key, length($2)) = $2))
        RETURNING id`,
      [match.mailTo ?? null, match.dedupeKeyPrefix ?? null, reason],
    );
    return rows.length;
  }

  /**
   * Erases personal data from outbox messages (GDPR erasure): mail to `email`, and messages
   * whose dedupe key starts with `dedupeKeyPrefix`. Undelivered ones are cancelled (marked
   * dead), so nothing is sent to an erased person afterwards. Returns how many were redacted.
   */
  async redact(tx: EntityManager, match: { email?: string; dedupeKeyPrefix?: string }): Promise<number> {
    const rows = await queryRows<{ id: string }>(
      tx,
      `UPDATE outbox_messages
          SET payload = jsonb_build_object('redacted', true),
              dead_at = CASE WHEN delivered_at IS NULL THEN now() ELSE dead_at END,
              last_error = CASE WHEN delivered_at IS NULL THEN 'redacted before delivery (erasure)' ELSE last_error END
        WHERE ($1::text IS NOT NULL AND topic = 'mail.send' AND lower(payload->>'to') = lower($1))
           OR ($2::text IS NOT NULL AND left(dedupe_key, length($2)) = $2)
        RETURNING id`,
      [match.email ?? null, match.dedupeKeyPrefix ?? null],
    );
    return rows.length;
  }
}
