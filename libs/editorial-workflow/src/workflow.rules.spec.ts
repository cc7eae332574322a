import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, roleGrants, type Permission } from '#libs/identity';
import { parseDuration } from '#libs/kernel';
import {
  ACTIONS,
  STATES,
  TRANSITIONS,
  decide,
  liveEventAddress,
  missingForSubmit,
  offeredActions,
  parseSlaBudgets,
  publishGateProblems,
  type Action,
  type State,
  type TransitionFacts,
} from './workflow.rules.js';

// Written out by hand from the design table (ARCHITECTURE.md), independently of TRANSITIONS.
const EXPECTED: Record<Action, Partial<Record<State, State>>> = {
  submit: { draft: 'in_review' },
  request_changes: { in_review: 'draft', approved: 'draft' },
  approve: { in_review: 'approved' },
  publish: { approved: 'published', unpublished: 'published', scheduled: 'published', published: 'published' },
  schedule: { approved: 'scheduled' },
  unschedule: { scheduled: 'approved', published: 'published' },
  unpublish: { published: 'unpublished' },
  archive: { draft: 'archived', unpublished: 'archived' },
  restore: { archived: 'draft' },
};

type Who = 'contributor-owner' | 'contributor-other' | 'editor' | 'admin' | 'system';
const WHO: Who[] = ['contributor-owner', 'contributor-other', 'editor', 'admin', 'system'];
const mayAct = (action: Action, who: Who) => who === 'editor' || who === 'admin' || (action === 'submit' && who === 'contributor-owner');

const NOW = new Date('2026-06-01T12:00:00Z');
const passing = (state: State, who: Who): TransitionFacts => ({
  state,
  role: who.startsWith('contributor') ? 'contributor' : (who as 'editor' | 'admin' | 'system'),
  isOwner: who === 'contributor-owner',
  now: NOW,
  comment: 'please tighten the second paragraph',
  at: new Date(NOW.getTime() + 3_600_000),
  embargoUntil: null,
  missingFields: [],
  publishGateProblems: [],
  hasChangesToPublish: true,
  unpublishAt: new Date(NOW.getTime() + 7_200_000),
});

describe('the transition table, walked for every (state, action, role)', () => {
  for (const state of STATES) {
    for (const action of ACTIONS) {
      for (const who of WHO) {
        const to = EXPECTED[action][state];
        it(`${who} ${action} from ${state} -> ${to && mayAct(action, who) ? to : 'refused'}`, () => {
          // unpublish with `at` schedules a take-down; test the immediate form here
          const facts = { ...passing(state, who), ...(action === 'unpublish' ? { at: undefined } : {}) };
          const d = decide(action, facts);
          if (!to) {
            expect(d).toMatchObject({ ok: false, code: 'WORKFLOW_INVALID_TRANSITION' });
          } else if (!mayAct(action, who)) {
            expect(d).toMatchObject({ ok: false, kind: 'forbidden', code: 'WORKFLOW_FORBIDDEN' });
          } else {
            expect(d).toMatchObject({ ok: true, to });
          }
        });
      }
    }
  }
});

