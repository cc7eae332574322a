import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Transactions } from '#libs/database';
import { AccountsService, InvitesService, type ActionContext } from '#libs/identity';
import { Clock, DomainError, isDomainError, newId, plainText } from '#libs/kernel';
import { ArticlesRepository, ArticlesService } from '#libs/articles';
import { ContributorsService } from '#libs/contributors';
import { WorkflowService } from '#libs/editorial-workflow';
import { ImagesService } from '#libs/image-credits';
import { PublicationService } from '#libs/publication';
import { TaxonomyService } from '#libs/taxonomy';
import {
  contributorFromAuthor,
  convertBody,
  creditPartsOf,
  dekOf,
  imageFromAttachment,
  invitationOf,
  itemKind,
  itemRef,
  itemTaxonomy,
  legacyPathsOf,
  sectionFromCategory,
  siteKeyOf,
  slugOf,
  statusPlan,
  tagFromTerm,
  thumbnailIdOf,
  topLevelCategory,
  uploadsKeyOf,
  type ReportEntry,
} from './wordpress.rules.js';
import { WordpressImportRepository, type RefKind } from './wordpress-import.repository.js';
import { readWxr } from './wxr-parser.js';
import { WxrError } from './wxr.errors.js';
import type { WxrAuthor, WxrCategory, WxrItem, WxrSite, WxrTag } from './wxr.types.js';

export interface ImportOptions {
  file: string;
  fileName?: string;
  mediaDir?: string | null;
  dryRun?: boolean;
  /** An existing run row (the HTTP route creates it); else the run creates its own. */
  runId?: string | null;
  origin?: 'cli' | 'upload';
  ctx: ActionContext | null;
  onProgress?: (p: ImportProgress) => void;
  batchSize?: number;
  /**
   * `bulk` (the default): posts go in batches through the owning libs' set-based writes;
   * `single`: one by one through the services (the reference the bulk path is tested against).
   */
  path?: 'bulk' | 'single';
  /**
   * `--invite`: an invited account (role contributor, linked to the profile) for every author
   * whose export entry has an e-mail, sent through the normal invitation (InvitesService: the
   * token, the audit entry, the mail through the outbox). Never by default. Needs `ctx`: the
   * admin the invitations come from.
   */
  invite?: boolean;
}

export interface ImportProgress {
  phase: 'media' | 'posts';
  done: number;
  total: number;
}

export interface KindCounts {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
}

export interface ImportReport {
  site: string | null;
  wxrVersion: string | null;
  dryRun: boolean;
  counts: Record<string, KindCounts>;
  /** Every skipped or flagged item, with its reason. */
  entries: ReportEntry[];
  /** Published pieces whose top image has no credit: for editors to work through. */
  needsCredit: { ref: string; articleId: string; imageId: string | null; headline: string }[];
}

export interface ImportOutcome {
  runId: string;
  status: 'succeeded' | 'failed';
  report: ImportReport;
  error: { code: string; message: string; line?: number | null; column?: number | null } | null;
}

interface ImageInfo {
  imageId: string;
  url: string;
  credit: string | null;
  alt: string | null;
}

type Kind = 'author' | 'invite' | 'section' | 'tag' | 'image' | 'article' | 'page' | 'other';
const DEFAULT_BATCH = 500;
/** The article type every imported piece gets (WordPress has none). */
const IMPORT_TYPE = { key: 'article', name: 'Article', slug: 'article' };

/**
 * A batch's statements are many-row and costed high, so PostgreSQL would JIT-compile them (the
 * teaser fill of a 500-piece batch: ~0.9 s of compiling for ~0.25 s of running): off for the
 * batch's transaction.
 */
const noJit = (tx: EntityManager) => tx.query('SET LOCAL jit = off');

const hashOf = (v: unknown): string => createHash('sha256').update(JSON.stringify(v)).digest('base64url').slice(0, 32);

class DryRunDone extends Error {}

/**
 * A copy of `s` that shares no memory with the string it was cut from. V8 keeps a substring
 * (a regex match, a slice, a trim) of 13 characters or more as a view into its parent, and a
 * template literal as a pair of pointers: a report reason naming an image's URL kept the post's
 * whole body alive, a ~3.5 kB string per flagged post for the whole run (the 100,000-post run's
 * heap grew with the posts done). What the run keeps goes through here.
 */
const detached = (s: string): string => (s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string));
const detachedEntry = (e: ReportEntry): ReportEntry => {
  const out: ReportEntry = { ref: detached(e.ref), code: e.code, reason: detached(e.reason) };
  if (e.title !== undefined) out.title = detached(e.title);
  return out;
};

/**
 * Imports a WordPress export (WXR) through the owning libs' services: contributors, taxonomy,
 * images, articles, the workflow's import step and the read model. Two streaming passes over
 * the file: (1) authors, categories, tags and attachments, (2) posts (a post's featured image
 * often comes later in the file than the post). Each batch of items is one transaction, and
 * each item a savepoint in it: an item's failure is reported and the rest of the batch goes on;
 * a crash loses at most the open batch, which the next run redoes (every write is keyed by
 * site + WordPress key and skipped when its mapped input hash is unchanged).
 */
@Injectable()
export class WordpressImporter {
  constructor(
    private readonly repo: WordpressImportRepository,
    private readonly tx: Transactions,
    private readonly clock: Clock,
    private readonly contributors: ContributorsService,
    private readonly taxonomy: TaxonomyService,
    private readonly images: ImagesService,
    private readonly articles: ArticlesService,
    private readonly articleRows: ArticlesRepository,
    private readonly workflow: WorkflowService,
    private readonly publication: PublicationService,
    private readonly accounts: AccountsService,
    private readonly invites: InvitesService,
  ) {}

