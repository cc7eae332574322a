import { Injectable } from '@nestjs/common';
import { ArticlesRepository } from '#libs/articles';
import { ContributorsService } from '#libs/contributors';
import { WorkflowService } from '#libs/editorial-workflow';
import { AccountAdminService, type AccountRecord, type Role } from '#libs/identity';
import { isUuid } from '#libs/kernel';
import { NotificationDirectory, type DirectoryAccount, type OverduePiece, type PieceFacts } from '#libs/notifications';

const toAccount = (a: AccountRecord): DirectoryAccount => ({ id: a.id, role: a.role, status: a.status, email: a.email, displayName: a.displayName });

/**
 * The notifications directory bound to the libs that own the data: accounts (identity),
 * pieces (articles), byline links (contributors) and the SLA (editorial workflow).
 */
@Injectable()
export class AppNotificationDirectory extends NotificationDirectory {
  constructor(
    private readonly articles: ArticlesRepository,
    private readonly contributors: ContributorsService,
    private readonly accountAdmin: AccountAdminService,
    private readonly workflow: WorkflowService,
  ) {
    super();
  }

  async piece(articleId: string): Promise<PieceFacts | null> {
    if (!isUuid(articleId)) return null;
    const a = await this.articles.find(articleId);
    if (!a) return null;
    const bylineAccountIds: string[] = [];
    for (const id of a.bylineIds) {
      const c = await this.contributors.get(id).catch(() => null);
      if (c?.accountId && !bylineAccountIds.includes(c.accountId)) bylineAccountIds.push(c.accountId);
    }
    return { id: a.id, headline: a.headline, ownerId: a.ownerId, status: a.status, bylineAccountIds };
  }

  async staff(): Promise<DirectoryAccount[]> {
    const out: DirectoryAccount[] = [];
    for (const role of ['editor', 'admin'] as Role[]) {
      let cursor: string | undefined;
      do {
        const page = await this.accountAdmin.list({ role, status: 'active' }, cursor, 100);
        out.push(...page.items.map(toAccount));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
    return out;
  }

  async accounts(ids: readonly string[]): Promise<DirectoryAccount[]> {
    const out: DirectoryAccount[] = [];
    for (const id of new Set(ids)) {
      if (!isUuid(id)) continue;
      const a = await this.accountAdmin.get(id).catch(() => null);
      if (a) out.push(toAccount(a));
    }
    return out;
  }

  async accountsByEmail(emails: readonly string[]): Promise<DirectoryAccount[]> {
    const out: DirectoryAccount[] = [];
    for (const email of new Set(emails)) {
      const page = await this.accountAdmin.list({ q: email }, undefined, 100);
      const hit = page.items.find((a) => a.email === email);
      if (hit) out.push(toAccount(hit));
    }
    return out;
  }

  async overduePieces(): Promise<OverduePiece[]> {
    return (await this.workflow.overdue()).map((o) => ({ articleId: o.articleId, status: o.status, since: o.since, waitedMs: o.waitedMs, budgetMs: o.budgetMs }));
  }
}
