import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Transactions, pgConstraint, pgErrorCode } from '#libs/database';
import { AuditLog, type ActionContext } from '#libs/identity';
import { Clock, DomainError, clampLimit, isUuid, newId, type Page } from '#libs/kernel';
import { Outbox } from '#libs/outbox';
import { ArticleTypeEntity, SectionEntity, TagEntity } from './taxonomy.entities.js';
import { KIND_CODES, slugTaken, termNotFound, type TaxonomyKind } from './taxonomy.errors.js';
import { TaxonomyRepository, type TermEntity } from './taxonomy.repository.js';
import { assertTagKind, cleanDescription, cleanTermName, decodeSlugCursor, encodeSlugCursor, termSlug, uniqueInOrder, type TagKind } from './taxonomy.rules.js';
import { TAXONOMY_CHANGED_TOPIC } from './taxonomy.events.js';

/** What an article shows of its section (kicker, section label). */
export interface SectionView {
  id: string;
  slug: string;
  name: string;
}
export interface Section extends SectionView {
  description: string | null;
  position: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ArticleTypeView {
  id: string;
  slug: string;
  name: string;
}
export interface ArticleType extends ArticleTypeView {
  createdAt: Date;
  updatedAt: Date;
}

export interface TagView {
  id: string;
  slug: string;
  name: string;
  kind: TagKind;
}
export interface Tag extends TagView {
  createdAt: Date;
  updatedAt: Date;
}

export interface NewSection {
  name: string;
  slug?: string | null;
  description?: string | null;
  position?: number;
}
export interface SectionChanges {
  name?: string;
  slug?: string;
  description?: string | null;
  position?: number;
}
export interface NewArticleType {
  name: string;
  slug?: string | null;
}
export interface ArticleTypeChanges {
  name?: string;
  slug?: string;
}
export interface NewTag {
  name: string;
  kind: TagKind;
  slug?: string | null;
}
export interface TagChanges {
  name?: string;
  slug?: string;
  kind?: TagKind;
}
export interface TagFilter {
  kind?: TagKind;
  q?: string;
  cursor?: string;
  limit?: number;
}

const ENTITY = { section: SectionEntity, type: ArticleTypeEntity, tag: TagEntity } as const;
const UNIQUE_SLUG: Record<string, TaxonomyKind> = { uq_sections_slug: 'section', uq_article_types_slug: 'type', uq_tags_slug: 'tag' };

const toSection = (e: SectionEntity): Section => ({
  id: e.id,
  slug: e.slug,
  name: e.name,
  description: e.description,
  position: e.position,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});
const toType = (e: ArticleTypeEntity): ArticleType => ({ id: e.id, slug: e.slug, name: e.name, createdAt: e.createdAt, updatedAt: e.updatedAt });
const toTag = (e: TagEntity): Tag => ({ id: e.id, slug: e.slug, name: e.name, kind: e.kind as TagKind, createdAt: e.createdAt, updatedAt: e.updatedAt });

/** Fields of `changes` whose value differs from `current`. */
function diff<T extends object>(current: T, changes: Partial<T>): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(changes) as [keyof T, T[keyof T]][]) {
    if (v !== undefined && current[k] !== v) out[k] = v;
  }
  return out;
}
const pick = <T extends object>(o: T, keys: (keyof T)[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));

/**
 * Sections, article types and tags. Admin writes are audited and announce themselves on the
 * outbox (`taxonomy.changed`); `require*` resolve references inside a caller's transaction.
 * Terms are never deleted (articles keep pointing at them).
 */
