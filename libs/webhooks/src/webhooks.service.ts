import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { Transactions } from '#libs/database';
import { AuditLog, type ActionContext } from '#libs/identity';
import { Clock, clampLimit, plainText, decodeCursor, encodeCursor, newId, randomToken, type Page } from '#libs/kernel';
import { Outbox } from '#libs/outbox';
import { WebhookEntity } from './webhooks.entities.js';
import { webhookErrors } from './webhooks.errors.js';
import { WEBHOOK_DELIVER_TOPIC } from './webhooks.events.js';
import { WebhooksRepository, type DeliveryRecord } from './webhooks.repository.js';
import { checkWebhookUrl, normalizeEvents, type WebhookDeliveryStatus, type WebhookEvent } from './webhooks.rules.js';

/** A webhook as the admin API shows it (never its secret). */
export interface Webhook {
  id: string;
  name: string;
  url: string;
  events: WebhookEvent[];
  active: boolean;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A webhook with its secret: only right after creation or rotation. */
export interface WebhookWithSecret {
  webhook: Webhook;
  secret: string;
}

export interface NewWebhook {
  name: string;
  url: string;
  events: string[];
  active?: boolean;
}

export interface WebhookChanges {
  name?: string;
  url?: string;
  events?: string[];
  active?: boolean;
}

export interface DeliveryQuery {
  status?: WebhookDeliveryStatus;
  cursor?: string;
  limit?: number;
}

export type Delivery = Omit<DeliveryRecord, 'cursorAt'>;

const toWebhook = (e: WebhookEntity): Webhook => ({
  id: e.id,
  name: e.name,
  url: e.url,
  events: e.events as WebhookEvent[],
  active: e.active,
  createdBy: e.createdBy,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});
const toDelivery = ({ cursorAt: _, ...d }: DeliveryRecord): Delivery => d;

// what the audit log keeps of a webhook (never the secret)
const auditView = (w: Pick<Webhook, 'name' | 'url' | 'events' | 'active'>) => ({ name: w.name, url: w.url, events: w.events, active: w.active });

/** RULE: secrets are 32 random bytes, prefixed so they are recognisable in a consumer's config. */
const newSecret = (): string => `whsec_${randomToken(32)}`;

/**
 * Webhook administration: endpoints, their secrets, their delivery log and manual
 * redelivery. Every write is audited in its transaction; sends happen only through the outbox.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly repo: WebhooksRepository,
    private readonly tx: Transactions,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(ctx: ActionContext, input: NewWebhook): Promise<WebhookWithSecret> {
    const name = this.cleanName(input.name);
    const url = this.cleanUrl(input.url);
    const events = this.cleanEvents(input.events);
    const now = this.clock.now();
    const secret = newSecret();
    const row: WebhookEntity = { id: newId(), name, url, secret, events, active: input.active ?? true, createdBy: ctx.actor.accountId, createdAt: now, updatedAt: now };
    await this.tx.run(async (tx) => {
      await this.repo.insertWebhook(tx, row);
      await this.audit.record(tx, ctx, { action: 'webhook.create', targetType: 'webhook', targetId: row.id, summary: { after: auditView(toWebhook(row)) } });
    });
    return { webhook: toWebhook(row), secret };
  }

  async list(): Promise<Webhook[]> {
    return (await this.repo.listWebhooks()).map(toWebhook);
  }

  async get(id: string): Promise<Webhook> {
    const row = await this.repo.findWebhook(id);
    if (!row) throw webhookErrors.notFound();
    return toWebhook(row);
  }

  async update(ctx: ActionContext, id: string, changes: WebhookChanges): Promise<Webhook> {
    const patch: Partial<WebhookEntity> = {};
    if (changes.name !== undefined) patch.name = this.cleanName(changes.name);
    if (changes.url !== undefined) patch.url = this.cleanUrl(changes.url);
    if (changes.events !== undefined) patch.events = this.cleanEvents(changes.events);
    if (changes.active !== undefined) patch.active = changes.active;
    return this.tx.run(async (tx) => {
      const current = await this.repo.findWebhook(id, tx, true);
      if (!current) throw webhookErrors.notFound();
      const before = toWebhook(current);
      const after: Webhook = { ...before, ...(patch as Partial<Webhook>) };
      if (JSON.stringify(auditView(before)) === JSON.stringify(auditView(after))) return before;
      after.updatedAt = this.clock.now();
      await this.repo.updateWebhook(tx, id, { ...patch, updatedAt: after.updatedAt });
      await this.audit.record(tx, ctx, { action: 'webhook.update', targetType: 'webhook', targetId: id, summary: { before: auditView(before), after: auditView(after) } });
      return after;
    });
  }

  /** Deletes the webhook and its delivery log; sends still queued for it are dropped. */
  async remove(ctx: ActionContext, id: string): Promise<void> {
    await this.tx.run(async (tx) => {
      const current = await this.repo.findWebhook(id, tx, true);
      if (!current) throw webhookErrors.notFound();
      await this.repo.deleteWebhook(tx, id);
      await this.audit.record(tx, ctx, { action: 'webhook.delete', targetType: 'webhook', targetId: id, summary: { before: auditView(toWebhook(current)) } });
    });
  }

