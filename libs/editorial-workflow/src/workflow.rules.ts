import { roleGrants, type Permission, type Role } from '#libs/identity';

/**
 * The editorial workflow as data: one row per action, with who may take it and the guards
 * that must hold. `decide` is pure: it gets every fact it needs and returns the outcome.
 */
export const STATES = ['draft', 'in_review', 'approved', 'scheduled', 'published', 'unpublished', 'archived'] as const;
export type State = (typeof STATES)[number];

export const ACTIONS = ['submit', 'request_changes', 'approve', 'publish', 'schedule', 'unschedule', 'unpublish', 'archive', 'restore'] as const;
export type Action = (typeof ACTIONS)[number];
/**
 * Actions nobody requests: the worker's, when a scheduled time comes, and `reopen_review`,
 * taken with an edit of an approved or scheduled piece by someone other than its approver.
 */
export type SystemAction = 'publish_due' | 'unpublish_due' | 'reopen_review';

export type ActorRole = Role | 'system';

/**
 * Who may take an action, in the guards' vocabulary: the identity lib's permission a route
 * would require (`roleGrants` decides, so the role table is the one source), and for an author
 * acting on their own piece the permission that suffices then. `system`: the worker only.
 */
export type Who = 'system' | { readonly permission: Permission; readonly ownPiece?: Permission };

const REVIEW: Who = { permission: 'articles.review' };
const PUBLISH: Who = { permission: 'articles.publish' };

export type Guard =
  | 'required_fields'
  | 'comment_required'
  | 'publish_gate'
  | 'embargo_passed'
  | 'has_changes_to_publish'
  | 'time_in_future'
  | 'not_before_embargo'
  | 'scheduled_time_matches'
  | 'unpublish_pending'
  | 'edited_by_other_than_approver';

export interface TransitionRow {
  action: Action | SystemAction;
  from: readonly State[];
  to: State;
  who: Who;
  guards: readonly Guard[];
}

/** The table. `publish` from `published` republishes pending draft changes. */
export const TRANSITIONS: readonly TransitionRow[] = [
  { action: 'submit', from: ['draft'], to: 'in_review', who: { permission: 'articles.review', ownPiece: 'articles.write' }, guards: ['required_fields'] },
  { action: 'request_changes', from: ['in_review', 'approved'], to: 'draft', who: REVIEW, guards: ['comment_required'] },
  { action: 'approve', from: ['in_review'], to: 'approved', who: REVIEW, guards: [] },
  { action: 'publish', from: ['approved', 'unpublished', 'scheduled'], to: 'published', who: PUBLISH, guards: ['publish_gate', 'embargo_passed'] },
  { action: 'publish', from: ['published'], to: 'published', who: PUBLISH, guards: ['has_changes_to_publish', 'publish_gate'] },
  { action: 'schedule', from: ['approved'], to: 'scheduled', who: PUBLISH, guards: ['publish_gate', 'time_in_future', 'not_before_embargo'] },
  { action: 'unschedule', from: ['scheduled'], to: 'approved', who: PUBLISH, guards: [] },
  { action: 'unschedule', from: ['published'], to: 'published', who: PUBLISH, guards: ['unpublish_pending'] },
  { action: 'unpublish', from: ['published'], to: 'unpublished', who: PUBLISH, guards: [] },
  { action: 'archive', from: ['draft', 'unpublished'], to: 'archived', who: PUBLISH, guards: [] },
  { action: 'restore', from: ['archived'], to: 'draft', who: PUBLISH, guards: [] },
  { action: 'publish_due', from: ['scheduled'], to: 'published', who: 'system', guards: ['scheduled_time_matches', 'publish_gate', 'embargo_passed'] },
  { action: 'unpublish_due', from: ['published'], to: 'unpublished', who: 'system', guards: ['scheduled_time_matches'] },
  // RULE: an approval covers the version its approver saw (and their own later edits); an edit
  // by anyone else sends the piece back to review, and a scheduled one loses its schedule
  { action: 'reopen_review', from: ['approved'], to: 'in_review', who: REVIEW, guards: ['edited_by_other_than_approver'] },
  { action: 'reopen_review', from: ['scheduled'], to: 'in_review', who: REVIEW, guards: ['edited_by_other_than_approver'] },
];

export interface TransitionFacts {
  state: State;
  role: ActorRole;
  isOwner: boolean;
  now: Date;
  comment?: string;
  /** Requested time (schedule; unpublish later). */
  at?: Date;
  embargoUntil: Date | null;
  /** Fields submit needs that are missing. */
  missingFields: string[];
  /** Error codes the publish gate found (empty = passes). */
  publishGateProblems: string[];
  hasChangesToPublish: boolean;
  /** For system actions: the time the job was scheduled for vs the article's current one. */
  jobTime?: Date;
  scheduledTime?: Date | null;
  unpublishAt?: Date | null;
  /** reopen_review: who edited, and who gave the piece's last approval (null: nobody known). */
  editorId?: string;
  approverId?: string | null;
}

