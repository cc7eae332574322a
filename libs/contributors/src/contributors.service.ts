import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Transactions, insertMany, pgConstraint, pgErrorCode } from '#libs/database';
import { AuditLog, type ActionContext } from '#libs/identity';
import { Clock, DomainError, clampLimit, isSlug, isUuid, newId, type Page } from '#libs/kernel';
import { Outbox } from '#libs/outbox';
import { ImageUses } from '#libs/image-credits';
import { ContributorEntity } from './contributors.entities.js';
import { ContributorErrorCode, contributorMerged, contributorNotFound, contributorSlugTaken } from './contributors.errors.js';
import { ContributorBylines } from './contributor-bylines.js';
import { ContributorsRepository } from './contributors.repository.js';
import {
  CONTRIBUTOR_BIO_MAX,
  CONTRIBUTOR_DISCLOSURE_MAX,
  CONTRIBUTOR_TITLE_MAX,
  cleanName,
  cleanText,
  contributorSlug,
  decodeSlugCursor,
  encodeSlugCursor,
  uniqueInOrder,
  validateSocialLinks,
  type SocialLink,
} from './contributors.rules.js';
import { CONTRIBUTOR_CHANGED_TOPIC } from './contributors.events.js';

/** What a byline shows of a contributor. */
export interface ContributorView {
  id: string;
  slug: string;
  name: string;
  title: string | null;
  avatarImageId: string | null;
  bio: string | null;
  socialLinks: SocialLink[];
  /** Conflicts of interest and affiliations: public, on the byline and the contributor page. */
  disclosure: string | null;
}

/** The public profile (contributor page). */
export type ContributorProfile = ContributorView;

/** The whole record, for admins. */
export interface Contributor extends ContributorProfile {
  accountId: string | null;
  mergedIntoId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ContributorWithCount extends Contributor {
  /** Articles crediting this profile (any state). */
  articleCount: number;
}

export interface ContributorBySlug {
  contributor: ContributorProfile;
  /** Set when the slug asked for is an old one (renamed or merged): answer with a redirect. */
  redirectedFrom?: string;
}

export interface NewContributor {
  name: string;
  slug?: string | null;
  title?: string | null;
  bio?: string | null;
  avatarImageId?: string | null;
  socialLinks?: { network: string; url: string }[];
  disclosure?: string | null;
}

export interface ContributorChanges {
  name?: string;
  slug?: string;
  title?: string | null;
  bio?: string | null;
  avatarImageId?: string | null;
  socialLinks?: { network: string; url: string }[];
  disclosure?: string | null;
}

export interface ContributorFilter {
  q?: string;
  cursor?: string;
  limit?: number;
}

export interface MergeResult {
  /** The profile that remains, with its new article count. */
  contributor: ContributorWithCount;
  mergedId: string;
  bylinesMoved: number;
  duplicateBylinesDropped: number;
}

const PROFILE_FIELDS = ['name', 'slug', 'title', 'bio', 'avatarImageId', 'socialLinks', 'disclosure'] as const;
type ProfileField = (typeof PROFILE_FIELDS)[number];

const toContributor = (e: ContributorEntity): Contributor => ({
  id: e.id,
  slug: e.slug,
  name: e.name,
  title: e.title,
  avatarImageId: e.avatarImageId,
  bio: e.bio,
  socialLinks: e.socialLinks,
  disclosure: e.disclosure,
  accountId: e.accountId,
  mergedIntoId: e.mergedIntoId,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});
const toView = (e: ContributorEntity): ContributorView => ({
  id: e.id,
  slug: e.slug,
  name: e.name,
  title: e.title,
  avatarImageId: e.avatarImageId,
  bio: e.bio,
  socialLinks: e.socialLinks,
  disclosure: e.disclosure,
});
const toProfile = toView;

// jsonb does not keep key order: compare values with keys sorted
const canonical = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(canonical)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([k, x]) => [k, canonical(x)]),
        )
      : v;
const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
const MAX_MERGE_HOPS = 10;

/** An image id as stored: a lower-case UUID (the images lib owns the table; no FK). */
function imageRef(id: string | null | undefined): string | null {
  if (id === undefined || id === null) return null;
  if (!isUuid(id)) {
    throw new DomainError('validation', 'VALIDATION_FAILED', 'The request is not valid.', [{ field: 'avatarImageId', code: 'isUuid', message: 'avatarImageId must be a UUID' }]);
  }
  return id.toLowerCase();
}

