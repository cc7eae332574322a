import { Injectable } from '@nestjs/common';
import { Transactions } from '#libs/database';
import { AuditLog, type ActionContext } from '#libs/identity';
import { Clock } from '#libs/kernel';
import { Outbox } from '#libs/outbox';
import { DONATION_BANNERS_CHANGED_TOPIC } from './donation-banners.events.js';
import { CampaignSnapshot } from './campaign-snapshot.js';
import { DonationBannersRepository } from './donation-banners.repository.js';

export interface ArticleAppealSetting {
  articleId: string;
  noAppeals: boolean;
  /** Null: never set (appeals allowed). */
  updatedAt: Date | null;
}

/**
 * The per-article "no appeals" switch. Kept here, keyed by article id, so a sensitive piece can
 * be switched off before, during or after publication without touching the article itself.
 */
@Injectable()
export class ArticleAppealsService {
  constructor(
    private readonly repo: DonationBannersRepository,
    private readonly tx: Transactions,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly snapshot: CampaignSnapshot,
    private readonly outbox: Outbox,
  ) {}

  async get(articleId: string): Promise<ArticleAppealSetting> {
    const s = await this.repo.findAppealSetting(articleId);
    return s ? { articleId, noAppeals: s.noAppeals, updatedAt: s.updatedAt } : { articleId, noAppeals: false, updatedAt: null };
  }

  async set(ctx: ActionContext, articleId: string, noAppeals: boolean): Promise<ArticleAppealSetting> {
    const updatedAt = this.clock.now();
    await this.tx.run(async (tx) => {
      const before = await this.repo.findAppealSetting(articleId, tx);
      await this.repo.upsertAppealSetting(tx, { articleId, noAppeals, updatedAt });
      await this.audit.record(tx, ctx, {
        action: 'article.appeals_set',
        targetType: 'article',
        targetId: articleId,
        summary: { before: { noAppeals: before?.noAppeals ?? false }, after: { noAppeals } },
      });
      await this.outbox.emit(tx, DONATION_BANNERS_CHANGED_TOPIC, { articleId });
    });
    this.snapshot.invalidate();
    return { articleId, noAppeals, updatedAt };
  }
}
