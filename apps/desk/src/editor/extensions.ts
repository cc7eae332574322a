import Image from '@tiptap/extension-image';
import StarterKit from '@tiptap/starter-kit';
import { Node, mergeAttributes, type Extensions } from '@tiptap/react';

/**
 * Hosts whose iframes the api's sanitizer keeps (IFRAME_HOSTS in libs/articles article.rules.ts;
 * extensions.spec.ts checks the two lists agree).
 */
export const EMBED_HOSTS = ['www.youtube-nocookie.com', 'www.youtube.com', 'player.vimeo.com', 'datawrapper.dwcdn.net', 'flo.uri.sh'];

/** RULE (the sanitizer's): an embed is an https URL on an allowed host, with no user or password. */
export function embedSrc(input: string): string | null {
  let u: URL;
  try {
    u = new URL(input.trim());
  } catch {
    return null;
  }
  // a YouTube page address becomes its privacy-enhanced player
  if (/^(www\.)?youtube\.com$/.test(u.hostname) && u.pathname === '/watch' && u.searchParams.get('v')) {
    return `https://www.youtube-nocookie.com/embed/${encodeURIComponent(u.searchParams.get('v')!)}`;
  }
  if (u.hostname === 'youtu.be' && u.pathname.length > 1) return `https://www.youtube-nocookie.com/embed/${encodeURIComponent(u.pathname.slice(1))}`;
  if (u.protocol !== 'https:' || u.username || u.password || !EMBED_HOSTS.includes(u.hostname)) return null;
  return u.href;
}

export interface FigureAttrs {
  src: string;
  alt: string;
  caption: string;
  credit: string;
}

/** The words of a figcaption outside its <cite> (the caption), and the cite's (the credit). */
function captionParts(el: HTMLElement): { caption: string; credit: string } {
  const cap = el.querySelector('figcaption');
  if (!cap) return { caption: '', credit: '' };
  const cite = cap.querySelector('cite');
  let caption = '';
  cap.childNodes.forEach((n) => {
    if (n !== cite) caption += n.textContent ?? '';
  });
  return { caption: caption.trim(), credit: (cite?.textContent ?? '').trim() };
}

/**
 * An inline image from the library with its caption and credit, stored as exactly what the
 * sanitizer keeps: `<figure><img src alt><figcaption>caption<cite>credit</cite></figcaption></figure>`
 * (figure, figcaption, cite and img[src alt] are on its allowlist; no class or style is).
 * An atom: caption and credit are edited in a dialog, not typed into the figure.
 */
export const Figure = Node.create<{ onEdit: ((pos: number, attrs: FigureAttrs) => void) | null }>({
  name: 'figure',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,
  addOptions: () => ({ onEdit: null }),
  addAttributes: () => ({
    src: { default: '' },
    alt: { default: '' },
    caption: { default: '' },
    credit: { default: '' },
  }),
  parseHTML: () => [
    {
      tag: 'figure',
      getAttrs: (el) => {
        const img = el.querySelector('img');
        if (!img?.getAttribute('src')) return false;
        return { src: img.getAttribute('src'), alt: img.getAttribute('alt') ?? '', ...captionParts(el) };
      },
    },
  ],
  renderHTML: ({ node }) => {
    const a = node.attrs as FigureAttrs;
    const cap: (string | [string, ...unknown[]])[] = [];
    if (a.caption) cap.push(a.caption);
    if (a.credit) cap.push(['cite', a.credit]);
    return cap.length ? ['figure', ['img', { src: a.src, alt: a.alt }], ['figcaption', ...cap]] : ['figure', ['img', { src: a.src, alt: a.alt }]];
  },
  addNodeView() {
    return ({ node, getPos }) => {
      const dom = document.createElement('figure');
      dom.setAttribute('data-testid', 'body-figure');
      const img = document.createElement('img');
      const cap = document.createElement('figcaption');
      const caption = document.createElement('span');
      const cite = document.createElement('cite');
      const edit = document.createElement('button');
      edit.type = 'button';
      edit.textContent = 'Edit caption and credit';
      edit.contentEditable = 'false';
      cap.append(caption, cite);
      dom.append(img, cap, edit);
      const paint = (attrs: FigureAttrs) => {
        img.src = attrs.src;
        img.alt = attrs.alt;
        caption.textContent = attrs.caption || '(no caption)';
        cite.textContent = attrs.credit || '(no credit)';
        edit.setAttribute('aria-label', `Edit the caption and credit of the image “${attrs.alt || attrs.caption || attrs.src}”`);
      };
      paint(node.attrs as FigureAttrs);
      edit.addEventListener('click', (e) => {
        e.preventDefault();
        const pos = typeof getPos === 'function' ? getPos() : undefined;
        if (typeof pos === 'number') this.options.onEdit?.(pos, node.attrs as FigureAttrs);
      });
      return {
        dom,
        update: (next) => {
          if (next.type.name !== 'figure') return false;
          node = next;
          paint(next.attrs as FigureAttrs);
          return true;
        },
        stopEvent: (e) => e.target === edit,
        ignoreMutation: () => true,
      };
    };
  },
});

/**
 * An allowlisted embed (video, chart): `<iframe src title width height>`, what the sanitizer
 * keeps. The desk shows it as a labelled box (its CSP loads no frames while editing).
 */
export const Embed = Node.create({
  name: 'embed',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,
  addAttributes: () => ({
    src: { default: '' },
    title: { default: null },
    width: { default: null },
    height: { default: null },
  }),
  parseHTML: () => [{ tag: 'iframe[src]', getAttrs: (el) => (embedSrc(el.getAttribute('src') ?? '') === el.getAttribute('src') ? {} : false) }],
  renderHTML: ({ HTMLAttributes }) => ['iframe', mergeAttributes(HTMLAttributes)],
  addNodeView() {
    return ({ node }) => {
      const dom = document.createElement('div');
      dom.className = 'embed-box';
      dom.setAttribute('data-testid', 'body-embed');
      const paint = () => {
        const src = String(node.attrs.src);
        dom.textContent = `Embed: ${node.attrs.title ?? 'untitled'} (${src})`;
      };
      paint();
      return {
        dom,
        update: (next) => {
          if (next.type.name !== 'embed') return false;
          node = next;
          paint();
          return true;
        },
      };
    };
  },
});

/**
 * The allowlist: exactly what the api's sanitizer keeps (libs/articles article.rules.ts), so the
 * HTML the editor produces is the HTML that is stored and loaded back. No code marks or
 * blocks, headings h2/h3 only, links without target/rel (the sanitizer rewrites those),
 * figures and images with https addresses only, iframes on the embed hosts.
 */
export const bodyExtensions = (opts: { onEditFigure?: (pos: number, attrs: FigureAttrs) => void } = {}): Extensions => [
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
  Figure.configure({ onEdit: opts.onEditFigure ?? null }),
  Embed,
  // bare images (bodies written before figures, or by the api): kept as they are
  Image.configure({ inline: false, allowBase64: false, HTMLAttributes: {} }),
];

/** The credit line as it reads under an inline image ("Image credit: ...", not "Top image credit"). */
export const inlineCredit = (creditLine: string | null | undefined): string =>
  (creditLine ?? '').replace(/^Top (image|photo) credit:/i, (_m, w: string) => `${w[0]!.toUpperCase()}${w.slice(1)} credit:`);

/** Words and reading time as the api counts them (230 words a minute, at least 1). */
export function countWords(text: string): { words: number; minutes: number } {
  const words = (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []).length;
  return { words, minutes: words === 0 ? 0 : Math.max(1, Math.round(words / 230)) };
}
