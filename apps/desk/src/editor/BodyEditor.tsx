import { NodeSelection } from '@tiptap/pm/state';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import { useEffect, useId, useRef, useState } from 'react';
import { bodyExtensions, countWords, embedSrc, EMBED_HOSTS, type FigureAttrs } from './extensions';

/** Inserts a block at the cursor; a selected figure or embed stays (the block goes after it). */
function insertBlock(editor: Editor, content: { type: string; attrs: object }) {
  const sel = editor.state.selection;
  if (sel instanceof NodeSelection) editor.chain().focus().insertContentAt(sel.to, content).run();
  else editor.chain().focus().insertContent(content).run();
}

/** The caption and credit of an inline figure (saved into the body as the sanitizer keeps them). */
function FigureDialog({ attrs, onSave, onClose }: { attrs: FigureAttrs; onSave: (a: FigureAttrs) => void; onClose: () => void }) {
  const [caption, setCaption] = useState(attrs.caption);
  const [credit, setCredit] = useState(attrs.credit);
  const [alt, setAlt] = useState(attrs.alt);
  const id = useId();
  return (
    <div className="overlay" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <form
        className="dialog stack"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-t`}
        onSubmit={(e) => {
          e.preventDefault();
          onSave({ ...attrs, caption: caption.trim(), credit: credit.trim(), alt: alt.trim() });
        }}
      >
        <h2 id={`${id}-t`}>Image in the body</h2>
        <img src={attrs.src} alt="" className="dialog-thumb" />
        <label>
          Alt text
          <input value={alt} onChange={(e) => setAlt(e.target.value)} autoFocus />
        </label>
        <label>
          Caption
          <textarea rows={2} value={caption} onChange={(e) => setCaption(e.target.value)} />
        </label>
        <label>
          Credit line
          <input value={credit} onChange={(e) => setCredit(e.target.value)} />
        </label>
        <div className="actions">
          <button type="submit" className="primary">
            Save caption and credit
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}

/** An allowlisted embed: the address (a YouTube page address becomes its player) and a title. */
function EmbedDialog({ onInsert, onClose }: { onInsert: (a: { src: string; title: string }) => void; onClose: () => void }) {
  const [url, setUrl] = useState('');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  return (
    <div className="overlay" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <form
        className="dialog stack"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-t`}
        onSubmit={(e) => {
          e.preventDefault();
          const src = embedSrc(url);
          if (!src) return setError(`Not an address the body keeps: an https address on ${EMBED_HOSTS.join(', ')} (EMBED_HOST_NOT_ALLOWED).`);
          if (!title.trim()) return setError('A title says what the frame holds to people using screen readers (EMBED_TITLE_MISSING).');
          onInsert({ src, title: title.trim() });
        }}
      >
        <h2 id={`${id}-t`}>Embed a video or chart</h2>
        <label>
          Address
          <input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://www.youtube.com/watch?v=…" autoFocus aria-describedby={error ? `${id}-e` : undefined} />
        </label>
        <label>
          Title
          <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder="What the frame shows" />
        </label>
        {error && (
          <p className="error" id={`${id}-e`} role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary">
            Insert the embed
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}

function Toolbar({ editor, onInsertImage, onEmbed }: { editor: Editor; onInsertImage: () => void; onEmbed: () => void }) {
  const s = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      h2: e.isActive('heading', { level: 2 }),
      h3: e.isActive('heading', { level: 3 }),
      ul: e.isActive('bulletList'),
      ol: e.isActive('orderedList'),
      quote: e.isActive('blockquote'),
      link: e.isActive('link'),
    }),
  });
  const b = (label: string, active: boolean, run: () => void, key?: string) => (
    <button type="button" aria-pressed={active} onClick={run} title={key ? `${label} (${key})` : label}>
      {label}
    </button>
  );
  const link = () => {
    const prev = editor.getAttributes('link').href as string | undefined;
    const href = window.prompt('Link address (https://…)', prev ?? 'https://');
    if (href === null) return;
    if (!href.trim()) editor.chain().focus().extendMarkRange('link').unsetLink().run();
    else editor.chain().focus().extendMarkRange('link').setLink({ href: href.trim() }).run();
  };
  return (
    <div className="toolbar" role="toolbar" aria-label="Formatting">
      {b('Bold', s.bold, () => editor.chain().focus().toggleBold().run(), 'Ctrl+B')}
      {b('Italic', s.italic, () => editor.chain().focus().toggleItalic().run(), 'Ctrl+I')}
      {b('H2', s.h2, () => editor.chain().focus().toggleHeading({ level: 2 }).run())}
      {b('H3', s.h3, () => editor.chain().focus().toggleHeading({ level: 3 }).run())}
      {b('List', s.ul, () => editor.chain().focus().toggleBulletList().run())}
      {b('Numbered', s.ol, () => editor.chain().focus().toggleOrderedList().run())}
      {b('Quote', s.quote, () => editor.chain().focus().toggleBlockquote().run())}
      {b('Link', s.link, link)}
      {b('Image', false, onInsertImage)}
      {b('Embed', false, onEmbed)}
    </div>
  );
}

