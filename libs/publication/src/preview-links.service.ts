import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { Transactions } from '#libs/database';
import { ACCOUNT_DEACTIVATED_TOPIC, AccountsService, AuditLog, type ActionContext, type Actor } from '#libs/identity';
import { OutboxRelay } from '#libs/outbox';
import { Clock, DomainError, newId, randomToken, sha256 } from '#libs/kernel';
import { ArticlesRepository, ArticlesService } from '#libs/articles';
import { PreviewLinkEntity } from './preview-link.entity.js';
import { PublicationService, type ArticlePage } from './publication.service.js';

const notValid = () => new DomainError('not_found', 'PREVIEW_NOT_FOUND', 'This preview link is not valid.');

const DEFAULT_TTL_HOURS = 48;

/**
 * RULE: a preview link works until the first of: its expiry, the lifetime cap counted from
 * its creation (PREVIEW_LINK_MAX_TTL, also for links minted under a longer cap), its
 * revocation, its creator losing the right to mint it (deactivated, or no longer an editor),
 * the piece being archived.
 */
export function previewLinkAlive(
  link: { createdAt: Date; expiresAt: Date; revokedAt: Date | null },
  facts: { now: Date; maxTtlMs: number; creatorMayMint: boolean; articleStatus: string | null },
): boolean {
  if (link.revokedAt || !facts.creatorMayMint || facts.articleStatus === null || facts.articleStatus === 'archived') return false;
  return facts.now < link.expiresAt && facts.now.getTime() < link.createdAt.getTime() + facts.maxTtlMs;
}

/**
 * Preview links: editors mint them; the content API serves the draft by token only. A link
 * is checked against its creator and its piece on every view, and revoked for good (from the
 * outbox, in the worker) when the piece is archived or the creator deactivated, so restoring
 * either does not bring it back.
 */
@Injectable()
export class PreviewLinksService implements OnModuleInit {
  constructor(
    private readonly tx: Transactions,
    private readonly articles: ArticlesService,
    private readonly articleRows: ArticlesRepository,
    private readonly publication: PublicationService,
    private readonly audit: AuditLog,
    private readonly accounts: AccountsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly relay: OutboxRelay,
  ) {}

  onModuleInit(): void {
    this.relay.register({
      name: 'preview-links.revoke:archived',
      // emitted by editorial-workflow, a lib above this one: named by its catalogue key
      topic: 'article.transitioned',
      handle: async (m) => {
        if (m.payload.to === 'archived') await this.revokeAll({ articleId: m.payload.articleId });
      },
    });
    this.relay.register({
      name: 'preview-links.revoke:creator_deactivated',
      topic: ACCOUNT_DEACTIVATED_TOPIC,
      handle: async (m) => {
        await this.revokeAll({ createdBy: m.payload.accountId });
      },
    });
  }

  private async revokeAll(where: { articleId: string } | { createdBy: string }): Promise<void> {
    const [column, value] = 'articleId' in where ? ['article_id', where.articleId] : ['created_by', where.createdBy];
    await this.tx.manager.query(`UPDATE article_preview_links SET revoked_at = $2 WHERE ${column} = $1 AND revoked_at IS NULL`, [value, this.clock.now()]);
  }

  /** `ttlHours` undefined: 48 hours, or the cap when that is shorter. Longer than the cap: 400 PREVIEW_TTL_TOO_LONG. */
  async create(ctx: ActionContext, articleId: string, ttlHours: number | undefined): Promise<{ link: PreviewLinkEntity; token: string }> {
    const maxHours = this.config.previewLinkMaxTtlMs / 3_600_000;
    if (ttlHours !== undefined && ttlHours > maxHours) {
      throw new DomainError('validation', 'PREVIEW_TTL_TOO_LONG', `A preview link lives at most ${maxHours} hours.`, [
        { field: 'expiresInHours', code: 'PREVIEW_TTL_TOO_LONG', message: `must be at most ${maxHours}`, max: maxHours },
      ]);
    }
    const hours = ttlHours ?? Math.min(DEFAULT_TTL_HOURS, maxHours);
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
        expiresAt: new Date(now.getTime() + hours * 3_600_000),
        revokedAt: null,
      };
      await tx.insert(PreviewLinkEntity, link);
      await this.audit.record(tx, ctx, {
        action: 'article.preview_link.create',
        targetType: 'article',
        targetId: articleId,
        summary: { linkId: link.id, expiresAt: link.expiresAt.toISOString() },
      });
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

  /**
   * The draft page of a piece the actor may see (a writer: their own), with no link: the desk's
   * preview for the signed-in user. Minting a link to share it is `create` (articles.review).
   */
  async draftPage(actor: Actor, articleId: string): Promise<ArticlePage> {
    return this.tx.run(async (tx) => {
      await this.articles.get(actor, articleId, tx);
      return this.publication.previewPage(tx, articleId, this.clock.now());
    });
  }

  /** The draft page behind a token; dead (see previewLinkAlive) and unknown tokens look the same. */
  async page(token: string): Promise<ArticlePage> {
    if (!/^[A-Za-z0-9_-]{16,128}$/.test(token)) throw notValid();
    return this.tx.run(async (tx) => {
      const link = await tx.findOne(PreviewLinkEntity, { where: { tokenHash: sha256(token) } });
      if (!link) throw notValid();
      const now = this.clock.now();
      const article = await this.articleRows.find(link.articleId, tx);
      const creatorMayMint = await this.accounts.stillGrants(link.createdBy, 'articles.review', tx);
      if (!previewLinkAlive(link, { now, maxTtlMs: this.config.previewLinkMaxTtlMs, creatorMayMint, articleStatus: article?.status ?? null })) throw notValid();
      return this.publication.previewPage(tx, link.articleId, now);
    });
  }
}
