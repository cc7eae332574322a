import { describe, expect, it } from 'vitest';
import { applyChoices, changedFields, mergeRows, type Draft } from './merge';

const base: Draft = {
  headline: 'Old headline',
  dek: 'Old dek',
  slug: 'old',
  typeId: null,
  sectionId: null,
  tagIds: ['t1'],
  bylineIds: [],
  bodyHtml: '<p>a</p>',
  topImageId: null,
  topImageCaption: null,
  topImageCredit: null,
  seoTitle: null,
  seoDescription: null,
  canonicalUrl: null,
  embargoUntil: null,
  ogTitle: null,
  ogDescription: null,
  ogImageId: null,
  twitterTitle: null,
  twitterDescription: null,
  twitterImageId: null,
};

describe('the 412 merge', () => {
  it('keeps my change and theirs when we changed different fields', () => {
    const mine = { ...base, dek: 'My dek' };
    const theirs = { ...base, headline: 'Their headline' };
    const rows = mergeRows(base, mine, theirs);
    expect(rows.map((r) => [r.field, r.mineOnly, r.theirsOnly, r.conflict])).toEqual([
      ['headline', false, true, false],
      ['dek', true, false, false],
    ]);
    expect(applyChoices(theirs, mine, rows, {})).toMatchObject({ headline: 'Their headline', dek: 'My dek' });
  });

  it('asks about a field both changed, and takes the choice', () => {
    const mine = { ...base, bodyHtml: '<p>mine</p>' };
    const theirs = { ...base, bodyHtml: '<p>theirs</p>' };
    const rows = mergeRows(base, mine, theirs);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.conflict).toBe(true);
    expect(applyChoices(theirs, mine, rows, {}).bodyHtml).toBe('<p>mine</p>');
    expect(applyChoices(theirs, mine, rows, { bodyHtml: 'theirs' }).bodyHtml).toBe('<p>theirs</p>');
  });

  it('treats arrays by value and empty strings as null', () => {
    expect(changedFields(base, { ...base, tagIds: ['t1'], seoTitle: '' })).toEqual({});
    expect(changedFields({ ...base, bodyHtml: '<p>a</p><img src="https://x/y.png" alt="" />' }, { ...base, bodyHtml: '<p>a</p><img src="https://x/y.png" alt="">' })).toEqual({});
    expect(changedFields(base, { ...base, tagIds: ['t1', 't2'] })).toEqual({ tagIds: ['t1', 't2'] });
    expect(mergeRows(base, { ...base, dek: 'same' }, { ...base, dek: 'same' })[0]).toMatchObject({ conflict: false, mineOnly: false, theirsOnly: false });
  });
});
