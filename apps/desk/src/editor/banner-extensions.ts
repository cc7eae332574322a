import StarterKit from '@tiptap/starter-kit';
import type { Extensions } from '@tiptap/react';

/**
 * The banner body's allowlist: exactly what the API's banner sanitizer keeps
 * (sanitizeBannerHtml in libs/donation-banners campaign.rules.ts): paragraphs, bold (strong),
 * italic (em), line breaks and links (http, https, mailto; no target, rel or class). No
 * headings, lists, quotes, rules, strike, underline or code: the sanitizer would drop them.
 */
export const bannerExtensions = (): Extensions => [
  StarterKit.configure({
    heading: false,
    blockquote: false,
    bulletList: false,
    orderedList: false,
    listItem: false,
    listKeymap: false,
    code: false,
    codeBlock: false,
    horizontalRule: false,
    strike: false,
    underline: false,
    link: {
      openOnClick: false,
      autolink: true,
      defaultProtocol: 'https',
      protocols: ['http', 'https', 'mailto'],
      HTMLAttributes: { target: null, rel: null, class: null },
      isAllowedUri: (url) => /^(https?:|mailto:)/i.test(url),
    },
  }),
];