/**
 * Byline profiles. Every admin write runs in one transaction with its audit entry; profile
 * edits and merges emit `contributor.changed` so live pages are refreshed. Slugs are unique
 * across current and former slugs, so an old slug always redirects to one profile.
 */
@Injectable()
export class ContributorsService {
  constructor(
    private readonly repo: ContributorsRepository,
    private readonly tx: Transactions,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly images: ImageUses,
    private readonly bylines: ContributorBylines,
  ) {}

  /**
   * RULE: an avatar is an existing image (unknown -> 400 IMAGE_NOT_FOUND on avatarImageId) and
   * is recorded as its use, so the image cannot be deleted under the profile.
   */
  private async recordAvatar(tx: EntityManager, contributorId: string, avatarImageId: string | null): Promise<void> {
    if (avatarImageId) await this.images.requireImage(tx, avatarImageId, 'avatarImageId');
    await this.images.setUses(tx, { usageType: 'contributor', usageId: contributorId, uses: avatarImageId ? [{ imageId: avatarImageId, role: 'avatar' }] : [] });
  }

  // ---- for other libs ----

  /**
   * The contributors of a byline list, in the order given (a repeated id is kept once, at its
   * first place). Unknown or merged ids -> 400 CONTRIBUTOR_NOT_FOUND, one detail per id
   * (field `contributorIds`). Share-locks the rows so a merge cannot run under the caller.
   */
  async requireMany(tx: EntityManager, ids: string[]): Promise<ContributorView[]> {
    const wanted = uniqueInOrder(ids);
    const rows = await this.repo.findByIds(wanted.filter(isUuid), tx, 'share');
    const byId = new Map(rows.filter((r) => r.mergedIntoId === null).map((r) => [r.id, r]));
    const missing = wanted.filter((id) => !byId.has(id));
    if (missing.length) {
      const code = ContributorErrorCode.NotFound;
      throw new DomainError(
        'validation',
        code,
        missing.length === 1 ? `No such contributor: ${missing[0]}.` : `No such contributors: ${missing.join(', ')}.`,
        missing.map((id) => ({ field: 'contributorIds', code, message: `no contributor with id ${id}`, id })),
      );
    }
    return wanted.map((id) => toView(byId.get(id)!));
  }

  /** The public profiles among these ids (unknown and merged-away ids left out; no locks): for content indexes. */
  async profilesOf(ids: string[]): Promise<ContributorView[]> {
    const rows = await this.repo.findByIds(uniqueInOrder(ids).filter(isUuid));
    return rows.filter((r) => r.mergedIntoId === null).map(toView);
  }

  /**
   * Like requireMany, but a merged id stands for the profile it was merged into (for data
   * saved before a merge, e.g. revisions). The result holds each profile once, at the first
   * place any of its ids took. Unknown ids -> 400 CONTRIBUTOR_NOT_FOUND.
   */
  async resolveMany(tx: EntityManager, ids: string[]): Promise<ContributorView[]> {
    const wanted = uniqueInOrder(ids);
    const byId = new Map<string, ContributorEntity>();
    let lookup = wanted.filter(isUuid);
    for (let hop = 0; lookup.length && hop <= MAX_MERGE_HOPS; hop++) {
      for (const r of await this.repo.findByIds(lookup, tx, 'share')) byId.set(r.id, r);
      lookup = [...new Set([...byId.values()].map((r) => r.mergedIntoId).filter((id): id is string => id !== null && !byId.has(id)))];
    }
    const finalOf = (id: string): ContributorEntity | undefined => {
      let row = byId.get(id);
      for (let hop = 0; row?.mergedIntoId && hop < MAX_MERGE_HOPS; hop++) row = byId.get(row.mergedIntoId);
      return row && row.mergedIntoId === null ? row : undefined;
    };
    const missing = wanted.filter((id) => !finalOf(id));
    if (missing.length) {
      const code = ContributorErrorCode.NotFound;
      throw new DomainError(
        'validation',
        code,
        missing.length === 1 ? `No such contributor: ${missing[0]}.` : `No such contributors: ${missing.join(', ')}.`,
        missing.map((id) => ({ field: 'contributorIds', code, message: `no contributor with id ${id}`, id })),
      );
    }
    const seen = new Set<string>();
    return wanted
      .map((id) => finalOf(id)!)
      .filter((r) => !seen.has(r.id) && seen.add(r.id))
      .map(toView);
  }

