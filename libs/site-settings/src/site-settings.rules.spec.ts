import { describe, expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS, boxForSection, validateSiteSettings, versionFromEtag, settingsEtag } from './site-settings.rules.js';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const S = '33333333-3333-4333-8333-333333333333';

describe('validateSiteSettings', () => {
  it('trims, lower-cases ids and fills what is left out', () => {
    const r = validateSiteSettings({ title: '  The Desk ', description: 'x', newsletterBox: { heading: 'H', body: '', buttonLabel: 'Go', listIds: [A.toUpperCase()] } });
    expect(r.problems).toEqual([]);
    expect(r.value).toMatchObject({ title: 'The Desk', menus: { primary: [], footer: [] }, socialAccounts: [], sectionBoxes: [], newsletterBox: { listIds: [A] } });
  });

  it('refuses non-https links, script URLs, control characters, duplicates and unknown members, all at once', () => {
    const r = validateSiteSettings({
      title: 'T\u0007',
      socialAccounts: [{ network: 'x', url: 'http://x.com/a', label: null }],
      menus: { primary: [{ label: 'a', url: 'javascript:alert(1)', children: [{ label: 'b', url: '//evil.example' }] }], footer: [] },
      newsletterBox: { heading: 'H', body: '', buttonLabel: 'Go', listIds: [A, A] },
      sectionBoxes: [{ sectionId: S }, { sectionId: S }],
      extra: true,
    });
    expect(r.value).toBeNull();
    expect(r.problems.map((p) => p.field).sort()).toEqual(
      ['extra', 'menus.primary.0.children.0.url', 'menus.primary.0.url', 'newsletterBox.listIds.1', 'sectionBoxes.1.sectionId', 'socialAccounts.0.url', 'title'].sort(),
    );
  });

  it('site paths and https URLs are both menu links', () => {
    const r = validateSiteSettings({
      title: 'T',
      menus: {
        primary: [
          { label: 'Europe', url: '/europe' },
          { label: 'Shop', url: 'https://shop.example/' },
        ],
        footer: [],
      },
    });
    expect(r.problems).toEqual([]);
  });
});

describe('boxForSection', () => {
  const s = {
    ...DEFAULT_SITE_SETTINGS,
    newsletterBox: { heading: 'Weekly', body: 'Body', buttonLabel: 'Go', listIds: [A] },
    sectionBoxes: [{ sectionId: S, heading: 'Africa weekly', body: null, buttonLabel: null, listIds: [B] }],
  };
  it("a section's own copy and lists, the default's for what it leaves null; other sections get the default", () => {
    expect(boxForSection(s, S)).toEqual({ heading: 'Africa weekly', body: 'Body', buttonLabel: 'Go', listIds: [B] });
    expect(boxForSection(s, A)).toEqual(s.newsletterBox);
    expect(boxForSection(s, null)).toEqual(s.newsletterBox);
  });
});

describe('settings ETags', () => {
  it('round-trip; missing is null, anything else NaN', () => {
    expect(versionFromEtag(settingsEtag(4))).toBe(4);
    expect(versionFromEtag('W/"s2"')).toBe(2);
    expect(versionFromEtag(undefined)).toBeNull();
    expect(versionFromEtag('"v2"')).toBeNaN();
  });
});