  async run(opts: ImportOptions): Promise<ImportOutcome> {
    const runId = opts.runId ?? newId();
    if (!opts.runId) {
      await this.repo.insertRun({
        id: runId,
        status: 'running',
        origin: opts.origin ?? 'cli',
        fileName: opts.fileName ?? path.basename(opts.file),
        filePath: opts.file,
        mediaDir: opts.mediaDir ?? null,
        dryRun: !!opts.dryRun,
        invite: !!opts.invite,
        site: null,
        progress: {},
        report: null,
        error: null,
        createdBy: opts.ctx?.actor.accountId ?? null,
        createdAt: this.clock.now(),
        startedAt: this.clock.now(),
        finishedAt: null,
      });
    } else {
      await this.repo.updateRun(runId, { status: 'running', startedAt: this.clock.now(), error: null });
    }
    const state = new RunState(opts, runId);
    let error: ImportOutcome['error'] = null;
    try {
      if (opts.invite && !opts.ctx) throw new DomainError('validation', 'IMPORT_INVITE_NEEDS_ADMIN', 'Invitations come from an admin: name one (--invite <admin e-mail>).');
      if (opts.dryRun) {
        // one transaction for the whole run, rolled back: the report is exactly a real run's
        await this.tx
          .run(async (tx) => {
            await this.pipeline(state, (work) => work(tx));
            throw new DryRunDone();
          }, 1)
          .catch((e: unknown) => {
            if (!(e instanceof DryRunDone)) throw e;
          });
      } else {
        await this.pipeline(state, (work) => this.tx.run(work, 1));
      }
    } catch (e) {
      if (e instanceof WxrError || isDomainError(e)) {
        const meta = (e as DomainError).meta as { line?: number; column?: number };
        error = { code: (e as DomainError).code, message: e.message, line: meta.line ?? null, column: meta.column ?? null };
      } else {
        error = { code: 'IMPORT_FAILED', message: e instanceof Error ? e.message : String(e) };
      }
    }
    const report = state.report();
    const status = error ? 'failed' : 'succeeded';
    await this.repo.updateRun(runId, {
      status,
      report: report as never,
      error: error as never,
      finishedAt: this.clock.now(),
      site: state.site,
      progress: state.progress() as never,
    });
    return { runId, status, report, error };
  }

  // ---- the two passes

  private async pipeline(s: RunState, inTx: <T>(work: (tx: EntityManager) => Promise<T>) => Promise<T>): Promise<void> {
    let header: { site: WxrSite | null; authors: WxrAuthor[]; categories: WxrCategory[]; tags: WxrTag[] } = { site: null, authors: [], categories: [], tags: [] };
    let headerDone = false;
    const flushHeader = async () => {
      if (headerDone) return;
      headerDone = true;
      if (!header.site) return;
      await inTx((tx) => this.importHeader(tx, s, header.site!, header.authors, header.categories, header.tags));
    };
    let batch: WxrItem[] = [];
    const flushImages = async () => {
      if (!batch.length) return;
      const items = batch;
      batch = [];
      await this.batch(
        s,
        'media',
        inTx,
        items,
        (tx, item, local) => this.importAttachment(tx, s, item, local),
        s.opts.path === 'single' ? undefined : (tx, local) => this.bulkImages(tx, s, items, local),
      );
      s.emitProgress('media');
    };
    // pass 1: header, attachments, and what is skipped
    let fatal: Error | null = null;
    try {
      for await (const r of readWxr(createReadStream(s.opts.file))) {
        if (r.kind === 'site') header.site = r;
        else if (r.kind === 'author') header.authors.push(r);
        else if (r.kind === 'category') header.categories.push(r);
        else if (r.kind === 'tag') header.tags.push(r);
        else if (r.kind === 'term') s.skipTerm(r.taxonomy, r.slug);
        else {
          await flushHeader();
          const kind = itemKind(r);
          if (kind.kind === 'image') {
            batch.push(r);
            if (batch.length >= s.batchSize) await flushImages();
          } else if (kind.kind === 'article') s.postsTotal++;
          else
            s.skip(r.postType === 'page' ? 'page' : 'other', {
              ref: itemRef(r),
              title: plainText(r.title),
              code: kind.code!,
              reason: `${kind.reason}${r.link ? ` (${r.link})` : ''}`,
            });
        }
      }
    } catch (e) {
      // the items read before the error are imported (pass 2 stops at the same place)
      fatal = e instanceof Error ? e : new Error(String(e));
    }
    await flushHeader();
    await flushImages();
    header = { site: null, authors: [], categories: [], tags: [] };
    if (!s.site) throw fatal ?? new Error('no site header');
    // pass 2: posts
    try {
      for await (const r of readWxr(createReadStream(s.opts.file))) {
        if (r.kind !== 'item' || itemKind(r).kind !== 'article') continue;
        batch.push(r);
        if (batch.length >= s.batchSize) await this.flushPosts(s, inTx, batch.splice(0));
      }
    } catch (e) {
      fatal ??= e instanceof Error ? e : new Error(String(e));
    }
    await this.flushPosts(s, inTx, batch.splice(0));
    if (fatal) throw fatal;
  }

  private async flushPosts(s: RunState, inTx: <T>(work: (tx: EntityManager) => Promise<T>) => Promise<T>, items: WxrItem[]): Promise<void> {
    if (!items.length) return;
    await this.batch(
      s,
      'posts',
      inTx,
      items,
      (tx, item, local) => this.importPost(tx, s, item, local),
      s.opts.path === 'single' ? undefined : (tx, local) => this.bulkPosts(tx, s, items, local),
    );
    s.emitProgress('posts');
  }

  /**
   * One transaction for the batch, a savepoint per item. What an item learned (ids of terms it
   * created) joins the run's memory only when the batch commits. With `bulk`, the batch is
   * first offered to it whole (the posts' set-based path); when that refuses, one by one.
   * Once a batch of posts is in, its live pages choose their teasers again (both paths).
   */
  private async batch(
    s: RunState,
    phase: 'media' | 'posts',
    inTx: <T>(work: (tx: EntityManager) => Promise<T>) => Promise<T>,
    items: WxrItem[],
    one: (tx: EntityManager, item: WxrItem, local: BatchMemory) => Promise<void>,
    bulk?: (tx: EntityManager, local: BatchMemory) => Promise<boolean>,
  ): Promise<void> {
    const local = await inTx(async (tx) => {
      await noJit(tx);
      let mem = new BatchMemory();
      if (!bulk || !(await bulk(tx, mem))) {
        mem = new BatchMemory();
        for (const item of items) await this.oneItem(tx, item, mem, (m) => one(tx, item, m));
      }
      mem.done = items.length;
      if (phase === 'posts')
        await this.publication.chooseTeasersAgain(
          tx,
          mem.live.filter((id) => !mem.teasersChosen.has(id)),
        );
      if (!s.opts.dryRun) await this.repo.updateRun(s.runId, { progress: s.progress(phase, mem) as never }, tx);
      return mem;
    });
    s.merge(local, phase);
  }

