import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Transactions } from '#libs/database';
import { AuditLog, type ActionContext } from '#libs/identity';
import { ImageUses, type ImageUseView } from '#libs/image-credits';
import { Clock, DomainError } from '#libs/kernel';
import { NewsletterSignupsService } from '#libs/newsletter-signups';
import { Outbox } from '#libs/outbox';
import { TaxonomyService } from '#libs/taxonomy';
import { SiteSettingsErrorCode } from './site-settings.errors.js';
import { SITE_SETTINGS_CHANGED_TOPIC } from './site-settings.events.js';
import { SiteSettingsRepository } from './site-settings.repository.js';
import { DEFAULT_SITE_SETTINGS, boxForSection, validateSiteSettings, type MenuItem, type Problem, type SiteSettings, type SocialAccount } from './site-settings.rules.js';

/** The CDN Surrogate-Key of everything showing the settings. */
export const SITE_SETTINGS_KEY = 'site-settings';

export interface StoredSiteSettings {
  settings: SiteSettings;
  /** 0: never written (the defaults). */
  version: number;
  updatedAt: Date | null;
}

export interface PublicList {
  id: string;
  slug: string;
  name: string;
  description: string;
}

export interface PublicBox {
  heading: string;
  body: string;
  buttonLabel: string;
  lists: PublicList[];
}

/**
 * The newsletter boxes article pages show: the box of a section (its own copy and lists, else
 * the default's), the lists open for sign-up resolved; the consent text a signup sends back.
 */
export interface PageBoxes {
  boxFor(sectionId: string | null): PublicBox;
  consentText: { id: string; text: string } | null;
}

/** The settings as front-ends see them: ids resolved to what a page shows. */
export interface PublicSiteSettings {
  title: string;
  description: string;
  logo: Pick<ImageUseView, 'url' | 'width' | 'height' | 'alt' | 'renditions' | 'crops'> | null;
  socialAccounts: SocialAccount[];
  preferredSource: { label: string; url: string } | null;
  menus: { primary: MenuItem[]; footer: MenuItem[] };
  newsletterBox: PublicBox;
  sectionBoxes: (PublicBox & { section: { id: string; slug: string; name: string } })[];
  updatedAt: string | null;
}

const invalid = (problems: Problem[]) => new DomainError('validation', SiteSettingsErrorCode.Invalid, 'The site settings are not valid.', problems);

@Injectable()
export class SiteSettingsService {
  constructor(
    private readonly repo: SiteSettingsRepository,
    private readonly tx: Transactions,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly images: ImageUses,
    private readonly taxonomy: TaxonomyService,
    private readonly newsletter: NewsletterSignupsService,
    private readonly clock: Clock,
  ) {}

  async current(m?: EntityManager): Promise<StoredSiteSettings> {
    const row = await this.repo.find(m);
    if (!row) return { settings: DEFAULT_SITE_SETTINGS, version: 0, updatedAt: null };
    return { settings: row.data as unknown as SiteSettings, version: row.version, updatedAt: row.updatedAt };
  }

  /**
   * Replaces the whole document, based on version `basedOn` (If-Match): checked whole (shape,
   * then every image, list and section it names), written with the next version, audited, and
   * announced (outbox `site_settings.changed`) in one transaction.
   */
  async replace(ctx: ActionContext, input: unknown, basedOn: number): Promise<StoredSiteSettings> {
    const checked = validateSiteSettings(input);
    if (!checked.value) throw invalid(checked.problems);
    const next = checked.value;
    await this.assertReferencesExist(next);
    return this.tx.run(async (tx) => {
      const current = await this.repo.findForUpdate(tx);
      const version = current?.version ?? 0;
      if (version !== basedOn) throw versionConflict(version);
      if (next.logoImageId) await this.images.requireImage(tx, next.logoImageId, 'logoImageId');
      const now = this.clock.now();
      const written = await this.repo.write(tx, { version: version + 1, data: next as unknown as Record<string, unknown>, updatedAt: now, updatedBy: ctx.actor.accountId });
      if (!written) throw versionConflict(version);
      await this.audit.record(tx, ctx, { action: 'site_settings.update', targetType: 'site_settings', targetId: null, summary: { version: version + 1 } });
      await this.outbox.emit(tx, SITE_SETTINGS_CHANGED_TOPIC, { version: version + 1 });
      return { settings: next, version: version + 1, updatedAt: now };
    });
  }

