import { describe, expect, it } from 'vitest';
import {
  NOTIFICATION_KINDS,
  afterUnsubscribe,
  defaultDelivery,
  digestDayDue,
  isTimeZone,
  kindForTransition,
  localTime,
  mentionedEmails,
  parseUnsubscribeToken,
  planFor,
  recipientsFor,
  unsubscribeToken,
  verifyUnsubscribeToken,
  type Candidate,
  type NotificationKind,
  type PieceFacts,
  type RecipientRole,
} from './notification.rules.js';

const ROLES: RecipientRole[] = ['contributor', 'editor', 'admin'];
const RELATIONS = ['author', 'byline', 'mentioned', 'none'] as const;
type Relation = (typeof RELATIONS)[number];

/**
 * Who gets each kind: one digit per (role, relation to the piece), roles contributor | editor |
 * admin, relations author, byline (a linked account on the byline), mentioned in the comment,
 * none. Written out by hand from the issue, not derived from the rule.
 */
const TABLE: Record<NotificationKind, string> = {
  //                 contributor editor admin
  //                 a b m n     a b m n a b m n
  review_requested: '0000 1111 1111',
  // a contributor on the byline of someone else's piece may not see it: not told
  changes_requested: '1000 1100 1100',
  piece_approved: '1000 1000 1000',
  piece_scheduled: '1000 1000 1000',
  piece_published: '1000 1000 1000',
  piece_unpublished: '1000 1000 1000',
  schedule_failed: '0000 1111 1111',
  teaser_alert: '1000 1111 1111',
  licence_lapsing: '0000 1111 1111',
  piece_overdue: '0000 1111 1111',
  // a contributor mentioned on someone else's piece may not see it: not told
  mentioned: '1000 1010 1010',
};

const ACTOR = '00000000-0000-4000-8000-0000000000ac';

function world(role: RecipientRole, relation: Relation, status = 'active') {
  const me: Candidate = { id: '00000000-0000-4000-8000-000000000001', role, status };
  const other: Candidate = { id: '00000000-0000-4000-8000-000000000002', role: 'contributor', status: 'active' };
  const piece: PieceFacts = {
    id: '00000000-0000-4000-8000-0000000000a1',
    headline: 'A piece',
    ownerId: relation === 'author' ? me.id : other.id,
    status: 'in_review',
    bylineAccountIds: relation === 'byline' ? [other.id, me.id] : [other.id],
  };
  return { me, other, piece, mentionedIds: relation === 'mentioned' || relation === 'author' ? [me.id] : [] };
}

describe('recipientsFor: event x role x relation to the piece', () => {
  const rows: [NotificationKind, RecipientRole, Relation, boolean][] = [];
  for (const kind of NOTIFICATION_KINDS) {
    const digits = TABLE[kind].replace(/ /g, '');
    ROLES.forEach((role, r) => RELATIONS.forEach((rel, i) => rows.push([kind, role, rel, digits[r * 4 + i] === '1'])));
  }

  it('the table has a row for every kind and 12 cells in each', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...NOTIFICATION_KINDS].sort());
    for (const v of Object.values(TABLE)) expect(v.replace(/ /g, '')).toMatch(/^[01]{12}$/);
  });

  it.each(rows)('%s to a %s (%s): %s', (kind, role, relation, expected) => {
    const w = world(role, relation);
    // a licence is about no piece: the relation cannot matter
    const piece = kind === 'licence_lapsing' ? null : w.piece;
    const got = recipientsFor({ kind, actorId: ACTOR, piece, mentionedIds: kind === 'mentioned' ? w.mentionedIds : [] }, [w.me]);
    expect(got.includes(w.me.id)).toBe(expected);
  });

  it.each(NOTIFICATION_KINDS)('%s: the actor is never told of their own action', (kind) => {
    for (const role of ROLES) {
      for (const relation of RELATIONS) {
        const w = world(role, relation);
        expect(recipientsFor({ kind, actorId: w.me.id, piece: kind === 'licence_lapsing' ? null : w.piece, mentionedIds: w.mentionedIds }, [w.me])).toEqual([]);
      }
    }
  });

  it.each(NOTIFICATION_KINDS)('%s: a deactivated or invited account gets nothing', (kind) => {
    for (const status of ['deactivated', 'invited']) {
      for (const role of ROLES) {
        for (const relation of RELATIONS) {
          const w = world(role, relation, status);
          expect(recipientsFor({ kind, actorId: null, piece: kind === 'licence_lapsing' ? null : w.piece, mentionedIds: w.mentionedIds }, [w.me])).toEqual([]);
        }
      }
    }
  });

  it('a system event (no actor) reaches the author; an account listed twice is told once', () => {
    const w = world('contributor', 'author');
    expect(recipientsFor({ kind: 'piece_published', actorId: null, piece: w.piece }, [w.me, w.me, w.other])).toEqual([w.me.id]);
  });
});

