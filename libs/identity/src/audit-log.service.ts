import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { insertMany } from '#libs/database';
import { newId } from '#libs/kernel';
import type { ActionContext } from './action-context.js';
import { SYSTEM_ACTOR_LABEL } from './action-context.js';
import { AuditEntryEntity } from './audit.entity.js';

export interface AuditRecord {
  action: string;
  targetType: string;
  targetId?: string | null;
  summary?: Record<string, unknown>;
}

/** Writes audit entries, always in the transaction of the action they record. */
@Injectable()
export class AuditLog {
  async record(tx: EntityManager, ctx: ActionContext | null, entry: AuditRecord): Promise<void> {
    await tx.insert(AuditEntryEntity, auditRow(ctx, entry, new Date()));
  }

  /** Many entries of one actor in one statement (set-based writers). */
  async recordMany(tx: EntityManager, ctx: ActionContext | null, entries: AuditRecord[]): Promise<void> {
    const at = new Date();
    await insertMany(
      tx,
      AuditEntryEntity,
      entries.map((entry) => auditRow(ctx, entry, at)),
    );
  }
}

/** The row one entry becomes (one shape for single and set-based writes). */
function auditRow(ctx: ActionContext | null, entry: AuditRecord, at: Date) {
  return {
    id: newId(),
    at,
    actorId: ctx?.actor.accountId ?? null,
    actorLabel: ctx?.actor.email ?? SYSTEM_ACTOR_LABEL,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    summary: (entry.summary ?? {}) as never,
    requestId: ctx?.requestId ?? null,
    ip: ctx?.ip ?? null,
  };
}
