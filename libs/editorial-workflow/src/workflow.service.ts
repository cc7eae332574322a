import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { Transactions, insertMany, queryRows } from '#libs/database';
import { AuditLog, type ActionContext } from '#libs/identity';
import { Jobs } from '#libs/jobs';
import { Clock, DomainError, newId, parseDuration } from '#libs/kernel';
import { Outbox, type OutboxEnvelope } from '#libs/outbox';
import {
  ArticlesRepository,
  ArticlesService,
  articleAddress,
  articleNotFound,
  canSeeArticle,
  snapshotOf,
  versionMismatch,
  type ArticleEntity,
  type ArticleInput,
} from '#libs/articles';
import { ImageUses, topImageProblemDetail } from '#libs/image-credits';
import { PublicationService } from '#libs/publication';
import { ArticleTransitionEntity } from './transition.entity.js';
import {
  decide,
  liveEventAddress,
  missingForSubmit,
  offeredActions,
  type OfferedAction,
  parseSlaBudgets,
  publishGateProblems,
  type Action,
  type ActorRole,
  type LiveAddress,
  type State,
  type SystemAction,
} from './workflow.rules.js';
import {
  ARTICLE_JOB_FAILED_TOPIC,
  ARTICLE_PUBLISHED_TOPIC,
  ARTICLE_SLUG_CHANGED_TOPIC,
  ARTICLE_TRANSITIONED_TOPIC,
  ARTICLE_UNPUBLISHED_TOPIC,
  ARTICLE_UPDATED_TOPIC,
  type ArticleLivePayload,
  type ArticleTransitionedPayload,
} from './workflow.events.js';

export const PUBLISH_DUE_QUEUE = 'article-publish-due';
export const UNPUBLISH_DUE_QUEUE = 'article-unpublish-due';

export interface TransitionRequest {
  action: Action;
  comment?: string;
  at?: Date;
  /** publish of a live piece: show the republish as a substantive update (never a new publication date). */
  substantiveUpdate?: boolean;
}

interface DueJob {
  articleId: string;
  at: string;
}

export interface OverdueItem {
  articleId: string;
  headline: string;
  status: State;
  since: Date;
  waitedMs: number;
  budgetMs: number;
}

/** A failure in words, with the fields a domain error names (the publish gate's missing ones). */
const reasonOf = (e: unknown): string => {
  if (!(e instanceof DomainError)) return e instanceof Error ? e.message : String(e);
  const fields = e.details.map((d) => d.field).filter((f): f is string => !!f);
  return fields.length ? `${e.message} (${fields.join(', ')})` : e.message;
};

/** Applies workflow actions: the pure table decides, this writes the consequences atomically. */
@Injectable()
export class WorkflowService implements OnModuleInit {
  private readonly log = new Logger('Workflow');
  private readonly budgets: Partial<Record<State, number>>;
  private readonly publicBaseUrl: string;

  constructor(
    private readonly tx: Transactions,
    private readonly articles: ArticlesRepository,
    private readonly articleService: ArticlesService,
    private readonly publication: PublicationService,
    private readonly images: ImageUses,
    private readonly jobs: Jobs,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.budgets = parseSlaBudgets(config.workflowSla, parseDuration) ?? {};
    this.publicBaseUrl = config.publicBaseUrl;
  }

  onModuleInit(): void {
    this.articleService.onEdit((tx, edit) => this.afterEdit(tx, edit.ctx, edit.saved));
    for (const [name, action] of [
      [PUBLISH_DUE_QUEUE, 'publish_due'],
      [UNPUBLISH_DUE_QUEUE, 'unpublish_due'],
    ] as const) {
      this.jobs.define<DueJob>({
        name,
        // RULE: a scheduled change is retried for about an hour, never more than 30 s apart: a
        // piece due at 09:00 that hits a transient fault goes live at 09:00:30, not at 09:20
        options: { retryLimit: 120, retryDelay: 5, retryBackoff: true, retryDelayMax: 30 },
        pollingIntervalSeconds: 0.5,
        batchSize: 10,
        handle: (job) => this.runDue(action, job.data),
      });
    }
  }

