/** Pure rules of the site settings: the document's shape, its limits, and what a section's box offers. */

export const SOCIAL_ACCOUNT_NETWORKS = [
  'x',
  'bluesky',
  'mastodon',
  'threads',
  'linkedin',
  'instagram',
  'facebook',
  'youtube',
  'tiktok',
  'telegram',
  'whatsapp',
  'substack',
  'rss',
  'website',
] as const;
export type SocialAccountNetwork = (typeof SOCIAL_ACCOUNT_NETWORKS)[number];
export const MENU_NAMES = ['primary', 'footer'] as const;
export type MenuName = (typeof MENU_NAMES)[number];

export const SITE_TITLE_MAX = 120;
export const SITE_DESCRIPTION_MAX = 500;
export const LABEL_MAX = 80;
export const COPY_MAX = 1000;
export const URL_MAX = 2000;
export const SOCIAL_ACCOUNTS_MAX = 20;
export const MENU_ITEMS_MAX = 40;
export const MENU_CHILDREN_MAX = 20;
export const BOX_LISTS_MAX = 10;
export const SECTION_BOXES_MAX = 200;

export interface SocialAccount {
  network: SocialAccountNetwork;
  url: string;
  /** e.g. `@magazine` (null: the network's name is shown). */
  label: string | null;
}

export interface MenuItem {
  label: string;
  /** A path on the site (`/europe`) or an absolute https URL. */
  url: string;
  children: { label: string; url: string }[];
}

/** The newsletter box's copy and the lists it offers. */
export interface NewsletterBoxCopy {
  heading: string;
  body: string;
  buttonLabel: string;
  /** Lists offered, in order (empty: every open list). */
  listIds: string[];
}

/** A section's box: any copy left null, and lists left null, come from the default box. */
export interface SectionBox {
  sectionId: string;
  heading: string | null;
  body: string | null;
  buttonLabel: string | null;
  listIds: string[] | null;
}

export interface SiteSettings {
  title: string;
  description: string;
  logoImageId: string | null;
  socialAccounts: SocialAccount[];
  /** The search engine call to action ("make us a preferred source"): where it points. */
  preferredSource: { label: string; url: string } | null;
  menus: Record<MenuName, MenuItem[]>;
  newsletterBox: NewsletterBoxCopy;
  sectionBoxes: SectionBox[];
}

/** What a site has before an admin edits anything. */
export const DEFAULT_SITE_SETTINGS: SiteSettings = {
  title: 'Newsroom',
  description: '',
  logoImageId: null,
  socialAccounts: [],
  preferredSource: null,
  menus: { primary: [], footer: [] },
  newsletterBox: { heading: 'Subscribe now to our weekly round-up', body: 'Staff analysis, opinion, and news.', buttonLabel: 'Subscribe', listIds: [] },
  sectionBoxes: [],
};