  /**
   * The profile answering to `slug`. A former slug (renamed, or of a profile merged away)
   * gives the current profile with `redirectedFrom` set; null when nobody answers.
   */
  async findBySlug(slug: string): Promise<ContributorBySlug | null> {
    const current = await this.repo.findBySlug(slug);
    if (current && current.mergedIntoId === null) return { contributor: toProfile(current) };
    const ownerId = current?.mergedIntoId ?? (await this.repo.findHistoryOwner(slug));
    const owner = ownerId ? await this.followMerges(ownerId) : null;
    return owner ? { contributor: toProfile(owner), redirectedFrom: slug } : null;
  }

  /** The active profile linked to an account (a contributor's own byline), if any. */
  async findByAccount(accountId: string): Promise<ContributorProfile | null> {
    if (!isUuid(accountId)) return null;
    const row = await this.repo.findActiveByAccount(accountId.toLowerCase());
    return row ? toProfile(row) : null;
  }

  private async followMerges(id: string): Promise<ContributorEntity | null> {
    let row = await this.repo.findById(id);
    for (let hop = 0; row && row.mergedIntoId && hop < MAX_MERGE_HOPS; hop++) row = await this.repo.findById(row.mergedIntoId);
    return row && row.mergedIntoId === null ? row : null;
  }

  // ---- admin reads ----

  /** Active profiles (merged ones are hidden) in slug order with their article counts. */
  async list(filter: ContributorFilter = {}): Promise<Page<ContributorWithCount>> {
    const limit = clampLimit(filter.limit, 50);
    const rows = await this.repo.listActive({
      q: filter.q?.trim() || undefined,
      afterSlug: filter.cursor ? decodeSlugCursor(filter.cursor) : undefined,
      limit,
    });
    const page = rows.slice(0, limit);
    const counts = await this.bylines.articleCounts(page.map((r) => r.id));
    return {
      items: page.map((r) => ({ ...toContributor(r), articleCount: counts.get(r.id) ?? 0 })),
      nextCursor: rows.length > limit ? encodeSlugCursor(page[page.length - 1]!.slug) : null,
    };
  }

  /** One profile, merged ones included (they say where they went). */
  async get(id: string): Promise<ContributorWithCount> {
    const row = await this.repo.findById(id);
    if (!row) throw contributorNotFound();
    return this.withCount(row);
  }

  private async withCount(row: ContributorEntity, m?: EntityManager): Promise<ContributorWithCount> {
    const counts = await this.bylines.articleCounts([row.id], m);
    return { ...toContributor(row), articleCount: counts.get(row.id) ?? 0 };
  }

  // ---- admin writes ----

  async create(ctx: ActionContext, input: NewContributor): Promise<ContributorWithCount> {
    const name = cleanName(input.name);
    const row: ContributorEntity = {
      id: newId(),
      slug: contributorSlug(name, input.slug),
      name,
      title: cleanText('title', input.title, CONTRIBUTOR_TITLE_MAX, true),
      bio: cleanText('bio', input.bio, CONTRIBUTOR_BIO_MAX),
      avatarImageId: imageRef(input.avatarImageId),
      socialLinks: validateSocialLinks(input.socialLinks ?? []),
      disclosure: cleanText('disclosure', input.disclosure, CONTRIBUTOR_DISCLOSURE_MAX),
      accountId: null,
      mergedIntoId: null,
      createdAt: this.clock.now(),
      updatedAt: this.clock.now(),
    };
    return this.write(row.slug, async (tx) => {
      await this.repo.lockSlugs(tx, [row.slug]);
      await this.assertSlugFree(tx, row.slug, row.id);
      await this.repo.insert(row, tx);
      if (row.avatarImageId) await this.recordAvatar(tx, row.id, row.avatarImageId);
      await this.audit.record(tx, ctx, {
        action: 'contributor.create',
        targetType: 'contributor',
        targetId: row.id,
        summary: { after: Object.fromEntries(PROFILE_FIELDS.map((f) => [f, row[f]])) },
      });
      return { ...toContributor(row), articleCount: 0 };
    });
  }

