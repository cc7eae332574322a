import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { Clock, DomainError, isUuid, newId, type ErrorDetail } from '#libs/kernel';
import { CreditPartyEntity, ImageEntity, ImageUseEntity } from './image.entity.js';
import { ImageErrorCode, imageNotFound, invalidImageField, topImageRefusal } from './image.errors.js';
import {
  CAPTION_MAX,
  captionForUse,
  cleanText,
  CREDIT_OVERRIDE_MAX,
  creditLineForUse,
  formatCreditLine,
  IMAGE_ROLES,
  topImageProblemOf,
  type PublicUse,
  USAGE_TYPES,
  type CreditForm,
  type CreditLabel,
  type CreditParts,
  type ImageRole,
  type UsageType,
  STORAGE_KEY_PATTERN,
} from './image.rules.js';
import { ImageRenditions } from './image-renditions.js';
import type { CropView, RenditionView } from './renditions.rules.js';
import { ImagesRepository, type UsageRef } from './images.repository.js';

export interface ImageUsage {
  usageType: string;
  usageId: string;
  role: string;
  position: number;
  captionOverride: string | null;
  creditOverride: string | null;
}

/** One image as a public page shows it (the read model stores this). */
export interface ImageUseView {
  id: string;
  role: ImageRole;
  url: string;
  width: number | null;
  height: number | null;
  format: string | null;
  alt: string | null;
  /** The use's caption override, else the image's default caption. */
  caption: string | null;
  /** The use's credit override, else the formatted credit line. */
  creditLine: string | null;
  creditUrl: string | null;
  focalPoint: { x: number; y: number } | null;
  license: { licensor: string | null; canSyndicate: boolean; expiresAt: string | null };
  /** Srcset-ready renditions of the whole image (uploads; none for images registered by URL). */
  renditions: RenditionView[];
  /** The image cropped around its focal point to each configured ratio. */
  crops: CropView[];
}

export type TopImageView = ImageUseView;

/** An image of the article body that is one of our uploads: `src` as the body's `<img>` names it. */
export type BodyImageView = ImageUseView & { src: string };

/** One use of an image, as the libs that place images (articles, teasers) declare it. */
export interface ImageUseInput {
  imageId: string;
  role: ImageRole;
  captionOverride?: string | null;
  creditOverride?: string | null;
}

/**
 * Which of an image's uses are on pages that are live or scheduled. The images lib does not
 * know article states; the publication lib registers this at start (usePublicUsesProbe).
 */
export type PublicUsesProbe = (tx: EntityManager, imageId: string, uses: readonly ImageUsage[]) => Promise<PublicUse[]>;

/**
 * What the other libs use of images (articles, publication, workflow, related stories,
 * contributors, site settings): check an image a field points at, the publish gate's top-image
 * rule, record where images are used, and render uses as public pages show them. Reads and the
 * `image_uses` table only; the lifecycle of an image itself (upload, edit, credit, licence,
 * delete) is `ImagesService`, for the admin surface.
 */
@Injectable()
export class ImageUses {
  constructor(
    private readonly repo: ImagesRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly renditions: ImageRenditions,
  ) {}

  private publicUses: PublicUsesProbe = async () => [];

  /** Registers who answers "which uses are live or scheduled" (the publication lib). */
  usePublicUsesProbe(probe: PublicUsesProbe): void {
    this.publicUses = probe;
  }

  /** Which of `uses` are on live or scheduled pages (the registered probe; none without one). */
  publicUsesOf(tx: EntityManager, imageId: string, uses: readonly ImageUsage[]): Promise<PublicUse[]> {
    return this.publicUses(tx, imageId, uses);
  }

  /** The image an article points at; unknown -> 400 IMAGE_NOT_FOUND on `field`. */
  async requireImage(tx: EntityManager, id: string, field = 'topImageId'): Promise<ImageEntity> {
    const image = isUuid(id) ? await this.repo.findById(id.toLowerCase(), tx) : null;
    if (!image) {
      throw new DomainError('validation', ImageErrorCode.NotFound, 'No such image.', [{ field, code: ImageErrorCode.NotFound, message: 'no such image', id }]);
    }
    return image;
  }

  /**
   * RULE (publish gate): a top image must exist and pass `topImageProblemOf` (credit or the
   * use's credit override, alt text, a licence valid at `asOf` that allows distribution).
   * Returns the code naming the first problem, or null.
   */
  async topImageProblem(tx: EntityManager, imageId: string, use: { creditOverride?: string | null } = {}, asOf: Date = this.clock.now()): Promise<string | null> {
    // share-locked: a concurrent removal of its credit or alt text waits for this publish and
    // then sees it live (and refuses), or this publish waits and sees the removal
    const image = isUuid(imageId) ? await this.repo.findById(imageId.toLowerCase(), tx, tx.queryRunner?.isTransactionActive ? 'share' : false) : null;
    if (!image) return ImageErrorCode.NotFound;
    // the credit line only: not detailsOf, which loads every use (thousands for a stock photo)
    const creditLine = formatCreditLine(creditParts(image, await partiesOf(this.repo, [image], tx)), 'top');
    return topImageProblemOf(
      { creditLine, creditOverride: use.creditOverride, altText: image.altText, licenseExpiresAt: image.licenseExpiresAt, licenseMayDistribute: image.licenseMayDistribute },
      asOf,
    );
  }

