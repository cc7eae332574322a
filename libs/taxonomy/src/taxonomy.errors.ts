import { DomainError } from '#libs/kernel';

/** Stable error codes of the taxonomy (API contract: never renamed or reused). */
export const TaxonomyErrorCode = {
  SectionNotFound: 'SECTION_NOT_FOUND',
  SectionSlugTaken: 'SECTION_SLUG_TAKEN',
  SectionSlugInvalid: 'SECTION_SLUG_INVALID',
  SectionNameInvalid: 'SECTION_NAME_INVALID',
  SectionDescriptionTooLong: 'SECTION_DESCRIPTION_TOO_LONG',
  TypeNotFound: 'ARTICLE_TYPE_NOT_FOUND',
  TypeSlugTaken: 'ARTICLE_TYPE_SLUG_TAKEN',
  TypeSlugInvalid: 'ARTICLE_TYPE_SLUG_INVALID',
  TypeNameInvalid: 'ARTICLE_TYPE_NAME_INVALID',
  TagNotFound: 'TAG_NOT_FOUND',
  TagSlugTaken: 'TAG_SLUG_TAKEN',
  TagSlugInvalid: 'TAG_SLUG_INVALID',
  TagNameInvalid: 'TAG_NAME_INVALID',
  TagKindInvalid: 'TAG_KIND_INVALID',
  CursorInvalid: 'INVALID_CURSOR',
} as const;

/** The three kinds of term, as named in `taxonomy.changed` events and audit entries. */
export type TaxonomyKind = 'section' | 'type' | 'tag';

interface KindCodes {
  notFound: string;
  slugTaken: string;
  slugInvalid: string;
  nameInvalid: string;
  label: string;
  /** audit target type */
  target: string;
  /** the field a referencing payload names (e.g. an article's `sectionId`) */
  refField: string;
}

export const KIND_CODES: Record<TaxonomyKind, KindCodes> = {
  section: {
    notFound: TaxonomyErrorCode.SectionNotFound,
    slugTaken: TaxonomyErrorCode.SectionSlugTaken,
    slugInvalid: TaxonomyErrorCode.SectionSlugInvalid,
    nameInvalid: TaxonomyErrorCode.SectionNameInvalid,
    label: 'section',
    target: 'section',
    refField: 'sectionId',
  },
  type: {
    notFound: TaxonomyErrorCode.TypeNotFound,
    slugTaken: TaxonomyErrorCode.TypeSlugTaken,
    slugInvalid: TaxonomyErrorCode.TypeSlugInvalid,
    nameInvalid: TaxonomyErrorCode.TypeNameInvalid,
    label: 'article type',
    target: 'article_type',
    refField: 'typeId',
  },
  tag: {
    notFound: TaxonomyErrorCode.TagNotFound,
    slugTaken: TaxonomyErrorCode.TagSlugTaken,
    slugInvalid: TaxonomyErrorCode.TagSlugInvalid,
    nameInvalid: TaxonomyErrorCode.TagNameInvalid,
    label: 'tag',
    target: 'tag',
    refField: 'tagIds',
  },
};

/** An admin route named a term that does not exist (404). */
export const termNotFound = (kind: TaxonomyKind) => new DomainError('not_found', KIND_CODES[kind].notFound, `No such ${KIND_CODES[kind].label}.`);

export const slugTaken = (kind: TaxonomyKind, slug: string) =>
  new DomainError('conflict', KIND_CODES[kind].slugTaken, `Another ${KIND_CODES[kind].label} already uses the slug "${slug}".`, [
    { field: 'slug', code: KIND_CODES[kind].slugTaken, message: `"${slug}" is taken; choose another slug` },
  ]);