  /** One item in its savepoint: its failure is reported and rolled back, the batch goes on. */
  private async oneItem(tx: EntityManager, item: WxrItem, mem: BatchMemory, work: (mem: BatchMemory) => Promise<void>): Promise<void> {
    await tx.query('SAVEPOINT wp_item');
    const mark = mem.mark();
    try {
      await work(mem);
      await tx.query('RELEASE SAVEPOINT wp_item');
    } catch (e) {
      await tx.query('ROLLBACK TO SAVEPOINT wp_item');
      mem.rewind(mark);
      const kind = item.postType === 'attachment' ? 'image' : 'article';
      mem.count(kind, 'failed');
      mem.entries.push({ ref: itemRef(item), title: plainText(item.title), code: isDomainError(e) ? e.code : 'ITEM_FAILED', reason: e instanceof Error ? e.message : String(e) });
    }
  }

  // ---- header: authors, sections, tags

  private async importHeader(tx: EntityManager, s: RunState, site: WxrSite, authors: WxrAuthor[], categories: WxrCategory[], tags: WxrTag[]): Promise<void> {
    s.site = siteKeyOf(site);
    s.wxrVersion = site.wxrVersion;
    s.siteHeader = site;
    if (!s.opts.dryRun) await this.repo.updateRun(s.runId, { site: s.site }, tx);
    const mem = new BatchMemory();
    s.typeId = await this.ensure(tx, s, mem, 'type', IMPORT_TYPE.key, { name: IMPORT_TYPE.name, slug: IMPORT_TYPE.slug });
    if (s.opts.path === 'single') {
      for (const a of authors) {
        const d = contributorFromAuthor(a);
        await this.ensure(tx, s, mem, 'author', d.key, { name: d.name, slug: d.slug, bio: d.bio });
      }
    } else await this.ensureAuthors(tx, s, mem, authors);
    if (s.opts.invite) await this.inviteAuthors(tx, s, mem, authors);
    for (const c of categories) s.parents.set(c.nicename, c.parent);
    const sections: { key: string; input: { name: string; slug: string } }[] = [];
    const terms: { key: string; input: { name: string; slug: string } }[] = [];
    for (const c of categories) {
      const top = topLevelCategory(c.nicename, s.parents);
      if (top === c.nicename) {
        const d = sectionFromCategory(c);
        sections.push({ key: d.key, input: { name: d.name, slug: d.slug } });
      } else {
        const d = tagFromTerm({ slug: c.nicename, name: c.name });
        terms.push({ key: `category:${c.nicename}`, input: { name: d.name, slug: d.slug } });
      }
    }
    for (const t of tags) {
      const d = tagFromTerm(t);
      terms.push({ key: d.key, input: { name: d.name, slug: d.slug } });
    }
    if (s.opts.path === 'single') {
      for (const e of sections) await this.ensure(tx, s, mem, 'section', e.key, e.input);
      for (const e of terms) await this.ensure(tx, s, mem, 'tag', e.key, e.input);
    } else {
      await this.ensureMany(tx, s, mem, 'section', sections);
      await this.ensureMany(tx, s, mem, 'tag', terms);
    }
    s.merge(mem);
  }

  /**
   * The bulk path's authors: the refs read at once, the new profiles written through
   * ContributorsService.saveImportedMany and their refs in one statement; a changed one, or all
   * when the set write refuses (a slug that needs its -2), through `ensure` in file order.
   */
  private async ensureAuthors(tx: EntityManager, s: RunState, mem: BatchMemory, authors: WxrAuthor[]): Promise<void> {
    const todo = new Map<string, { name: string; slug: string; bio: string | null }>();
    for (const a of authors) {
      const d = contributorFromAuthor(a);
      if (!todo.has(d.key) && !s.ids.has(`author:${d.key}`)) todo.set(d.key, { name: d.name, slug: d.slug, bio: d.bio });
    }
    const refs = await this.repo.refs(tx, s.site!, 'author', [...todo.keys()]);
    const fresh: { key: string; input: { name: string; slug: string; bio: string | null } }[] = [];
    let oneByOne = false;
    for (const [key, input] of todo) {
      const ref = refs.get(key);
      if (ref && ref.hash === hashOf(input)) {
        mem.ids.set(`author:${key}`, ref.targetId);
        mem.count('author', 'unchanged');
      } else if (ref) oneByOne = true;
      else fresh.push({ key, input });
    }
    if (!oneByOne && fresh.length) {
      await tx.query('SAVEPOINT wp_authors');
      const saved = await this.contributors
        .saveImportedMany(
          tx,
          s.opts.ctx,
          fresh.map((f) => f.input),
        )
        .catch(() => null);
      if (saved) {
        await this.repo.saveRefs(
          tx,
          s.site!,
          'author',
          fresh.map((f, k) => ({ key: f.key, targetId: saved[k]!.id, hash: hashOf(f.input) })),
        );
        await tx.query('RELEASE SAVEPOINT wp_authors');
        fresh.forEach((f, k) => {
          mem.ids.set(`author:${f.key}`, saved[k]!.id);
          mem.count('author', 'created');
        });
        return;
      }
      await tx.query('ROLLBACK TO SAVEPOINT wp_authors');
    }
    for (const [key, input] of todo) if (!mem.ids.has(`author:${key}`)) await this.ensure(tx, s, mem, 'author', key, input);
  }

