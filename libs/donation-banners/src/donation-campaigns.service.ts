import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Transactions, pgConstraint, pgErrorCode } from '#libs/database';
import { AuditLog, type ActionContext } from '#libs/identity';
import { Jobs } from '#libs/jobs';
import { Outbox } from '#libs/outbox';
import { Clock, DomainError, clampLimit, decodeCursor, newId, parseCalendarDay, plainText, serializedUrl, type Page } from '#libs/kernel';
import { BannerBylineSource } from './article-context.js';
import { DONATION_BANNERS_CHANGED_TOPIC } from './donation-banners.events.js';
import { CampaignSnapshot } from './campaign-snapshot.js';
import { DonationCampaignEntity, DonationCampaignVariantEntity } from './donation-banners.entity.js';
import { BannerErrorCode, campaignEnded, campaignInvalid, campaignNotFound, variantInvalid, variantNotFound } from './donation-banners.errors.js';
import { DonationBannersRepository, frequencyOf, targetingOf, type CountTotals } from './donation-banners.repository.js';
import { dayOf } from './banner-events.rules.js';
import { campaignProblems, effectiveStatus, nextStatus, normalizeTargeting, sanitizeBannerHtml, variantProblems, type CampaignFields } from './campaign.rules.js';
import { DEFAULT_FREQUENCY, type CampaignAction, type CampaignStatus, type FrequencyRules, type Placement, type Targeting } from './donation-banners.rules.js';
import { attributeToBylines, wilsonInterval } from './reports.rules.js';

/** The pg-boss queue that stores "ended" once a campaign's end passes. */
export const END_DUE_QUEUE = 'donation-campaigns.end-due';

export interface CampaignInput {
  name: string;
  startsAt: Date | null;
  endsAt: Date | null;
  placement: Placement;
  paragraph: number | null;
  priority: number;
  targeting: Partial<Targeting>;
  frequency: Partial<FrequencyRules>;
}

/** Fields left undefined are kept; `targeting` and `frequency` are replaced whole when given. */
export type CampaignPatch = Partial<CampaignInput>;

export interface VariantInput {
  name: string;
  weight: number;
  headline: string;
  bodyHtml: string;
  ctaLabel: string;
  ctaUrl: string;
}

export type VariantPatch = Partial<VariantInput>;

export interface CampaignView {
  campaign: DonationCampaignEntity;
  /** The effective status: an active or paused campaign past its end reads "ended". */
  status: CampaignStatus;
  variants: DonationCampaignVariantEntity[];
}

export interface RateWithInterval {
  rate: number;
  low: number;
  high: number;
}

export interface VariantReport extends CountTotals {
  variantId: string;
  name: string;
  weight: number;
  /** Clicks / impressions with its Wilson 95 % interval; null without impressions. */
  ctr: RateWithInterval | null;
}

export interface CampaignReport {
  campaignId: string;
  from: string;
  to: string;
  totals: CountTotals & { ctr: RateWithInterval | null };
  variants: VariantReport[];
  articles: (CountTotals & { articleId: string | null })[];
  contributors: (CountTotals & { contributorId: string; name: string })[];
  /** Per UTC day, with the day's CTR (Wilson 95 %; null on a day without impressions). */
  days: (CountTotals & { day: string; ctr: RateWithInterval | null })[];
  /** Per variant and UTC day (days with any event only), with that day's CTR. */
  variantDays: (CountTotals & { variantId: string; day: string; ctr: RateWithInterval | null })[];
}

const ARTICLE_ROWS = 100;

const fieldsOf = (c: DonationCampaignEntity): CampaignFields => ({
  name: c.name,
  startsAt: c.startsAt,
  endsAt: c.endsAt,
  placement: c.placement as Placement,
  paragraph: c.paragraph,
  priority: c.priority,
  targeting: targetingOf(c),
  frequency: frequencyOf(c),
});

/** What an audit entry keeps of a campaign (ids lists as counts: the entry stays small). */
const auditOf = (c: DonationCampaignEntity) => ({
  name: c.name,
  status: c.status,
  startsAt: c.startsAt?.toISOString() ?? null,
  endsAt: c.endsAt?.toISOString() ?? null,
  placement: c.placement,
  paragraph: c.paragraph,
  priority: c.priority,
  targeting: targetingOf(c),
  frequency: frequencyOf(c),
});