  /** A person takes an action (HTTP). Requires the version the caller saw. */
  async transition(ctx: ActionContext, id: string, expectedVersion: number, req: TransitionRequest): Promise<ArticleEntity> {
    return this.tx.run(async (tx) => {
      const a = await this.articles.lockForUpdate(tx, id);
      if (!a || !canSeeArticle({ role: ctx.actor.role, isOwner: a.ownerId === ctx.actor.accountId, status: a.status })) throw articleNotFound();
      if (a.version !== expectedVersion) throw versionMismatch(a.version);
      this.articleService.assertNotLockedByOther(a, ctx.actor);
      // RULE: only a republish can be a substantive update; a first publication is the publication
      if (req.substantiveUpdate && (req.action !== 'publish' || !a.liveRevisionId || a.status !== 'published')) throw substantiveUpdateRefused();
      return this.apply(
        tx,
        a,
        req.action,
        { role: ctx.actor.role, isOwner: a.ownerId === ctx.actor.accountId, comment: req.comment, at: req.at, substantiveUpdate: req.substantiveUpdate },
        ctx,
      );
    });
  }

  /** RULE (reopen_review): an edit of an approved or scheduled piece by anyone but its approver needs a new approval. */
  private async afterEdit(tx: EntityManager, ctx: ActionContext, a: ArticleEntity): Promise<ArticleEntity> {
    if (a.status !== 'approved' && a.status !== 'scheduled') return a;
    const [last] = await queryRows<{ actor_id: string | null }>(
      tx,
      `SELECT actor_id FROM article_transitions WHERE article_id = $1 AND action = 'approve' ORDER BY at DESC, id DESC LIMIT 1`,
      [a.id],
    );
    const who = { role: ctx.actor.role, isOwner: a.ownerId === ctx.actor.accountId, editorId: ctx.actor.accountId, approverId: last?.actor_id ?? null };
    const facts = { state: a.status as State, now: this.clock.now(), embargoUntil: a.embargoUntil, missingFields: [], publishGateProblems: [], hasChangesToPublish: false, ...who };
    if (!decide('reopen_review', facts).ok) return a;
    return this.apply(tx, a, 'reopen_review', { ...who, comment: `Edited after approval by ${ctx.actor.email}; needs approval again.` }, ctx);
  }

