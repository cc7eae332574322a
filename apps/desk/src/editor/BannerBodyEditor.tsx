import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import { useEffect } from 'react';
import { bannerExtensions } from './banner-extensions';

function BannerToolbar({ editor, label }: { editor: Editor; label: string }) {
  const s = useEditorState({
    editor,
    selector: ({ editor: e }) => ({ bold: e.isActive('bold'), italic: e.isActive('italic'), link: e.isActive('link') }),
  });
  const link = () => {
    const prev = editor.getAttributes('link').href as string | undefined;
    const href = window.prompt('Link address (https://… or mailto:…)', prev ?? 'https://');
    if (href === null) return;
    if (!href.trim()) editor.chain().focus().extendMarkRange('link').unsetLink().run();
    else editor.chain().focus().extendMarkRange('link').setLink({ href: href.trim() }).run();
  };
  const b = (name: string, active: boolean, run: () => void, key?: string) => (
    <button type="button" aria-pressed={active} onClick={run} title={key ? `${name} (${key})` : name}>
      {name}
    </button>
  );
  return (
    <div className="toolbar" role="toolbar" aria-label={`${label}: formatting`}>
      {b('Bold', s.bold, () => editor.chain().focus().toggleBold().run(), 'Ctrl+B')}
      {b('Italic', s.italic, () => editor.chain().focus().toggleItalic().run(), 'Ctrl+I')}
      {b('Link', s.link, link)}
      <button type="button" onClick={() => editor.chain().focus().setHardBreak().run()} title="Line break (Shift+Enter)">
        Line break
      </button>
    </div>
  );
}

/**
 * A banner body in a TipTap limited to what the banner sanitizer keeps (p, strong, em, br, a):
 * nothing typed here is dropped on save. `onChange` gets the HTML on every edit.
 */
export function BannerBodyEditor(props: {
  label: string;
  initialHtml: string;
  onChange: (html: string) => void;
  describedBy?: string;
  invalid?: boolean;
  replaceWith?: { html: string; seq: number } | null;
}) {
  const editor = useEditor({
    extensions: bannerExtensions(),
    content: props.initialHtml || '',
    injectCSS: false,
    shouldRerenderOnTransaction: false,
    editorProps: {
      attributes: {
        'aria-label': props.label,
        role: 'textbox',
        'aria-multiline': 'true',
        class: 'body-editor banner-body-editor',
        ...(props.describedBy ? { 'aria-describedby': props.describedBy } : {}),
        ...(props.invalid ? { 'aria-invalid': 'true' } : {}),
      },
    },
    immediatelyRender: true,
    onUpdate: ({ editor: e }) => props.onChange(e.isEmpty ? '' : e.getHTML()),
  });
  useEffect(() => {
    if (editor && props.replaceWith) editor.commands.setContent(props.replaceWith.html || '', { emitUpdate: false });
  }, [props.replaceWith?.seq]);
  if (!editor) return null;
  return (
    <div className="body-field">
      <BannerToolbar editor={editor} label={props.label} />
      <EditorContent editor={editor} />
    </div>
  );
}