  /**
   * `--invite`: each author with a usable e-mail and no account yet gets an invitation through
   * InvitesService (in this transaction, so the mail leaves only when the header commits, and
   * never in a dry run) and its profile is linked to the new account. An author whose e-mail
   * already has an account is reported, not invited again: a rerun sends nothing twice.
   */
  private async inviteAuthors(tx: EntityManager, s: RunState, mem: BatchMemory, authors: WxrAuthor[]): Promise<void> {
    const ctx = s.opts.ctx!;
    for (const a of authors) {
      const d = contributorFromAuthor(a);
      const entry = (code: string, reason: string) => mem.entries.push({ ref: `author:${d.key}`, title: d.name, code, reason });
      const inv = invitationOf(a);
      if (inv.email === null) {
        mem.count('invite', 'skipped');
        entry(inv.code, inv.reason);
        continue;
      }
      if (await this.accounts.findByEmail(inv.email, tx)) {
        mem.count('invite', 'skipped');
        entry('INVITE_ACCOUNT_EXISTS', `${inv.email} has an account already: not invited`);
        continue;
      }
      await tx.query('SAVEPOINT wp_invite');
      try {
        const account = await this.invites.invite(ctx, { email: inv.email, displayName: d.name, role: 'contributor' }, tx);
        const profileId = s.ids.get(`author:${d.key}`) ?? mem.ids.get(`author:${d.key}`);
        if (profileId) await this.contributors.linkAccount(ctx, profileId, account.id, tx);
        await tx.query('RELEASE SAVEPOINT wp_invite');
        mem.count('invite', 'created');
      } catch (e) {
        await tx.query('ROLLBACK TO SAVEPOINT wp_invite');
        if (!isDomainError(e)) throw e;
        mem.count('invite', 'failed');
        entry('INVITE_FAILED', `${inv.email}: ${e.message}`);
      }
    }
  }

  /**
   * The id of an author, section, tag or type, creating or updating it through its lib when
   * the run has not seen it yet (a ref with the same hash is used as is).
   */
  private async ensure(
    tx: EntityManager,
    s: RunState,
    mem: BatchMemory,
    kind: 'author' | 'section' | 'tag' | 'type',
    key: string,
    input: { name: string; slug: string; bio?: string | null },
  ): Promise<string> {
    const known = s.ids.get(`${kind}:${key}`) ?? mem.ids.get(`${kind}:${key}`);
    if (known) return known;
    const hash = hashOf(input);
    const ref = (await this.repo.refs(tx, s.site!, kind, [key])).get(key);
    let id: string;
    const counted = kind === 'type' ? null : kind;
    if (ref && ref.hash === hash) {
      id = ref.targetId;
      if (counted) mem.count(counted, 'unchanged');
    } else {
      const r =
        kind === 'author'
          ? await this.contributors.saveImported(tx, s.opts.ctx, ref?.targetId ?? null, { name: input.name, slug: input.slug, bio: input.bio ?? null })
          : await this.taxonomy.saveImported(tx, s.opts.ctx, kind, ref?.targetId ?? null, { name: input.name, slug: input.slug });
      id = r.id;
      if (counted) mem.count(counted, r.created ? 'created' : r.changed ? 'updated' : 'unchanged');
      await this.repo.saveRef(tx, s.site!, kind, key, { targetId: id, hash });
    }
    mem.ids.set(`${kind}:${key}`, id);
    return id;
  }

  // ---- attachments -> images

  /** An attachment's mapped fields, its file (when under --media-dir), its hash and problems so far. */
  private async readAttachment(s: RunState, item: WxrItem) {
    const d = imageFromAttachment(item);
    const problems: { code: string; reason: string }[] = [];
    let bytes: Buffer | null = null;
    if (s.opts.mediaDir) {
      if (!d.uploadsPath) problems.push({ code: 'MEDIA_FILE_MISSING', reason: 'the attachment names no file under uploads: registered by URL' });
      else {
        try {
          bytes = await readFile(path.join(s.opts.mediaDir, d.uploadsPath));
        } catch {
          problems.push({ code: 'MEDIA_FILE_MISSING', reason: `${d.uploadsPath} is not under the media directory: registered by URL` });
        }
      }
    }
    const fileHash = bytes ? createHash('sha256').update(bytes).digest('base64url') : null;
    return { d, bytes, problems, hash: hashOf({ d, fileHash }) };
  }

  private rememberImage(mem: BatchMemory, d: ReturnType<typeof imageFromAttachment>, info: ImageInfo): void {
    mem.images.set(d.key, info);
    const k = uploadsKeyOf(d.uploadsPath ?? d.url);
    if (k) mem.imagesByPath.set(k, info);
  }

  private async importAttachment(tx: EntityManager, s: RunState, item: WxrItem, mem: BatchMemory): Promise<void> {
    const { d, bytes, problems, hash } = await this.readAttachment(s, item);
    const ref = (await this.repo.refs(tx, s.site!, 'image', [d.key])).get(d.key);
    const remember = (info: ImageInfo) => this.rememberImage(mem, d, info);
    if (ref && ref.hash === hash && ref.info) {
      remember(ref.info as unknown as ImageInfo);
      mem.count('image', 'unchanged');
      return;
    }
    const credit = d.credit ? creditPartsOf(d.credit) : null;
    const input = { bytes, filename: d.uploadsPath ? path.basename(d.uploadsPath) : null, url: d.url, altText: d.alt, caption: d.caption, credit };
    let saved: { id: string; url: string; created: boolean; changed: boolean };
    try {
      await tx.query('SAVEPOINT wp_image');
      saved = await this.images.saveImported(tx, s.opts.ctx, ref?.targetId ?? null, input);
      await tx.query('RELEASE SAVEPOINT wp_image');
    } catch (e) {
      await tx.query('ROLLBACK TO SAVEPOINT wp_image');
      if (!bytes || !isDomainError(e)) throw e;
      // RULE: an unreadable file falls back to the address, and is reported
      problems.push({ code: 'IMAGE_UNREADABLE', reason: `${d.uploadsPath}: ${e.message} Registered by URL.` });
      saved = await this.images.saveImported(tx, s.opts.ctx, ref?.targetId ?? null, { ...input, bytes: null });
    }
    const info: ImageInfo = { imageId: saved.id, url: saved.url, credit: d.credit, alt: d.alt };
    remember(info);
    if (!d.credit) problems.push({ code: 'IMAGE_CREDIT_MISSING', reason: 'no credit in the caption or the credit meta keys' });
    for (const p of problems) mem.entries.push({ ref: itemRef(item), title: plainText(item.title), ...p });
    mem.count('image', saved.created ? 'created' : saved.changed ? 'updated' : 'unchanged');
    await this.repo.saveRef(tx, s.site!, 'image', d.key, { targetId: saved.id, hash, info: info as unknown as Record<string, unknown> });
  }