  /** Throws 404 IMAGE_NOT_FOUND, or 409 with the code of `topImageProblem`, naming the image. */
  async assertUsableAsTopImage(tx: EntityManager, imageId: string, use: { creditOverride?: string | null } = {}): Promise<void> {
    const problem = await this.topImageProblem(tx, imageId, use);
    if (problem === ImageErrorCode.NotFound) throw imageNotFound();
    if (problem) throw topImageRefusal(problem, imageId);
  }

  /**
   * Replaces the uses of one usage (an article, a teaser) with `uses`, in order, in the
   * caller's transaction. This table is the where-used list and the audience of
   * `image.changed`. Unknown image ids -> 400 IMAGE_NOT_FOUND naming `uses[i].imageId`.
   */
  async setUses(tx: EntityManager, usage: { usageType: UsageType; usageId: string; uses: ImageUseInput[] }): Promise<void> {
    await this.setUsesMany(tx, [usage]);
  }

  /**
   * `setUses` for many usages in one go (the WordPress import's bulk path): the same checks,
   * one look-up of the images, one DELETE and one INSERT. A problem in any usage refuses all.
   */
  async setUsesMany(tx: EntityManager, usages: { usageType: UsageType; usageId: string; uses: ImageUseInput[] }[]): Promise<void> {
    const problems: ErrorDetail[] = [];
    for (const usage of usages) {
      if (!(USAGE_TYPES as readonly string[]).includes(usage.usageType)) problems.push({ field: 'usageType', message: `one of ${USAGE_TYPES.join(', ')}` });
      if (!isUuid(usage.usageId)) problems.push({ field: 'usageId', message: 'must be a UUID' });
      usage.uses.forEach((u, i) => {
        if (!(IMAGE_ROLES as readonly string[]).includes(u.role)) problems.push({ field: `uses[${i}].role`, message: `one of ${IMAGE_ROLES.join(', ')}` });
        if ((cleanText(u.captionOverride)?.length ?? 0) > CAPTION_MAX) problems.push({ field: `uses[${i}].captionOverride`, message: `at most ${CAPTION_MAX} characters` });
        if ((cleanText(u.creditOverride)?.length ?? 0) > CREDIT_OVERRIDE_MAX)
          problems.push({ field: `uses[${i}].creditOverride`, message: `at most ${CREDIT_OVERRIDE_MAX} characters` });
      });
      if (usage.uses.filter((u) => u.role === 'top').length > 1) problems.push({ field: 'uses', message: 'at most one top image' });
    }
    if (problems.length) throw invalidImageField(problems);
    const ids = [...new Set(usages.flatMap((usage) => usage.uses.map((u) => u.imageId.toLowerCase())))];
    const known = new Set(
      (
        await this.repo.findByIds(
          ids.filter((id) => isUuid(id)),
          tx,
        )
      ).map((i) => i.id),
    );
    const missing = usages.flatMap((usage) => usage.uses.map((u, i) => ({ u, i })).filter(({ u }) => !known.has(u.imageId.toLowerCase())));
    if (missing.length) {
      throw new DomainError(
        'validation',
        ImageErrorCode.NotFound,
        'No such image.',
        missing.map(({ u, i }) => ({ field: `uses[${i}].imageId`, code: ImageErrorCode.NotFound, message: 'no such image', id: u.imageId })),
      );
    }
    const now = this.clock.now();
    const rows: ImageUseEntity[] = usages.flatMap((usage) =>
      usage.uses.map((u, position) => ({
        id: newId(),
        imageId: u.imageId.toLowerCase(),
        usageType: usage.usageType,
        usageId: usage.usageId.toLowerCase(),
        role: u.role,
        position,
        captionOverride: cleanText(u.captionOverride),
        creditOverride: cleanText(u.creditOverride),
        createdAt: now,
      })),
    );
    if (usages.length === 1) await this.repo.replaceUses(tx, { usageType: usages[0]!.usageType, usageId: usages[0]!.usageId.toLowerCase() }, rows);
    else
      await this.repo.replaceUsesMany(
        tx,
        usages.map((u) => ({ usageType: u.usageType, usageId: u.usageId.toLowerCase() })),
        rows,
      );
  }

  /** One use of an image as a public page shows it; null if the image does not exist. */
  async renderForUse(m: EntityManager, use: ImageUseInput): Promise<ImageUseView | null> {
    return (await this.renderMany(m, [use]))[0] ?? null;
  }