@Injectable()
export class TaxonomyService {
  constructor(
    private readonly repo: TaxonomyRepository,
    private readonly tx: Transactions,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  // ---- references, for other libs (inside their transactions) ----

  /** The section an article points at; unknown -> 400 SECTION_NOT_FOUND on field `sectionId`. */
  async requireSection(tx: EntityManager, id: string | null): Promise<SectionView> {
    const row = id !== null && isUuid(id) ? await this.repo.findById<SectionEntity>(SectionEntity, id.toLowerCase(), tx) : null;
    if (!row) throw this.unknownReference('section', [id]);
    return { id: row.id, slug: row.slug, name: row.name };
  }

  /** Sections in the order given (a repeat kept once); any unknown id -> 400 as requireSection. */
  async requireSections(tx: EntityManager, ids: string[]): Promise<SectionView[]> {
    const wanted = uniqueInOrder(ids);
    const rows = await this.repo.findByIds<SectionEntity>(SectionEntity, wanted.filter(isUuid), tx);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const missing = wanted.filter((id) => !byId.has(id));
    if (missing.length) throw this.unknownReference('section', missing);
    return wanted.map((id) => {
      const r = byId.get(id)!;
      return { id: r.id, slug: r.slug, name: r.name };
    });
  }

  /** The article type an article points at; unknown -> 400 ARTICLE_TYPE_NOT_FOUND on field `typeId`. */
  async requireType(tx: EntityManager, id: string | null): Promise<ArticleTypeView> {
    const row = id !== null && isUuid(id) ? await this.repo.findById<ArticleTypeEntity>(ArticleTypeEntity, id.toLowerCase(), tx) : null;
    if (!row) throw this.unknownReference('type', [id]);
    return { id: row.id, slug: row.slug, name: row.name };
  }

  /**
   * Tags in the order given (a repeated id is kept once, at its first place). Any unknown id
   * -> 400 TAG_NOT_FOUND with one detail per unknown id (field `tagIds`, `id`).
   */
  async requireTags(tx: EntityManager, ids: string[]): Promise<TagView[]> {
    const wanted = uniqueInOrder(ids);
    const rows = await this.repo.findByIds<TagEntity>(TagEntity, wanted.filter(isUuid), tx);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const missing = wanted.filter((id) => !byId.has(id));
    if (missing.length) throw this.unknownReference('tag', missing);
    return wanted.map((id) => {
      const r = byId.get(id)!;
      return { id: r.id, slug: r.slug, name: r.name, kind: r.kind as TagKind };
    });
  }

  /** The tags among these ids (unknown ones left out): for content indexes. */
  async tagsOf(ids: string[]): Promise<TagView[]> {
    const rows = await this.repo.findByIds<TagEntity>(TagEntity, uniqueInOrder(ids).filter(isUuid));
    return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, kind: r.kind as TagKind }));
  }

  private unknownReference(kind: TaxonomyKind, ids: (string | null)[]): DomainError {
    const { notFound, label, refField } = KIND_CODES[kind];
    return new DomainError(
      'validation',
      notFound,
      ids.length === 1 ? `No such ${label}: ${ids[0]}.` : `No such ${label}s: ${ids.join(', ')}.`,
      ids.map((id) => ({ field: refField, code: notFound, message: `no ${label} with id ${id}`, id })),
    );
  }

  // ---- reads ----

  async listSections(): Promise<Section[]> {
    return (await this.repo.listSections()).map(toSection);
  }

  async getSection(id: string): Promise<Section> {
    const row = await this.repo.findById<SectionEntity>(SectionEntity, id);
    if (!row) throw termNotFound('section');
    return toSection(row);
  }

  async findSectionBySlug(slug: string): Promise<Section | null> {
    const row = await this.repo.findBySlug<SectionEntity>(SectionEntity, slug);
    return row ? toSection(row) : null;
  }

  async listTypes(): Promise<ArticleType[]> {
    return (await this.repo.listTypes()).map(toType);
  }

  async getType(id: string): Promise<ArticleType> {
    const row = await this.repo.findById<ArticleTypeEntity>(ArticleTypeEntity, id);
    if (!row) throw termNotFound('type');
    return toType(row);
  }

  async findTypeBySlug(slug: string): Promise<ArticleType | null> {
    const row = await this.repo.findBySlug<ArticleTypeEntity>(ArticleTypeEntity, slug);
    return row ? toType(row) : null;
  }

  async listTags(filter: TagFilter = {}): Promise<Page<Tag>> {
    const limit = clampLimit(filter.limit, 50);
    const rows = await this.repo.listTags({
      kind: filter.kind,
      q: filter.q?.trim() || undefined,
      afterSlug: filter.cursor ? decodeSlugCursor(filter.cursor) : undefined,
      limit,
    });
    const items = rows.slice(0, limit).map(toTag);
    return { items, nextCursor: rows.length > limit ? encodeSlugCursor(items[items.length - 1]!.slug) : null };
  }

  async getTag(id: string): Promise<Tag> {
    const row = await this.repo.findById<TagEntity>(TagEntity, id);
    if (!row) throw termNotFound('tag');
    return toTag(row);
  }

  async findTagBySlug(slug: string): Promise<Tag | null> {
    const row = await this.repo.findBySlug<TagEntity>(TagEntity, slug);
    return row ? toTag(row) : null;
  }

  // ---- admin writes ----

  async createSection(ctx: ActionContext, input: NewSection): Promise<Section> {
    const name = cleanTermName('section', input.name);
    const slug = termSlug('section', name, input.slug);
    const description = cleanDescription(input.description);
    return this.write(
      'section',
      async (tx, now) => {
        await this.assertSlugFree(tx, 'section', slug);
        const row: SectionEntity = {
          id: newId(),
          slug,
          name,
          description,
          position: input.position ?? (await this.repo.nextSectionPosition(tx)),
          createdAt: now,
          updatedAt: now,
        };
        await this.repo.insert(SectionEntity, row, tx);
        await this.audit.record(tx, ctx, {
          action: 'section.create',
          targetType: 'section',
          targetId: row.id,
          summary: { after: pick(row, ['slug', 'name', 'description', 'position']) },
        });
        return toSection(row);
      },
      slug,
    );
  }

  async updateSection(ctx: ActionContext, id: string, changes: SectionChanges): Promise<Section> {
    const clean: Partial<SectionEntity> = {
      name: changes.name === undefined ? undefined : cleanTermName('section', changes.name),
      slug: changes.slug === undefined ? undefined : termSlug('section', '', changes.slug),
      description: changes.description === undefined ? undefined : cleanDescription(changes.description),
      position: changes.position,
    };
    return this.updateTerm('section', id, clean, ctx).then((e) => toSection(e as SectionEntity));
  }

  async createType(ctx: ActionContext, input: NewArticleType): Promise<ArticleType> {
    const name = cleanTermName('type', input.name);
    const slug = termSlug('type', name, input.slug);
    return this.write(
      'type',
      async (tx, now) => {
        await this.assertSlugFree(tx, 'type', slug);
        const row: ArticleTypeEntity = { id: newId(), slug, name, createdAt: now, updatedAt: now };
        await this.repo.insert(ArticleTypeEntity, row, tx);
        await this.audit.record(tx, ctx, { action: 'article_type.create', targetType: 'article_type', targetId: row.id, summary: { after: pick(row, ['slug', 'name']) } });
        return toType(row);
      },
      slug,
    );
  }

  async updateType(ctx: ActionContext, id: string, changes: ArticleTypeChanges): Promise<ArticleType> {
    const clean: Partial<ArticleTypeEntity> = {
      name: changes.name === undefined ? undefined : cleanTermName('type', changes.name),
      slug: changes.slug === undefined ? undefined : termSlug('type', '', changes.slug),
    };
    return this.updateTerm('type', id, clean, ctx).then((e) => toType(e as ArticleTypeEntity));
  }

  async createTag(ctx: ActionContext, input: NewTag): Promise<Tag> {
    const name = cleanTermName('tag', input.name);
    const slug = termSlug('tag', name, input.slug);
    const kind = assertTagKind(input.kind);
    return this.write(
      'tag',
      async (tx, now) => {
        await this.assertSlugFree(tx, 'tag', slug);
        const row: TagEntity = { id: newId(), slug, name, kind, createdAt: now, updatedAt: now };
        await this.repo.insert(TagEntity, row, tx);
        await this.audit.record(tx, ctx, { action: 'tag.create', targetType: 'tag', targetId: row.id, summary: { after: pick(row, ['slug', 'name', 'kind']) } });
        return toTag(row);
      },
      slug,
    );
  }

  async updateTag(ctx: ActionContext, id: string, changes: TagChanges): Promise<Tag> {
    const clean: Partial<TagEntity> = {
      name: changes.name === undefined ? undefined : cleanTermName('tag', changes.name),
      slug: changes.slug === undefined ? undefined : termSlug('tag', '', changes.slug),
      kind: changes.kind === undefined ? undefined : assertTagKind(changes.kind),
    };
    return this.updateTerm('tag', id, clean, ctx).then((e) => toTag(e as TagEntity));
  }

  // ---- the WordPress importer (libs/wordpress-import)

  /**
   * The importer's write, in the caller's transaction. A term imported before (`id`) follows
   * the export's name; a new one with the slug of an existing term of its kind IS that term
   * (the magazine's own "World" section and WordPress's "world" category are one section);
   * else it is created. Tags are created as topics.
   */
  async saveImported(
    tx: EntityManager,
    ctx: ActionContext | null,
    kind: 'section' | 'tag' | 'type',
    id: string | null,
    input: { name: string; slug: string },
  ): Promise<{ id: string; created: boolean; changed: boolean }> {
    const entity = ENTITY[kind];
    const name = cleanTermName(kind, input.name.slice(0, 100));
    const now = this.clock.now();
    const current =
      (id ? await this.repo.findById<TermEntity>(entity, id, tx, true) : null) ?? (await this.repo.findBySlug<TermEntity>(entity, termSlug(kind, name, input.slug), tx));
    if (current) {
      if (!id || current.name === name) return { id: current.id, created: false, changed: false };
      await this.repo.update(entity, current.id, { name, updatedAt: now }, tx);
      const target = KIND_CODES[kind].target;
      await this.audit.record(tx, ctx, {
        action: `${target}.update`,
        targetType: target,
        targetId: current.id,
        summary: { before: { name: current.name }, after: { name }, via: 'wordpress-import' },
      });
      await this.outbox.emit(tx, TAXONOMY_CHANGED_TOPIC, { kind, id: current.id });
      return { id: current.id, created: false, changed: true };
    }
    const slug = termSlug(kind, name, input.slug);
    const base = { id: newId(), slug, name, createdAt: now, updatedAt: now };
    const row: TermEntity =
      kind === 'section' ? { ...base, description: null, position: await this.repo.nextSectionPosition(tx) } : kind === 'tag' ? { ...base, kind: 'topic' } : base;
    await this.repo.insert(entity, row, tx);
    const target = KIND_CODES[kind].target;
    await this.audit.record(tx, ctx, { action: `${target}.create`, targetType: target, targetId: row.id, summary: { after: { slug, name }, via: 'wordpress-import' } });
    return { id: row.id, created: true, changed: true };
  }

  /**
   * `saveImported` for many terms of one kind (the WordPress import's bulk path): the ones
   * with an id one by one (an update is rare), the new ones found by slug or created with one
   * INSERT and one audit statement. Two new inputs with one slug are one term (as one by one).
   */
  async saveImportedMany(
    tx: EntityManager,
    ctx: ActionContext | null,
    kind: 'section' | 'tag' | 'type',
    inputs: { id: string | null; name: string; slug: string }[],
  ): Promise<{ id: string; created: boolean; changed: boolean }[]> {
    const out: ({ id: string; created: boolean; changed: boolean } | null)[] = inputs.map(() => null);
    const entity = ENTITY[kind];
    const now = this.clock.now();
    const fresh: { k: number; name: string; slug: string }[] = [];
    for (const [k, input] of inputs.entries()) {
      if (input.id) out[k] = await this.saveImported(tx, ctx, kind, input.id, input);
      else {
        const name = cleanTermName(kind, input.name.slice(0, 100));
        fresh.push({ k, name, slug: termSlug(kind, name, input.slug) });
      }
    }
    const existing = new Map((await this.repo.findBySlugs<TermEntity>(entity, [...new Set(fresh.map((f) => f.slug))], tx)).map((r) => [r.slug, r.id]));
    const rows: TermEntity[] = [];
    let position = kind === 'section' && fresh.length ? await this.repo.nextSectionPosition(tx) : 0;
    for (const f of fresh) {
      const id = existing.get(f.slug);
      if (id) {
        out[f.k] = { id, created: false, changed: false };
        continue;
      }
      const base = { id: newId(), slug: f.slug, name: f.name, createdAt: now, updatedAt: now };
      const row: TermEntity = kind === 'section' ? { ...base, description: null, position: position++ } : kind === 'tag' ? { ...base, kind: 'topic' } : base;
      rows.push(row);
      existing.set(f.slug, row.id);
      out[f.k] = { id: row.id, created: true, changed: true };
    }
    await this.repo.insertMany(entity, rows, tx);
    const target = KIND_CODES[kind].target;
    await this.audit.recordMany(
      tx,
      ctx,
      rows.map((r) => ({ action: `${target}.create`, targetType: target, targetId: r.id, summary: { after: { slug: r.slug, name: r.name }, via: 'wordpress-import' } })),
    );
    return out.map((o) => o!);
  }

  /** Checked first so the common case is a clean 409; the unique index still settles races. */
  private async assertSlugFree(tx: EntityManager, kind: TaxonomyKind, slug: string, selfId?: string): Promise<void> {
    const owner = await this.repo.findBySlug<TermEntity>(ENTITY[kind], slug, tx);
    if (owner && owner.id !== selfId) throw slugTaken(kind, slug);
  }

  /** Runs a write in one transaction; a taken slug becomes 409 <KIND>_SLUG_TAKEN. */
  private async write<T>(kind: TaxonomyKind, work: (tx: EntityManager, now: Date) => Promise<T>, slug?: string): Promise<T> {
    try {
      return await this.tx.run((tx) => work(tx, this.clock.now()));
    } catch (e) {
      if (pgErrorCode(e) === '23505' && UNIQUE_SLUG[pgConstraint(e) ?? ''] === kind) throw slugTaken(kind, slug ?? '');
      throw e;
    }
  }

  /**
   * Applies the fields that differ, audits before/after, and emits `taxonomy.changed` in the
   * same transaction. A change that changes nothing writes nothing.
   */
  private updateTerm(kind: TaxonomyKind, id: string, changes: Partial<TermEntity>, ctx: ActionContext): Promise<TermEntity> {
    const entity = ENTITY[kind];
    return this.write(
      kind,
      async (tx, now) => {
        const current = await this.repo.findById<TermEntity>(entity, id, tx, true);
        if (!current) throw termNotFound(kind);
        const changed = diff(current, changes);
        const fields = Object.keys(changed) as (keyof TermEntity)[];
        if (!fields.length) return current;
        if (changed.slug !== undefined) await this.assertSlugFree(tx, kind, changed.slug, id);
        await this.repo.update(entity, id, { ...changed, updatedAt: now }, tx);
        const target = KIND_CODES[kind].target;
        await this.audit.record(tx, ctx, {
          action: `${target}.update`,
          targetType: target,
          targetId: id,
          summary: { before: pick(current, fields), after: changed },
        });
        // RULE: live pages show term names and link by slug: tell the read model to refresh them
        await this.outbox.emit(tx, TAXONOMY_CHANGED_TOPIC, { kind, id });
        return { ...current, ...changed, updatedAt: now } as TermEntity;
      },
      changes.slug,
    );
  }
}
