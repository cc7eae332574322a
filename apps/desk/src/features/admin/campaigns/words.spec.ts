import { describe, expect, it } from 'vitest';
import { ACTIONS_FROM, PLACEMENT_WORDS, REASON_WORDS, STATUSES } from './words';

// the API's rules, loaded at run time (the desk's typecheck does not reach into libs/)
const RULES = '../../../../../../libs/donation-banners/src/donation-banners.rules.js';
const STATUS_RULES = '../../../../../../libs/donation-banners/src/campaign.rules.js';
const { REJECT_REASONS, PLACEMENTS, CAMPAIGN_STATUSES, CAMPAIGN_ACTIONS } = (await import(/* @vite-ignore */ RULES)) as Record<string, string[]>;
const { nextStatus } = (await import(/* @vite-ignore */ STATUS_RULES)) as { nextStatus: (s: string, a: string, g: object) => string };

describe('the campaign screens speak the API’s vocabulary', () => {
  it('has words for every reason the preview can give, and every placement', () => {
    expect(Object.keys(REASON_WORDS).sort()).toEqual([...REJECT_REASONS!].sort());
    expect(Object.keys(PLACEMENT_WORDS).sort()).toEqual([...PLACEMENTS!].sort());
    expect([...STATUSES].sort()).toEqual([...CAMPAIGN_STATUSES!].sort());
  });

  it('offers exactly the actions the state machine allows from each status', () => {
    const guard = { liveVariants: 1, endsAt: null, now: new Date() };
    for (const status of CAMPAIGN_STATUSES!) {
      const allowed = CAMPAIGN_ACTIONS!.filter((a) => {
        try {
          nextStatus(status, a, guard);
          return true;
        } catch {
          return false;
        }
      });
      expect([...ACTIONS_FROM[status as keyof typeof ACTIONS_FROM]].sort(), status).toEqual(allowed.sort());
    }
  });
});
