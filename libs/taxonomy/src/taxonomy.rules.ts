import { DomainError, isSlug, plainText, slugify } from '#libs/kernel';
import { KIND_CODES, TaxonomyErrorCode, type TaxonomyKind } from './taxonomy.errors.js';

export const TAG_KINDS = ['person', 'place', 'organization', 'topic'] as const;
export type TagKind = (typeof TAG_KINDS)[number];
export const isTagKind = (value: unknown): value is TagKind => typeof value === 'string' && (TAG_KINDS as readonly string[]).includes(value);

export const TERM_NAME_MAX = 120;
export const SECTION_DESCRIPTION_MAX = 2_000;
/** Slugs of terms appear in public URLs (/sections/europe); keep them short. */
export const TERM_SLUG_MAX = 80;

// control characters (NUL cannot even be stored in a text column); tabs and newlines stay
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** RULE: a name is trimmed, single-spaced, free of control characters, 1..120 characters. */
export function cleanTermName(kind: TaxonomyKind, raw: string): string {
  const name = plainText(raw.replace(CONTROL, ''));
  if (!name || name.length > TERM_NAME_MAX) {
    throw new DomainError('validation', KIND_CODES[kind].nameInvalid, `The ${KIND_CODES[kind].label} name must be 1 to ${TERM_NAME_MAX} characters.`, [
      { field: 'name', code: KIND_CODES[kind].nameInvalid, message: `must be 1 to ${TERM_NAME_MAX} characters` },
    ]);
  }
  return name;
}

/**
 * RULE: a term's slug is the one given (it must already be a slug: lower-case ASCII words
 * joined by hyphens), or else derived from its name with slugify.
 */
export function termSlug(kind: TaxonomyKind, name: string, given?: string | null): string {
  const code = KIND_CODES[kind].slugInvalid;
  if (given !== undefined && given !== null) {
    if (!isSlug(given) || given.length > TERM_SLUG_MAX) {
      throw new DomainError('validation', code, `The slug must be lower-case letters and digits joined by single hyphens (at most ${TERM_SLUG_MAX}).`, [
        { field: 'slug', code, message: 'not a valid slug, e.g. "middle-east"' },
      ]);
    }
    return given;
  }
  const derived = slugify(name, TERM_SLUG_MAX);
  if (!derived) {
    throw new DomainError('validation', code, 'No slug can be made from this name; send one.', [
      { field: 'slug', code, message: 'required: the name has no letters or digits to build a slug from' },
    ]);
  }
  return derived;
}

export function cleanDescription(raw: string | null | undefined): string | null {
  if (raw === undefined || raw === null) return null;
  const text = plainText(raw.replace(CONTROL, ''), { multiline: true });
  if (text.length > SECTION_DESCRIPTION_MAX) {
    const code = TaxonomyErrorCode.SectionDescriptionTooLong;
    throw new DomainError('validation', code, `The description may hold at most ${SECTION_DESCRIPTION_MAX} characters.`, [
      { field: 'description', code, message: `at most ${SECTION_DESCRIPTION_MAX} characters` },
    ]);
  }
  return text || null;
}

export function assertTagKind(kind: unknown): TagKind {
  if (!isTagKind(kind)) {
    throw new DomainError('validation', TaxonomyErrorCode.TagKindInvalid, `A tag kind is one of ${TAG_KINDS.join(', ')}.`, [
      { field: 'kind', code: TaxonomyErrorCode.TagKindInvalid, message: `must be one of ${TAG_KINDS.join(', ')}` },
    ]);
  }
  return kind;
}

/** Keyset cursor over slugs (unique), opaque to clients. */
export const encodeSlugCursor = (slug: string): string => Buffer.from(slug, 'utf8').toString('base64url');

export function decodeSlugCursor(raw: string): string {
  const slug = Buffer.from(raw, 'base64url').toString('utf8');
  if (!isSlug(slug)) {
    throw new DomainError('validation', TaxonomyErrorCode.CursorInvalid, 'The cursor is not valid.', [{ field: 'cursor', message: 'not a cursor returned by this API' }]);
  }
  return slug;
}

/**
 * RULE: references to terms are resolved in the order given, each once (a repeated id keeps
 * its first place).
 */
export function uniqueInOrder(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of ids) {
    const id = raw.toLowerCase();
    if (!seen.has(id)) {
      seen.add(id);
      out.push(id);
    }
  }
  return out;
}