  /**
   * Edits profile fields. A new slug keeps the old one answering (slug history); taking back
   * one of the profile's own former slugs is allowed. Emits `contributor.changed`.
   */
  async update(ctx: ActionContext, id: string, changes: ContributorChanges): Promise<ContributorWithCount> {
    const clean: Partial<Pick<ContributorEntity, ProfileField>> = {};
    if (changes.name !== undefined) clean.name = cleanName(changes.name);
    if (changes.slug !== undefined) clean.slug = contributorSlug('', changes.slug);
    if (changes.title !== undefined) clean.title = cleanText('title', changes.title, CONTRIBUTOR_TITLE_MAX, true);
    if (changes.bio !== undefined) clean.bio = cleanText('bio', changes.bio, CONTRIBUTOR_BIO_MAX);
    if (changes.avatarImageId !== undefined) clean.avatarImageId = imageRef(changes.avatarImageId);
    if (changes.socialLinks !== undefined) clean.socialLinks = validateSocialLinks(changes.socialLinks);
    if (changes.disclosure !== undefined) clean.disclosure = cleanText('disclosure', changes.disclosure, CONTRIBUTOR_DISCLOSURE_MAX);

    return this.write(clean.slug ?? '', async (tx) => {
      const current = await this.requireWritable(tx, id);
      const changed = PROFILE_FIELDS.filter((f) => clean[f] !== undefined && !same(clean[f], current[f]));
      if (!changed.length) return this.withCount(current, tx);
      const now = this.clock.now();
      if (changed.includes('slug')) {
        const next = clean.slug!;
        await this.repo.lockSlugs(tx, [current.slug, next]);
        await this.assertSlugFree(tx, next, id);
        // RULE: a renamed profile keeps answering to its old slug (redirect)
        await this.repo.addHistory(tx, { id: newId(), slug: current.slug, contributorId: id, createdAt: now });
      }
      const patch = Object.fromEntries(changed.map((f) => [f, clean[f]])) as Partial<ContributorEntity>;
      if (changed.includes('avatarImageId')) await this.recordAvatar(tx, id, patch.avatarImageId ?? null);
      await this.repo.update(id, { ...patch, updatedAt: now }, tx);
      await this.audit.record(tx, ctx, {
        action: 'contributor.update',
        targetType: 'contributor',
        targetId: id,
        summary: { before: Object.fromEntries(changed.map((f) => [f, current[f]])), after: patch },
      });
      await this.outbox.emit(tx, CONTRIBUTOR_CHANGED_TOPIC, { id });
      return this.withCount({ ...current, ...patch, updatedAt: now }, tx);
    });
  }