const variantAuditOf = (v: DonationCampaignVariantEntity) => ({
  campaignId: v.campaignId,
  name: v.name,
  weight: v.weight,
  headline: v.headline,
  ctaLabel: v.ctaLabel,
  ctaUrl: v.ctaUrl,
});

/** The effective status of a stored campaign at `now`. */
export const statusOf = (c: DonationCampaignEntity, now: Date): CampaignStatus => effectiveStatus({ status: c.status as CampaignStatus, endsAt: c.endsAt }, now);

const ctrOf = (t: CountTotals) => wilsonInterval(t.clicks, t.impressions);

/** Campaigns and variants for the admin: CRUD, actions, the end-of-window sweep, reports. */
@Injectable()
export class DonationCampaignsService {
  private readonly log = new Logger('DonationCampaigns');

  constructor(
    private readonly repo: DonationBannersRepository,
    private readonly tx: Transactions,
    private readonly audit: AuditLog,
    private readonly jobs: Jobs,
    private readonly clock: Clock,
    private readonly snapshot: CampaignSnapshot,
    private readonly outbox: Outbox,
    private readonly bylines: BannerBylineSource,
  ) {}

  /** RULE: every change that can alter a banner purges the pages carrying banners (outbox, after commit). */
  private bannersChanged(tx: EntityManager, campaignId: string): Promise<unknown> {
    return this.outbox.emit(tx, DONATION_BANNERS_CHANGED_TOPIC, { campaignId });
  }

  async create(ctx: ActionContext, input: CampaignInput): Promise<CampaignView> {
    const now = this.clock.now();
    const fields = this.withDefaults(input);
    const problems = campaignProblems(fields);
    if (problems.length) throw campaignInvalid(problems);
    const campaign = this.apply({ id: newId(), status: 'draft', createdAt: now, updatedAt: now, activatedAt: null, endedAt: null } as DonationCampaignEntity, fields);
    await this.tx.run(async (tx) => {
      await this.repo.insertCampaign(tx, campaign);
      await this.audit.record(tx, ctx, { action: 'donation_campaign.create', targetType: 'donation_campaign', targetId: campaign.id, summary: { after: auditOf(campaign) } });
    });
    return { campaign, status: 'draft', variants: [] };
  }

  async get(id: string): Promise<CampaignView> {
    const campaign = await this.repo.findCampaign(id);
    if (!campaign) throw campaignNotFound();
    return this.view(campaign);
  }

  async list(query: { limit?: number; cursor?: string; status?: CampaignStatus }): Promise<Page<CampaignView>> {
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    const now = this.clock.now();
    const page = await this.repo.listCampaigns(clampLimit(query.limit), after, query.status ?? null, now);
    const variants = await this.repo.variantsOf(page.items.map((c) => c.id));
    return { items: page.items.map((c) => ({ campaign: c, status: statusOf(c, now), variants: variants.get(c.id) ?? [] })), nextCursor: page.nextCursor };
  }

  async update(ctx: ActionContext, id: string, patch: CampaignPatch): Promise<CampaignView> {
    const view = await this.tx.run(async (tx) => {
      const campaign = await this.lockEditable(tx, id);
      const before = auditOf(campaign);
      const current = fieldsOf(campaign);
      const placement = patch.placement ?? current.placement;
      const fields: CampaignFields = {
        name: patch.name !== undefined ? plainText(patch.name) : current.name,
        startsAt: patch.startsAt !== undefined ? patch.startsAt : current.startsAt,
        endsAt: patch.endsAt !== undefined ? patch.endsAt : current.endsAt,
        placement,
        // moving away from inline drops the paragraph unless one is given
        paragraph: patch.paragraph !== undefined ? patch.paragraph : placement === 'inline_after_paragraph' ? current.paragraph : null,
        priority: patch.priority ?? current.priority,
        targeting: patch.targeting ? normalizeTargeting(patch.targeting) : current.targeting,
        frequency: patch.frequency ? { ...DEFAULT_FREQUENCY, ...patch.frequency } : current.frequency,
      };
      const problems = campaignProblems(fields);
      if (problems.length) throw campaignInvalid(problems);
      this.apply(campaign, fields);
      campaign.updatedAt = this.clock.now();
      await this.repo.saveCampaign(tx, campaign);
      if (patch.endsAt !== undefined) await this.scheduleEnd(tx, campaign);
      await this.audit.record(tx, ctx, { action: 'donation_campaign.update', targetType: 'donation_campaign', targetId: id, summary: { before, after: auditOf(campaign) } });
      await this.bannersChanged(tx, id);
      return this.view(campaign, tx);
    });
    this.snapshot.invalidate();
    return view;
  }

