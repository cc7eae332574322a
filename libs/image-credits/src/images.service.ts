import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { pgErrorCode, queryRows, Transactions } from '#libs/database';
import { AuditLog, roleGrants, type ActionContext } from '#libs/identity';
import { clampLimit, Clock, decodeCursor, DomainError, encodeCursor, isDomainError, newId, serializedUrl, webUrl, type ErrorDetail, type Page } from '#libs/kernel';
import { ImageChanges, type ImageChange } from './image-changes.js';
import { CreditPartyEntity, ImageEntity } from './image.entity.js';
import { ImageErrorCode, imageNotFound, invalidImageField, isStorageUnavailable, storageUnavailable } from './image.errors.js';
import { displayedSize, probeImage } from './image-probe.js';
import {
  ALT_TEXT_MAX,
  CAPTION_MAX,
  cleanText,
  CREDIT_FORMS,
  CREDIT_LABELS,
  daysLeft,
  formatCreditLine,
  imageUrlProblem,
  isFocalPoint,
  URL_MAX,
  normalizePartyName,
  SLOT_KIND,
  storageKeyFor,
  suggestCredit,
  usesLeftBare,
  type CreditForm,
  type CreditLabel,
  type PartyKind,
  type SuggestedCredit,
} from './image.rules.js';
import { ImageRenditions } from './image-renditions.js';
import { ImageStorage } from './image-storage.js';
import { ImagesRepository, type UseRow } from './images.repository.js';
import { creditParts, ImageUses, partiesOf, type ImageUsage } from './image-uses.service.js';

export interface PartyRef {
  id: string;
  kind: PartyKind;
  name: string;
  url: string | null;
}

export interface ImageCredit {
  photographer: PartyRef | null;
  agency: PartyRef | null;
  provider: PartyRef | null;
  url: string | null;
  form: CreditForm;
  label: CreditLabel;
}

/** An image as the admin API shows it. */
export interface ImageDetails {
  image: ImageEntity;
  /** Where the file is served (stored uploads) or the registered address. */
  url: string;
  credit: ImageCredit;
  /** The credit line as a top image, without per-use overrides. */
  creditLine: string | null;
  /** Prefill from the file's embedded metadata (uploads). */
  suggestedCredit: SuggestedCredit | null;
  uses: ImageUsage[];
}

export interface UploadInput {
  bytes: Buffer;
  filename?: string | null;
  altText?: string | null;
  caption?: string | null;
}

export interface RegisterUrlInput {
  url: string;
  width?: number | null;
  height?: number | null;
  altText?: string | null;
  caption?: string | null;
}

export interface MetadataInput {
  altText?: string | null;
  caption?: string | null;
  focalPoint?: { x: number; y: number } | null;
}

export interface CreditInput {
  photographerId?: string | null;
  agencyId?: string | null;
  providerId?: string | null;
  url?: string | null;
  form?: CreditForm;
  label?: CreditLabel;
}

export interface LicenseInput {
  licensor?: string | null;
  terms?: string | null;
  canSyndicate?: boolean;
  /** False: the licence forbids publishing the image (default true). */
  mayDistribute?: boolean;
  expiresAt?: Date | null;
}

/** A credit as the importer read it: names, not party ids. */
export interface ImportedCredit {
  photographer: string | null;
  provider: string | null;
  form: 'standard' | 'via';
}

export interface LicenseReportItem {
  image: ImageEntity;
  url: string;
  expired: boolean;
  daysLeft: number;
  usages: { usageType: string; usageId: string; role: string }[];
}

/**
 * The admin lifecycle of an image: upload and registration, descriptive metadata, structured
 * credit, licence, deletion, the where-used list and the licence report, and the WordPress
 * importer's create path (the same lifecycle, in bulk). Other libs placing or rendering images
 * use `ImageUses` (image-uses.service.ts) instead.
 */
@Injectable()
export class ImagesService {
  constructor(
    private readonly repo: ImagesRepository,
    private readonly tx: Transactions,
    private readonly audit: AuditLog,
    private readonly changes: ImageChanges,
    private readonly storage: ImageStorage,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly renditions: ImageRenditions,
    private readonly imageUses: ImageUses,
  ) {}