describe('guards', () => {
  const editor = (state: State, extra: Partial<TransitionFacts> = {}) => ({ ...passing(state, 'editor'), ...extra });

  it('request_changes needs a comment', () => {
    expect(decide('request_changes', editor('in_review', { comment: '  ' }))).toMatchObject({ ok: false, code: 'WORKFLOW_COMMENT_REQUIRED' });
  });
  it('submit needs the required fields, and names them', () => {
    expect(decide('submit', editor('draft', { missingFields: ['sectionId', 'bylineIds'] }))).toMatchObject({
      ok: false,
      code: 'WORKFLOW_REQUIRED_FIELDS_MISSING',
      details: ['sectionId', 'bylineIds'],
    });
  });
  it('publish is refused by the gate, with the first problem as the code', () => {
    expect(decide('publish', editor('approved', { publishGateProblems: ['IMAGE_CREDIT_MISSING'] }))).toMatchObject({ ok: false, code: 'IMAGE_CREDIT_MISSING' });
  });
  it('publish and schedule respect the embargo', () => {
    const embargoUntil = new Date(NOW.getTime() + 86_400_000);
    expect(decide('publish', editor('approved', { embargoUntil }))).toMatchObject({ ok: false, code: 'WORKFLOW_EMBARGOED' });
    expect(decide('schedule', editor('approved', { embargoUntil }))).toMatchObject({ ok: false, code: 'WORKFLOW_EMBARGOED' });
    expect(decide('schedule', editor('approved', { embargoUntil, at: new Date(embargoUntil.getTime() + 1) }))).toMatchObject({ ok: true, to: 'scheduled' });
  });
  it('schedule needs a future time', () => {
    expect(decide('schedule', editor('approved', { at: undefined }))).toMatchObject({ ok: false, code: 'WORKFLOW_TIME_REQUIRED' });
    expect(decide('schedule', editor('approved', { at: NOW }))).toMatchObject({ ok: false, code: 'WORKFLOW_TIME_IN_PAST' });
  });
  it('republishing needs changes; unschedule on a live piece needs a pending take-down', () => {
    expect(decide('publish', editor('published', { hasChangesToPublish: false }))).toMatchObject({ ok: false, code: 'WORKFLOW_NOTHING_TO_PUBLISH' });
    expect(decide('unschedule', editor('published', { unpublishAt: null }))).toMatchObject({ ok: false, code: 'WORKFLOW_NOTHING_SCHEDULED' });
  });
  it('unpublish with a future time keeps the piece live and schedules the take-down', () => {
    expect(decide('unpublish', editor('published'))).toMatchObject({ ok: true, to: 'published', effect: 'schedule_unpublish' });
  });
  it('system jobs act only when their time still matches the schedule', () => {
    const at = new Date(NOW.getTime() - 1000);
    const sys = { ...passing('scheduled', 'system'), scheduledTime: at };
    expect(decide('publish_due', { ...sys, jobTime: at })).toMatchObject({ ok: true, to: 'published', effect: 'make_live' });
    expect(decide('publish_due', { ...sys, jobTime: new Date(at.getTime() - 60_000) })).toMatchObject({ ok: false, code: 'WORKFLOW_JOB_STALE' });
    expect(decide('publish_due', { ...passing('scheduled', 'editor'), scheduledTime: at, jobTime: at })).toMatchObject({ ok: false, code: 'WORKFLOW_FORBIDDEN' });
  });
});

describe('required fields and the publish gate', () => {
  const complete = { headline: 'H', slug: 'h', bodyText: 'Body', sectionId: 's', typeId: 't', bylineIds: ['c'], topImageId: 'i' };
  it('names what is missing', () => {
    expect(missingForSubmit({ ...complete, headline: ' ', bylineIds: [] })).toEqual(['headline', 'bylineIds']);
    expect(publishGateProblems({ ...complete, sectionId: null, slug: '' }, 'IMAGE_CREDIT_MISSING')).toEqual([
      'PUBLISH_GATE_SECTION_MISSING',
      'PUBLISH_GATE_SLUG_MISSING',
      'IMAGE_CREDIT_MISSING',
    ]);
    expect(publishGateProblems(complete, null)).toEqual([]);
  });
  it('item 1: refuses a piece without a top image (PUBLISH_GATE_TOP_IMAGE_MISSING)', () => {
    expect(publishGateProblems({ ...complete, topImageId: null }, null)).toEqual(['PUBLISH_GATE_TOP_IMAGE_MISSING']);
  });
  it('parses SLA budgets and rejects nonsense', () => {
    expect(parseSlaBudgets('in_review=4h, approved=1d', parseDuration)).toEqual({ in_review: 14_400_000, approved: 86_400_000 });
    expect(parseSlaBudgets('nowhere=4h', parseDuration)).toBeNull();
    expect(parseSlaBudgets('in_review=soon', parseDuration)).toBeNull();
  });
});

describe('re-approval after an edit by someone other than the approver (issue 17, also found)', () => {
  const facts = (state: State, editorId: string, approverId: string | null): TransitionFacts => ({ ...passing(state, 'editor'), editorId, approverId });
  it('an edit by another editor sends an approved piece back to review', () => {
    expect(decide('reopen_review', facts('approved', 'b', 'a'))).toMatchObject({ ok: true, to: 'in_review', effect: 'none' });
    expect(decide('reopen_review', facts('approved', 'b', null))).toMatchObject({ ok: true, to: 'in_review' });
  });
  it('a scheduled piece goes back to review and loses its schedule', () => {
    expect(decide('reopen_review', facts('scheduled', 'b', 'a'))).toMatchObject({ ok: true, to: 'in_review', effect: 'cancel_schedule' });
  });
  it("the approver's own edit keeps the approval", () => {
    expect(decide('reopen_review', facts('approved', 'a', 'a'))).toMatchObject({ ok: false, code: 'WORKFLOW_EDITED_BY_APPROVER' });
    expect(decide('reopen_review', facts('scheduled', 'a', 'a'))).toMatchObject({ ok: false, code: 'WORKFLOW_EDITED_BY_APPROVER' });
  });
  it('no other state reopens', () => {
    for (const state of STATES.filter((s) => s !== 'approved' && s !== 'scheduled')) {
      expect(decide('reopen_review', facts(state, 'b', 'a'))).toMatchObject({ ok: false, code: 'WORKFLOW_INVALID_TRANSITION' });
    }
  });
});

