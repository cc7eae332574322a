import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import { useEffect, useState } from 'react';
import { bodyExtensions, countWords } from './extensions';

function Toolbar({ editor, onInsertImage }: { editor: Editor; onInsertImage: () => void }) {
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
    </div>
  );
}

/** The body in TipTap; `onChange` gets the HTML on every edit (saving never blocks typing). */
export function BodyEditor(props: {
  initialHtml: string;
  onChange: (html: string) => void;
  /** Replaces the document (a merge or restore chose another body). */
  replaceWith?: { html: string; seq: number } | null;
  onInsertImage: (insert: (img: { src: string; alt: string }) => void) => void;
  readOnly?: boolean;
}) {
  const [count, setCount] = useState(() => ({ words: 0, minutes: 0 }));
  const editor = useEditor({
    extensions: bodyExtensions(),
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
      <Toolbar editor={editor} onInsertImage={() => props.onInsertImage((img) => editor.chain().focus().setImage(img).run())} />
      <EditorContent editor={editor} />
      <p className="counts" aria-live="polite" data-testid="word-count">
        {count.words} words, {count.minutes} min read
      </p>
    </div>
  );
}