  /** RULE: a credit or alt text that live or scheduled pages rely on cannot be removed (409). */
  private async assertNotNeededLive(tx: EntityManager, imageId: string, removed: 'credit' | 'alt'): Promise<void> {
    const uses = (await this.repo.usesOfImages([imageId], tx)).map(usageOf).filter((u) => u.role === 'top' || u.role === 'teaser');
    const bare = usesLeftBare(removed, await this.imageUses.publicUsesOf(tx, imageId, uses));
    if (!bare.length) return;
    const code = removed === 'credit' ? ImageErrorCode.CreditNeededByLiveUse : ImageErrorCode.AltTextNeededByLiveUse;
    const field = removed === 'credit' ? 'credit' : 'altText';
    const what = removed === 'credit' ? 'credit' : 'alt text';
    const liveUses = bare.map((u) => ({ usageType: u.usageType, usageId: u.usageId, status: u.status, slug: u.slug, headline: u.headline }));
    throw new DomainError(
      'conflict',
      code,
      `Live or scheduled pages show this image without a ${what} of their own: ${liveUses.map((u) => u.slug ?? u.usageId).join(', ')}.`,
      liveUses.map((u) => ({ field, code, message: `${u.usageType} ${u.usageId} (${u.status}) needs the image's ${what}`, ...u })),
      { liveUses },
    );
  }

  // ---- admin: create

  /**
   * Stores an uploaded file as an image. The same bytes uploaded again answer the existing
   * image (`created: false`). Every check runs before anything is written; the file is
   * written (atomically) inside the transaction that inserts its row and removed if that
   * transaction does not commit.
   */
  async upload(ctx: ActionContext, input: UploadInput): Promise<{ details: ImageDetails; created: boolean }> {
    const probed = await probeImage(input.bytes, this.config.images.maxBytes);
    const texts = checkTexts({ altText: input.altText, caption: input.caption });
    const key = storageKeyFor(probed.sha256, probed.format);
    const now = this.clock.now();
    const image: ImageEntity = {
      ...blankImage(),
      id: newId(),
      source: 'upload',
      contentHash: probed.sha256,
      storageKey: key,
      format: probed.format,
      byteSize: probed.byteSize,
      width: probed.width,
      height: probed.height,
      originalFilename: cleanText(input.filename)?.slice(0, 255) ?? null,
      altText: texts.altText ?? null,
      caption: texts.caption ?? null,
      embeddedCredit: probed.embeddedCredit as Record<string, string> | null,
      uploadedBy: ctx.actor.accountId,
      createdAt: now,
      updatedAt: now,
    };
    let wrote = false;
    try {
      const result = await this.tx.run(async (tx) => {
        wrote = false;
        if (!(await this.repo.insertUploadIfNew(tx, image))) {
          const existing = (await this.repo.findByHash(probed.sha256, tx))!;
          // self-heal a file lost from storage; same bytes, same key
          if (!(await this.storage.has(existing.storageKey!))) await this.storage.put(existing.storageKey!, input.bytes);
          return { id: existing.id, created: false };
        }
        await this.storage.put(key, input.bytes);
        wrote = true;
        await this.audit.record(tx, ctx, {
          action: 'image.upload',
          targetType: 'image',
          targetId: image.id,
          summary: { after: { format: image.format, width: image.width, height: image.height, byteSize: image.byteSize, contentHash: image.contentHash } },
        });
        return { id: image.id, created: true };
      });
      return { details: await this.get(result.id), created: result.created };
    } catch (e) {
      if (wrote && !(await this.repo.uploadHashExists(probed.sha256).catch(() => true))) {
        await this.storage.remove(key).catch(() => undefined);
      }
      // a read-only or full folder: 503 with Retry-After (the transaction rolled back)
      if (isStorageUnavailable(e)) throw storageUnavailable();
      throw e;
    }
  }

  /** Registers an external https image by address, without fetching it. Same URL twice -> one image. */
  async registerUrl(ctx: ActionContext, input: RegisterUrlInput): Promise<{ details: ImageDetails; created: boolean }> {
    const problem = imageUrlProblem(input.url.trim());
    if (problem) {
      throw new DomainError('validation', ImageErrorCode.UrlInvalid, 'The image URL is not acceptable.', [{ field: 'url', code: ImageErrorCode.UrlInvalid, message: problem }]);
    }
    const url = serializedUrl(input.url, URL_MAX);
    const texts = checkTexts({ altText: input.altText, caption: input.caption });
    const now = this.clock.now();
    const image: ImageEntity = {
      ...blankImage(),
      id: newId(),
      source: 'url',
      externalUrl: url,
      width: input.width ?? null,
      height: input.height ?? null,
      altText: texts.altText ?? null,
      caption: texts.caption ?? null,
      uploadedBy: ctx.actor.accountId,
      createdAt: now,
      updatedAt: now,
    };
    const result = await this.tx.run(async (tx) => {
      if (!(await this.repo.insertUrlIfNew(tx, image))) {
        return { id: (await this.repo.findByExternalUrl(url, tx))!.id, created: false };
      }
      await this.audit.record(tx, ctx, { action: 'image.register_url', targetType: 'image', targetId: image.id, summary: { after: { url } } });
      return { id: image.id, created: true };
    });
    return { details: await this.get(result.id), created: result.created };
  }

  // ---- admin: read