  /**
   * The bulk path for a batch of attachments: new images through ImagesService.saveImportedMany
   * and their refs in one statement; an image imported before goes one by one. False (nothing
   * kept) when the set write failed: the caller goes one by one.
   */
  private async bulkImages(tx: EntityManager, s: RunState, items: WxrItem[], mem: BatchMemory): Promise<boolean> {
    const read = [];
    for (const item of items) read.push({ item, ...(await this.readAttachment(s, item)) });
    const refs = await this.repo.refs(
      tx,
      s.site!,
      'image',
      read.map((r) => r.d.key),
    );
    const fresh: typeof read = [];
    const oneByOne: WxrItem[] = [];
    const seen = new Set<string>();
    for (const r of read) {
      const ref = refs.get(r.d.key);
      if (ref && ref.hash === r.hash && ref.info) {
        this.rememberImage(mem, r.d, ref.info as unknown as ImageInfo);
        mem.count('image', 'unchanged');
      } else if (ref || seen.has(r.d.key)) oneByOne.push(r.item);
      else {
        seen.add(r.d.key);
        fresh.push(r);
      }
    }
    await tx.query('SAVEPOINT wp_bulk');
    let saved: Awaited<ReturnType<ImagesService['saveImportedMany']>>;
    try {
      saved = await this.images.saveImportedMany(
        tx,
        s.opts.ctx,
        fresh.map(({ d, bytes }) => ({
          bytes,
          filename: d.uploadsPath ? path.basename(d.uploadsPath) : null,
          url: d.url,
          altText: d.alt,
          caption: d.caption,
          credit: d.credit ? creditPartsOf(d.credit) : null,
        })),
      );
      await this.repo.saveRefs(
        tx,
        s.site!,
        'image',
        fresh.map((r, k) => ({ key: r.d.key, targetId: saved[k]!.id, hash: r.hash, info: { imageId: saved[k]!.id, url: saved[k]!.url, credit: r.d.credit, alt: r.d.alt } })),
      );
      await tx.query('RELEASE SAVEPOINT wp_bulk');
    } catch (e) {
      await tx.query('ROLLBACK TO SAVEPOINT wp_bulk');
      s.bulkFallbacks.push(e instanceof Error ? e.message : String(e));
      return false;
    }
    fresh.forEach(({ item, d, problems }, k) => {
      const r = saved[k]!;
      if (r.unreadable) problems.push({ code: 'IMAGE_UNREADABLE', reason: `${d.uploadsPath}: ${r.unreadable} Registered by URL.` });
      this.rememberImage(mem, d, { imageId: r.id, url: r.url, credit: d.credit, alt: d.alt });
      if (!d.credit) problems.push({ code: 'IMAGE_CREDIT_MISSING', reason: 'no credit in the caption or the credit meta keys' });
      for (const p of problems) mem.entries.push({ ref: itemRef(item), title: plainText(item.title), ...p });
      mem.count('image', r.created ? 'created' : r.changed ? 'updated' : 'unchanged');
    });
    for (const item of oneByOne) await this.oneItem(tx, item, mem, (m) => this.importAttachment(tx, s, item, m));
    return true;
  }

  /**
   * `ensure` for many sections or tags: the refs read at once, the new and changed terms
   * written through TaxonomyService.saveImportedMany and their refs in one statement (one by
   * one through `ensure` when the set write refuses).
   */
  private async ensureMany(
    tx: EntityManager,
    s: RunState,
    mem: BatchMemory,
    kind: 'section' | 'tag',
    entries: { key: string; input: { name: string; slug: string } }[],
  ): Promise<void> {
    const todo = new Map<string, { name: string; slug: string }>();
    for (const e of entries) if (!todo.has(e.key) && !s.ids.has(`${kind}:${e.key}`) && !mem.ids.has(`${kind}:${e.key}`)) todo.set(e.key, e.input);
    const refs = await this.repo.refs(tx, s.site!, kind, [...todo.keys()]);
    const write: { key: string; input: { name: string; slug: string }; hash: string; id: string | null }[] = [];
    for (const [key, input] of todo) {
      const hash = hashOf(input);
      const ref = refs.get(key);
      if (ref && ref.hash === hash) {
        mem.ids.set(`${kind}:${key}`, ref.targetId);
        mem.count(kind, 'unchanged');
      } else write.push({ key, input, hash, id: ref?.targetId ?? null });
    }
    if (!write.length) return;
    await tx.query('SAVEPOINT wp_terms');
    try {
      const res = await this.taxonomy.saveImportedMany(
        tx,
        s.opts.ctx,
        kind,
        write.map((w) => ({ id: w.id, name: w.input.name, slug: w.input.slug })),
      );
      await this.repo.saveRefs(
        tx,
        s.site!,
        kind,
        write.map((w, k) => ({ key: w.key, targetId: res[k]!.id, hash: w.hash })),
      );
      await tx.query('RELEASE SAVEPOINT wp_terms');
      write.forEach((w, k) => {
        const r = res[k]!;
        mem.ids.set(`${kind}:${w.key}`, r.id);
        mem.count(kind, r.created ? 'created' : r.changed ? 'updated' : 'unchanged');
      });
    } catch {
      await tx.query('ROLLBACK TO SAVEPOINT wp_terms');
      for (const w of write) await this.ensure(tx, s, mem, kind, w.key, w.input);
    }
  }

  // ---- posts -> articles

