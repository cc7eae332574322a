import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { Transactions } from '#libs/database';
import { AuditLog, type ActionContext, type Actor } from '#libs/identity';
import { Clock, DomainError, clampLimit, isSlug, newId, webUrl, type ErrorDetail, type Page } from '#libs/kernel';
import { Outbox } from '#libs/outbox';
import { ContributorsService } from '#libs/contributors';
import { TaxonomyService } from '#libs/taxonomy';
import { ImageUses } from '#libs/image-credits';
import { ArticleCorrectionEntity, ArticleEntity, type ArticleRevisionEntity } from './article.entity.js';
import { ArticleErrorCode, articleNotFound, invalidField, versionMismatch } from './article.errors.js';
import {
  articleAddress,
  deriveBody,
  diffRevisions,
  editRefusal,
  embargoChangeRefused,
  restoreInput,
  canSeeArticle,
  lockIsFresh,
  plainText,
  slugForHeadline,
  socialText,
  SOCIAL_TEXT_MAX,
  type ArticleAddress,
  type FieldChange,
  type RevisionData,
} from './article.rules.js';
import { ArticlesRepository, type ArticleDateField, type ArticleSummaryRow } from './articles.repository.js';
import { ARTICLE_CORRECTED_TOPIC, ARTICLE_SAVED_TOPIC } from './articles.events.js';

/** Editable fields. `undefined` = leave as is; `null` clears a nullable field. */
export interface ArticleInput {
  headline?: string;
  dek?: string;
  slug?: string;
  typeId?: string | null;
  sectionId?: string | null;
  tagIds?: string[];
  bylineIds?: string[];
  bodyHtml?: string;
  topImageId?: string | null;
  topImageCaption?: string | null;
  topImageCredit?: string | null;
  seoTitle?: string | null;
  seoDescription?: string | null;
  canonicalUrl?: string | null;
  embargoUntil?: Date | null;
  ogTitle?: string | null;
  ogDescription?: string | null;
  ogImageId?: string | null;
  twitterTitle?: string | null;
  twitterDescription?: string | null;
  twitterImageId?: string | null;
}

export interface ArticleListQuery {
  status?: string;
  sectionId?: string;
  typeId?: string;
  tagId?: string;
  contributorId?: string;
  /** Only pieces the caller owns. */
  mine?: boolean;
  q?: string;
  /** Which date `from` / `to` bound (default: updated). */
  dateField?: ArticleDateField;
  from?: Date;
  to?: Date;
  limit?: number;
  cursor?: string;
}

export type CorrectionKind = 'correction' | 'clarification' | 'retraction';

/**
 * Runs inside the transaction of every saved edit (PATCH, restore), after the new revision is
 * written; returns the article as it then stands. The workflow lib registers one (re-approval).
 */
export type EditHook = (tx: EntityManager, edit: { ctx: ActionContext; before: ArticleEntity; saved: ArticleEntity }) => Promise<ArticleEntity>;

/**
 * Article identity, working draft, revisions, edit locks and corrections. Workflow state
 * changes go through libs/editorial-workflow, never through here.
 */