export type Problem = {
  field: string;
  code: string;
  message: string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * RULE: a settings document as written, checked whole: every string trimmed and within its
 * limit, URLs https (or a site path for menu items), ids as UUIDs, no member the document does
 * not have. Returns the clean document, or every problem found (nothing is written then).
 */
export function validateSiteSettings(input: unknown): { value: SiteSettings; problems: [] } | { value: null; problems: Problem[] } {
  const problems: Problem[] = [];
  const bad = (field: string, code: string, message: string) => void problems.push({ field, code, message });
  const obj = (v: unknown, field: string, keys: readonly string[]): Record<string, unknown> | null => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return (bad(field, 'isObject', 'must be an object'), null);
    for (const k of Object.keys(v)) if (!keys.includes(k)) bad(`${field ? `${field}.` : ''}${k}`, 'whitelistValidation', `property ${k} should not exist`);
    return v as Record<string, unknown>;
  };
  const text = (v: unknown, field: string, max: number, opts: { required?: boolean; nullable?: boolean } = {}): string | null => {
    if (v === null || v === undefined) {
      if (opts.nullable && v === null) return null;
      if (opts.required) return (bad(field, 'isString', 'required'), null);
      return opts.nullable ? null : '';
    }
    if (typeof v !== 'string') return (bad(field, 'isString', 'must be a string'), null);
    const s = v.trim();
    if (opts.required && !s) return (bad(field, 'isNotEmpty', 'must not be empty'), null);
    if (s.length > max) return (bad(field, 'maxLength', `at most ${max} characters`), null);
    if (CONTROL.test(s)) return (bad(field, 'noControlCharacters', 'must not hold control characters'), null);
    return opts.nullable && !s ? null : s;
  };
  const url = (v: unknown, field: string, allowPath: boolean): string => {
    const s = text(v, field, URL_MAX, { required: true });
    if (s === null) return '';
    if (allowPath && /^\/(?!\/)[^\s]*$/.test(s)) return s;
    let u: URL | null = null;
    try {
      u = new URL(s);
    } catch {
      u = null;
    }
    if (!u || u.protocol !== 'https:') bad(field, 'isUrl', allowPath ? 'a site path (/europe) or an https URL' : 'an https URL');
    return s;
  };
  const ids = (v: unknown, field: string, max: number): string[] => {
    if (!Array.isArray(v)) return (bad(field, 'isArray', 'must be an array of ids'), []);
    if (v.length > max) bad(field, 'arrayMaxSize', `at most ${max}`);
    const out: string[] = [];
    v.forEach((id, i) => {
      if (typeof id !== 'string' || !UUID.test(id)) bad(`${field}.${i}`, 'isUuid', 'must be a UUID');
      else if (out.includes(id.toLowerCase())) bad(`${field}.${i}`, 'arrayUnique', 'listed twice');
      else out.push(id.toLowerCase());
    });
    return out;
  };
  const list = <T>(v: unknown, field: string, max: number, each: (item: unknown, at: string) => T | null): T[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v)) return (bad(field, 'isArray', 'must be an array'), []);
    if (v.length > max) bad(field, 'arrayMaxSize', `at most ${max} items`);
    return v.map((item, i) => each(item, `${field}.${i}`)).filter((x): x is T => x !== null);
  };

  const root = obj(input, '', ['title', 'description', 'logoImageId', 'socialAccounts', 'preferredSource', 'menus', 'newsletterBox', 'sectionBoxes']);
  if (!root) return { value: null, problems };
  const title = text(root.title, 'title', SITE_TITLE_MAX, { required: true }) ?? '';
  const description = text(root.description, 'description', SITE_DESCRIPTION_MAX) ?? '';
  let logoImageId: string | null = null;
  if (root.logoImageId !== undefined && root.logoImageId !== null) {
    if (typeof root.logoImageId !== 'string' || !UUID.test(root.logoImageId)) bad('logoImageId', 'isUuid', 'must be a UUID or null');
    else logoImageId = root.logoImageId.toLowerCase();
  }
  const socialAccounts = list(root.socialAccounts, 'socialAccounts', SOCIAL_ACCOUNTS_MAX, (item, at) => {
    const o = obj(item, at, ['network', 'url', 'label']);
    if (!o) return null;
    if (!(SOCIAL_ACCOUNT_NETWORKS as readonly unknown[]).includes(o.network)) bad(`${at}.network`, 'isIn', `one of ${SOCIAL_ACCOUNT_NETWORKS.join(', ')}`);
    return { network: o.network as SocialAccountNetwork, url: url(o.url, `${at}.url`, false), label: text(o.label, `${at}.label`, LABEL_MAX, { nullable: true }) };
  });
  let preferredSource: SiteSettings['preferredSource'] = null;
  if (root.preferredSource !== undefined && root.preferredSource !== null) {
    const o = obj(root.preferredSource, 'preferredSource', ['label', 'url']);
    if (o) preferredSource = { label: text(o.label, 'preferredSource.label', LABEL_MAX, { required: true }) ?? '', url: url(o.url, 'preferredSource.url', false) };
  }
  const menus: SiteSettings['menus'] = { primary: [], footer: [] };
  if (root.menus !== undefined) {
    const o = obj(root.menus, 'menus', MENU_NAMES);
    for (const name of MENU_NAMES) {
      menus[name] = list(o?.[name], `menus.${name}`, MENU_ITEMS_MAX, (item, at) => {
        const m = obj(item, at, ['label', 'url', 'children']);
        if (!m) return null;
        const children = list(m.children, `${at}.children`, MENU_CHILDREN_MAX, (child, cat) => {
          const c = obj(child, cat, ['label', 'url']);
          return c ? { label: text(c.label, `${cat}.label`, LABEL_MAX, { required: true }) ?? '', url: url(c.url, `${cat}.url`, true) } : null;
        });
        return { label: text(m.label, `${at}.label`, LABEL_MAX, { required: true }) ?? '', url: url(m.url, `${at}.url`, true), children };
      });
    }
  }
  let newsletterBox = DEFAULT_SITE_SETTINGS.newsletterBox;
  if (root.newsletterBox !== undefined) {
    const o = obj(root.newsletterBox, 'newsletterBox', ['heading', 'body', 'buttonLabel', 'listIds']);
    if (o)
      newsletterBox = {
        heading: text(o.heading, 'newsletterBox.heading', LABEL_MAX * 2, { required: true }) ?? '',
        body: text(o.body, 'newsletterBox.body', COPY_MAX) ?? '',
        buttonLabel: text(o.buttonLabel, 'newsletterBox.buttonLabel', LABEL_MAX, { required: true }) ?? '',
        listIds: o.listIds === undefined ? [] : ids(o.listIds, 'newsletterBox.listIds', BOX_LISTS_MAX),
      };
  }
  const seen = new Set<string>();
  const sectionBoxes = list(root.sectionBoxes, 'sectionBoxes', SECTION_BOXES_MAX, (item, at) => {
    const o = obj(item, at, ['sectionId', 'heading', 'body', 'buttonLabel', 'listIds']);
    if (!o) return null;
    const sectionId = typeof o.sectionId === 'string' && UUID.test(o.sectionId) ? o.sectionId.toLowerCase() : null;
    if (!sectionId) bad(`${at}.sectionId`, 'isUuid', 'must be a UUID');
    else if (seen.has(sectionId)) bad(`${at}.sectionId`, 'arrayUnique', 'this section has a box already');
    else seen.add(sectionId);
    return {
      sectionId: sectionId ?? '',
      heading: text(o.heading, `${at}.heading`, LABEL_MAX * 2, { nullable: true }),
      body: text(o.body, `${at}.body`, COPY_MAX, { nullable: true }),
      buttonLabel: text(o.buttonLabel, `${at}.buttonLabel`, LABEL_MAX, { nullable: true }),
      listIds: o.listIds === undefined || o.listIds === null ? null : ids(o.listIds, `${at}.listIds`, BOX_LISTS_MAX),
    };
  });
  if (problems.length) return { value: null, problems };
  return { value: { title, description, logoImageId, socialAccounts, preferredSource, menus, newsletterBox, sectionBoxes }, problems: [] };
}