/** The body in TipTap; `onChange` gets the HTML on every edit (saving never blocks typing). */
export function BodyEditor(props: {
  initialHtml: string;
  onChange: (html: string) => void;
  /** Replaces the document (a merge or restore chose another body). */
  replaceWith?: { html: string; seq: number } | null;
  onInsertImage: (insert: (img: FigureAttrs) => void) => void;
  readOnly?: boolean;
}) {
  const [count, setCount] = useState(() => ({ words: 0, minutes: 0 }));
  const [figure, setFigure] = useState<{ pos: number; attrs: FigureAttrs } | null>(null);
  const [embedding, setEmbedding] = useState(false);
  const editFigure = useRef((pos: number, attrs: FigureAttrs) => setFigure({ pos, attrs }));
  const editor = useEditor({
    extensions: bodyExtensions({ onEditFigure: (pos, attrs) => editFigure.current(pos, attrs) }),
    content: props.initialHtml || '',
    injectCSS: false,
    editable: !props.readOnly,
    editorProps: { attributes: { 'aria-label': 'Body', role: 'textbox', 'aria-multiline': 'true', class: 'body-editor', 'data-testid': 'body-editor' } },
    immediatelyRender: true,
    onCreate: ({ editor: e }) => setCount(countWords(e.getText({ blockSeparator: '\n\n' }))),
    onUpdate: ({ editor: e }) => {
      setCount(countWords(e.getText({ blockSeparator: '\n\n' })));
      props.onChange(e.isEmpty ? '' : e.getHTML());
    },
  });
  useEffect(() => {
    if (editor && props.replaceWith) editor.commands.setContent(props.replaceWith.html || '', { emitUpdate: false });
  }, [props.replaceWith?.seq]);
  useEffect(() => {
    editor?.setEditable(!props.readOnly);
  }, [editor, props.readOnly]);
  if (!editor) return null;
  return (
    <div className="body-field">
      <Toolbar editor={editor} onInsertImage={() => props.onInsertImage((img) => insertBlock(editor, { type: 'figure', attrs: img }))} onEmbed={() => setEmbedding(true)} />
      <EditorContent editor={editor} />
      {figure && (
        <FigureDialog
          attrs={figure.attrs}
          onClose={() => setFigure(null)}
          onSave={(attrs) => {
            const { pos } = figure;
            setFigure(null);
            editor
              .chain()
              .focus()
              .command(({ tr }) => {
                tr.setNodeMarkup(pos, undefined, attrs);
                return true;
              })
              .run();
          }}
        />
      )}
      {embedding && (
        <EmbedDialog
          onClose={() => setEmbedding(false)}
          onInsert={(attrs) => {
            setEmbedding(false);
            insertBlock(editor, { type: 'embed', attrs });
          }}
        />
      )}
      <p className="counts" aria-live="polite" data-testid="word-count">
        {count.words} words, {count.minutes} min read
      </p>
    </div>
  );
}