  /** RULE: only a campaign that never ran can be deleted (its numbers would go with it); end it instead. */
  async remove(ctx: ActionContext, id: string): Promise<void> {
    await this.tx.run(async (tx) => {
      const campaign = await this.repo.findCampaign(id, tx, true);
      if (!campaign) throw campaignNotFound();
      if (campaign.activatedAt) {
        throw new DomainError('conflict', BannerErrorCode.CampaignNotDraft, 'A campaign that has run cannot be deleted; end it instead.');
      }
      await this.repo.deleteCampaign(tx, id);
      await this.audit.record(tx, ctx, { action: 'donation_campaign.delete', targetType: 'donation_campaign', targetId: id, summary: { before: auditOf(campaign) } });
    });
    this.snapshot.invalidate();
  }

  /** activate | pause | resume | end: the only way the status moves. */
  async transition(ctx: ActionContext, id: string, action: CampaignAction): Promise<CampaignView> {
    const view = await this.tx.run(async (tx) => {
      const campaign = await this.repo.findCampaign(id, tx, true);
      if (!campaign) throw campaignNotFound();
      const now = this.clock.now();
      const variants = (await this.repo.variantsOf([id], tx)).get(id) ?? [];
      const from = statusOf(campaign, now);
      const to = nextStatus(from, action, { liveVariants: variants.filter((v) => v.weight > 0).length, endsAt: campaign.endsAt, now });
      campaign.status = to;
      campaign.updatedAt = now;
      if (action === 'activate') campaign.activatedAt = now;
      if (to === 'ended') campaign.endedAt = now;
      await this.repo.saveCampaign(tx, campaign);
      if (to === 'active') await this.scheduleEnd(tx, campaign);
      await this.audit.record(tx, ctx, {
        action: `donation_campaign.${action}`,
        targetType: 'donation_campaign',
        targetId: id,
        summary: { before: { status: from }, after: { status: to } },
      });
      await this.bannersChanged(tx, id);
      return { campaign, status: to, variants };
    });
    this.snapshot.invalidate();
    return view;
  }

  /**
   * The sweep: stores "ended" for campaigns whose end passed (all, or one). Choice never waits
   * for it; it keeps lists, filters and audit honest. Idempotent.
   */
  async endDue(campaignId?: string): Promise<number> {
    const ended = await this.tx.run(async (tx) => {
      const rows = await this.repo.endDue(tx, this.clock.now(), campaignId);
      for (const r of rows) {
        await this.audit.record(tx, null, {
          action: 'donation_campaign.end',
          targetType: 'donation_campaign',
          targetId: r.id,
          summary: { before: { status: r.status }, after: { status: 'ended' }, reason: 'end of run window' },
        });
        await this.bannersChanged(tx, r.id);
      }
      return rows.length;
    });
    if (ended) {
      this.snapshot.invalidate();
      this.log.log({ ended, campaignId }, 'donation campaigns ended by their run window');
    }
    return ended;
  }

  // --- variants ---------------------------------------------------------------------------------

