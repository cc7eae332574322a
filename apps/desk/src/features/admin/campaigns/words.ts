import type { Schemas } from '../../../api/client';
import { formatWithUtc } from '../../../time';

export const BASE = '/desk/admin/campaigns';

export type Campaign = Schemas['CampaignResponse'];
export type Variant = Schemas['VariantResponse'];
export type Placement = Campaign['placement'];
export type CampaignStatus = Campaign['status'];
export type RejectReason = Schemas['RejectedCampaignResponse']['reasons'][number];
export type CampaignAction = Schemas['CampaignTransitionRequest']['action'];
export type Targeting = Schemas['TargetingResponse'];

export const STATUSES: CampaignStatus[] = ['draft', 'active', 'paused', 'ended'];
export const PLACEMENTS: Placement[] = ['after_body', 'inline_after_paragraph', 'top_bar', 'overlay'];

export const PLACEMENT_WORDS: Record<Placement, string> = {
  after_body: 'After the body',
  inline_after_paragraph: 'Inside the body, after a paragraph',
  top_bar: 'Bar at the top of the page',
  overlay: 'Overlay over the page',
};

export const placementText = (p: Placement, paragraph: number | null): string =>
  p === 'inline_after_paragraph' && paragraph ? `After paragraph ${paragraph}` : PLACEMENT_WORDS[p];

/** RULE (the API's state machine, libs/donation-banners campaign.rules.ts): which actions each status allows. */
export const ACTIONS_FROM: Record<CampaignStatus, CampaignAction[]> = {
  draft: ['activate'],
  active: ['pause', 'end'],
  paused: ['resume', 'end'],
  ended: [],
};

export const ACTION_WORDS: Record<CampaignAction, { label: string; what: string }> = {
  activate: { label: 'Activate', what: 'Readers start seeing it on the articles it targets (from its start, if one is set).' },
  pause: { label: 'Pause', what: 'Readers stop seeing it until it is resumed; its numbers stay.' },
  resume: { label: 'Resume', what: 'Readers see it again.' },
  end: { label: 'End', what: 'Readers stop seeing it for good: an ended campaign can no longer be changed or resumed. Its numbers stay.' },
};

/** Why a campaign did not win, as the preview says it (every reason the API can give). */
export const REASON_WORDS: Record<RejectReason, string> = {
  draft: 'it is a draft: it has not been activated',
  paused: 'it is paused',
  ended: 'it has ended',
  not_started: 'its run window has not opened yet',
  placement_mismatch: 'it runs in another placement',
  no_appeals: 'this article has “no appeals” switched on',
  no_article: 'it targets particular articles, sections, tags or types, and this page has no article',
  article_excluded: 'it excludes this article',
  section_excluded: 'it excludes this article’s section',
  tag_excluded: 'it excludes a tag this article has',
  type_excluded: 'it excludes this article’s type',
  article_not_targeted: 'it runs only on articles chosen one by one, and this is not one of them',
  section_not_targeted: 'it runs only in other sections',
  tag_not_targeted: 'it runs only on articles with tags this one does not have',
  type_not_targeted: 'it runs only on other article types',
  no_variants: 'it has no variant with a weight above 0',
  outranked: 'it fits too, but another campaign comes first (higher priority, then the later start)',
};

export const campaignKeys = {
  all: ['admin', 'campaigns'] as const,
  list: (status: string) => ['admin', 'campaigns', 'list', status] as const,
  one: (id: string) => ['admin', 'campaigns', 'one', id] as const,
  report: (id: string, from: string, to: string) => ['admin', 'campaigns', 'report', id, from, to] as const,
  preview: (article: string, reader: string) => ['admin', 'campaigns', 'preview', article, reader] as const,
  appeals: (articleId: string) => ['admin', 'appeals', articleId] as const,
};

export const runWindow = (startsAt: string | null, endsAt: string | null) =>
  `${startsAt ? `from ${formatWithUtc(startsAt)}` : 'from activation'}, ${endsAt ? `until ${formatWithUtc(endsAt)}` : 'until ended by hand'}`;
