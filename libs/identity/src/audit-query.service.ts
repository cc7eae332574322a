import { Injectable } from '@nestjs/common';
import { DomainError, clampLimit, decodeCursor, encodeCursor, type Page } from '#libs/kernel';
import { AccountAdminRepository, type AuditRow } from './account-admin.repository.js';
import { auditFilterOf, type AuditQuery } from './audit-query.rules.js';

/** Reads the audit log, newest first, with keyset pagination. There is no way to change it. */
@Injectable()
export class AuditQueryService {
  constructor(private readonly repo: AccountAdminRepository) {}

  async list(query: AuditQuery, cursor?: string, limit?: number): Promise<Page<AuditRow>> {
    const parsed = auditFilterOf(query);
    if ('violation' in parsed) throw new DomainError(parsed.violation.kind, parsed.violation.code, parsed.violation.message);
    const size = clampLimit(limit, 50);
    const rows = await this.repo.queryAudit(parsed.filter, cursor ? decodeCursor(cursor) : null, size);
    const items = rows.slice(0, size);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > size && last ? encodeCursor({ at: last.cursorAt, id: last.id }) : null };
  }
}