  async addVariant(ctx: ActionContext, campaignId: string, input: VariantInput): Promise<DonationCampaignVariantEntity> {
    const now = this.clock.now();
    const variant: DonationCampaignVariantEntity = {
      id: newId(),
      campaignId,
      ...this.cleanVariant(input),
      createdAt: now,
      updatedAt: now,
    };
    await this.tx.run(async (tx) => {
      await this.lockEditable(tx, campaignId);
      await this.guardName(() => this.repo.insertVariant(tx, variant));
      await this.audit.record(tx, ctx, {
        action: 'donation_campaign.variant_create',
        targetType: 'donation_campaign_variant',
        targetId: variant.id,
        summary: { after: variantAuditOf(variant) },
      });
      await this.bannersChanged(tx, campaignId);
    });
    this.snapshot.invalidate();
    return variant;
  }

  async updateVariant(ctx: ActionContext, campaignId: string, variantId: string, patch: VariantPatch): Promise<DonationCampaignVariantEntity> {
    const variant = await this.tx.run(async (tx) => {
      await this.lockEditable(tx, campaignId);
      const v = await this.repo.findVariant(campaignId, variantId, tx);
      if (!v) throw variantNotFound();
      const before = variantAuditOf(v);
      Object.assign(
        v,
        this.cleanVariant({
          name: patch.name ?? v.name,
          weight: patch.weight ?? v.weight,
          headline: patch.headline ?? v.headline,
          bodyHtml: patch.bodyHtml ?? v.bodyHtml,
          ctaLabel: patch.ctaLabel ?? v.ctaLabel,
          ctaUrl: patch.ctaUrl ?? v.ctaUrl,
        }),
      );
      v.updatedAt = this.clock.now();
      await this.guardName(() => this.repo.saveVariant(tx, v));
      await this.audit.record(tx, ctx, {
        action: 'donation_campaign.variant_update',
        targetType: 'donation_campaign_variant',
        targetId: v.id,
        summary: { before, after: variantAuditOf(v) },
      });
      await this.bannersChanged(tx, campaignId);
      return v;
    });
    this.snapshot.invalidate();
    return variant;
  }

  /** RULE: variants of a campaign that has run keep their numbers: set weight 0 instead of deleting. */
  async removeVariant(ctx: ActionContext, campaignId: string, variantId: string): Promise<void> {
    await this.tx.run(async (tx) => {
      const campaign = await this.lockEditable(tx, campaignId);
      const v = await this.repo.findVariant(campaignId, variantId, tx);
      if (!v) throw variantNotFound();
      if (campaign.activatedAt) {
        throw new DomainError('conflict', BannerErrorCode.CampaignNotDraft, 'Variants of a campaign that has run cannot be deleted; set the weight to 0.');
      }
      await this.repo.deleteVariant(tx, variantId);
      await this.audit.record(tx, ctx, {
        action: 'donation_campaign.variant_delete',
        targetType: 'donation_campaign_variant',
        targetId: variantId,
        summary: { before: variantAuditOf(v) },
      });
      await this.bannersChanged(tx, campaignId);
    });
    this.snapshot.invalidate();
  }

  // --- reports ----------------------------------------------------------------------------------

