import { Injectable } from '@nestjs/common';
import { Transactions } from '#libs/database';
import { AuditLog, type ActionContext } from '#libs/identity';
import { Clock, DomainError, newId, randomToken, sha256 } from '#libs/kernel';
import { ArticlesService } from '#libs/articles';
import { PreviewLinkEntity } from './preview-link.entity.js';
import { PublicationService, type ArticlePage } from './publication.service.js';

const notValid = () => new DomainError('not_found', 'PREVIEW_NOT_FOUND', 'This preview link is not valid.');

/** Preview links: editors mint them; the content API serves the draft by token only. */
@Injectable()
export class PreviewLinksService {
  constructor(
    private readonly tx: Transactions,
    private readonly articles: ArticlesService,
    private readonly publication: PublicationService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async create(ctx: ActionContext, articleId: string, ttlHours: number): Promise<{ link: PreviewLinkEntity; token: string }> {
    return this.tx.run(async (tx) => {
      await this.articles.get(ctx.actor, articleId, tx);
      const token = randomToken(24);
      const now = this.clock.now();
      const link: PreviewLinkEntity = {
        id: newId(),
        articleId,
        tokenHash: sha256(token),
        createdBy: ctx.actor.accountId,
        createdAt: now,
        expiresAt: new Date(now.getTime() + ttlHours * 3_600_000),
        revokedAt: null,
      };
      await tx.insert(PreviewLinkEntity, link);
      await this.audit.record(tx, ctx, { action: 'article.preview_link.create', targetType: 'article', targetId: articleId, summary: { linkId: link.id, expiresAt: link.expiresAt.toISOString() } });
      return { link, token };
    });
  }

  async list(ctx: ActionContext, articleId: string): Promise<PreviewLinkEntity[]> {
    await this.articles.get(ctx.actor, articleId);
    return this.tx.manager.find(PreviewLinkEntity, { where: { articleId }, order: { createdAt: 'DESC' } });
  }

  async revoke(ctx: ActionContext, articleId: string, linkId: string): Promise<PreviewLinkEntity> {
    return this.tx.run(async (tx) => {
      await this.articles.get(ctx.actor, articleId, tx);
      const link = await tx.findOne(PreviewLinkEntity, { where: { id: linkId, articleId } });
      if (!link) throw new DomainError('not_found', 'PREVIEW_LINK_NOT_FOUND', 'No such preview link.');
      if (!link.revokedAt) {
        link.revokedAt = this.clock.now();
        await tx.update(PreviewLinkEntity, { id: linkId }, { revokedAt: link.revokedAt });
        await this.audit.record(tx, ctx, { action: 'article.preview_link.revoke', targetType: 'article', targetId: articleId, summary: { linkId } });
      }
      return link;
    });
  }

  /** The draft page behind a token; expired, revoked and unknown tokens look the same. */
  async page(token: string): Promise<ArticlePage> {
    if (!/^[A-Za-z0-9_-]{16,128}$/.test(token)) throw notValid();
    return this.tx.run(async (tx) => {
      const link = await tx.findOne(PreviewLinkEntity, { where: { tokenHash: sha256(token) } });
      const now = this.clock.now();
      if (!link || link.revokedAt || link.expiresAt <= now) throw notValid();
      return this.publication.previewPage(tx, link.articleId, now);
    });
  }
}