  /** The worker's side: exactly once, because the row lock + state check make reruns no-ops. */
  private async runDue(action: SystemAction, job: DueJob): Promise<void> {
    try {
      await this.tx.run(async (tx) => {
        const a = await this.articles.lockForUpdate(tx, job.articleId);
        if (!a) return;
        const expected = action === 'publish_due' ? a.scheduledAt : a.unpublishAt;
        // RULE: a job whose schedule was cancelled or moved does nothing
        if (!expected || expected.getTime() !== new Date(job.at).getTime()) return;
        if (action === 'publish_due' && a.status !== 'scheduled') return;
        if (action === 'unpublish_due' && a.status !== 'published') return;
        await this.apply(tx, a, action, { role: 'system', isOwner: false, jobTime: new Date(job.at) }, null);
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.log.warn({ articleId: job.articleId, action, err: message }, 'scheduled job failed; will retry');
      await this.tx.run(async (tx) => {
        await this.articles.recordJobError(tx, job.articleId, `${action} failed: ${message}`.slice(0, 1000));
        await this.audit.record(tx, null, { action: `article.${action}_failed`, targetType: 'article', targetId: job.articleId, summary: { error: message } });
        // one event per scheduled time, not per retry: editors are told once that it needs them
        await this.outbox.emit(
          tx,
          ARTICLE_JOB_FAILED_TOPIC,
          { articleId: job.articleId, action, at: job.at, error: reasonOf(e).slice(0, 1000) },
          { dedupeKey: `${ARTICLE_JOB_FAILED_TOPIC}:${job.articleId}:${action}:${job.at}` },
        );
      });
      throw e;
    }
  }

  private async apply(
    tx: EntityManager,
    a: ArticleEntity,
    action: Action | SystemAction,
    who: { role: ActorRole; isOwner: boolean; comment?: string; at?: Date; jobTime?: Date; editorId?: string; approverId?: string | null; substantiveUpdate?: boolean },
    ctx: ActionContext | null,
  ): Promise<ArticleEntity> {
    const now = this.clock.now();
    const needsGate = action === 'publish' || action === 'schedule' || action === 'publish_due';
    let imageProblem: string | null = null;
    if (needsGate && a.topImageId) {
      // RULE: the top image needs a credit (or a per-use override), alt text and a licence
      // valid when the piece goes live (a schedule: at its time)
      const asOf = action === 'schedule' && who.at && who.at > now ? who.at : now;
      imageProblem = await this.images.topImageProblem(tx, a.topImageId, { creditOverride: a.topImageCredit }, asOf);
    }
    const decision = decide(action, {
      state: a.status as State,
      role: who.role,
      isOwner: who.isOwner,
      now,
      comment: who.comment,
      at: who.at,
      embargoUntil: a.embargoUntil,
      missingFields: missingForSubmit(a),
      publishGateProblems: needsGate ? publishGateProblems(a, imageProblem) : [],
      hasChangesToPublish: a.currentRevisionId !== a.liveRevisionId,
      jobTime: who.jobTime,
      scheduledTime: a.scheduledAt,
      unpublishAt: a.unpublishAt,
      editorId: who.editorId,
      approverId: who.approverId,
    });
    if (!decision.ok) {
      const details = (decision.details ?? []).map((d) => (d === imageProblem && a.topImageId ? topImageProblemDetail(d, a.topImageId) : { field: d, message: d }));
      const message = decision.code === imageProblem && a.topImageId ? `${decision.message} ${details.find((d) => d.code === imageProblem)!.message}.` : decision.message;
      throw new DomainError(decision.kind, decision.code, message, details);
    }
    const patch: Partial<ArticleEntity> = { status: decision.to };
    if (decision.to !== a.status) patch.statusChangedAt = now;
    const wasLive = await this.lastLive(tx, a);
    let scheduledFor: Date | null = null;
    switch (decision.effect) {
      case 'make_live': {
        await this.publication.makeLive(tx, a, now, { substantiveUpdate: who.substantiveUpdate === true });
        Object.assign(patch, {
          liveRevisionId: a.currentRevisionId,
          publishedAt: now,
          firstPublishedAt: a.firstPublishedAt ?? now,
          lastJobError: null,
          scheduledAt: null,
          scheduledJobId: null,
        });
        // RULE: a manual publish cancels the pending scheduled publish
        if (a.scheduledJobId && action === 'publish') await this.jobs.cancel(PUBLISH_DUE_QUEUE, a.scheduledJobId, tx).catch(() => undefined);
        break;
      }
      case 'schedule_publish': {
        scheduledFor = who.at!;
        const jobId = await this.jobs.send(PUBLISH_DUE_QUEUE, { articleId: a.id, at: scheduledFor.toISOString() }, { startAfter: scheduledFor }, tx);
        Object.assign(patch, { scheduledAt: scheduledFor, scheduledJobId: jobId, lastJobError: null });
        break;
      }
      case 'cancel_schedule':
        if (a.scheduledJobId) await this.jobs.cancel(PUBLISH_DUE_QUEUE, a.scheduledJobId, tx).catch(() => undefined);
        Object.assign(patch, { scheduledAt: null, scheduledJobId: null });
        break;
      case 'schedule_unpublish': {
        scheduledFor = who.at!;
        if (a.unpublishJobId) await this.jobs.cancel(UNPUBLISH_DUE_QUEUE, a.unpublishJobId, tx).catch(() => undefined);
        const jobId = await this.jobs.send(UNPUBLISH_DUE_QUEUE, { articleId: a.id, at: scheduledFor.toISOString() }, { startAfter: scheduledFor }, tx);
        Object.assign(patch, { unpublishAt: scheduledFor, unpublishJobId: jobId });
        break;
      }
      case 'cancel_unpublish':
        if (a.unpublishJobId) await this.jobs.cancel(UNPUBLISH_DUE_QUEUE, a.unpublishJobId, tx).catch(() => undefined);
        Object.assign(patch, { unpublishAt: null, unpublishJobId: null });
        break;
      case 'take_down':
        await this.publication.takeDown(tx, a.id);
        if (a.unpublishJobId && action === 'unpublish') await this.jobs.cancel(UNPUBLISH_DUE_QUEUE, a.unpublishJobId, tx).catch(() => undefined);
        Object.assign(patch, { unpublishAt: null, unpublishJobId: null, lastJobError: null });
        break;
      case 'none':
        break;
    }
    const saved = await this.articles.updateIfVersion(tx, a.id, a.version, patch);
    if (!saved) throw versionMismatch(a.version);
    await tx.insert(ArticleTransitionEntity, {
      id: newId(),
      articleId: a.id,
      action,
      fromStatus: a.status,
      toStatus: decision.to,
      actorId: ctx?.actor.accountId ?? null,
      actorLabel: ctx?.actor.email ?? 'system',
      comment: who.comment?.trim() || null,
      at: now,
      scheduledFor,
    });
    await this.audit.record(tx, ctx, {
      action: `article.${action}`,
      targetType: 'article',
      targetId: a.id,
      summary: { from: a.status, to: decision.to, ...(scheduledFor ? { at: scheduledFor.toISOString() } : {}) },
    });
    const event: ArticleTransitionedPayload = {
      articleId: a.id,
      action,
      from: a.status,
      to: decision.to,
      at: now.toISOString(),
      revisionId: saved.liveRevisionId,
      actorId: ctx?.actor.accountId ?? null,
      comment: who.comment?.trim() || null,
    };
    await this.outbox.emit(tx, ARTICLE_TRANSITIONED_TOPIC, event);
    if (decision.effect === 'make_live' || decision.effect === 'take_down') await this.emitLive(tx, decision.effect, a.status === 'published', event, wasLive);
    return saved;
  }

  /** The address of the revision that was live before this change (null: never live). */
  private lastLive(tx: EntityManager, a: ArticleEntity): Promise<LiveAddress | null> {
    return a.liveRevisionId ? this.articleService.revisionAddress(tx, a.liveRevisionId) : Promise.resolve(null);
  }

  /**
   * published / updated (and slug_changed when the live slug moved) or unpublished, carrying
   * the piece's address (ArticleLivePayload), in the transition's transaction.
   */
  private async emitLive(
    tx: EntityManager,
    effect: 'make_live' | 'take_down',
    wasPublished: boolean,
    event: ArticleTransitionedPayload,
    before: LiveAddress | null,
  ): Promise<void> {
    const live = effect === 'take_down' ? before : await this.articleService.revisionAddress(tx, event.revisionId!);
    if (!live) throw new Error(`article ${event.articleId}: no live revision to announce`);
    const { slugChanged, ...address } = liveEventAddress(effect, live, before);
    const payload: ArticleLivePayload = { ...event, ...address };
    if (effect === 'take_down') {
      await this.outbox.emit(tx, ARTICLE_UNPUBLISHED_TOPIC, payload);
      return;
    }
    await this.outbox.emit(tx, wasPublished ? ARTICLE_UPDATED_TOPIC : ARTICLE_PUBLISHED_TOPIC, payload);
    if (slugChanged) await this.outbox.emit(tx, ARTICLE_SLUG_CHANGED_TOPIC, payload);
  }

  /**
   * The WordPress importer's state step (libs/wordpress-import), in the caller's transaction.
   * RULE: an imported piece takes the state it had on the old site directly, without walking
   * the workflow and WITHOUT the publish gate: a piece that is already public stays public
   * (the importer reports a missing credit or alt text and lists it for editors instead of
   * refusing). Published: the current revision goes live with the old site's dates (first
   * publication, last update). Scheduled: a publish-due job at its date, which passes the gate
   * when it fires like any scheduled piece. Draft and in review: the state only (a live piece
   * the export no longer has as published is taken down). Logged as the transition `import`.
   */
  async applyImported(
    tx: EntityManager,
    ctx: ActionContext | null,
    articleId: string,
    target: { status: 'published' | 'scheduled' | 'draft' | 'in_review'; firstPublishedAt: Date | null; updatedAt: Date | null },
  ): Promise<ArticleEntity> {
    const a = (await this.articles.lockForUpdate(tx, articleId))!;
    const now = this.clock.now();
    const wasLive = await this.lastLive(tx, a);
    const patch: Partial<ArticleEntity> = {};
    let scheduledFor: Date | null = null;
    if (target.status === 'published') {
      const first = target.firstPublishedAt ?? now;
      const live = a.status === 'published' && a.liveRevisionId === a.currentRevisionId && a.firstPublishedAt?.getTime() === first.getTime();
      if (live) return a;
      await this.publication.makeLive(tx, a, now, { times: { publishedAt: first, updatedAt: target.updatedAt ?? first, substantiveUpdateAt: null } });
      if (a.scheduledJobId) await this.jobs.cancel(PUBLISH_DUE_QUEUE, a.scheduledJobId, tx).catch(() => undefined);
      Object.assign(patch, {
        status: 'published',
        liveRevisionId: a.currentRevisionId,
        publishedAt: first,
        firstPublishedAt: first,
        scheduledAt: null,
        scheduledJobId: null,
        lastJobError: null,
      });
    } else if (target.status === 'scheduled') {
      scheduledFor = target.firstPublishedAt!;
      if (a.status === 'scheduled' && a.scheduledAt?.getTime() === scheduledFor.getTime()) return a;
      if (a.status === 'published') await this.publication.takeDown(tx, a.id);
      if (a.scheduledJobId) await this.jobs.cancel(PUBLISH_DUE_QUEUE, a.scheduledJobId, tx).catch(() => undefined);
      const jobId = await this.jobs.send(PUBLISH_DUE_QUEUE, { articleId: a.id, at: scheduledFor.toISOString() }, { startAfter: scheduledFor }, tx);
      Object.assign(patch, { status: 'scheduled', scheduledAt: scheduledFor, scheduledJobId: jobId, lastJobError: null });
    } else {
      if (a.status === target.status) return a;
      if (a.status === 'published') await this.publication.takeDown(tx, a.id);
      if (a.scheduledJobId) await this.jobs.cancel(PUBLISH_DUE_QUEUE, a.scheduledJobId, tx).catch(() => undefined);
      Object.assign(patch, { status: target.status, scheduledAt: null, scheduledJobId: null });
    }
    if (patch.status !== a.status) patch.statusChangedAt = now;
    const saved = await this.articles.updateIfVersion(tx, a.id, a.version, patch);
    if (!saved) throw versionMismatch(a.version);
    await tx.insert(ArticleTransitionEntity, {
      id: newId(),
      articleId: a.id,
      action: 'import',
      fromStatus: a.status,
      toStatus: saved.status,
      actorId: ctx?.actor.accountId ?? null,
      actorLabel: ctx?.actor.email ?? 'wordpress-import',
      comment: null,
      at: now,
      scheduledFor,
    });
    await this.audit.record(tx, ctx, { action: 'article.import', targetType: 'article', targetId: a.id, summary: { from: a.status, to: saved.status } });
    const event: ArticleTransitionedPayload = { articleId: a.id, action: 'import', from: a.status, to: saved.status, at: now.toISOString(), revisionId: saved.liveRevisionId };
    await this.outbox.emit(tx, ARTICLE_TRANSITIONED_TOPIC, event);
    if (target.status === 'published') await this.emitLive(tx, 'make_live', a.status === 'published', event, wasLive);
    if (a.status === 'published' && target.status !== 'published') await this.emitLive(tx, 'take_down', true, event, wasLive);
    return saved;
  }

  /**
   * The import step for many NEW pieces at once (the WordPress import's bulk path): each piece
   * is saved (ArticlesService.saveImportedMany) already in the state `applyImported` would
   * leave it in - published with its old dates and live (PublicationService.makeLiveMany), in
   * review, or a draft - with the same transition rows, audit entries and events, one
   * statement per table. Scheduled pieces need a job each: not here (the caller goes one by
   * one). Returns the saved pieces, in order.
   */
  async importMany(
    tx: EntityManager,
    ctx: ActionContext | null,
    items: { input: ArticleInput & { headline: string }; target: { status: 'published' | 'draft' | 'in_review'; firstPublishedAt: Date | null; updatedAt: Date | null } }[],
  ): Promise<ArticleEntity[]> {
    const now = this.clock.now();
    const saved = await this.articleService.saveImportedMany(
      tx,
      ctx,
      items.map((i) => i.input),
      (a, k) => {
        const t = items[k]!.target;
        if (t.status === 'draft') return {};
        const first = t.firstPublishedAt ?? now;
        const common = { version: 2, statusChangedAt: now, scheduledAt: null, scheduledJobId: null, updatedAt: now };
        if (t.status === 'in_review') return { ...common, status: 'in_review' };
        return { ...common, status: 'published', liveRevisionId: a.currentRevisionId, publishedAt: first, firstPublishedAt: first, lastJobError: null };
      },
    );
    const live = saved.flatMap((a, k) => {
      const t = items[k]!.target;
      if (t.status !== 'published') return [];
      const first = t.firstPublishedAt ?? now;
      return [{ article: a, data: snapshotOf(a), times: { publishedAt: first, updatedAt: t.updatedAt ?? first, substantiveUpdateAt: null } }];
    });
    await this.publication.makeLiveMany(tx, live, now);
    const moved = saved.filter((a) => a.status !== 'draft');
    await insertMany(
      tx,
      ArticleTransitionEntity,
      moved.map((a) => ({
        id: newId(),
        articleId: a.id,
        action: 'import',
        fromStatus: 'draft',
        toStatus: a.status,
        actorId: ctx?.actor.accountId ?? null,
        actorLabel: ctx?.actor.email ?? 'wordpress-import',
        comment: null,
        at: now,
        scheduledFor: null,
      })),
    );
    await this.audit.recordMany(
      tx,
      ctx,
      moved.map((a) => ({ action: 'article.import', targetType: 'article', targetId: a.id, summary: { from: 'draft', to: a.status } })),
    );
    const events = moved.map((a): ArticleTransitionedPayload => ({
      articleId: a.id,
      action: 'import',
      from: 'draft',
      to: a.status,
      at: now.toISOString(),
      revisionId: a.liveRevisionId,
    }));
    // new pieces: their one revision (number 1) is the live one, and nothing was live before
    const wentLive = moved.flatMap((a, k): ArticleLivePayload[] =>
      a.status === 'published'
        ? [
            {
              ...events[k]!,
              ...articleAddress(this.publicBaseUrl, a.slug, a.canonicalUrl),
              revisionId: a.liveRevisionId!,
              revisionNumber: 1,
              previousSlug: null,
              previousUrl: null,
            },
          ]
        : [],
    );
    await this.outbox.emitMany(tx, [
      ...events.map((e): OutboxEnvelope => ({ topic: ARTICLE_TRANSITIONED_TOPIC, payload: e })),
      ...wentLive.map((e): OutboxEnvelope => ({ topic: ARTICLE_PUBLISHED_TOPIC, payload: e })),
    ]);
    return saved;
  }

  /** What the caller may do with a piece now (the desk's buttons), read from the table. */
  async offered(ctx: ActionContext, id: string): Promise<OfferedAction[]> {
    const a = await this.articleService.get(ctx.actor, id);
    const imageProblem = a.topImageId ? await this.images.topImageProblem(this.tx.manager, a.topImageId, { creditOverride: a.topImageCredit }) : null;
    return offeredActions({
      state: a.status as State,
      role: ctx.actor.role,
      isOwner: a.ownerId === ctx.actor.accountId,
      now: this.clock.now(),
      embargoUntil: a.embargoUntil,
      missingFields: missingForSubmit(a),
      publishGateProblems: publishGateProblems(a, imageProblem),
      hasChangesToPublish: a.currentRevisionId !== a.liveRevisionId,
      scheduledTime: a.scheduledAt,
      unpublishAt: a.unpublishAt,
    });
  }

  /** The transition log of one article, oldest first. */
  async history(ctx: ActionContext, id: string): Promise<ArticleTransitionEntity[]> {
    await this.articleService.get(ctx.actor, id);
    return this.tx.manager.find(ArticleTransitionEntity, { where: { articleId: id }, order: { at: 'ASC', id: 'ASC' } });
  }

  /** The comment of the last request_changes, when the piece is back in draft because of it. */
  async openChangeRequest(id: string): Promise<ArticleTransitionEntity | null> {
    const last = await this.tx.manager.findOne(ArticleTransitionEntity, { where: { articleId: id }, order: { at: 'DESC' } });
    return last?.action === 'request_changes' ? last : null;
  }

  /** Pieces that have waited in a state longer than its SLA budget, longest wait first. */
  async overdue(limit?: number): Promise<OverdueItem[]> {
    const now = this.clock.now();
    const states = Object.keys(this.budgets) as State[];
    if (!states.length) return [];
    // the database picks the candidates (a newsroom may have thousands); the rule decides
    const rows = await this.articles.overBudget(
      states.map((status) => ({ status, budgetMs: this.budgets[status]! })),
      now,
      limit ?? null,
      this.tx.manager,
    );
    return rows
      .map((r) => ({
        articleId: r.id,
        headline: r.headline,
        status: r.status,
        since: r.statusChangedAt,
        waitedMs: now.getTime() - r.statusChangedAt.getTime(),
        budgetMs: this.budgets[r.status]!,
      }))
      .filter((r) => r.waitedMs > r.budgetMs)
      .sort((x, y) => y.waitedMs - y.budgetMs - (x.waitedMs - x.budgetMs));
  }
}

const substantiveUpdateRefused = () =>
  new DomainError('validation', 'VALIDATION_FAILED', 'The request is not valid.', [
    { field: 'substantiveUpdate', code: 'republishOnly', message: 'substantiveUpdate goes with publish of a live piece only' },
  ]);
