/** The fields a writer edits, as the api takes them in PATCH. */
export const EDIT_FIELDS = [
  'headline',
  'dek',
  'slug',
  'typeId',
  'sectionId',
  'tagIds',
  'bylineIds',
  'bodyHtml',
  'topImageId',
  'topImageCaption',
  'topImageCredit',
  'seoTitle',
  'seoDescription',
  'canonicalUrl',
  'embargoUntil',
  'ogTitle',
  'ogDescription',
  'ogImageId',
  'twitterTitle',
  'twitterDescription',
  'twitterImageId',
] as const;
export type EditField = (typeof EDIT_FIELDS)[number];
export type Draft = {
  headline: string;
  dek: string;
  slug: string;
  typeId: string | null;
  sectionId: string | null;
  tagIds: string[];
  bylineIds: string[];
  bodyHtml: string;
  topImageId: string | null;
  topImageCaption: string | null;
  topImageCredit: string | null;
  seoTitle: string | null;
  seoDescription: string | null;
  canonicalUrl: string | null;
  embargoUntil: string | null;
  ogTitle: string | null;
  ogDescription: string | null;
  ogImageId: string | null;
  twitterTitle: string | null;
  twitterDescription: string | null;
  twitterImageId: string | null;
};

export const draftOf = (a: Draft): Draft => {
  const d = {} as Record<EditField, unknown>;
  for (const f of EDIT_FIELDS) d[f] = a[f];
  return d as Draft;
};

// `<img ... />` (the sanitizer's form) and `<img ...>` (the editor's) are the same document
const norm = (v: unknown) => JSON.stringify(v === '' || v === undefined ? null : typeof v === 'string' ? v.replace(/\s*\/>/g, '>') : v);
export const same = (a: unknown, b: unknown): boolean => norm(a) === norm(b);

/** The fields of `draft` that differ from `base`: the PATCH body. */
export function changedFields(base: Draft, draft: Draft): Partial<Draft> {
  const out: Partial<Record<EditField, unknown>> = {};
  for (const f of EDIT_FIELDS) if (!same(base[f], draft[f])) out[f] = draft[f];
  return out as Partial<Draft>;
}

export interface MergeRow {
  field: EditField;
  base: unknown;
  mine: unknown;
  theirs: unknown;
  /** Only I changed it: mine is kept without asking. */
  mineOnly: boolean;
  /** Only they changed it: theirs is taken without asking. */
  theirsOnly: boolean;
  /** Both changed it differently: the writer chooses. */
  conflict: boolean;
}

/** RULE: a three-way comparison of what I typed and what the other version changed since our common base. */
export function mergeRows(base: Draft, mine: Draft, theirs: Draft): MergeRow[] {
  const rows: MergeRow[] = [];
  for (const field of EDIT_FIELDS) {
    const byMe = !same(base[field], mine[field]);
    const byThem = !same(base[field], theirs[field]);
    if (!byMe && !byThem) continue;
    const agree = same(mine[field], theirs[field]);
    rows.push({ field, base: base[field], mine: mine[field], theirs: theirs[field], mineOnly: byMe && !byThem, theirsOnly: byThem && !byMe, conflict: byMe && byThem && !agree });
  }
  return rows;
}

export type Choice = 'mine' | 'theirs';

/** The merged draft: theirs as the new base, with my value wherever I keep mine. */
export function applyChoices(theirs: Draft, mine: Draft, rows: MergeRow[], choice: Partial<Record<EditField, Choice>>): Draft {
  const out = { ...theirs } as Record<EditField, unknown>;
  for (const r of rows) {
    const c = choice[r.field] ?? (r.theirsOnly ? 'theirs' : 'mine');
    if (c === 'mine') out[r.field] = mine[r.field];
  }
  return out as Draft;
}