export type Refusal = { ok: false; kind: 'forbidden' | 'conflict' | 'validation'; code: string; message: string; details?: string[] };
export type Decision = { ok: true; row: TransitionRow; to: State; effect: Effect } | Refusal;

/** What the service must do besides moving the state. */
export type Effect = 'none' | 'make_live' | 'schedule_publish' | 'cancel_schedule' | 'take_down' | 'schedule_unpublish' | 'cancel_unpublish';

/** RULE: the role table (identity's `roleGrants`) decides who may take an action. */
function allowed(who: Who, f: TransitionFacts): boolean {
  if (who === 'system' || f.role === 'system') return who === 'system' && f.role === 'system';
  return roleGrants(f.role, who.permission) || (who.ownPiece !== undefined && f.isOwner && roleGrants(f.role, who.ownPiece));
}

function checkGuard(g: Guard, f: TransitionFacts, action: string): Refusal | null {
  const refuse = (kind: Refusal['kind'], code: string, message: string, details?: string[]): Refusal => ({ ok: false, kind, code, message, details });
  switch (g) {
    case 'required_fields':
      return f.missingFields.length ? refuse('conflict', 'WORKFLOW_REQUIRED_FIELDS_MISSING', 'Fill in the required fields first.', f.missingFields) : null;
    case 'comment_required':
      return f.comment?.trim() ? null : refuse('validation', 'WORKFLOW_COMMENT_REQUIRED', 'Say what needs to change (comment).');
    case 'publish_gate':
      return f.publishGateProblems.length
        ? refuse('conflict', f.publishGateProblems[0]!, `The piece does not pass the publish gate (${f.publishGateProblems.join(', ')}).`, f.publishGateProblems)
        : null;
    case 'embargo_passed':
      return f.embargoUntil && f.embargoUntil > f.now ? refuse('conflict', 'WORKFLOW_EMBARGOED', `Embargoed until ${f.embargoUntil.toISOString()}.`) : null;
    case 'has_changes_to_publish':
      return f.hasChangesToPublish ? null : refuse('conflict', 'WORKFLOW_NOTHING_TO_PUBLISH', 'The live version is already the latest.');
    case 'time_in_future':
      if (!f.at) return refuse('validation', 'WORKFLOW_TIME_REQUIRED', `${action} needs a time (at).`);
      return f.at > f.now ? null : refuse('validation', 'WORKFLOW_TIME_IN_PAST', 'The time must be in the future.');
    case 'not_before_embargo':
      return f.embargoUntil && f.at && f.at < f.embargoUntil
        ? refuse('conflict', 'WORKFLOW_EMBARGOED', `Cannot be scheduled before the embargo (${f.embargoUntil.toISOString()}).`)
        : null;
    case 'scheduled_time_matches': {
      const expected = action === 'unpublish_due' ? f.unpublishAt : f.scheduledTime;
      return expected && f.jobTime && expected.getTime() === f.jobTime.getTime()
        ? null
        : refuse('conflict', 'WORKFLOW_JOB_STALE', 'The schedule changed since this job was queued.');
    }
    case 'unpublish_pending':
      return f.unpublishAt ? null : refuse('conflict', 'WORKFLOW_NOTHING_SCHEDULED', 'Nothing is scheduled.');
    case 'edited_by_other_than_approver':
      return f.editorId && f.approverId === f.editorId ? refuse('conflict', 'WORKFLOW_EDITED_BY_APPROVER', 'The approver edited the piece: the approval stands.') : null;
  }
}

function effectOf(row: TransitionRow): Effect {
  switch (row.action) {
    case 'publish':
    case 'publish_due':
      return 'make_live';
    case 'schedule':
      return 'schedule_publish';
    case 'unschedule':
      return row.from.includes('published') ? 'cancel_unpublish' : 'cancel_schedule';
    case 'reopen_review':
      return row.from.includes('scheduled') ? 'cancel_schedule' : 'none';
    case 'unpublish':
    case 'unpublish_due':
      return 'take_down';
    default:
      return 'none';
  }
}

/**
 * Decides an action. `unpublish` with a future `at` keeps the piece live and schedules the
 * take-down instead.
 */
export function decide(action: Action | SystemAction, f: TransitionFacts): Decision {
  const rows = TRANSITIONS.filter((r) => r.action === action);
  if (!rows.length) return { ok: false, kind: 'validation', code: 'WORKFLOW_UNKNOWN_ACTION', message: `Unknown action ${action}.` };
  const row = rows.find((r) => r.from.includes(f.state));
  if (!row) {
    return { ok: false, kind: 'conflict', code: 'WORKFLOW_INVALID_TRANSITION', message: `Cannot ${action} a piece in ${f.state}.` };
  }
  if (!allowed(row.who, f)) {
    return { ok: false, kind: 'forbidden', code: 'WORKFLOW_FORBIDDEN', message: `Your role may not ${action} this piece.` };
  }
  if (action === 'unpublish' && f.at) {
    if (f.at <= f.now) return { ok: false, kind: 'validation', code: 'WORKFLOW_TIME_IN_PAST', message: 'The time must be in the future.' };
    return { ok: true, row, to: 'published', effect: 'schedule_unpublish' };
  }
  for (const g of row.guards) {
    const refusal = checkGuard(g, f, action);
    if (refusal) return refusal;
  }
  return { ok: true, row, to: row.to, effect: effectOf(row) };
}