  private async assertReferencesExist(s: SiteSettings): Promise<void> {
    const [offer, sections] = await Promise.all([this.newsletter.offer(), this.taxonomy.listSections()]);
    const open = new Set(offer.lists.map((l) => l.id));
    const known = new Set(sections.map((x) => x.id));
    const problems: Problem[] = [];
    s.newsletterBox.listIds.forEach(
      (id, i) => open.has(id) || problems.push({ field: `newsletterBox.listIds.${i}`, code: 'NEWSLETTER_LIST_UNKNOWN', message: 'no open newsletter list has this id' }),
    );
    s.sectionBoxes.forEach((b, i) => {
      if (!known.has(b.sectionId)) problems.push({ field: `sectionBoxes.${i}.sectionId`, code: 'SECTION_NOT_FOUND', message: 'no such section' });
      (b.listIds ?? []).forEach(
        (id, j) => open.has(id) || problems.push({ field: `sectionBoxes.${i}.listIds.${j}`, code: 'NEWSLETTER_LIST_UNKNOWN', message: 'no open newsletter list has this id' }),
      );
    });
    if (problems.length) throw invalid(problems);
  }

  /**
   * The publisher as structured data names it: the site's title and logo (its URL is the caller's).
   * Read on `m`, the caller's transaction: a publish asks this while holding a connection, and a
   * second connection per publish starves the pool when many run at once.
   */
  async publisher(m: EntityManager): Promise<{ name: string; logo: { url: string; width: number | null; height: number | null; alt: string | null } | null }> {
    const { settings: s } = await this.current(m);
    const logo = s.logoImageId ? await this.images.renderForUse(m, { imageId: s.logoImageId, role: 'inline' }) : null;
    return { name: s.title, logo: logo ? { url: logo.url, width: logo.width, height: logo.height, alt: logo.alt } : null };
  }

  /** The newsletter boxes of article pages, per section (see PageBoxes): a list closed since is left out. */
  async pageBoxes(): Promise<PageBoxes> {
    const [{ settings: s }, offer] = await Promise.all([this.current(), this.newsletter.offer()]);
    return { boxFor: boxesOf(s, offer.lists), consentText: offer.consentText ? { id: offer.consentText.id, text: offer.consentText.text } : null };
  }

  /** The settings as the content API serves them: logo, lists and sections resolved (a list closed since is left out). */
  async publicView(): Promise<PublicSiteSettings> {
    const { settings: s, updatedAt } = await this.current();
    const [offer, sections, logo] = await Promise.all([
      this.newsletter.offer(),
      this.taxonomy.listSections(),
      s.logoImageId ? this.images.renderForUse(this.tx.manager, { imageId: s.logoImageId, role: 'inline' }) : Promise.resolve(null),
    ]);
    const box = boxesOf(s, offer.lists);
    const byId = new Map(sections.map((x) => [x.id, x]));
    return {
      title: s.title,
      description: s.description,
      logo: logo ? { url: logo.url, width: logo.width, height: logo.height, alt: logo.alt, renditions: logo.renditions, crops: logo.crops } : null,
      socialAccounts: s.socialAccounts,
      preferredSource: s.preferredSource,
      menus: s.menus,
      newsletterBox: box(null),
      sectionBoxes: s.sectionBoxes.flatMap((b) => {
        const sec = byId.get(b.sectionId);
        return sec ? [{ section: { id: sec.id, slug: sec.slug, name: sec.name }, ...box(sec.id) }] : [];
      }),
      updatedAt: updatedAt?.toISOString() ?? null,
    };
  }
}

/** A box per section from the settings and the lists open now (a list closed since drops out). */
function boxesOf(s: SiteSettings, open: { id: string; slug: string; name: string; description: string | null }[]): (sectionId: string | null) => PublicBox {
  const lists = new Map(open.map((l) => [l.id, { id: l.id, slug: l.slug, name: l.name, description: l.description ?? '' }]));
  return (sectionId) => {
    const b = boxForSection(s, sectionId);
    const offered = b.listIds.length ? b.listIds.map((id) => lists.get(id)).filter((l): l is PublicList => !!l) : [...lists.values()];
    return { heading: b.heading, body: b.body, buttonLabel: b.buttonLabel, lists: offered };
  };
}

const versionConflict = (current: number) =>
  new DomainError('precondition_failed', SiteSettingsErrorCode.VersionConflict, 'The settings changed since you read them: read them again.', [
    { field: 'If-Match', message: `the current version is "s${current}"` },
  ]);