  /** Impressions, clicks, CTR (Wilson 95 %), dismissals and conversions per variant, article and day. */
  async report(id: string, range: { from?: string; to?: string }): Promise<CampaignReport> {
    const campaign = await this.repo.findCampaign(id);
    if (!campaign) throw campaignNotFound();
    const from = range.from ?? dayOf(campaign.activatedAt ?? campaign.createdAt);
    const to = range.to ?? dayOf(this.clock.now());
    for (const [field, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (!parseCalendarDay(value)) {
        throw new DomainError('validation', BannerErrorCode.ReportRangeInvalid, 'The report range is not valid.', [
          { field, code: 'isDate', message: `${field} must be a YYYY-MM-DD date` },
        ]);
      }
    }
    if (from > to) {
      throw new DomainError('validation', BannerErrorCode.ReportRangeInvalid, 'The report range is not valid.', [
        { field: 'from', code: 'afterTo', message: 'from must not be after to' },
      ]);
    }
    const [rows, variants, perArticle] = await Promise.all([this.repo.report(id, from, to, ARTICLE_ROWS), this.repo.variantsOf([id]), this.repo.perArticle(id, from, to)]);
    const contributors = attributeToBylines(perArticle, await this.bylines.bylinesOf(perArticle.map((r) => r.articleId)), ARTICLE_ROWS);
    const counted = new Map(rows.byVariant.map((r) => [r.variantId, r]));
    const zero: CountTotals = { impressions: 0, clicks: 0, dismissals: 0, conversions: 0 };
    const variantReports = (variants.get(id) ?? []).map((v) => {
      const t = counted.get(v.id) ?? zero;
      const totals = { impressions: t.impressions, clicks: t.clicks, dismissals: t.dismissals, conversions: t.conversions };
      return { variantId: v.id, name: v.name, weight: v.weight, ...totals, ctr: ctrOf(totals) };
    });
    const totals = variantReports.reduce(
      (s, v) => ({ impressions: s.impressions + v.impressions, clicks: s.clicks + v.clicks, dismissals: s.dismissals + v.dismissals, conversions: s.conversions + v.conversions }),
      zero,
    );
    return {
      campaignId: id,
      from,
      to,
      totals: { ...totals, ctr: ctrOf(totals) },
      variants: variantReports,
      articles: rows.byArticle,
      contributors,
      days: rows.byDay.map((d) => ({ ...d, ctr: ctrOf(d) })),
      variantDays: rows.byVariantDay.map((d) => ({ ...d, ctr: ctrOf(d) })),
    };
  }

  // --- helpers ----------------------------------------------------------------------------------

  private withDefaults(input: CampaignInput): CampaignFields {
    return {
      name: plainText(input.name),
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      placement: input.placement,
      paragraph: input.paragraph,
      priority: input.priority,
      targeting: normalizeTargeting(input.targeting),
      frequency: { ...DEFAULT_FREQUENCY, ...input.frequency },
    };
  }

  private apply(c: DonationCampaignEntity, f: CampaignFields): DonationCampaignEntity {
    Object.assign(c, {
      name: f.name,
      startsAt: f.startsAt,
      endsAt: f.endsAt,
      placement: f.placement,
      paragraph: f.paragraph,
      priority: f.priority,
      ...f.targeting,
      ...f.frequency,
    });
    return c;
  }

  private cleanVariant(input: VariantInput): VariantInput {
    const v = {
      ...input,
      name: plainText(input.name),
      headline: plainText(input.headline),
      ctaLabel: plainText(input.ctaLabel),
      ctaUrl: serializedUrl(input.ctaUrl),
      bodyHtml: sanitizeBannerHtml(input.bodyHtml),
    };
    const problems = variantProblems(v);
    if (problems.length) throw variantInvalid(problems);
    return v;
  }

  /** Locks the campaign row for this transaction; an ended campaign is frozen. */
  private async lockEditable(tx: EntityManager, id: string): Promise<DonationCampaignEntity> {
    const campaign = await this.repo.findCampaign(id, tx, true);
    if (!campaign) throw campaignNotFound();
    if (statusOf(campaign, this.clock.now()) === 'ended') throw campaignEnded();
    return campaign;
  }

  private async guardName(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (e) {
      if (pgErrorCode(e) === '23505' && pgConstraint(e) === 'uq_donation_campaign_variants_campaign_id_name') {
        throw new DomainError('conflict', BannerErrorCode.VariantNameTaken, 'Another variant of this campaign has this name.', [
          { field: 'name', message: 'already used in this campaign' },
        ]);
      }
      throw e;
    }
  }

  /** Enqueues the sweep for the campaign's end (in the transaction; extra runs are no-ops). */
  private async scheduleEnd(tx: EntityManager, c: DonationCampaignEntity): Promise<void> {
    if (!c.endsAt || (c.status !== 'active' && c.status !== 'paused')) return;
    await this.jobs.send(END_DUE_QUEUE, { campaignId: c.id }, { startAfter: c.endsAt }, tx);
  }

  private async view(campaign: DonationCampaignEntity, tx?: EntityManager): Promise<CampaignView> {
    const variants = (await this.repo.variantsOf([campaign.id], tx)).get(campaign.id) ?? [];
    return { campaign, status: statusOf(campaign, this.clock.now()), variants };
  }
}