  /** A new secret, effective from the next attempt on; the old one stops signing at once. */
  async rotateSecret(ctx: ActionContext, id: string): Promise<WebhookWithSecret> {
    const secret = newSecret();
    return this.tx.run(async (tx) => {
      const current = await this.repo.findWebhook(id, tx, true);
      if (!current) throw webhookErrors.notFound();
      const updatedAt = this.clock.now();
      await this.repo.updateWebhook(tx, id, { secret, updatedAt });
      await this.audit.record(tx, ctx, { action: 'webhook.rotate_secret', targetType: 'webhook', targetId: id, summary: {} });
      return { webhook: { ...toWebhook(current), updatedAt }, secret };
    });
  }

  async deliveries(webhookId: string, query: DeliveryQuery): Promise<Page<Delivery>> {
    await this.get(webhookId);
    const size = clampLimit(query.limit, 20);
    const rows = await this.repo.listDeliveries(webhookId, { status: query.status }, query.cursor ? decodeCursor(query.cursor) : null, size);
    const items = rows.slice(0, size);
    const last = items[items.length - 1];
    return { items: items.map(toDelivery), nextCursor: rows.length > size && last ? encodeCursor({ at: last.cursorAt, id: last.id }) : null };
  }

  /**
   * Sends a delivery again, with the same delivery id (a consumer that already processed it
   * recognises it). Refused while the delivery is still being attempted, or when the webhook
   * is inactive (the send would be dropped).
   */
  async redeliver(ctx: ActionContext, webhookId: string, deliveryId: string): Promise<Delivery> {
    return this.tx.run(async (tx) => {
      const webhook = await this.repo.findWebhook(webhookId, tx);
      if (!webhook) throw webhookErrors.notFound();
      const delivery = await this.repo.findDelivery(tx, webhookId, deliveryId, true);
      if (!delivery) throw webhookErrors.deliveryNotFound();
      if (!webhook.active) throw webhookErrors.inactive();
      if (delivery.status === 'pending') throw webhookErrors.deliveryPending();
      await this.repo.markPending(tx, deliveryId);
      // no dedupe key: each redelivery is a message of its own
      const messageId = await this.outbox.emit(tx, WEBHOOK_DELIVER_TOPIC, { deliveryId });
      await this.audit.record(tx, ctx, {
        action: 'webhook.redeliver',
        targetType: 'webhook',
        targetId: webhookId,
        summary: { deliveryId, event: delivery.event, before: { status: delivery.status }, after: { status: 'pending' }, outboxMessageId: messageId },
      });
      return toDelivery({ ...delivery, status: 'pending' });
    });
  }

  private cleanName(raw: string): string {
    const name = plainText(raw);
    if (!name) throw webhookErrors.nameInvalid();
    return name;
  }

  private cleanUrl(raw: string): string {
    const checked = checkWebhookUrl(raw, { production: this.config.nodeEnv === 'production' });
    if (!checked.url) throw webhookErrors.urlInvalid(checked.problem!);
    return checked.url;
  }

  private cleanEvents(raw: string[]): WebhookEvent[] {
    const { events, problems } = normalizeEvents(raw);
    if (problems.length) throw webhookErrors.eventsInvalid(problems);
    return events;
  }
}
