/** Pure rules of the read model: no I/O, no framework. */

/** RULE: a piece carrying a correction of kind `retraction` is retracted (teasers never point at it). */
export const isRetracted = (corrections: readonly { kind: string }[]): boolean => corrections.some((c) => c.kind === 'retraction');

/** What the key rules read from a page (its JSON as stored). */
export interface KeyedPage {
  section?: { slug: string } | null;
  type?: { slug: string } | null;
  tags?: readonly { slug: string }[];
  bylines?: readonly { slug: string }[];
}

/**
 * RULE: the CDN Surrogate-Keys an article page answers to, besides its teaser targets: the
 * piece, its section, its tags and its bylines (so renaming any of them purges the page).
 */
export const articlePageKeys = (articleId: string, page: KeyedPage): string[] => [
  `article-${articleId}`,
  ...(page.section ? [`section-${page.section.slug}`] : []),
  ...(page.tags ?? []).map((t) => `tag-${t.slug}`),
  ...(page.bylines ?? []).map((b) => `contributor-${b.slug}`),
];

/** RULE: a change of a live piece purges its page's keys, its type's, and 'home' (every list). */
export const changedPieceKeys = (articleId: string, page: KeyedPage): string[] => {
  const [own, ...rest] = articlePageKeys(articleId, page);
  const section = page.section ? [rest.shift()!] : [];
  return [own!, ...section, ...(page.type ? [`type-${page.type.slug}`] : []), ...rest, 'home'];
};