/** RULE: the box a page of this section shows: the section's own copy and lists where it has them, else the default's. */
export function boxForSection(s: SiteSettings, sectionId: string | null): NewsletterBoxCopy {
  const own = sectionId ? s.sectionBoxes.find((b) => b.sectionId === sectionId) : undefined;
  return {
    heading: own?.heading ?? s.newsletterBox.heading,
    body: own?.body ?? s.newsletterBox.body,
    buttonLabel: own?.buttonLabel ?? s.newsletterBox.buttonLabel,
    listIds: own?.listIds ?? s.newsletterBox.listIds,
  };
}

/** Every list id and section id the document names (they must exist when it is written). */
export const referencedIds = (s: SiteSettings) => ({
  listIds: [...new Set([...s.newsletterBox.listIds, ...s.sectionBoxes.flatMap((b) => b.listIds ?? [])])],
  sectionIds: s.sectionBoxes.map((b) => b.sectionId),
});

/** The ETag of a settings version; and back (null: missing; NaN: not one of ours). */
export const settingsEtag = (version: number): string => `"s${version}"`;
export function versionFromEtag(header: string | undefined): number | null {
  if (header === undefined || header.trim() === '') return null;
  const m = /^\s*(?:W\/)?"s(\d{1,9})"\s*$/.exec(header);
  return m ? Number(m[1]) : Number.NaN;
}
