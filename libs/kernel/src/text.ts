import sanitizeHtml from 'sanitize-html';

// elements removed together with their text
const NON_TEXT_TAGS = ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'template', 'xmp', 'noembed', 'noframes', 'plaintext'];

const stripOnce = (value: string): string =>
  sanitizeHtml(value, { allowedTags: [], allowedAttributes: {}, nonTextTags: NON_TEXT_TAGS })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/**
 * RULE: a plain-text field (headline, dek, caption, credit, alt text, names, labels) holds text,
 * never markup. Tags are removed and entities decoded, repeatedly until nothing changes, so
 * `&lt;script&gt;` cannot come back as `<script>` after one decode; a literal `<` that starts no
 * tag ("GDP < 2%") stays. Whitespace runs collapse to one space.
 */
export function plainText(value: string, opts: { multiline?: boolean } = {}): string {
  if (opts.multiline) {
    // line by line, keeping paragraph breaks (at most one blank line in a row)
    return value
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((line) => plainText(line))
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }
  let text = value;
  for (let i = 0; i < 5; i++) {
    const next = stripOnce(text);
    if (next === text) break;
    text = next;
  }
  // still changing after five rounds: whatever remains is not worth keeping as markup
  if (stripOnce(text) !== text) text = text.replace(/[<>]/g, '');
  return text.replace(/\s+/g, ' ').trim();
}

/** plainText for an optional value: null and blank become null. */
export const plainTextOrNull = (value: string | null | undefined): string | null => (value == null ? null : plainText(value) || null);