describe('planFor', () => {
  it('gives an account the first kind that reaches it, once per source event', () => {
    const author: Candidate = { id: 'a', role: 'contributor', status: 'active' };
    const editor: Candidate = { id: 'e', role: 'editor', status: 'active' };
    const actor: Candidate = { id: 'x', role: 'editor', status: 'active' };
    const piece: PieceFacts = { id: 'p', headline: 'h', ownerId: 'a', status: 'draft', bylineAccountIds: [] };
    const plan = planFor(
      [
        { kind: 'changes_requested', actorId: 'x', piece },
        { kind: 'mentioned', actorId: 'x', piece, mentionedIds: ['a', 'e', 'x'] },
      ],
      [author, editor, actor],
    );
    expect(plan).toEqual([
      { accountId: 'a', kind: 'changes_requested' },
      { accountId: 'e', kind: 'mentioned' },
    ]);
  });
});

describe('kindForTransition', () => {
  it.each([
    ['submit', 'in_review', 'review_requested'],
    ['request_changes', 'draft', 'changes_requested'],
    ['approve', 'approved', 'piece_approved'],
    ['schedule', 'scheduled', 'piece_scheduled'],
    ['publish', 'published', 'piece_published'],
    ['publish_due', 'published', 'piece_published'],
    ['unpublish', 'unpublished', 'piece_unpublished'],
    ['unpublish_due', 'unpublished', 'piece_unpublished'],
    ['unschedule', 'approved', null],
    ['archive', 'archived', null],
    ['restore', 'draft', null],
    ['schedule_unpublish', 'published', null],
  ])('%s -> %s: %s', (action, to, kind) => {
    expect(kindForTransition(action, to)).toBe(kind);
  });
});

describe('mentionedEmails', () => {
  it.each([
    ['@ada@mag.example please check', ['ada@mag.example']],
    ['Thanks (@Ada@Mag.Example), and @bo@x.example.', ['ada@mag.example', 'bo@x.example']],
    ['mail ada@mag.example directly', []],
    ['x@ada@mag.example is not a mention', []],
    ['@ada@mag.example @ada@mag.example', ['ada@mag.example']],
    ['@nobody', []],
    ['', []],
  ])('%j -> %j', (comment, emails) => {
    expect(mentionedEmails(comment)).toEqual(emails);
  });
});

describe('defaults per role', () => {
  it('editors are mailed review requests and get licences and overdue pieces in the digest; contributors are mailed their piece going live', () => {
    expect(defaultDelivery('editor', 'review_requested')).toBe('mail');
    expect(defaultDelivery('admin', 'licence_lapsing')).toBe('digest');
    expect(defaultDelivery('editor', 'piece_overdue')).toBe('digest');
    expect(defaultDelivery('editor', 'piece_published')).toBe('inbox');
    expect(defaultDelivery('contributor', 'piece_published')).toBe('mail');
    expect(defaultDelivery('contributor', 'changes_requested')).toBe('mail');
  });
});

describe('time zones and digest days', () => {
  it('knows IANA zones and refuses the rest', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone(3)).toBe(false);
  });

  it('reads the local day and hour', () => {
    const now = new Date('2026-12-01T23:30:00Z');
    expect(localTime(now, 'UTC')).toEqual({ day: '2026-12-01', hour: 23 });
    expect(localTime(now, 'Europe/Berlin')).toEqual({ day: '2026-12-02', hour: 0 });
    expect(localTime(now, 'America/Los_Angeles')).toEqual({ day: '2026-12-01', hour: 15 });
  });

  it('is due from the digest hour of the local day on', () => {
    const now = new Date('2026-12-01T06:30:00Z');
    expect(digestDayDue(now, 'UTC', 7)).toBeNull();
    expect(digestDayDue(now, 'Europe/Berlin', 7)).toBe('2026-12-01');
    expect(digestDayDue(now, 'Asia/Tokyo', 7)).toBe('2026-12-01');
    expect(digestDayDue(now, 'America/New_York', 7)).toBeNull();
    expect(digestDayDue(new Date('2026-12-01T22:00:00Z'), 'Asia/Tokyo', 7)).toBe('2026-12-02');
  });
});

describe('unsubscribe tokens', () => {
  const id = '0b6f4c1e-2d3a-4c5b-8e9f-001122334455';
  it('verify with the account key, for that kind only', () => {
    const token = unsubscribeToken('key-1', id, 'review_requested');
    expect(parseUnsubscribeToken(token)).toEqual({ accountId: id, kind: 'review_requested' });
    expect(verifyUnsubscribeToken('key-1', token)).toBe(true);
    expect(verifyUnsubscribeToken('key-2', token)).toBe(false);
    expect(verifyUnsubscribeToken('key-1', token.replace('review_requested', 'mentioned'))).toBe(false);
    expect(parseUnsubscribeToken('nonsense')).toBeNull();
    expect(parseUnsubscribeToken(token.replace('review_requested', 'root'))).toBeNull();
  });
});

describe('afterUnsubscribe', () => {
  const current = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, defaultDelivery('editor', k)])) as Record<NotificationKind, ReturnType<typeof defaultDelivery>>;
  it('turns one kind off', () => {
    expect(afterUnsubscribe('review_requested', current)).toEqual({ review_requested: 'off' });
  });
  it('from a digest: the digest kinds stay in the inbox', () => {
    expect(afterUnsubscribe('digest', current)).toEqual({ licence_lapsing: 'inbox', piece_overdue: 'inbox' });
  });
  it('a digest token verifies too', () => {
    const t = unsubscribeToken('k', '0b6f4c1e-2d3a-4c5b-8e9f-001122334455', 'digest');
    expect(parseUnsubscribeToken(t)?.kind).toBe('digest');
  });
});