  /**
   * Everything about a post short of writing it: the mapped input, its plan, old paths and
   * hash, and the flags so far (terms and authors the export lacks are created here, through
   * their libs). Null when the post is skipped or unchanged (counted).
   */
  private async preparePost(
    tx: EntityManager,
    s: RunState,
    item: WxrItem,
    mem: BatchMemory,
    existing: { targetId: string; hash: string } | undefined,
    slugOverride?: string,
  ): Promise<PreparedPost | null> {
    const ref = itemRef(item);
    const title = plainText(item.title);
    const flag = (code: string, reason: string) => mem.entries.push({ ref, title, code, reason });
    const plan = statusPlan(item, this.clock.now());
    if (!plan.status) {
      mem.count('article', 'skipped');
      flag(plan.flag!.code, plan.flag!.reason);
      return null;
    }
    const tax = itemTaxonomy(item, s.parents);
    for (const k of tax.skipped) flag('TAXONOMY_SKIPPED', `term ${k.taxonomy}/${k.slug} is not imported`);
    let sectionKey = tax.section;
    if (!sectionKey) {
      flag('CATEGORY_MISSING', 'no category: filed under Uncategorized');
      sectionKey = 'uncategorized';
    }
    const sectionId =
      s.ids.get(`section:${sectionKey}`) ??
      mem.ids.get(`section:${sectionKey}`) ??
      (flag('CATEGORY_UNKNOWN', `category "${sectionKey}" is not in the export's category list: created`),
      await this.ensure(
        tx,
        s,
        mem,
        'section',
        sectionKey,
        sectionKey === 'uncategorized'
          ? { name: 'Uncategorized', slug: 'uncategorized' }
          : sectionFromCategory({ nicename: sectionKey, name: item.terms.find((t) => t.nicename === sectionKey)?.name || sectionKey }),
      ));
    const tagIds: string[] = [];
    for (const t of tax.tags) {
      const known = s.ids.get(`tag:${t.key}`) ?? mem.ids.get(`tag:${t.key}`);
      if (known) tagIds.push(known);
      else {
        flag('TAG_UNKNOWN', `term "${t.key}" is not in the export's term lists: created`);
        const d = tagFromTerm({ slug: t.key.replace(/^category:/, ''), name: t.name });
        tagIds.push(await this.ensure(tx, s, mem, 'tag', t.key, { name: d.name, slug: d.slug }));
      }
    }
    const login = item.creator.trim();
    let bylineId = login ? (s.ids.get(`author:${login}`) ?? mem.ids.get(`author:${login}`)) : undefined;
    if (login && !bylineId) {
      flag('AUTHOR_UNKNOWN', `author "${login}" is not in the export's author list: a profile was made from the login`);
      const d = contributorFromAuthor({ kind: 'author', id: '', login, email: '', displayName: '', firstName: '', lastName: '' });
      bylineId = await this.ensure(tx, s, mem, 'author', d.key, { name: d.name, slug: d.slug, bio: null });
    }
    if (!login) flag('AUTHOR_MISSING', 'no author: imported without a byline');
    const body = convertBody(item.content, {
      image: (r) => {
        const byId = r.attachmentId ? (s.images.get(r.attachmentId) ?? mem.images.get(r.attachmentId)) : undefined;
        const key = r.url ? uploadsKeyOf(r.url) : null;
        const info = byId ?? (key ? (s.imagesByPath.get(key) ?? mem.imagesByPath.get(key)) : undefined);
        if (!info) return null;
        // the CMS's copy when it is served over https, else the old address when that is
        const src = [info.url, r.url].find((u) => u && /^https:\/\//.test(u)) ?? null;
        return { src, credit: info.credit, alt: info.alt };
      },
    });
    for (const p of body.problems) flag(p.code, p.reason);
    const thumb = thumbnailIdOf(item);
    const top = thumb ? (s.images.get(thumb) ?? mem.images.get(thumb)) : undefined;
    if (thumb && !top) flag('THUMBNAIL_MISSING', `featured image ${thumb} is not among the imported attachments`);
    const headline = title || `(untitled ${item.postId})`;
    if (!title) flag('TITLE_MISSING', 'no title: a placeholder headline was set');
    const input = {
      headline,
      slug: slugOverride ?? slugOf(item),
      dek: dekOf(item),
      typeId: s.typeId!,
      sectionId,
      tagIds,
      bylineIds: bylineId ? [bylineId] : [],
      bodyHtml: body.html,
      topImageId: top?.imageId ?? null,
      topImageCaption: null,
      topImageCredit: null,
    };
    const paths = legacyPathsOf(item, s.siteHeader!);
    const hash = hashOf({ input, plan, paths });
    if (existing && existing.hash === hash) {
      mem.count('article', 'unchanged');
      return null;
    }
    return { item, ref, title, plan: plan as PreparedPost['plan'], input, paths, hash, top, existing, slugOverride };
  }

  /** The flags a written post earns (the same on both paths). */
  private flagWritten(mem: BatchMemory, p: PreparedPost, articleId: string, status: string, created: boolean): void {
    const flag = (code: string, reason: string) => mem.entries.push({ ref: p.ref, title: p.title, code, reason });
    mem.count('article', created ? 'created' : 'updated');
    if (p.plan.flag) flag(p.plan.flag.code, p.plan.flag.reason);
    if (p.slugOverride) flag('SLUG_CHANGED', `slug "${slugOf(p.item)}" belongs to another live piece: imported as "${p.slugOverride}" (old links still redirect)`);
    if (status === 'published') {
      mem.live.push(articleId);
      if (!p.top) flag('TOP_IMAGE_MISSING', 'published without a top image');
      else if (!p.top.credit) {
        flag('NEEDS_CREDIT', 'published, and its top image has no credit');
        mem.needsCredit.push({ ref: p.ref, articleId, imageId: p.top.imageId, headline: p.input.headline });
      }
      if (p.top && !p.top.alt) flag('ALT_TEXT_MISSING', 'published, and its top image has no alt text');
    }
  }

  private async importPost(tx: EntityManager, s: RunState, item: WxrItem, mem: BatchMemory, slugOverride?: string): Promise<void> {
    const mark = mem.mark();
    const existing = (await this.repo.refs(tx, s.site!, 'article', [item.postId])).get(item.postId);
    const p = await this.preparePost(tx, s, item, mem, existing, slugOverride);
    if (!p) return;
    await tx.query('SAVEPOINT wp_post');
    try {
      const saved = await this.articles.saveImported(tx, s.opts.ctx, existing?.targetId ?? null, p.input);
      const after = await this.workflow.applyImported(tx, s.opts.ctx, saved.article.id, {
        status: p.plan.status,
        firstPublishedAt: p.plan.firstPublishedAt,
        updatedAt: p.plan.updatedAt,
      });
      await this.publication.setLegacyPaths(tx, saved.article.id, p.paths);
      await this.repo.saveRef(tx, s.site!, 'article', item.postId, { targetId: saved.article.id, hash: p.hash });
      await tx.query('RELEASE SAVEPOINT wp_post');
      this.flagWritten(mem, p, saved.article.id, after.status, saved.created);
    } catch (e) {
      await tx.query('ROLLBACK TO SAVEPOINT wp_post');
      // RULE: a slug another live piece answers to gets the WordPress id appended
      if (!slugOverride && isDomainError(e) && e.code === 'ARTICLE_SLUG_TAKEN') {
        mem.rewind(mark);
        return this.importPost(tx, s, item, mem, `${slugOf(item).slice(0, 100)}-${item.postId}`);
      }
      throw e;
    }
  }

  /**
   * The bulk path for one batch of posts, in the batch's transaction: new pieces that go
   * live, into review or stay drafts are written set-based through the owning libs
   * (WorkflowService.importMany -> ArticlesService.saveImportedMany and
   * PublicationService.makeLiveMany, setLegacyPathsMany, the refs); what needs more care -
   * a piece imported before, a scheduled one (a job each), a slug another piece answers to -
   * goes one by one after them. Returns false (nothing of it kept) when the set write failed:
   * the caller does the batch one by one, each item reported on its own.
   */
  private async bulkPosts(tx: EntityManager, s: RunState, items: WxrItem[], mem: BatchMemory): Promise<boolean> {
    const refs = await this.repo.refs(
      tx,
      s.site!,
      'article',
      items.map((i) => i.postId),
    );
    const fresh: PreparedPost[] = [];
    const oneByOne: WxrItem[] = [];
    // a piece going one by one that may change a live page (all but a new scheduled one): the
    // set's pages then choose their teasers again after it, as the rule says
    let pagesTouched = false;
    const slugs = new Set<string>();
    const prepared: PreparedPost[] = [];
    for (const item of items) {
      const existing = refs.get(item.postId);
      const mark = mem.mark();
      const p = await this.preparePost(tx, s, item, mem, existing);
      if (!p) continue;
      if (existing || p.plan.status === 'scheduled') {
        mem.rewind(mark);
        oneByOne.push(item);
        if (existing) pagesTouched = true;
        continue;
      }
      prepared.push(p);
    }
    // a live slug taken before the batch, or by an earlier live piece of it: one by one
    const taken = new Set(
      await this.articleRows.slugsUsedElsewhere(
        tx,
        prepared.filter((p) => p.plan.status === 'published').map((p) => ({ slug: p.input.slug, articleId: '00000000-0000-0000-0000-000000000000' })),
      ),
    );
    for (const p of prepared) {
      if (p.plan.status === 'published' && (taken.has(p.input.slug) || slugs.has(p.input.slug))) {
        oneByOne.push(p.item);
        p.entriesToDrop = true;
        pagesTouched = true;
        continue;
      }
      if (p.plan.status === 'published') slugs.add(p.input.slug);
      fresh.push(p);
    }
    await tx.query('SAVEPOINT wp_bulk');
    try {
      const saved = await this.workflow.importMany(
        tx,
        s.opts.ctx,
        fresh.map((p) => ({
          input: p.input,
          target: { status: p.plan.status as 'published' | 'draft' | 'in_review', firstPublishedAt: p.plan.firstPublishedAt, updatedAt: p.plan.updatedAt },
        })),
      );
      await this.publication.setLegacyPathsMany(
        tx,
        saved.map((a, k) => ({ articleId: a.id, paths: fresh[k]!.paths })),
      );
      await this.repo.saveRefs(
        tx,
        s.site!,
        'article',
        saved.map((a, k) => ({ key: fresh[k]!.item.postId, targetId: a.id, hash: fresh[k]!.hash })),
      );
      await tx.query('RELEASE SAVEPOINT wp_bulk');
      saved.forEach((a, k) => this.flagWritten(mem, fresh[k]!, a.id, a.status, true));
      // makeLiveMany chose the live ones' teasers, from every page live then and the set's own
      if (!pagesTouched) for (const a of saved) if (a.status === 'published') mem.teasersChosen.add(a.id);
    } catch (e) {
      await tx.query('ROLLBACK TO SAVEPOINT wp_bulk');
      s.bulkFallbacks.push(e instanceof Error ? e.message : String(e));
      return false;
    }
    // the rest one by one (their prepared flags are made again there)
    const dropRefs = new Set(prepared.filter((p) => p.entriesToDrop).map((p) => p.ref));
    if (dropRefs.size) mem.entries = mem.entries.filter((e) => !dropRefs.has(e.ref));
    for (const item of oneByOne) {
      await this.oneItem(tx, item, mem, (m) => this.importPost(tx, s, item, m));
    }
    return true;
  }
}

interface PreparedPost {
  item: WxrItem;
  ref: string;
  title: string;
  plan: { status: 'published' | 'scheduled' | 'draft' | 'in_review'; firstPublishedAt: Date | null; updatedAt: Date | null; flag?: { code: string; reason: string } };
  input: {
    headline: string;
    slug: string;
    dek: string;
    typeId: string;
    sectionId: string;
    tagIds: string[];
    bylineIds: string[];
    bodyHtml: string;
    topImageId: string | null;
    topImageCaption: null;
    topImageCredit: null;
  };
  paths: string[];
  hash: string;
  top: ImageInfo | undefined;
  existing: { targetId: string; hash: string } | undefined;
  slugOverride?: string;
  /** Went one by one after all: its flags from here are dropped. */
  entriesToDrop?: boolean;
}

/** What one batch learned; merged into the run when the batch commits. */
class BatchMemory {
  readonly ids = new Map<string, string>();
  readonly images = new Map<string, ImageInfo>();
  readonly imagesByPath = new Map<string, ImageInfo>();
  entries: ReportEntry[] = [];
  needsCredit: ImportReport['needsCredit'] = [];
  /** Pieces of the batch that went live (they choose their teasers again at its end). */
  live: string[] = [];
  /** Of those, the ones whose teasers are chosen already (from every page live at the end). */
  readonly teasersChosen = new Set<string>();
  counts: Partial<Record<Kind, KindCounts>> = {};
  done = 0;

