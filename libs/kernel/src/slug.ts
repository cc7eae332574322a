const MAX_SLUG = 120;

/**
 * A URL slug from free text: lower-case ASCII words joined by hyphens. Accents are folded
 * ("Kyïv" -> "kyiv"); anything else non-alphanumeric separates words.
 */
export function slugify(text: string, maxLength = MAX_SLUG): string {
  const folded = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (folded.length <= maxLength) return folded;
  const cut = folded.slice(0, maxLength);
  const lastHyphen = cut.lastIndexOf('-');
  return (lastHyphen > maxLength / 2 ? cut.slice(0, lastHyphen) : cut).replace(/-+$/g, '');
}

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const isSlug = (value: string): boolean => value.length <= MAX_SLUG && SLUG_PATTERN.test(value);
