import Image from '@tiptap/extension-image';
import StarterKit from '@tiptap/starter-kit';
import type { Extensions } from '@tiptap/react';

/**
 * The allowlist: exactly what the api's sanitizer keeps (libs/articles article.rules.ts), so the
 * HTML the editor produces is the HTML that is stored and loaded back. No code marks or
 * blocks, headings h2/h3 only, links without target/rel (the sanitizer rewrites those),
 * images as `<img src alt>` with https addresses only.
 */
export const bodyExtensions = (): Extensions => [
  StarterKit.configure({
    heading: { levels: [2, 3] },
    code: false,
    codeBlock: false,
    link: {
      openOnClick: false,
      autolink: true,
      defaultProtocol: 'https',
      protocols: ['http', 'https', 'mailto'],
      HTMLAttributes: { target: null, rel: null, class: null },
      isAllowedUri: (url) => /^(https?:|mailto:)/i.test(url),
    },
  }),
  Image.configure({ inline: false, allowBase64: false, HTMLAttributes: {} }),
];

/** Words and reading time as the api counts them (230 words a minute, at least 1). */
export function countWords(text: string): { words: number; minutes: number } {
  const words = (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []).length;
  return { words, minutes: words === 0 ? 0 : Math.max(1, Math.round(words / 230)) };
}