  async get(id: string, m?: EntityManager): Promise<ImageDetails> {
    const image = await this.repo.findById(id, m);
    if (!image) throw imageNotFound();
    return (await this.detailsOf([image], m))[0]!;
  }

  async list(q: { limit?: number; cursor?: string; q?: string }): Promise<Page<ImageDetails>> {
    const limit = clampLimit(q.limit);
    const after = q.cursor ? decodeCursor(q.cursor) : null;
    const rows = await this.repo.listPage(limit + 1, after ? { at: new Date(after.at), id: after.id } : null, undefined, q.q?.trim() || undefined);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await this.detailsOf(page),
      nextCursor: rows.length > limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : null,
    };
  }

  // ---- admin: edit

  /** Alt text, default caption, focal point. Contributors may edit only images they added. */
  async updateMetadata(ctx: ActionContext, id: string, input: MetadataInput): Promise<ImageDetails> {
    const texts = checkTexts({ altText: input.altText, caption: input.caption });
    if (input.focalPoint && !isFocalPoint(input.focalPoint)) {
      throw invalidImageField([{ field: 'focalPoint', message: 'x and y must be between 0 and 1' }]);
    }
    await this.tx.run(async (tx) => {
      const image = await this.loadEditable(tx, ctx, id);
      const patch: Partial<ImageEntity> = {};
      const changed: ImageChange[] = [];
      if (texts.altText !== undefined && texts.altText !== image.altText) {
        if (!texts.altText) await this.assertNotNeededLive(tx, id, 'alt');
        patch.altText = texts.altText;
        changed.push('alt');
      }
      if (texts.caption !== undefined && texts.caption !== image.caption) {
        patch.caption = texts.caption;
        changed.push('caption');
      }
      if (input.focalPoint !== undefined) {
        // four decimals (a tenth of a pixel on a 1,000 px image) also keep denormal inputs
        // such as 1e-320 out of the real column, which cannot hold them
        const x = input.focalPoint ? roundFocal(input.focalPoint.x) : null;
        const y = input.focalPoint ? roundFocal(input.focalPoint.y) : null;
        if (x !== image.focalX || y !== image.focalY) {
          patch.focalX = x;
          patch.focalY = y;
          changed.push('focal_point');
        }
      }
      if (!changed.length) return;
      await this.repo.updateImage(tx, id, { ...patch, updatedAt: this.clock.now() });
      await this.audit.record(tx, ctx, {
        action: 'image.update',
        targetType: 'image',
        targetId: id,
        summary: { before: pick(image, Object.keys(patch)), after: patch },
      });
      await this.changes.emit(tx, [id], changed);
    });
    return this.get(id);
  }

  /**
   * Sets the structured credit (replaces it whole). Each slot takes a party of its kind:
   * photographer a person, agency an agency, provider a provider. The via form needs a
   * provider and a photographer or agency.
   */
  async setCredit(ctx: ActionContext, id: string, input: CreditInput): Promise<ImageDetails> {
    const form = input.form ?? 'standard';
    const label = input.label ?? 'image';
    const problems: ErrorDetail[] = [];
    if (!(CREDIT_FORMS as readonly string[]).includes(form)) problems.push({ field: 'form', message: `one of ${CREDIT_FORMS.join(', ')}` });
    if (!(CREDIT_LABELS as readonly string[]).includes(label)) problems.push({ field: 'label', message: `one of ${CREDIT_LABELS.join(', ')}` });
    const typedUrl = input.url?.trim() || null;
    const checkedUrl = typedUrl ? webUrl(typedUrl, { max: URL_MAX }) : null;
    if (checkedUrl && 'problem' in checkedUrl) problems.push({ field: 'url', code: checkedUrl.code, message: checkedUrl.message });
    const url = checkedUrl && 'url' in checkedUrl ? checkedUrl.url : null;
    if (form === 'via' && (!input.providerId || !(input.photographerId || input.agencyId))) {
      problems.push({ field: 'form', message: 'the via form needs a provider and a photographer or agency' });
    }
    if (problems.length) throw invalidImageField(problems);
    await this.tx.run(async (tx) => {
      const image = await this.loadEditable(tx, ctx, id);
      const slots = { photographer: input.photographerId ?? null, agency: input.agencyId ?? null, provider: input.providerId ?? null };
      const ids = Object.values(slots).filter((x): x is string => !!x);
      const parties = new Map((await this.repo.findPartiesByIds(ids, tx)).map((p) => [p.id, p]));
      const partyProblems: ErrorDetail[] = [];
      for (const [slot, partyId] of Object.entries(slots) as [keyof typeof SLOT_KIND, string | null][]) {
        if (!partyId) continue;
        const party = parties.get(partyId);
        const field = `${slot}Id`;
        if (!party) partyProblems.push({ field, code: ImageErrorCode.CreditPartyNotFound, message: 'no such credit party', id: partyId });
        else if (party.kind !== SLOT_KIND[slot])
          partyProblems.push({ field, code: ImageErrorCode.CreditPartyKind, message: `must be a ${SLOT_KIND[slot]}, not a ${party.kind}`, id: partyId });
      }
      if (partyProblems.length) {
        const notFound = partyProblems.every((p) => p.code === ImageErrorCode.CreditPartyNotFound);
        throw new DomainError(
          'validation',
          notFound ? ImageErrorCode.CreditPartyNotFound : ImageErrorCode.CreditPartyKind,
          'The credit names parties that cannot fill those slots.',
          partyProblems,
        );
      }
      const before = creditColumns(image);
      const after = {
        creditPhotographerId: slots.photographer,
        creditAgencyId: slots.agency,
        creditProviderId: slots.provider,
        creditUrl: url,
        creditForm: form,
        creditLabel: label,
      };
      if (JSON.stringify(before) === JSON.stringify(after)) return;
      const namedBefore = before.creditPhotographerId || before.creditAgencyId || before.creditProviderId;
      if (namedBefore && !ids.length) await this.assertNotNeededLive(tx, id, 'credit');
      await this.repo.updateImage(tx, id, { ...after, updatedAt: this.clock.now() });
      await this.audit.record(tx, ctx, { action: 'image.credit_set', targetType: 'image', targetId: id, summary: { before, after } });
      await this.changes.emit(tx, [id], ['credit']);
    });
    return this.get(id);
  }

  /** Sets the license (replaces it whole). Editors only (the route requires images.manage). */
  async setLicense(ctx: ActionContext, id: string, input: LicenseInput): Promise<ImageDetails> {
    const licensor = cleanText(input.licensor);
    const terms = cleanText(input.terms);
    const problems: ErrorDetail[] = [];
    if (licensor && licensor.length > 300) problems.push({ field: 'licensor', message: 'at most 300 characters' });
    if (terms && terms.length > 2000) problems.push({ field: 'terms', message: 'at most 2000 characters' });
    if (input.expiresAt && Number.isNaN(input.expiresAt.getTime())) problems.push({ field: 'expiresAt', message: 'not a date' });
    if (problems.length) throw invalidImageField(problems);
    await this.tx.run(async (tx) => {
      const image = await this.repo.findById(id, tx, true);
      if (!image) throw imageNotFound();
      const before = licenseColumns(image);
      const after = {
        licenseLicensor: licensor,
        licenseTerms: terms,
        licenseCanSyndicate: input.canSyndicate ?? false,
        licenseMayDistribute: input.mayDistribute ?? true,
        licenseExpiresAt: input.expiresAt ? input.expiresAt.toISOString() : null,
      };
      if (JSON.stringify(before) === JSON.stringify(after)) return;
      await this.repo.updateImage(tx, id, { ...after, licenseExpiresAt: input.expiresAt ?? null, updatedAt: this.clock.now() });
      await this.audit.record(tx, ctx, { action: 'image.license_set', targetType: 'image', targetId: id, summary: { before, after } });
      await this.changes.emit(tx, [id], ['license']);
    });
    return this.get(id);
  }

  /** Deletes an unused image and its stored file. A used image is refused (409 IMAGE_IN_USE). */
  async remove(ctx: ActionContext, id: string): Promise<void> {
    const removed = await this.tx.run(async (tx) => {
      const image = await this.repo.findById(id, tx, true);
      if (!image) throw imageNotFound();
      const uses = await this.repo.usesOfImages([id], tx);
      if (uses.length) {
        throw new DomainError('conflict', ImageErrorCode.InUse, 'The image is in use; remove it from those pages first.', [], {
          usages: uses.map((u) => ({ usageType: u.usageType, usageId: u.usageId, role: u.role })),
        });
      }
      try {
        await this.repo.deleteImage(tx, id);
      } catch (e) {
        // another lib's table (e.g. an article's top image) still points at it
        if (pgErrorCode(e) === '23503') throw new DomainError('conflict', ImageErrorCode.InUse, 'The image is in use; remove it from those pages first.');
        throw e;
      }
      await this.audit.record(tx, ctx, {
        action: 'image.delete',
        targetType: 'image',
        targetId: id,
        summary: { before: { source: image.source, contentHash: image.contentHash, externalUrl: image.externalUrl, altText: image.altText } },
      });
      return image;
    });
    // after commit: a failed delete leaves an orphan file, never a row without its file
    if (removed.storageKey) {
      await this.storage.remove(removed.storageKey).catch(() => undefined);
      await this.renditions.purge(removed.storageKey).catch(() => undefined);
    }
  }

  /** Images whose license expired or expires within `withinDays`, with where they are used. */
  /**
   * Backfill for uploads stored before the probe applied the orientation: a photo with EXIF
   * orientation 5 to 8 was stored with the file's own width and height, swapped against what
   * browsers show and what renditions render (so its renditions were listed, and rendered,
   * stretched). Reads each upload's header; where the shown size is the stored one swapped,
   * stores it (only if the row still holds what was read), audits it, refreshes the pages that
   * show the image (`image.changed` size) and drops its cached renditions. Idempotent: a second
   * run finds nothing. Files it cannot read are counted, not changed.
   */
  async reorientStored(
    opts: { batch?: number; onProgress?: (p: { checked: number; fixed: number }) => void } = {},
  ): Promise<{ checked: number; fixed: string[]; unreadable: string[] }> {
    const batch = opts.batch ?? 200;
    const fixed: string[] = [];
    const unreadable: string[] = [];
    let checked = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await queryRows<{ id: string; storage_key: string; width: number; height: number }>(
        this.tx.manager,
        `SELECT id, storage_key, width, height FROM images
          WHERE source = 'upload' AND width IS NOT NULL AND height IS NOT NULL AND width <> height AND id > $1
          ORDER BY id LIMIT $2`,
        [after, batch],
      );
      if (!rows.length) break;
      for (const row of rows) {
        checked++;
        const file = await this.storage.open(row.storage_key).catch(() => null);
        if (!file) {
          unreadable.push(row.id);
          continue;
        }
        const chunks: Buffer[] = [];
        for await (const c of file.stream) chunks.push(c as Buffer);
        const shown = await displayedSize(Buffer.concat(chunks), { width: row.width, height: row.height });
        if (shown.width !== row.height || shown.height !== row.width) continue;
        const changed = await this.tx.run(async (tx) => {
          const done = await queryRows(tx, `UPDATE images SET width = $2, height = $3, updated_at = now() WHERE id = $1 AND width = $3 AND height = $2 RETURNING id`, [
            row.id,
            shown.width,
            shown.height,
          ]);
          if (!done.length) return false;
          await this.audit.record(tx, null, {
            action: 'image.reorient',
            targetType: 'image',
            targetId: row.id,
            summary: { before: { width: row.width, height: row.height }, after: shown },
          });
          await this.changes.emit(tx, [row.id], ['size']);
          return true;
        });
        if (!changed) continue;
        await this.renditions.purge(row.storage_key).catch(() => undefined);
        fixed.push(row.id);
      }
      after = rows[rows.length - 1]!.id;
      opts.onProgress?.({ checked, fixed: fixed.length });
    }
    return { checked, fixed, unreadable };
  }

  async licenseReport(withinDays: number): Promise<{ generatedAt: Date; items: LicenseReportItem[] }> {
    const now = this.clock.now();
    const until = new Date(now.getTime() + withinDays * 86_400_000);
    const images = await this.repo.expiringLicenses(until);
    const uses = await this.repo.usesOfImages(images.map((i) => i.id));
    const items = images.map((image) => ({
      image,
      url: this.imageUses.urlOf(image),
      expired: image.licenseExpiresAt!.getTime() <= now.getTime(),
      daysLeft: daysLeft(image.licenseExpiresAt!, now),
      usages: uses.filter((u) => u.imageId === image.id).map((u) => ({ usageType: u.usageType, usageId: u.usageId, role: u.role })),
    }));
    return { generatedAt: now, items };
  }

  /** Where an image is used (the where-used list). */
  async usesOf(id: string): Promise<ImageUsage[]> {
    if (!(await this.repo.findById(id))) throw imageNotFound();
    return (await this.repo.usesOfImages([id])).map(usageOf);
  }

  // ---- the WordPress importer (libs/wordpress-import)

  /**
   * The importer's write, in the caller's transaction: an image from a file (`bytes`, stored as
   * an upload; the same bytes answer the existing image) or else registered by its https `url`
   * (never fetched), with alt text, caption and a credit (parties found or created by name).
   * With `id` (imported before) the descriptive fields are updated where they differ.
   * Throws IMAGE_CORRUPT and friends for unreadable bytes, IMAGE_URL_INVALID for a bad URL.
   */
  async saveImported(
    tx: EntityManager,
    ctx: ActionContext | null,
    id: string | null,
    input: { bytes?: Buffer | null; filename?: string | null; url: string; altText: string | null; caption: string | null; credit: ImportedCredit | null },
  ): Promise<{ id: string; url: string; created: boolean; changed: boolean }> {
    const texts = checkTexts({ altText: input.altText, caption: input.caption });
    const credit = input.credit ? await this.importedCreditColumns(tx, input.credit) : null;
    const now = this.clock.now();
    const existing = id ? await this.repo.findById(id, tx, true) : null;
    if (existing) {
      const patch: Partial<ImageEntity> = {};
      const changed: ImageChange[] = [];
      if ((texts.altText ?? null) !== existing.altText) {
        patch.altText = texts.altText ?? null;
        changed.push('alt');
      }
      if ((texts.caption ?? null) !== existing.caption) {
        patch.caption = texts.caption ?? null;
        changed.push('caption');
      }
      if (credit && JSON.stringify(creditColumns(existing)) !== JSON.stringify({ ...creditColumns(existing), ...credit })) {
        Object.assign(patch, credit);
        changed.push('credit');
      }
      if (!changed.length) return { id: existing.id, url: this.imageUses.urlOf(existing), created: false, changed: false };
      await this.repo.updateImage(tx, existing.id, { ...patch, updatedAt: now });
      await this.audit.record(tx, ctx, {
        action: 'image.update',
        targetType: 'image',
        targetId: existing.id,
        summary: { before: pick(existing, Object.keys(patch)), after: patch, via: 'wordpress-import' },
      });
      await this.changes.emit(tx, [existing.id], changed);
      return { id: existing.id, url: this.imageUses.urlOf(existing), created: false, changed: true };
    }
    const image: ImageEntity = {
      ...blankImage(),
      id: newId(),
      altText: texts.altText ?? null,
      caption: texts.caption ?? null,
      ...(credit ?? {}),
      uploadedBy: ctx?.actor.accountId ?? null,
      createdAt: now,
      updatedAt: now,
    };
    if (input.bytes) {
      const probed = await probeImage(input.bytes, this.config.images.maxBytes);
      Object.assign(image, {
        source: 'upload',
        contentHash: probed.sha256,
        storageKey: storageKeyFor(probed.sha256, probed.format),
        format: probed.format,
        byteSize: probed.byteSize,
        width: probed.width,
        height: probed.height,
        originalFilename: cleanText(input.filename)?.slice(0, 255) ?? null,
        embeddedCredit: probed.embeddedCredit as Record<string, string> | null,
      });
      if (!(await this.repo.insertUploadIfNew(tx, image))) {
        const same = (await this.repo.findByHash(probed.sha256, tx))!;
        return { id: same.id, url: this.imageUses.urlOf(same), created: false, changed: false };
      }
      // content-addressed: a file left by a rolled-back import is the same file a retry writes
      if (!(await this.storage.has(image.storageKey!))) await this.storage.put(image.storageKey!, input.bytes);
    } else {
      const url = input.url.trim();
      const problem = imageUrlProblem(url);
      if (problem)
        throw new DomainError('validation', ImageErrorCode.UrlInvalid, 'The image URL is not acceptable.', [{ field: 'url', code: ImageErrorCode.UrlInvalid, message: problem }]);
      Object.assign(image, { source: 'url', externalUrl: url });
      if (!(await this.repo.insertUrlIfNew(tx, image))) return { id: (await this.repo.findByExternalUrl(url, tx))!.id, url, created: false, changed: false };
    }
    if (credit) await this.repo.updateImage(tx, image.id, credit);
    await this.audit.record(tx, ctx, {
      action: image.source === 'upload' ? 'image.upload' : 'image.register_url',
      targetType: 'image',
      targetId: image.id,
      summary: { after: { source: image.source, via: 'wordpress-import' } },
    });
    return { id: image.id, url: this.imageUses.urlOf(image), created: true, changed: true };
  }

  /**
   * `saveImported` for many NEW images at once (the WordPress import's bulk path), in the
   * caller's transaction: the same checks, probing, content-hash and URL de-duplication
   * (within the set too: the first of two equal files is the image of both), credit parties
   * found or created by name in one go, one INSERT, one audit statement. A file the probe
   * cannot read is registered by its URL instead, and says so in `unreadable` (what the
   * importer reports). A refusal of any input refuses all (the caller goes one by one).
   */
  async saveImportedMany(
    tx: EntityManager,
    ctx: ActionContext | null,
    inputs: { bytes?: Buffer | null; filename?: string | null; url: string; altText: string | null; caption: string | null; credit: ImportedCredit | null }[],
  ): Promise<{ id: string; url: string; created: boolean; changed: boolean; unreadable: string | null }[]> {
    const now = this.clock.now();
    const names = new Map<string, { kind: 'person' | 'provider'; name: string }>();
    const partyName = (raw: string | null) => (raw ? normalizePartyName(raw).slice(0, 200) : '');
    for (const i of inputs) {
      for (const [kind, raw] of [
        ['person', i.credit?.photographer ?? null],
        ['provider', i.credit?.provider ?? null],
      ] as const) {
        const name = partyName(raw);
        if (name) names.set(`${kind}\u0000${name}`, { kind, name });
      }
    }
    const parties = await this.repo.partiesByName(tx, [...names.values()], () => newId());
    const partyOf = (kind: string, raw: string | null) => {
      const name = partyName(raw);
      return name ? (parties.get(`${kind}\u0000${name}`) ?? null) : null;
    };
    const prepared: { image: ImageEntity; bytes: Buffer | null; unreadable: string | null; key: string }[] = [];
    for (const input of inputs) {
      const texts = checkTexts({ altText: input.altText, caption: input.caption });
      let credit: Partial<ImageEntity> = {};
      if (input.credit) {
        const photographer = partyOf('person', input.credit.photographer);
        const provider = partyOf('provider', input.credit.provider);
        const form = input.credit.form === 'via' && provider && photographer ? 'via' : 'standard';
        credit = { creditPhotographerId: photographer, creditAgencyId: null, creditProviderId: provider, creditUrl: null, creditForm: form, creditLabel: 'image' };
      }
      const image: ImageEntity = {
        ...blankImage(),
        id: newId(),
        altText: texts.altText ?? null,
        caption: texts.caption ?? null,
        ...credit,
        uploadedBy: ctx?.actor.accountId ?? null,
        createdAt: now,
        updatedAt: now,
      };
      let unreadable: string | null = null;
      let bytes = input.bytes ?? null;
      if (bytes) {
        try {
          const probed = await probeImage(bytes, this.config.images.maxBytes);
          Object.assign(image, {
            source: 'upload',
            contentHash: probed.sha256,
            storageKey: storageKeyFor(probed.sha256, probed.format),
            format: probed.format,
            byteSize: probed.byteSize,
            width: probed.width,
            height: probed.height,
            originalFilename: cleanText(input.filename)?.slice(0, 255) ?? null,
            embeddedCredit: probed.embeddedCredit as Record<string, string> | null,
          });
        } catch (e) {
          if (!isDomainError(e)) throw e;
          unreadable = e.message;
          bytes = null;
        }
      }
      if (!bytes) {
        const url = input.url.trim();
        const problem = imageUrlProblem(url);
        if (problem)
          throw new DomainError('validation', ImageErrorCode.UrlInvalid, 'The image URL is not acceptable.', [{ field: 'url', code: ImageErrorCode.UrlInvalid, message: problem }]);
        Object.assign(image, { source: 'url', externalUrl: url });
      }
      prepared.push({ image, bytes, unreadable, key: image.contentHash ? `h:${image.contentHash}` : `u:${image.externalUrl}` });
    }
    const known = await this.repo.findByHashesOrUrls(
      tx,
      prepared.flatMap((p) => (p.image.contentHash ? [p.image.contentHash] : [])),
      prepared.flatMap((p) => (p.image.externalUrl ? [p.image.externalUrl] : [])),
    );
    const byKey = new Map<string, ImageEntity>(known.map((i) => [i.contentHash ? `h:${i.contentHash}` : `u:${i.externalUrl}`, i]));
    const fresh: typeof prepared = [];
    const out = prepared.map((p) => {
      const same = byKey.get(p.key);
      if (same) return { id: same.id, url: this.imageUses.urlOf(same), created: false, changed: false, unreadable: p.unreadable };
      byKey.set(p.key, p.image);
      fresh.push(p);
      return { id: p.image.id, url: this.imageUses.urlOf(p.image), created: true, changed: true, unreadable: p.unreadable };
    });
    await this.repo.insertMany(
      tx,
      fresh.map((p) => p.image),
    );
    // content-addressed: a file left by a rolled-back import is the same file a retry writes
    for (const p of fresh) if (p.bytes && !(await this.storage.has(p.image.storageKey!))) await this.storage.put(p.image.storageKey!, p.bytes);
    await this.audit.recordMany(
      tx,
      ctx,
      fresh.map((p) => ({
        action: p.image.source === 'upload' ? 'image.upload' : 'image.register_url',
        targetType: 'image',
        targetId: p.image.id,
        summary: { after: { source: p.image.source, via: 'wordpress-import' } },
      })),
    );
    return out;
  }

  /** The credit columns for an imported credit text, its parties found or created by name. */
  private async importedCreditColumns(tx: EntityManager, c: ImportedCredit): Promise<Partial<ImageEntity>> {
    const party = async (kind: 'person' | 'provider', raw: string | null): Promise<string | null> => {
      const name = raw ? normalizePartyName(raw).slice(0, 200) : '';
      if (!name) return null;
      const found = await this.repo.findPartyByName(kind, name, tx);
      if (found) return found.id;
      const row: CreditPartyEntity = { id: newId(), kind, name, url: null, createdAt: this.clock.now(), updatedAt: this.clock.now() };
      await tx.query(`INSERT INTO credit_parties (id, kind, name, url) VALUES ($1, $2, $3, NULL) ON CONFLICT (kind, name) DO NOTHING`, [row.id, kind, name]);
      return (await this.repo.findPartyByName(kind, name, tx))!.id;
    };
    const photographer = await party('person', c.photographer);
    const provider = await party('provider', c.provider);
    const form = c.form === 'via' && provider && photographer ? 'via' : 'standard';
    return { creditPhotographerId: photographer, creditAgencyId: null, creditProviderId: provider, creditUrl: null, creditForm: form, creditLabel: 'image' };
  }

  // ---- internals

  private async loadEditable(tx: EntityManager, ctx: ActionContext, id: string): Promise<ImageEntity> {
    const image = await this.repo.findById(id, tx, true);
    if (!image) throw imageNotFound();
    // RULE: contributors edit the images they added; editors and admins (images.manage) any
    if (!roleGrants(ctx.actor.role, 'images.manage') && image.uploadedBy !== ctx.actor.accountId) {
      throw new DomainError('forbidden', ImageErrorCode.NotOwner, 'Only editors may change images someone else added.');
    }
    return image;
  }

  private async detailsOf(images: ImageEntity[], m?: EntityManager): Promise<ImageDetails[]> {
    // `m` may be a transaction (one connection): query one after the other
    const parties = await partiesOf(this.repo, images, m);
    const uses = await this.repo.usesOfImages(
      images.map((i) => i.id),
      m,
    );
    return images.map((image) => {
      const ref = (id: string | null): PartyRef | null => {
        const p = id ? parties.get(id) : undefined;
        return p ? { id: p.id, kind: p.kind as PartyKind, name: p.name, url: p.url } : null;
      };
      return {
        image,
        url: this.imageUses.urlOf(image),
        credit: {
          photographer: ref(image.creditPhotographerId),
          agency: ref(image.creditAgencyId),
          provider: ref(image.creditProviderId),
          url: image.creditUrl,
          form: image.creditForm as CreditForm,
          label: image.creditLabel as CreditLabel,
        },
        creditLine: formatCreditLine(creditParts(image, parties), 'top'),
        suggestedCredit: suggestCredit(image.embeddedCredit),
        uses: uses.filter((u) => u.imageId === image.id).map(usageOf),
      };
    });
  }
}