describe("offeredActions (the desk's buttons) agrees with decide for every (state, role)", () => {
  for (const state of STATES) {
    for (const who of WHO.filter((w) => w !== 'system')) {
      it(`${who} on a ${state} piece is offered exactly what decide accepts`, () => {
        const f = passing(state, who);
        const offered = offeredActions(f)
          .map((o) => o.action)
          .sort();
        const accepted = ACTIONS.filter((a) => decide(a, f).ok).sort();
        expect(offered).toEqual(accepted);
      });
    }
  }

  it('names what an action needs and what blocks it, so nothing offered is refused for the piece itself', () => {
    const draft = { ...passing('draft', 'contributor-owner'), missingFields: ['sectionId'] };
    const [submit, ...rest] = offeredActions(draft);
    expect(rest).toEqual([]);
    expect(submit).toMatchObject({ action: 'submit', to: 'in_review', needsComment: false, needsTime: false });
    expect(submit!.blocked).toMatchObject({ code: 'WORKFLOW_REQUIRED_FIELDS_MISSING', details: ['sectionId'] });
    const review = offeredActions(passing('approved', 'editor'));
    expect(review.find((o) => o.action === 'request_changes')).toMatchObject({ needsComment: true, blocked: null });
    expect(review.find((o) => o.action === 'schedule')).toMatchObject({ needsTime: true, blocked: null });
    const gated = offeredActions({ ...passing('approved', 'editor'), publishGateProblems: ['IMAGE_CREDIT_MISSING'] });
    expect(gated.find((o) => o.action === 'publish')!.blocked!.code).toBe('IMAGE_CREDIT_MISSING');
  });
});

describe('one permission vocabulary: the table names the permissions the guards use', () => {
  const named = TRANSITIONS.flatMap((row) =>
    (row.who === 'system' ? [] : [row.who.permission, ...(row.who.ownPiece ? [row.who.ownPiece] : [])]).map((p) => ({ action: row.action, p })),
  );

  it('every permission a transition requires is in the role table and granted to some role', () => {
    for (const { action, p } of named) {
      expect(PERMISSIONS as readonly string[], `${action}: ${p}`).toContain(p);
      expect(
        ROLES.some((r) => roleGrants(r, p)),
        `${action}: no role grants ${p}`,
      ).toBe(true);
    }
  });

  it("who may publish is who holds articles.publish, the permission of the publish routes' guard", () => {
    const publishing: Permission = 'articles.publish';
    for (const role of ROLES) {
      for (const isOwner of [false, true]) {
        const facts = { ...passing('approved', 'editor'), role, isOwner };
        expect(decide('publish', facts).ok, `${role} owner=${isOwner}`).toBe(roleGrants(role, publishing));
      }
    }
  });
});

describe('liveEventAddress', () => {
  const at = (slug: string, n: number) => ({
    slug,
    url: `https://news.example.org/${slug}`,
    canonicalUrl: `https://news.example.org/${slug}`,
    revisionId: `r${n}`,
    revisionNumber: n,
  });
  it('names no previous address on a first publication or an update that kept the slug', () => {
    expect(liveEventAddress('make_live', at('a', 1), null)).toMatchObject({ slug: 'a', revisionNumber: 1, previousSlug: null, previousUrl: null, slugChanged: false });
    expect(liveEventAddress('make_live', at('a', 2), at('a', 1))).toMatchObject({ revisionId: 'r2', previousSlug: null, slugChanged: false });
  });
  it('names the old address on a slug change, also after a take-down', () => {
    expect(liveEventAddress('make_live', at('b', 3), at('a', 1))).toMatchObject({
      slug: 'b',
      url: 'https://news.example.org/b',
      previousSlug: 'a',
      previousUrl: 'https://news.example.org/a',
      slugChanged: true,
    });
  });
  it('names the address taken down as the previous one on unpublish', () => {
    expect(liveEventAddress('take_down', at('b', 3), at('b', 3))).toMatchObject({ slug: 'b', previousSlug: 'b', previousUrl: 'https://news.example.org/b', slugChanged: false });
  });
});
