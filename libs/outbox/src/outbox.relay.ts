import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { queryRows } from '#libs/database';
import type { OutboxHandler, OutboxMessage, OutboxTopic } from './outbox.events.js';
import { MAX_ATTEMPTS, retryDelayMs } from './outbox.rules.js';

/** A message as claimed from its row (payload still untyped: see `deliver`). */
interface ClaimedRow {
  id: string;
  topic: OutboxTopic;
  payload: unknown;
  attempts: number;
  createdAt: Date;
  doneHandlers: string[];
}

const LEASE_SECONDS = 60;
const BATCH = 20;

/**
 * Delivers outbox messages to their handlers: claims due messages with a lease
 * (FOR UPDATE SKIP LOCKED, so relays on several workers never take the same one), runs the
 * handlers outside any transaction, then marks each handler done. A crash before the mark
 * means the lease expires and the message is delivered again: at least once, never lost.
 */
@Injectable()
export class OutboxRelay implements BeforeApplicationShutdown {
  private readonly log = new Logger('OutboxRelay');
  private readonly handlers = new Map<string, OutboxHandler[]>();
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private listener: pg.Client | undefined;
  private current: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Adds a consumer of `handler.topic` (a second one under the same name is ignored). */
  register<T extends OutboxTopic>(handler: OutboxHandler<T>): void {
    const list = this.handlers.get(handler.topic) ?? [];
    if (list.some((h) => h.name === handler.name)) return;
    list.push(handler as OutboxHandler);
    this.handlers.set(handler.topic, list);
  }

  get topics(): string[] {
    return [...this.handlers.keys()];
  }

  /** Starts the relay loop (worker processes only). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listen().catch((err: unknown) => this.log.warn({ err }, 'LISTEN failed; polling only'));
    void this.loop();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: (this.db.options as { url?: string }).url, options: `-c search_path=${this.config.database.schema}` });
    client.on('error', () => undefined);
    client.on('notification', () => this.wake?.());
    await client.connect();
    await client.query('LISTEN outbox');
    this.listener = client;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let delivered = 0;
      try {
        this.current = this.tick().then((n) => void (delivered = n));
        await this.current;
      } catch (err) {
        this.log.warn({ err }, 'relay tick failed');
      }
      if (!this.running) break;
      if (delivered === 0) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.timer = setTimeout(resolve, 1000);
        });
        clearTimeout(this.timer);
        this.wake = undefined;
      }
    }
  }

  /**
   * True when the message was cancelled (marked dead) after it was claimed, e.g. mail to an
   * account deactivated meanwhile: a handler with a lasting effect (a mail) asks right before.
   */
  async cancelled(id: string): Promise<boolean> {
    const rows = await queryRows<{ dead: boolean }>(this.db, `SELECT dead_at IS NOT NULL AS dead FROM outbox_messages WHERE id = $1`, [id]);
    return rows[0]?.dead ?? false;
  }

  /** Claims and delivers one batch; returns how many messages it handled. Exposed for tests. */
  async tick(): Promise<number> {
    const topics = this.topics;
    if (!topics.length) return 0;
    const claimed = await queryRows<ClaimedRow>(
      this.db,
      `UPDATE outbox_messages m SET leased_until = now() + make_interval(secs => $3), attempts = m.attempts + 1
        WHERE m.id IN (
          SELECT id FROM outbox_messages
           WHERE delivered_at IS NULL AND dead_at IS NULL AND available_at <= now()
             AND (leased_until IS NULL OR leased_until < now()) AND topic = ANY($1)
           ORDER BY available_at LIMIT $2
           FOR UPDATE SKIP LOCKED)
        RETURNING m.id, m.topic, m.payload, m.attempts, m.created_at AS "createdAt", m.done_handlers AS "doneHandlers"`,
      [topics, BATCH, LEASE_SECONDS],
    );
    await Promise.all(claimed.map((m) => this.deliver(m)));
    return claimed.length;
  }

  private async deliver(m: ClaimedRow): Promise<void> {
    const pending = (this.handlers.get(m.topic) ?? []).filter((h) => !m.doneHandlers.includes(h.name));
    const errors: string[] = [];
    for (const h of pending) {
      try {
        // the one trust boundary: a row of topic T was written by emit<T> with an OutboxEvents[T] payload
        await h.handle(m as OutboxMessage);
        await this.db.query(`UPDATE outbox_messages SET done_handlers = array_append(done_handlers, $2) WHERE id = $1`, [m.id, h.name]);
      } catch (err) {
        errors.push(`${h.name}: ${err instanceof Error ? err.message : String(err)}`.slice(0, 1000));
      }
    }
    if (!errors.length) {
      // (cancelled while in flight: it stays dead, with the reason it was cancelled for)
      await this.db.query(
        `UPDATE outbox_messages SET delivered_at = CASE WHEN dead_at IS NULL THEN now() END, leased_until = NULL,
                last_error = CASE WHEN dead_at IS NULL THEN NULL ELSE last_error END
          WHERE id = $1`,
        [m.id],
      );
      return;
    }
    const dead = m.attempts >= MAX_ATTEMPTS;
    this.log.warn({ outboxId: m.id, topic: m.topic, attempts: m.attempts, errors, dead }, 'outbox delivery failed');
    await this.db.query(
      // a message cancelled while in flight is not brought back by its failure
      `UPDATE outbox_messages SET leased_until = NULL, last_error = CASE WHEN dead_at IS NULL THEN $2 ELSE last_error END,
              available_at = now() + make_interval(secs => $3), dead_at = COALESCE(dead_at, CASE WHEN $4 THEN now() END)
        WHERE id = $1`,
      [m.id, errors.join('\n'), retryDelayMs(m.attempts) / 1000, dead],
    );
  }

  // before the DataSource closes (TypeORM closes it in onApplicationShutdown): drain in-flight work first
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.current?.catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
  }
}