function blankImage(): ImageEntity {
  return {
    id: '',
    source: 'upload',
    contentHash: null,
    storageKey: null,
    externalUrl: null,
    format: null,
    byteSize: null,
    width: null,
    height: null,
    originalFilename: null,
    altText: null,
    caption: null,
    focalX: null,
    focalY: null,
    creditPhotographerId: null,
    creditAgencyId: null,
    creditProviderId: null,
    creditUrl: null,
    creditForm: 'standard',
    creditLabel: 'image',
    licenseLicensor: null,
    licenseTerms: null,
    licenseCanSyndicate: false,
    licenseMayDistribute: true,
    licenseExpiresAt: null,
    embeddedCredit: null,
    uploadedBy: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
  };
}

/** Trims alt text and caption (empty -> null) and checks their length; undefined stays undefined. */
function checkTexts(t: { altText?: string | null; caption?: string | null }): { altText?: string | null; caption?: string | null } {
  const out: { altText?: string | null; caption?: string | null } = {};
  const problems: ErrorDetail[] = [];
  if (t.altText !== undefined) {
    out.altText = cleanText(t.altText);
    if ((out.altText?.length ?? 0) > ALT_TEXT_MAX) problems.push({ field: 'altText', message: `at most ${ALT_TEXT_MAX} characters` });
  }
  if (t.caption !== undefined) {
    out.caption = cleanText(t.caption);
    if ((out.caption?.length ?? 0) > CAPTION_MAX) problems.push({ field: 'caption', message: `at most ${CAPTION_MAX} characters` });
  }
  if (problems.length) throw invalidImageField(problems);
  return out;
}

const creditColumns = (i: ImageEntity) => ({
  creditPhotographerId: i.creditPhotographerId,
  creditAgencyId: i.creditAgencyId,
  creditProviderId: i.creditProviderId,
  creditUrl: i.creditUrl,
  creditForm: i.creditForm,
  creditLabel: i.creditLabel,
});

const licenseColumns = (i: ImageEntity) => ({
  licenseLicensor: i.licenseLicensor,
  licenseTerms: i.licenseTerms,
  licenseCanSyndicate: i.licenseCanSyndicate,
  licenseMayDistribute: i.licenseMayDistribute,
  licenseExpiresAt: i.licenseExpiresAt?.toISOString() ?? null,
});

const usageOf = (u: UseRow): ImageUsage => ({
  usageType: u.usageType,
  usageId: u.usageId,
  role: u.role,
  position: u.position,
  captionOverride: u.captionOverride,
  creditOverride: u.creditOverride,
});

function pick(o: object, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (o as Record<string, unknown>)[k]]));
}

const roundFocal = (v: number): number => Math.round(v * 10_000) / 10_000;