@Injectable()
export class ArticlesService {
  constructor(
    private readonly repo: ArticlesRepository,
    private readonly tx: Transactions,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    private readonly taxonomy: TaxonomyService,
    private readonly contributors: ContributorsService,
    private readonly images: ImageUses,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private readonly editHooks: EditHook[] = [];

  /** Registers a hook run with every saved edit (see EditHook). */
  onEdit(hook: EditHook): void {
    this.editHooks.push(hook);
  }

  async create(ctx: ActionContext, input: ArticleInput & { headline: string }): Promise<ArticleEntity> {
    return this.tx.run(async (tx) => {
      const now = this.clock.now();
      let bylineIds = input.bylineIds;
      if (bylineIds === undefined && ctx.actor.role === 'contributor') {
        // RULE: a contributor's new piece carries their own byline when they have a profile
        const own = await this.contributors.findByAccount(ctx.actor.accountId);
        bylineIds = own ? [own.id] : [];
      }
      const article: ArticleEntity = { ...blankArticle(now), ownerId: ctx.actor.accountId };
      const fields = await this.validated(tx, { ...input, bylineIds });
      Object.assign(article, fields);
      if (!input.slug) article.slug = slugForHeadline(article.headline);
      await this.repo.insert(tx, article);
      const revision = await this.writeRevision(tx, article, ctx.actor.accountId);
      article.currentRevisionId = revision.id;
      await tx.update(ArticleEntity, { id: article.id }, { currentRevisionId: revision.id });
      await this.repo.replaceBylines(tx, article.id, article.bylineIds);
      await this.recordImageUse(tx, article);
      await this.audit.record(tx, ctx, { action: 'article.create', targetType: 'article', targetId: article.id, summary: { after: { headline: article.headline } } });
      await this.outbox.emit(tx, ARTICLE_SAVED_TOPIC, { articleId: article.id, revisionId: revision.id, version: article.version });
      return article;
    });
  }

  /**
   * The WordPress importer's write (libs/wordpress-import), in the caller's transaction: a new
   * piece (no owner account; draft until the workflow's import step sets its state), or the
   * imported piece's working draft updated where the export differs. No If-Match: the import
   * owns what it wrote. Same validation, revision, bylines, image uses, audit and event as
   * create/update; a save that changes nothing writes nothing (`changed: false`).
   */
  async saveImported(
    tx: EntityManager,
    ctx: ActionContext | null,
    id: string | null,
    input: ArticleInput & { headline: string },
  ): Promise<{ article: ArticleEntity; created: boolean; changed: boolean }> {
    const fields = await this.validated(tx, input);
    const by = ctx?.actor.accountId ?? null;
    const current = id ? await this.repo.lockForUpdate(tx, id) : null;
    if (current) {
      const next = { ...current, ...fields } as ArticleEntity;
      if (!diffRevisions(snapshotOf(current), snapshotOf(next)).length) return { article: current, created: false, changed: false };
      const saved = (await this.repo.updateIfVersion(tx, current.id, current.version, fields))!;
      const revision = await this.writeRevision(tx, saved, by);
      await tx.update(ArticleEntity, { id: saved.id }, { currentRevisionId: revision.id });
      saved.currentRevisionId = revision.id;
      await this.repo.replaceBylines(tx, saved.id, saved.bylineIds);
      await this.recordImageUse(tx, saved);
      await this.audit.record(tx, ctx, { action: 'article.update', targetType: 'article', targetId: saved.id, summary: { version: saved.version, via: 'wordpress-import' } });
      await this.outbox.emit(tx, ARTICLE_SAVED_TOPIC, { articleId: saved.id, revisionId: revision.id, version: saved.version });
      return { article: saved, created: false, changed: true };
    }
    const now = this.clock.now();
    const article = { ...blankArticle(now), ownerId: null, ...fields } as ArticleEntity;
    if (!input.slug) article.slug = slugForHeadline(article.headline);
    await this.repo.insert(tx, article);
    const revision = await this.writeRevision(tx, article, by);
    article.currentRevisionId = revision.id;
    await tx.update(ArticleEntity, { id: article.id }, { currentRevisionId: revision.id });
    await this.repo.replaceBylines(tx, article.id, article.bylineIds);
    await this.recordImageUse(tx, article);
    await this.audit.record(tx, ctx, {
      action: 'article.create',
      targetType: 'article',
      targetId: article.id,
      summary: { after: { headline: article.headline }, via: 'wordpress-import' },
    });
    await this.outbox.emit(tx, ARTICLE_SAVED_TOPIC, { articleId: article.id, revisionId: revision.id, version: article.version });
    return { article, created: true, changed: true };
  }

  /**
   * `saveImported` for many NEW pieces in one go (the WordPress import's bulk path), in the
   * caller's transaction: the same validation (relations checked once for the whole set), one
   * revision each, bylines, image uses, audit entries and `article.saved` events, written with
   * one multi-row statement per table. `stateOf` is the workflow's import step: the state each
   * piece is stored in (what `saveImported` followed by the step's update would leave), given
   * the built piece. A problem with any piece refuses all (the caller retries them one by one).
   */
  async saveImportedMany(
    tx: EntityManager,
    ctx: ActionContext | null,
    inputs: (ArticleInput & { headline: string })[],
    stateOf: (a: ArticleEntity, i: number) => Partial<ArticleEntity> = () => ({}),
  ): Promise<ArticleEntity[]> {
    const now = this.clock.now();
    const by = ctx?.actor.accountId ?? null;
    const problems: ErrorDetail[] = [];
    const articles = inputs.map((input) => {
      const f = plainFields(input);
      problems.push(...f.problems);
      const a = { ...blankArticle(now), ownerId: null, ...f.out } as ArticleEntity;
      if (!input.slug) a.slug = slugForHeadline(a.headline);
      return a;
    });
    if (problems.length) throw invalidField(problems);
    await this.taxonomy.requireSections(tx, dedupe(articles.flatMap((a) => (a.sectionId ? [a.sectionId] : []))));
    for (const typeId of dedupe(articles.flatMap((a) => (a.typeId ? [a.typeId] : [])))) await this.taxonomy.requireType(tx, typeId);
    await this.taxonomy.requireTags(tx, dedupe(articles.flatMap((a) => a.tagIds)));
    await this.contributors.requireMany(tx, dedupe(articles.flatMap((a) => a.bylineIds)));
    const revisions: ArticleRevisionEntity[] = articles.map((a) => ({
      id: newId(),
      articleId: a.id,
      number: 1,
      data: snapshotOf(a),
      createdBy: by,
      createdAt: now,
      restoredFrom: null,
    }));
    articles.forEach((a, i) => {
      a.currentRevisionId = revisions[i]!.id;
      Object.assign(a, stateOf(a, i));
    });
    await this.repo.insertMany(tx, articles, revisions);
    // checks every top image exists, as requireImage does one by one
    await this.images.setUsesMany(
      tx,
      articles.map((a) => ({ usageType: 'article' as const, usageId: a.id, uses: imageUsesOf(a) })),
    );
    await this.audit.recordMany(
      tx,
      ctx,
      articles.map((a) => ({ action: 'article.create', targetType: 'article', targetId: a.id, summary: { after: { headline: a.headline }, via: 'wordpress-import' } })),
    );
    await this.outbox.emitMany(
      tx,
      articles.map((a, i) => ({ topic: ARTICLE_SAVED_TOPIC, payload: { articleId: a.id, revisionId: revisions[i]!.id, version: 1 } })),
    );
    return articles;
  }

  /** The article if the actor may see it; not found otherwise (a probe learns nothing). */
  /** Which of these articles `actor` may see (canSeeArticle); for a contributor, unknown ids are not. */
  async visibleIds(actor: Actor, ids: string[], m?: EntityManager): Promise<Set<string>> {
    const unique = [...new Set(ids)];
    // a role that sees every article (an editor) needs no look-up
    if (canSeeArticle({ role: actor.role, isOwner: false, status: 'draft' })) return new Set(unique);
    const facts = await this.repo.accessFacts(unique, m);
    return new Set(facts.filter((a) => canSeeArticle({ role: actor.role, isOwner: a.ownerId === actor.accountId, status: a.status })).map((a) => a.id));
  }

  async get(actor: Actor, id: string, m?: EntityManager): Promise<ArticleEntity> {
    const a = await this.repo.find(id, m);
    if (!a || !canSeeArticle({ role: actor.role, isOwner: a.ownerId === actor.accountId, status: a.status })) throw articleNotFound();
    return a;
  }

  list(actor: Actor, q: ArticleListQuery): Promise<Page<ArticleSummaryRow>> {
    return this.repo.list({
      ownerId: actor.role === 'contributor' || q.mine ? actor.accountId : undefined,
      status: q.status,
      sectionId: q.sectionId,
      typeId: q.typeId,
      tagId: q.tagId,
      contributorId: q.contributorId,
      q: q.q?.trim() || undefined,
      dateField: q.dateField ?? 'updated',
      from: q.from,
      to: q.to,
      limit: clampLimit(q.limit),
      cursor: q.cursor,
    });
  }

  /** Saves a new working draft revision, if `expectedVersion` is still current. */
  async update(ctx: ActionContext, id: string, expectedVersion: number, input: ArticleInput): Promise<ArticleEntity> {
    return this.tx.run(async (tx) => {
      const current = await this.requireEditable(tx, ctx.actor, id);
      if (current.version !== expectedVersion) throw versionMismatch(current.version);
      this.assertNotLockedByOther(current, ctx.actor);
      if (embargoChangeRefused({ firstPublished: current.firstPublishedAt !== null, current: current.embargoUntil, requested: input.embargoUntil })) {
        throw new DomainError('conflict', ArticleErrorCode.EmbargoFrozen, 'The embargo cannot change after first publication.', [
          { field: 'embargoUntil', message: 'frozen after first publication' },
        ]);
      }
      const fields = await this.validated(tx, input);
      const saved = await this.repo.updateIfVersion(tx, id, expectedVersion, fields);
      if (!saved) throw versionMismatch((await this.repo.find(id, tx))?.version ?? expectedVersion);
      const revision = await this.writeRevision(tx, saved, ctx.actor.accountId);
      await tx.update(ArticleEntity, { id }, { currentRevisionId: revision.id });
      saved.currentRevisionId = revision.id;
      if (input.bylineIds !== undefined) await this.repo.replaceBylines(tx, id, saved.bylineIds);
      if ([input.topImageId, input.topImageCaption, input.topImageCredit, input.ogImageId, input.twitterImageId].some((v) => v !== undefined)) {
        await this.recordImageUse(tx, saved);
      }
      const changes = diffRevisions(snapshotOf(current), snapshotOf(saved));
      await this.audit.record(tx, ctx, {
        action: 'article.update',
        targetType: 'article',
        targetId: id,
        summary: { fields: changes.map((c) => c.field), version: saved.version },
      });
      await this.outbox.emit(tx, ARTICLE_SAVED_TOPIC, { articleId: id, revisionId: revision.id, version: saved.version });
      let result = saved;
      for (const hook of this.editHooks) result = await hook(tx, { ctx, before: current, saved: result });
      return result;
    });
  }

  async revisions(actor: Actor, id: string): Promise<ArticleRevisionEntity[]> {
    await this.get(actor, id);
    return this.repo.listRevisions(id);
  }

  async revision(actor: Actor, id: string, number: number): Promise<ArticleRevisionEntity> {
    await this.get(actor, id);
    const r = await this.repo.findRevision(id, number);
    if (!r) throw new DomainError('not_found', ArticleErrorCode.RevisionNotFound, 'No such revision.');
    return r;
  }

  async diff(actor: Actor, id: string, from: number, to: number): Promise<FieldChange[]> {
    const [a, b] = await Promise.all([this.revision(actor, id, from), this.revision(actor, id, to)]);
    return diffRevisions(a.data, b.data);
  }

  /** Restores an old revision's fields as a new revision (history is never rewritten). */
  async restore(ctx: ActionContext, id: string, expectedVersion: number, number: number): Promise<ArticleEntity> {
    const old = await this.revision(ctx.actor, id, number);
    const input = restoreInput(old.data) as ArticleInput;
    // RULE: a frozen embargo (the piece has been public) stays as it is; everything else is restored
    if ((await this.get(ctx.actor, id)).firstPublishedAt) delete input.embargoUntil;
    const saved = await this.update(ctx, id, expectedVersion, input);
    await this.tx.run(async (tx) => {
      await tx.query(`UPDATE article_revisions SET restored_from = $2 WHERE id = $1`, [saved.currentRevisionId, number]);
    });
    return saved;
  }

  // --- edit lock -------------------------------------------------------------------------

  /** Takes the soft edit lock (or renews it for its holder). Another fresh holder -> 423. */
  async takeLock(ctx: ActionContext, id: string, takeOver = false): Promise<ArticleEntity> {
    return this.tx.run(async (tx) => {
      await this.requireEditable(tx, ctx.actor, id);
      const a = (await this.repo.lockForUpdate(tx, id))!;
      const now = this.clock.now();
      const heldByOther = a.lockHolderId !== null && a.lockHolderId !== ctx.actor.accountId && lockIsFresh(a.lockHeartbeatAt, now);
      if (heldByOther && !takeOver) throw this.lockedError(a);
      if (takeOver && ctx.actor.role === 'contributor') {
        throw new DomainError('forbidden', 'ARTICLE_TAKEOVER_FORBIDDEN', 'Only editors can take over an edit lock.');
      }
      const renewing = a.lockHolderId === ctx.actor.accountId && lockIsFresh(a.lockHeartbeatAt, now);
      await tx.update(ArticleEntity, { id }, { lockHolderId: ctx.actor.accountId, lockAcquiredAt: renewing ? a.lockAcquiredAt : now, lockHeartbeatAt: now });
      if (heldByOther) {
        await this.audit.record(tx, ctx, { action: 'article.lock_takeover', targetType: 'article', targetId: id, summary: { from: a.lockHolderId } });
      }
      return (await this.repo.find(id, tx))!;
    });
  }

  async heartbeat(ctx: ActionContext, id: string): Promise<ArticleEntity> {
    return this.tx.run(async (tx) => {
      await this.get(ctx.actor, id, tx);
      const a = (await this.repo.lockForUpdate(tx, id))!;
      if (a.lockHolderId !== ctx.actor.accountId) {
        throw new DomainError('conflict', ArticleErrorCode.NotLocked, 'You do not hold the edit lock (it may have been taken over).');
      }
      await tx.update(ArticleEntity, { id }, { lockHeartbeatAt: this.clock.now() });
      return (await this.repo.find(id, tx))!;
    });
  }

  async releaseLock(ctx: ActionContext, id: string): Promise<void> {
    await this.tx.run(async (tx) => {
      await this.get(ctx.actor, id, tx);
      await tx.update(ArticleEntity, { id, lockHolderId: ctx.actor.accountId }, { lockHolderId: null, lockAcquiredAt: null, lockHeartbeatAt: null });
    });
  }

  /** RULE: while someone else holds a fresh lock, writes by others are refused (423). */
  assertNotLockedByOther(a: ArticleEntity, actor: Actor): void {
    if (a.lockHolderId && a.lockHolderId !== actor.accountId && lockIsFresh(a.lockHeartbeatAt, this.clock.now())) throw this.lockedError(a);
  }

  private lockedError(a: ArticleEntity): DomainError {
    return new DomainError('locked', ArticleErrorCode.Locked, 'Someone else is editing this article.', [], {
      lock: { holderId: a.lockHolderId, since: a.lockAcquiredAt?.toISOString() ?? null },
    });
  }

  // --- corrections -----------------------------------------------------------------------

  async addCorrection(ctx: ActionContext, id: string, kind: CorrectionKind, text: string, at?: Date): Promise<ArticleCorrectionEntity> {
    return this.tx.run(async (tx) => {
      const a = await this.get(ctx.actor, id, tx);
      if (!a.firstPublishedAt) {
        throw new DomainError('conflict', ArticleErrorCode.NotPublished, 'Corrections attach to pieces that have been published.');
      }
      const clean = plainText(text);
      if (!clean) throw invalidField([{ field: 'text', message: 'must contain text' }]);
      const correction: ArticleCorrectionEntity = { id: newId(), articleId: id, kind, text: clean, at: at ?? this.clock.now(), createdBy: ctx.actor.accountId };
      await this.repo.insertCorrection(tx, correction);
      await this.audit.record(tx, ctx, { action: 'article.correct', targetType: 'article', targetId: id, summary: { kind, text: clean } });
      const live = a.liveRevisionId ? await this.revisionAddress(tx, a.liveRevisionId) : null;
      const address = live ?? { ...articleAddress(this.config.publicBaseUrl, a.slug, a.canonicalUrl), revisionId: null, revisionNumber: null };
      await this.outbox.emit(tx, ARTICLE_CORRECTED_TOPIC, { articleId: id, correctionId: correction.id, kind, ...address, live: a.status === 'published' });
      return correction;
    });
  }

  /** Where a revision is read when live (its slug and canonical override), with its id and number. */
  async revisionAddress(m: EntityManager, revisionId: string): Promise<(ArticleAddress & { revisionId: string; revisionNumber: number }) | null> {
    const r = await this.repo.findRevisionById(revisionId, m);
    return r ? { ...articleAddress(this.config.publicBaseUrl, r.data.slug, r.data.canonicalUrl), revisionId: r.id, revisionNumber: r.number } : null;
  }

  corrections(id: string, m?: EntityManager): Promise<ArticleCorrectionEntity[]> {
    return this.repo.listCorrections(id, m);
  }

  // --- internals ---------------------------------------------------------------------------

  private async requireEditable(tx: EntityManager, actor: Actor, id: string): Promise<ArticleEntity> {
    const a = await this.repo.find(id, tx);
    if (!a) throw articleNotFound();
    const refusal = editRefusal({ role: actor.role, isOwner: a.ownerId === actor.accountId, status: a.status });
    if (refusal === 'not_found') throw articleNotFound();
    if (refusal === 'not_editable') {
      throw new DomainError('conflict', ArticleErrorCode.NotEditable, `A piece in ${a.status} cannot be edited by your role.`, [], { status: a.status });
    }
    return a;
  }

  /** Normalizes and checks input against the taxonomy, contributors and images. */
  private async validated(tx: EntityManager, input: ArticleInput): Promise<Partial<ArticleEntity>> {
    const { out, problems } = plainFields(input);
    if (problems.length) throw invalidField(problems);
    // relations: unknown ids are 400s naming the field
    if (input.sectionId !== undefined) out.sectionId = input.sectionId === null ? null : (await this.taxonomy.requireSection(tx, input.sectionId)).id;
    if (input.typeId !== undefined) out.typeId = input.typeId === null ? null : (await this.taxonomy.requireType(tx, input.typeId)).id;
    if (input.tagIds !== undefined) out.tagIds = (await this.taxonomy.requireTags(tx, dedupe(input.tagIds))).map((t) => t.id);
    if (input.bylineIds !== undefined) out.bylineIds = (await this.contributors.requireMany(tx, dedupe(input.bylineIds))).map((c) => c.id);
    if (input.topImageId !== undefined) {
      if (input.topImageId !== null) await this.images.requireImage(tx, input.topImageId);
      out.topImageId = input.topImageId;
    }
    for (const f of ['ogImageId', 'twitterImageId'] as const) {
      const id = input[f];
      if (id !== undefined) out[f] = id === null ? null : (await this.images.requireImage(tx, id, f)).id;
    }
    return out;
  }

  /** Keeps the images lib's where-used list in step with the draft's top and share-card images. */
  private async recordImageUse(tx: EntityManager, a: ArticleEntity): Promise<void> {
    await this.images.setUses(tx, { usageType: 'article', usageId: a.id, uses: imageUsesOf(a) });
  }

  private async writeRevision(tx: EntityManager, a: ArticleEntity, by: string | null): Promise<ArticleRevisionEntity> {
    const revision = {
      id: newId(),
      articleId: a.id,
      number: await this.repo.nextRevisionNumber(tx, a.id),
      data: snapshotOf(a),
      createdBy: by,
      createdAt: this.clock.now(),
      restoredFrom: null,
    };
    await this.repo.insertRevision(tx, revision);
    return revision;
  }
}

const dedupe = (ids: string[]): string[] => [...new Set(ids)];

/** The images a draft shows: its top image, and its share-card images (as inline uses, each image once). */
function imageUsesOf(a: ArticleEntity) {
  const uses: { imageId: string; role: 'top' | 'inline'; captionOverride?: string | null; creditOverride?: string | null }[] = [];
  if (a.topImageId) uses.push({ imageId: a.topImageId, role: 'top', captionOverride: a.topImageCaption, creditOverride: a.topImageCredit });
  for (const id of [a.ogImageId, a.twitterImageId]) if (id && !uses.some((u) => u.imageId === id)) uses.push({ imageId: id, role: 'inline' });
  return uses;
}

/** The input's own fields normalized (no relation look-ups), and what is wrong with them. */
function plainFields(input: ArticleInput): { out: Partial<ArticleEntity>; problems: ErrorDetail[] } {
  const out: Partial<ArticleEntity> = {};
  const problems: ErrorDetail[] = [];
  if (input.headline !== undefined) {
    out.headline = plainText(input.headline);
    if (!out.headline) problems.push({ field: 'headline', message: 'must contain text' });
  }
  if (input.dek !== undefined) out.dek = plainText(input.dek);
  if (input.slug !== undefined) {
    if (!isSlug(input.slug)) problems.push({ field: 'slug', message: 'lower-case words joined by hyphens' });
    out.slug = input.slug;
  }
  if (input.bodyHtml !== undefined) Object.assign(out, deriveBody(input.bodyHtml));
  for (const f of ['topImageCaption', 'topImageCredit', 'seoTitle', 'seoDescription'] as const) {
    if (input[f] !== undefined) out[f] = input[f] === null ? null : plainText(input[f]) || null;
  }
  if (input.canonicalUrl !== undefined) {
    // stored as the WHATWG serialization; a user:password part is refused
    const checked = input.canonicalUrl === null ? null : webUrl(input.canonicalUrl);
    if (checked && 'problem' in checked) problems.push({ field: 'canonicalUrl', code: checked.code, message: checked.message });
    else out.canonicalUrl = checked ? checked.url : null;
  }
  for (const f of Object.keys(SOCIAL_TEXT_MAX) as (keyof typeof SOCIAL_TEXT_MAX)[]) {
    const v = input[f];
    if (v === undefined) continue;
    const checked = socialText(f, v);
    if ('problem' in checked) problems.push(checked.problem);
    else out[f] = checked.value;
  }
  if (input.ogImageId !== undefined) out.ogImageId = input.ogImageId === null ? null : input.ogImageId.toLowerCase();
  if (input.twitterImageId !== undefined) out.twitterImageId = input.twitterImageId === null ? null : input.twitterImageId.toLowerCase();
  if (input.embargoUntil !== undefined) out.embargoUntil = input.embargoUntil;
  if (input.sectionId !== undefined) out.sectionId = input.sectionId === null ? null : input.sectionId.toLowerCase();
  if (input.typeId !== undefined) out.typeId = input.typeId === null ? null : input.typeId.toLowerCase();
  if (input.tagIds !== undefined) out.tagIds = dedupe(input.tagIds.map((id) => id.toLowerCase()));
  if (input.bylineIds !== undefined) out.bylineIds = dedupe(input.bylineIds.map((id) => id.toLowerCase()));
  if (input.topImageId !== undefined) out.topImageId = input.topImageId === null ? null : input.topImageId.toLowerCase();
  return { out, problems };
}

function blankArticle(now: Date): ArticleEntity {
  return {
    id: newId(),
    status: 'draft',
    version: 1,
    statusChangedAt: now,
    ownerId: null,
    headline: '',
    dek: '',
    slug: '',
    typeId: null,
    sectionId: null,
    tagIds: [],
    bylineIds: [],
    bodyHtml: '',
    bodyText: '',
    excerpt: '',
    wordCount: 0,
    readingMinutes: 0,
    topImageId: null,
    topImageCaption: null,
    topImageCredit: null,
    seoTitle: null,
    seoDescription: null,
    canonicalUrl: null,
    embargoUntil: null,
    ogTitle: null,
    ogDescription: null,
    ogImageId: null,
    twitterTitle: null,
    twitterDescription: null,
    twitterImageId: null,
    currentRevisionId: null,
    liveRevisionId: null,
    firstPublishedAt: null,
    publishedAt: null,
    scheduledAt: null,
    scheduledJobId: null,
    unpublishAt: null,
    unpublishJobId: null,
    lastJobError: null,
    lockHolderId: null,
    lockAcquiredAt: null,
    lockHeartbeatAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** Every editable field and relation, as stored in a revision. */
export function snapshotOf(a: ArticleEntity): RevisionData {
  return {
    headline: a.headline,
    dek: a.dek,
    slug: a.slug,
    typeId: a.typeId,
    sectionId: a.sectionId,
    tagIds: a.tagIds,
    bylineIds: a.bylineIds,
    bodyHtml: a.bodyHtml,
    topImageId: a.topImageId,
    topImageCaption: a.topImageCaption,
    topImageCredit: a.topImageCredit,
    seoTitle: a.seoTitle,
    seoDescription: a.seoDescription,
    canonicalUrl: a.canonicalUrl,
    embargoUntil: a.embargoUntil instanceof Date ? a.embargoUntil.toISOString() : a.embargoUntil,
    ogTitle: a.ogTitle,
    ogDescription: a.ogDescription,
    ogImageId: a.ogImageId,
    twitterTitle: a.twitterTitle,
    twitterDescription: a.twitterDescription,
    twitterImageId: a.twitterImageId,
  };
}