/** Guards that depend on what the caller sends with the action, not on the piece. */
const INPUT_GUARDS: readonly Guard[] = ['comment_required', 'time_in_future', 'not_before_embargo'];

export interface OfferedAction {
  action: Action;
  to: State;
  /** The action needs a comment (request_changes). */
  needsComment: boolean;
  /** The action needs a time (schedule); unpublish takes one optionally. */
  needsTime: boolean;
  /** Why the piece cannot take it now (a guard that fails whatever is sent), else null. */
  blocked: { code: string; message: string; details: string[] } | null;
}

/**
 * The actions this role may take on a piece in this state, from the table: the same decision
 * `decide` makes, minus the guards that depend on the request's comment and time.
 */
export function offeredActions(f: Omit<TransitionFacts, 'comment' | 'at' | 'jobTime'>): OfferedAction[] {
  const out: OfferedAction[] = [];
  for (const action of ACTIONS) {
    const row = TRANSITIONS.find((r) => r.action === action && r.from.includes(f.state));
    if (!row || !allowed(row.who, f)) continue;
    let blocked: OfferedAction['blocked'] = null;
    for (const g of row.guards) {
      if (INPUT_GUARDS.includes(g)) continue;
      const refusal = checkGuard(g, f, action);
      if (refusal) {
        blocked = { code: refusal.code, message: refusal.message, details: refusal.details ?? [] };
        break;
      }
    }
    out.push({
      action,
      to: row.to,
      needsComment: row.guards.includes('comment_required'),
      needsTime: row.guards.includes('time_in_future'),
      blocked,
    });
  }
  return out;
}

/** RULE: what a piece needs before it can be submitted for review. */
export function missingForSubmit(a: { headline: string; bodyText: string; sectionId: string | null; typeId: string | null; bylineIds: string[] }): string[] {
  const missing: string[] = [];
  if (!a.headline.trim()) missing.push('headline');
  if (!a.sectionId) missing.push('sectionId');
  if (!a.typeId) missing.push('typeId');
  if (!a.bylineIds.length) missing.push('bylineIds');
  if (!a.bodyText.trim()) missing.push('bodyHtml');
  return missing;
}

/**
 * RULE: the publish gate: the submit fields plus a slug and a top image, which must pass the
 * images lib's check (`topImageProblem`: credit, alt text, licence).
 */
export function publishGateProblems(
  a: { headline: string; slug: string; bodyText: string; sectionId: string | null; typeId: string | null; bylineIds: string[]; topImageId: string | null },
  topImageProblem: string | null,
): string[] {
  const problems = missingForSubmit(a).map((f) => `PUBLISH_GATE_${f.replace(/Ids?$/, '').replace(/Html$/, '').toUpperCase()}_MISSING`);
  if (!a.slug) problems.push('PUBLISH_GATE_SLUG_MISSING');
  if (!a.topImageId) problems.push(PUBLISH_GATE_TOP_IMAGE_MISSING);
  else if (topImageProblem) problems.push(topImageProblem);
  return problems;
}

export const PUBLISH_GATE_TOP_IMAGE_MISSING = 'PUBLISH_GATE_TOP_IMAGE_MISSING';

/** SLA budgets per state in milliseconds, parsed from "in_review=4h,approved=1d". */
export function parseSlaBudgets(spec: string, parse: (d: string) => number | null): Partial<Record<State, number>> | null {
  const out: Partial<Record<State, number>> = {};
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [state, duration] = part.split('=').map((s) => s.trim());
    const ms = duration ? parse(duration) : null;
    if (!state || !(STATES as readonly string[]).includes(state) || ms === null || ms <= 0) return null;
    out[state as State] = ms;
  }
  return out;
}

/** Where a revision is read when live (ArticlesService.revisionAddress). */
export interface LiveAddress {
  slug: string;
  url: string;
  canonicalUrl: string;
  revisionId: string;
  revisionNumber: number;
}

/**
 * RULE: what a live-page event says of the piece's address. Going live: the address of the
 * revision that went live; the previous slug and URL only when the last live revision had
 * another slug (a slug change, also after a take-down). Taken down: the address that stopped
 * answering, which is also the previous one. `slugChanged` says whether `article.slug_changed`
 * goes out too.
 */
export function liveEventAddress(
  effect: 'make_live' | 'take_down',
  live: LiveAddress,
  before: LiveAddress | null,
): LiveAddress & { previousSlug: string | null; previousUrl: string | null; slugChanged: boolean } {
  if (effect === 'take_down') return { ...live, previousSlug: live.slug, previousUrl: live.url, slugChanged: false };
  const changed = !!before && before.slug !== live.slug;
  return { ...live, previousSlug: changed ? before.slug : null, previousUrl: changed ? before.url : null, slugChanged: changed };
}