  /**
   * The WordPress importer's write, in the caller's transaction. New: a profile whose slug is
   * made unique with -2, -3... when another profile has (or had) it. Imported before (`id`):
   * name and bio follow the export; the slug stays as first imported (links to it exist).
   */
  async saveImported(
    tx: EntityManager,
    ctx: ActionContext | null,
    id: string | null,
    input: { name: string; slug: string; bio: string | null },
  ): Promise<{ id: string; created: boolean; changed: boolean }> {
    const name = cleanName(input.name);
    const bio = cleanText('bio', input.bio, CONTRIBUTOR_BIO_MAX);
    const now = this.clock.now();
    const current = id ? await this.repo.findById(id, tx, 'update') : null;
    if (current) {
      const patch: Partial<ContributorEntity> = {};
      if (current.name !== name) patch.name = name;
      if (bio !== null && current.bio !== bio) patch.bio = bio;
      if (!Object.keys(patch).length || current.mergedIntoId) return { id: current.id, created: false, changed: false };
      await this.repo.update(current.id, { ...patch, updatedAt: now }, tx);
      await this.audit.record(tx, ctx, {
        action: 'contributor.update',
        targetType: 'contributor',
        targetId: current.id,
        summary: { before: { name: current.name, bio: current.bio }, after: patch, via: 'wordpress-import' },
      });
      await this.outbox.emit(tx, CONTRIBUTOR_CHANGED_TOPIC, { id: current.id });
      return { id: current.id, created: false, changed: true };
    }
    const base = contributorSlug(name, isSlug(input.slug) ? input.slug.slice(0, 100) : null);
    let slug = base;
    for (let n = 2; ; n++) {
      await this.repo.lockSlugs(tx, [slug]);
      const owners = await this.repo.slugOwners(slug, tx);
      if (!owners.contributorId && !owners.historyOwnerId) break;
      slug = `${base}-${n}`;
    }
    const row: ContributorEntity = {
      id: newId(),
      slug,
      name,
      title: null,
      bio,
      avatarImageId: null,
      socialLinks: [],
      disclosure: null,
      accountId: null,
      mergedIntoId: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.repo.insert(row, tx);
    await this.audit.record(tx, ctx, {
      action: 'contributor.create',
      targetType: 'contributor',
      targetId: row.id,
      summary: { after: { name, slug, bio }, via: 'wordpress-import' },
    });
    return { id: row.id, created: true, changed: true };
  }

  /**
   * `saveImported` for many NEW profiles at once (the WordPress import's bulk path), in the
   * caller's transaction: the same cleaning, slug locks and audit entries, one statement each.
   * Null (nothing written) when a slug would need its -2, -3 (taken, or twice in the set): the
   * caller then goes one by one, so the numbering is the one-by-one path's.
   */
  async saveImportedMany(tx: EntityManager, ctx: ActionContext | null, inputs: { name: string; slug: string; bio: string | null }[]): Promise<{ id: string }[] | null> {
    if (!inputs.length) return [];
    const now = this.clock.now();
    const rows: ContributorEntity[] = inputs.map((input) => {
      const name = cleanName(input.name);
      const bio = cleanText('bio', input.bio, CONTRIBUTOR_BIO_MAX);
      const slug = contributorSlug(name, isSlug(input.slug) ? input.slug.slice(0, 100) : null);
      return {
        id: newId(),
        slug,
        name,
        title: null,
        bio,
        avatarImageId: null,
        socialLinks: [],
        disclosure: null,
        accountId: null,
        mergedIntoId: null,
        createdAt: now,
        updatedAt: now,
      };
    });
    const slugs = rows.map((r) => r.slug);
    if (new Set(slugs).size !== slugs.length) return null;
    await this.repo.lockSlugsAtOnce(tx, slugs);
    if ((await this.repo.takenSlugs(slugs, tx)).size) return null;
    await insertMany(tx, ContributorEntity, rows);
    await this.audit.recordMany(
      tx,
      ctx,
      rows.map((r) => ({
        action: 'contributor.create',
        targetType: 'contributor',
        targetId: r.id,
        summary: { after: { name: r.name, slug: r.slug, bio: r.bio }, via: 'wordpress-import' },
      })),
    );
    return rows.map((r) => ({ id: r.id }));
  }

  /** Links a login to the profile (one profile per account). Replaces an earlier link. */
  async linkAccount(ctx: ActionContext, id: string, accountId: string, m?: EntityManager): Promise<ContributorWithCount> {
    const work = async (tx: EntityManager) => {
      const current = await this.requireWritable(tx, id);
      if (current.accountId === accountId) return this.withCount(current, tx);
      const now = this.clock.now();
      await this.repo.update(id, { accountId, updatedAt: now }, tx);
      await this.audit.record(tx, ctx, {
        action: 'contributor.link_account',
        targetType: 'contributor',
        targetId: id,
        summary: { before: { accountId: current.accountId }, after: { accountId } },
      });
      return this.withCount({ ...current, accountId, updatedAt: now }, tx);
    };
    return m ? work(m) : this.write('', work);
  }

  /** Removes the login link; bylines stay. Unlinking an unlinked profile changes nothing. */
  async unlinkAccount(ctx: ActionContext, id: string): Promise<ContributorWithCount> {
    return this.tx.run(async (tx) => {
      const current = await this.requireWritable(tx, id);
      if (current.accountId === null) return this.withCount(current, tx);
      const now = this.clock.now();
      await this.repo.update(id, { accountId: null, updatedAt: now }, tx);
      await this.audit.record(tx, ctx, {
        action: 'contributor.unlink_account',
        targetType: 'contributor',
        targetId: id,
        summary: { before: { accountId: current.accountId }, after: { accountId: null } },
      });
      return this.withCount({ ...current, accountId: null, updatedAt: now }, tx);
    });
  }

  /**
   * Merges profile `fromId` into `intoId` in one transaction: bylines move (an article that
   * credits both keeps one), former slugs of `fromId` and its own slug redirect to `intoId`,
   * an account link moves along, and `fromId` is marked merged and hidden.
   */
  async merge(ctx: ActionContext, fromId: string, intoId: string): Promise<MergeResult> {
    if (fromId === intoId) {
      const code = ContributorErrorCode.MergeIntoSelf;
      throw new DomainError('validation', code, 'A profile cannot be merged into itself.', [{ field: 'intoId', code, message: 'must differ from the profile merged' }]);
    }
    return this.tx.run(async (tx) => {
      // lock both in id order so two opposite merges cannot deadlock
      const locked = new Map<string, ContributorEntity | null>();
      for (const id of [fromId, intoId].sort()) locked.set(id, await this.repo.findById(id, tx, 'update'));
      const from = locked.get(fromId);
      const into = locked.get(intoId);
      if (!from) throw contributorNotFound();
      if (from.mergedIntoId) throw contributorMerged(from.mergedIntoId);
      if (!into || into.mergedIntoId) {
        const code = ContributorErrorCode.MergeTargetInvalid;
        throw new DomainError('validation', code, 'The profile to merge into does not exist or was itself merged.', [
          { field: 'intoId', code, message: 'no active contributor with this id' },
        ]);
      }
      if (from.accountId && into.accountId) {
        throw new DomainError('conflict', ContributorErrorCode.MergeAccountConflict, 'Both profiles are linked to accounts; unlink one first.', [
          { field: 'intoId', code: ContributorErrorCode.MergeAccountConflict, message: 'both profiles have a login' },
        ]);
      }
      const now = this.clock.now();
      const bylines = await this.bylines.move(tx, fromId, intoId);
      await this.repo.lockSlugs(tx, [from.slug]);
      await this.repo.repointHistory(tx, fromId, intoId);
      await this.repo.addHistory(tx, { id: newId(), slug: from.slug, contributorId: intoId, createdAt: now });
      await this.repo.repointMerged(tx, fromId, intoId, now);
      // the account link is unique: clear it on the source before setting it on the target
      await this.repo.update(fromId, { mergedIntoId: intoId, accountId: null, updatedAt: now }, tx);
      // a hidden profile shows no avatar: its image is free again
      if (from.avatarImageId) await this.recordAvatar(tx, fromId, null);
      const accountId = into.accountId ?? from.accountId;
      await this.repo.update(intoId, { accountId, updatedAt: now }, tx);
      await this.audit.record(tx, ctx, {
        action: 'contributor.merge',
        targetType: 'contributor',
        targetId: fromId,
        summary: {
          before: { id: fromId, slug: from.slug, name: from.name, accountId: from.accountId },
          after: {
            mergedIntoId: intoId,
            intoSlug: into.slug,
            bylinesMoved: bylines.moved,
            duplicateBylinesDropped: bylines.duplicatesDropped,
            accountMoved: from.accountId !== null,
          },
        },
      });
      await this.outbox.emit(tx, CONTRIBUTOR_CHANGED_TOPIC, { id: fromId, mergedIntoId: intoId });
      await this.outbox.emit(tx, CONTRIBUTOR_CHANGED_TOPIC, { id: intoId });
      return {
        contributor: await this.withCount({ ...into, accountId, updatedAt: now }, tx),
        mergedId: fromId,
        bylinesMoved: bylines.moved,
        duplicateBylinesDropped: bylines.duplicatesDropped,
      };
    });
  }

  private async requireWritable(tx: EntityManager, id: string): Promise<ContributorEntity> {
    const row = await this.repo.findById(id, tx, 'update');
    if (!row) throw contributorNotFound();
    if (row.mergedIntoId) throw contributorMerged(row.mergedIntoId);
    return row;
  }

  /** RULE: a slug is free when no other profile has it now or had it before. */
  private async assertSlugFree(tx: EntityManager, slug: string, selfId: string): Promise<void> {
    const owners = await this.repo.slugOwners(slug, tx);
    if (owners.contributorId && owners.contributorId !== selfId) throw contributorSlugTaken(slug);
    if (owners.historyOwnerId && owners.historyOwnerId !== selfId) throw contributorSlugTaken(slug);
    // taking back one's own former slug: it stops being a redirect
    if (owners.historyOwnerId === selfId) await this.repo.dropHistory(tx, slug);
  }

  /** One transaction; unique violations that slipped past the checks become domain errors. */
  private async write<T>(slug: string, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.tx.run(work);
    } catch (e) {
      const code = pgErrorCode(e);
      const constraint = pgConstraint(e);
      if (code === '23505' && (constraint === 'uq_contributors_slug' || constraint === 'uq_contributor_slug_history_slug')) throw contributorSlugTaken(slug);
      if (code === '23505' && constraint === 'uq_contributors_account_id') {
        throw new DomainError('conflict', ContributorErrorCode.AccountTaken, 'This account is already linked to another contributor profile.', [
          { field: 'accountId', code: ContributorErrorCode.AccountTaken, message: 'linked to another profile' },
        ]);
      }
      if (code === '23503' && constraint === 'fk_contributors_account_id') {
        throw new DomainError('validation', ContributorErrorCode.AccountNotFound, 'No such account.', [
          { field: 'accountId', code: ContributorErrorCode.AccountNotFound, message: 'no account with this id' },
        ]);
      }
      throw e;
    }
  }
}