  count(kind: Kind, what: keyof KindCounts): void {
    (this.counts[kind] ??= { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 })[what]++;
  }

  /** A failed item's half-made notes are dropped with its savepoint. */
  mark(): { entries: number; needs: number; counts: string; ids: string[]; images: string[]; paths: string[] } {
    return {
      entries: this.entries.length,
      needs: this.needsCredit.length,
      counts: JSON.stringify(this.counts),
      ids: [...this.ids.keys()],
      images: [...this.images.keys()],
      paths: [...this.imagesByPath.keys()],
    };
  }

  rewind(m: ReturnType<BatchMemory['mark']>): void {
    this.entries.length = m.entries;
    this.needsCredit.length = m.needs;
    this.counts = JSON.parse(m.counts) as BatchMemory['counts'];
    for (const [map, keep] of [
      [this.ids, m.ids],
      [this.images, m.images],
      [this.imagesByPath, m.paths],
    ] as const) {
      const k = new Set<string>(keep);
      for (const key of [...map.keys()]) if (!k.has(key)) map.delete(key);
    }
  }
}

class RunState {
  site: string | null = null;
  wxrVersion: string | null = null;
  siteHeader: WxrSite | null = null;
  typeId: string | null = null;
  readonly parents = new Map<string, string>();
  readonly ids = new Map<string, string>();
  readonly images = new Map<string, ImageInfo>();
  readonly imagesByPath = new Map<string, ImageInfo>();
  private readonly entries: ReportEntry[] = [];
  private readonly needs: ImportReport['needsCredit'] = [];
  private readonly counts: Record<string, KindCounts> = {};
  private readonly skippedTerms = new Map<string, number>();
  postsTotal = 0;
  /** Why a batch went one by one instead of set-based (for the report). */
  readonly bulkFallbacks: string[] = [];
  private imagesDone = 0;
  private postsDone = 0;
  readonly batchSize: number;