  /** The lead's shorthand for a top image: `caption`/`credit` are the per-use overrides. */
  topImageView(m: EntityManager, imageId: string, overrides: { caption?: string | null; credit?: string | null } = {}): Promise<TopImageView | null> {
    return this.renderForUse(m, { imageId, role: 'top', captionOverride: overrides.caption, creditOverride: overrides.credit });
  }

  /** Every recorded use of one usage (article, teaser), rendered, in order. */
  async renderForUsage(m: EntityManager, ref: UsageRef): Promise<ImageUseView[]> {
    const rows = await this.repo.usesOfUsage(ref, m);
    return (
      await this.renderMany(
        m,
        rows.map((r) => ({ imageId: r.imageId, role: r.role as ImageRole, captionOverride: r.captionOverride, creditOverride: r.creditOverride })),
      )
    ).filter((v): v is ImageUseView => v !== null);
  }

  /**
   * The uploads the body's `<img>` elements show (their `src` is this api's URL of a stored file),
   * in body order, each once, with renditions: a front-end swaps each `<img src>` for a `<picture>`.
   * Images from elsewhere are left out. No query when the body shows none of ours.
   */
  async bodyImages(m: EntityManager, bodyHtml: string): Promise<BodyImageView[]> {
    const prefix = `${this.config.images.baseUrl}/`;
    const byKey = new Map<string, string>();
    for (const match of bodyHtml.matchAll(/<img\b[^>]*?\ssrc="([^"]*)"/gi)) {
      const src = match[1]!;
      const key = src.startsWith(prefix) ? src.slice(prefix.length) : null;
      if (key && STORAGE_KEY_PATTERN.test(key) && !byKey.has(key)) byKey.set(key, src);
    }
    if (!byKey.size) return [];
    const images = await this.repo.findByStorageKeys([...byKey.keys()], m);
    const idOf = new Map(images.map((i) => [i.storageKey!, i.id]));
    const found = [...byKey.entries()].filter(([key]) => idOf.has(key));
    const views = await this.renderMany(
      m,
      found.map(([key]) => ({ imageId: idOf.get(key)!, role: 'inline' as const })),
    );
    return found.flatMap(([, src], i) => (views[i] ? [{ src, ...views[i] }] : []));
  }

  /** Renders uses in order; an unknown image gives null at its place. */
  async renderMany(m: EntityManager, uses: ImageUseInput[]): Promise<(ImageUseView | null)[]> {
    const ids = [...new Set(uses.map((u) => u.imageId.toLowerCase()).filter((id) => isUuid(id)))];
    const images = new Map((await this.repo.findByIds(ids, m)).map((i) => [i.id, i]));
    const parties = await partiesOf(this.repo, [...images.values()], m);
    return uses.map((use) => {
      const image = images.get(use.imageId.toLowerCase());
      if (!image) return null;
      const parts = creditParts(image, parties);
      return {
        id: image.id,
        role: use.role,
        url: this.urlOf(image),
        width: image.width,
        height: image.height,
        format: image.format,
        alt: cleanText(image.altText),
        caption: captionForUse(image.caption, use.captionOverride),
        creditLine: creditLineForUse(parts, use.role, use.creditOverride),
        creditUrl: image.creditUrl,
        focalPoint: image.focalX !== null && image.focalY !== null ? { x: image.focalX, y: image.focalY } : null,
        license: { licensor: image.licenseLicensor, canSyndicate: image.licenseCanSyndicate, expiresAt: image.licenseExpiresAt?.toISOString() ?? null },
        ...this.renditions.viewsOf({
          storageKey: image.storageKey,
          format: image.format,
          width: image.width,
          height: image.height,
          focalPoint: image.focalX !== null && image.focalY !== null ? { x: image.focalX, y: image.focalY } : null,
        }),
      };
    });
  }

  /** Public URL of an image's file. */
  urlOf(image: ImageEntity): string {
    return image.source === 'upload' ? `${this.config.images.baseUrl}/${image.storageKey}` : image.externalUrl!;
  }
}

/** The credit parties `images` name, by id (lib-internal). */
export async function partiesOf(repo: ImagesRepository, images: ImageEntity[], m?: EntityManager): Promise<Map<string, CreditPartyEntity>> {
  const ids = [...new Set(images.flatMap((i) => [i.creditPhotographerId, i.creditAgencyId, i.creditProviderId]).filter((x): x is string => !!x))];
  return new Map((await repo.findPartiesByIds(ids, m)).map((p) => [p.id, p]));
}

/** The names a credit line is formatted from (lib-internal). */
export function creditParts(image: ImageEntity, parties: Map<string, CreditPartyEntity>): CreditParts {
  const name = (id: string | null) => (id ? (parties.get(id)?.name ?? null) : null);
  return {
    photographer: name(image.creditPhotographerId),
    agency: name(image.creditAgencyId),
    provider: name(image.creditProviderId),
    form: image.creditForm as CreditForm,
    label: image.creditLabel as CreditLabel,
  };
}