  constructor(
    readonly opts: ImportOptions,
    readonly runId: string,
  ) {
    this.batchSize = opts.batchSize ?? DEFAULT_BATCH;
  }

  skip(kind: Kind, entry: ReportEntry): void {
    (this.counts[kind] ??= { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 }).skipped++;
    this.entries.push(detachedEntry(entry));
  }

  skipTerm(taxonomy: string, _slug: string): void {
    this.skippedTerms.set(taxonomy, (this.skippedTerms.get(taxonomy) ?? 0) + 1);
  }

  merge(m: BatchMemory, phase: 'header' | 'media' | 'posts' = 'header'): void {
    // what the run keeps, detached from the batch's strings (see `detached`)
    for (const [k, v] of m.ids) this.ids.set(detached(k), v);
    const copies = new Map<ImageInfo, ImageInfo>();
    const copy = (v: ImageInfo): ImageInfo => {
      let c = copies.get(v);
      if (!c)
        copies.set(
          v,
          (c = { imageId: detached(v.imageId), url: detached(v.url), credit: v.credit == null ? v.credit : detached(v.credit), alt: v.alt == null ? v.alt : detached(v.alt) }),
        );
      return c;
    };
    for (const [k, v] of m.images) this.images.set(detached(k), copy(v));
    for (const [k, v] of m.imagesByPath) this.imagesByPath.set(detached(k), copy(v));
    for (const e of m.entries) this.entries.push(detachedEntry(e));
    for (const n of m.needsCredit) this.needs.push({ ref: detached(n.ref), articleId: n.articleId, imageId: n.imageId, headline: detached(n.headline) });
    for (const [kind, c] of Object.entries(m.counts)) {
      const to = (this.counts[kind] ??= { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 });
      for (const f of Object.keys(c) as (keyof KindCounts)[]) to[f] += c[f];
    }
    if (phase === 'media') this.imagesDone += m.done;
    else if (phase === 'posts') this.postsDone += m.done;
  }

  emitProgress(phase: 'media' | 'posts'): void {
    this.opts.onProgress?.({ phase, done: phase === 'media' ? this.imagesDone : this.postsDone, total: phase === 'media' ? 0 : this.postsTotal });
  }

  progress(phase?: 'media' | 'posts', pending?: BatchMemory): Record<string, unknown> {
    const extra = pending?.done ?? 0;
    return {
      imagesDone: this.imagesDone + (phase === 'media' ? extra : 0),
      postsDone: this.postsDone + (phase === 'posts' ? extra : 0),
      postsTotal: this.postsTotal,
      counts: this.counts,
    };
  }

  report(): ImportReport {
    const entries = [...this.entries];
    if (this.bulkFallbacks.length)
      entries.push({ ref: 'import', code: 'BULK_FALLBACK', reason: `${this.bulkFallbacks.length} batch(es) went one by one (first: ${this.bulkFallbacks[0]})` });
    for (const [taxonomy, n] of this.skippedTerms)
      entries.push({ ref: `taxonomy:${taxonomy}`, code: 'TAXONOMY_SKIPPED', reason: `${n} term(s) of taxonomy "${taxonomy}" are not imported` });
    return { site: this.site, wxrVersion: this.wxrVersion, dryRun: !!this.opts.dryRun, counts: this.counts, entries, needsCredit: [...this.needs] };
  }
}

export type { RefKind };
