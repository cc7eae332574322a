import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { session } from '../../auth/session';
import { api, type Article } from '../../api/client';
import { ApiError, messageOf, toApiError } from '../../api/errors';
import { BodyEditor } from '../../editor/BodyEditor';
import { inlineCredit, type FigureAttrs } from '../../editor/extensions';
import { Link } from '../../router';
import { formatWithUtc, fromZonedInput, NEWSROOM_TZ, toZonedInput } from '../../time';
import { Field } from '../../ui/Field';
import { ImagePickerDialog } from '../images/ImagePicker';
import { SocialImage } from '../images/SocialImage';
import { TopImage } from '../images/TopImage';
import { changedFields, draftOf, mergeRows, type Draft, type EditField, type MergeRow } from './merge';
import { AppealsPanel, BylinesRefresh, CorrectionsPanel, PreviewLinksPanel, RelatedPanel } from './ArticlePanels';
import { MergeDialog } from './MergeDialog';
import { TagPicker, BylinePicker } from './pickers';
import { articleKeys, useArticleTypes, useMe, useSections } from './queries';
import { WorkflowPanel } from './WorkflowPanel';

const AUTOSAVE_MS = 1200;
const HEARTBEAT_MS = 45_000;
const NULLABLE: EditField[] = [
  'typeId',
  'sectionId',
  'topImageId',
  'topImageCaption',
  'topImageCredit',
  'seoTitle',
  'seoDescription',
  'canonicalUrl',
  'embargoUntil',
  'ogTitle',
  'ogDescription',
  'ogImageId',
  'twitterTitle',
  'twitterDescription',
  'twitterImageId',
];
/** What the networks show before cutting (libs/articles SOCIAL_TEXT_MAX): the api refuses more with ARTICLE_SOCIAL_TEXT_TOO_LONG. */
const SOCIAL_MAX = { ogTitle: 100, ogDescription: 300, twitterTitle: 70, twitterDescription: 200 } as const;
type SocialField = keyof typeof SOCIAL_MAX;

/** RULE: which field a refusal code names (publish gate, submit's required fields, validation). */
export function fieldOfCode(code: string): EditField | 'topImage' | null {
  const m = /^PUBLISH_GATE_([A-Z_]+)_MISSING$/.exec(code);
  if (m?.[1] === 'TOP_IMAGE') return 'topImage';
  if (m) return ({ HEADLINE: 'headline', SLUG: 'slug', SECTION: 'sectionId', TYPE: 'typeId', BYLINE: 'bylineIds', BODY: 'bodyHtml' } as Record<string, EditField>)[m[1]!] ?? null;
  if (code.startsWith('IMAGE_')) return 'topImage';
  return null;
}

const GATE_WORDS: Partial<Record<string, string>> = {
  headline: 'a headline',
  slug: 'a slug',
  sectionId: 'a section',
  typeId: 'an article type',
  bylineIds: 'at least one byline',
  bodyHtml: 'a body',
};

/** Words per field from an error: validation details name fields; gate codes name them too. */
function problemsByField(e: ApiError | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!e) return out;
  const add = (f: string, msg: string) => out.set(f, [...(out.get(f) ?? []), msg]);
  const codes = [e.code, ...e.details.map((d) => d.field ?? '')];
  for (const c of codes) {
    const f = fieldOfCode(c);
    if (f === 'topImage') add('topImage', c);
    else if (f) add(f, `The publish gate needs ${GATE_WORDS[f] ?? 'this field'} (${c}).`);
  }
  for (const d of e.details) {
    if (!d.field || fieldOfCode(d.field)) continue;
    const f = d.field === 'credit' ? 'topImage' : d.field;
    add(f, f === 'topImage' ? (d.code ?? e.code) : `${e.code === 'WORKFLOW_REQUIRED_FIELDS_MISSING' ? 'Required before submitting' : d.message} (${d.code ?? e.code}).`);
  }
  return out;
}

const backupKey = (id: string) => `desk.draft.${id}`;
interface Backup {
  base: Article;
  draft: Draft;
}

type SaveState =
  { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: Date } | { kind: 'error'; error: ApiError } | { kind: 'offline' } | { kind: 'locked' } | { kind: 'conflict' };

export default function ArticleEditor({ id }: { id: string }) {
  const qc = useQueryClient();
  const me = useMe();
  const sections = useSections();
  const types = useArticleTypes();
  const [base, setBaseState] = useState<Article | null>(null);
  const [draft, setDraftState] = useState<Draft | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [gate, setGate] = useState<ApiError | null>(null);
  const [conflict, setConflict] = useState<{ rows: MergeRow[]; mine: Draft; theirs: Article } | null>(null);
  const [lock, setLock] = useState<{ holderName: string | null; since: string | null } | null>(null);
  const [bodyReplace, setBodyReplace] = useState<{ html: string; seq: number } | null>(null);
  const [inlinePicker, setInlinePicker] = useState<((img: FigureAttrs) => void) | null>(null);
  const [inlineWarning, setInlineWarning] = useState<string | null>(null);
  const baseRef = useRef<Article | null>(null);
  const draftRef = useRef<Draft | null>(null);
  const saving = useRef<Promise<Article | null> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const paused = useRef(false);

  const setBase = (a: Article) => {
    baseRef.current = a;
    setBaseState(a);
    qc.setQueryData(articleKeys.detail(a.id), a);
  };
  const setDraft = (d: Draft) => {
    draftRef.current = d;
    setDraftState(d);
    const b = baseRef.current;
    if (b && Object.keys(changedFields(draftOf(b), d)).length) localStorage.setItem(backupKey(id), JSON.stringify({ base: b, draft: d } satisfies Backup));
    else localStorage.removeItem(backupKey(id));
  };

  const openConflict = (mineBase: Article, mine: Draft, theirs: Article) => {
    const rows = mergeRows(draftOf(mineBase), mine, draftOf(theirs));
    paused.current = true;
    setConflict({ rows, mine, theirs });
    setSave({ kind: 'conflict' });
  };

  const takeLock = useCallback(
    async (takeover = false) => {
      const r = takeover
        ? await api.POST('/v1/admin/articles/{id}/lock/takeover', { params: { path: { id } } })
        : await api.POST('/v1/admin/articles/{id}/lock', { params: { path: { id } } });
      if (r.response.ok && r.data) {
        setLock(null);
        return true;
      }
      if (r.response.status === 423) {
        const fresh = await api.GET('/v1/admin/articles/{id}', { params: { path: { id } } });
        setLock({ holderName: fresh.data?.lock.holderName ?? null, since: fresh.data?.lock.since ?? null });
      }
      return false;
    },
    [id],
  );

  // load, restore what was typed and not saved, take the lock
  useEffect(() => {
    let stop = false;
    void (async () => {
      const r = await api.GET('/v1/admin/articles/{id}', { params: { path: { id } } });
      if (stop) return;
      if (!r.data) return setLoadError(toApiError(r.response.status, r.error));
      const server = r.data;
      baseRef.current = server;
      setBaseState(server);
      const raw = localStorage.getItem(backupKey(id));
      const backup = raw ? (JSON.parse(raw) as Backup) : null;
      if (backup && backup.base.version === server.version) setDraft(backup.draft);
      else if (backup && Object.keys(changedFields(draftOf(backup.base), backup.draft)).length) {
        setDraft(backup.draft);
        openConflict(backup.base, backup.draft, server);
      } else setDraft(draftOf(server));
      await takeLock();
    })();
    return () => {
      stop = true;
    };
  }, [id, takeLock]);

  // heartbeat while the page is open; release on leaving
  useEffect(() => {
    const beat = setInterval(async () => {
      if (lock) return;
      const r = await api.PUT('/v1/admin/articles/{id}/lock', { params: { path: { id } } });
      if (!r.response.ok) await takeLock();
    }, HEARTBEAT_MS);
    return () => clearInterval(beat);
  }, [id, lock, takeLock]);
  useEffect(() => {
    const release = () => api.DELETE('/v1/admin/articles/{id}/lock', { params: { path: { id } } });
    // signing out from here releases the lock while the session still may
    session.beforeSignOut.add(release);
    return () => {
      session.beforeSignOut.delete(release);
      void release();
    };
  }, [id]);

  /** Saves what differs from the base; resolves with the new base (null: nothing saved). */
  const saveNow = useCallback(async (): Promise<Article | null> => {
    if (saving.current) await saving.current;
    const b = baseRef.current;
    const d = draftRef.current;
    if (!b || !d || paused.current) return null;
    const patch = changedFields(draftOf(b), d) as Record<string, unknown>;
    if (!Object.keys(patch).length) return b;
    for (const f of NULLABLE) if (patch[f] === '') patch[f] = null;
    const run = (async () => {
      setSave({ kind: 'saving' });
      let r;
      try {
        r = await api.PATCH('/v1/admin/articles/{id}', { params: { path: { id }, header: { 'If-Match': b.etag } }, body: patch });
      } catch {
        setSave({ kind: 'offline' });
        timer.current = setTimeout(() => void saveNow(), 5000);
        return null;
      }
      if (r.data) {
        const saved = r.data;
        setBase(saved);
        // the sanitizer's form of the body, if nothing was typed meanwhile
        const now = draftRef.current!;
        const next = { ...now };
        if (now.bodyHtml === d.bodyHtml) next.bodyHtml = saved.bodyHtml;
        if (now.slug === d.slug) next.slug = saved.slug;
        setDraft(next);
        setRefusal(null);
        setSave({ kind: 'saved', at: new Date() });
        void qc.invalidateQueries({ queryKey: articleKeys.lists() });
        return saved;
      }
      const err = toApiError(r.response.status, r.error);
      if (r.response.status === 412) {
        const latest = await api.GET('/v1/admin/articles/{id}', { params: { path: { id } } });
        if (latest.data) openConflict(b, draftRef.current!, latest.data);
        return null;
      }
      if (r.response.status === 423) {
        paused.current = true;
        setSave({ kind: 'locked' });
        await takeLock();
        return null;
      }
      setRefusal(err);
      setSave({ kind: 'error', error: err });
      return null;
    })();
    saving.current = run;
    try {
      return await run;
    } finally {
      saving.current = null;
    }
  }, [id, qc, takeLock]);

  const change = <K extends EditField>(field: K, value: Draft[K]) => {
    const d = draftRef.current;
    if (!d) return;
    setDraft({ ...d, [field]: value });
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void saveNow(), AUTOSAVE_MS);
  };
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const resolve = (merged: Draft) => {
    if (!conflict) return;
    setBase(conflict.theirs);
    setDraft(merged);
    setBodyReplace({ html: merged.bodyHtml, seq: Date.now() });
    setConflict(null);
    paused.current = false;
    void saveNow();
  };

  const retryAfterLock = async () => {
    if (await takeLock()) {
      paused.current = false;
      void saveNow();
    }
  };
  const takeOver = async () => {
    if (await takeLock(true)) {
      paused.current = false;
      void saveNow();
    }
  };

  if (loadError) return <p role="alert">{messageOf(loadError)}</p>;
  if (!base || !draft) return <p role="status">Loading the article…</p>;
  // a refusal just met, else what the publish gate says now (an offered publish or schedule it blocks)
  const problems = problemsByField(refusal ?? gate);
  const isEditor = me.data?.role === 'editor' || me.data?.role === 'admin';
  const kicker = [types.data?.find((t) => t.id === draft.typeId)?.name, sections.data?.find((s) => s.id === draft.sectionId)?.name].filter(Boolean).join(' | ');
  const saveText =
    save.kind === 'saving'
      ? 'Saving…'
      : save.kind === 'saved'
        ? `Saved (version ${base.version})`
        : save.kind === 'offline'
          ? 'Not saved: no connection. Retrying; your text is kept.'
          : save.kind === 'locked'
            ? 'Not saved: someone else holds the edit lock. Your text is kept.'
            : save.kind === 'conflict'
              ? 'Not saved: another version was saved meanwhile.'
              : save.kind === 'error'
                ? `Not saved: ${save.error.message} (${save.error.code})`
                : Object.keys(changedFields(draftOf(base), draft)).length
                  ? 'Unsaved changes'
                  : `Version ${base.version}`;
  const text = (field: 'headline' | 'dek' | 'slug', label: string, opts: { max: number; multiline?: boolean; hint?: string }) => (
    <Field label={label} hint={opts.hint} errors={problems.get(field)}>
      {(fid, d) =>
        opts.multiline ? (
          <textarea id={fid} aria-describedby={d} maxLength={opts.max} rows={2} value={draft[field]} onChange={(e) => change(field, e.target.value)} />
        ) : (
          <input id={fid} aria-describedby={d} maxLength={opts.max} value={draft[field]} onChange={(e) => change(field, e.target.value)} />
        )
      }
    </Field>
  );
  const optText = (field: 'seoTitle' | 'seoDescription' | 'canonicalUrl' | 'topImageCaption' | 'topImageCredit', label: string, hint?: string) => (
    <Field label={label} hint={hint} errors={problems.get(field)}>
      {(fid, d) => <input id={fid} aria-describedby={d} value={draft[field] ?? ''} onChange={(e) => change(field, e.target.value || null)} />}
    </Field>
  );
  // RULE (as the page builds its cards): Open Graph falls back to the SEO fields, headline, dek and top image; Twitter to Open Graph
  const ogTitleDefault = draft.seoTitle || draft.headline;
  const ogDescriptionDefault = draft.seoDescription || draft.dek;
  const socialText = (field: SocialField, label: string, fallback: string, multiline = false) => {
    const length = [...(draft[field] ?? '').trim()].length;
    const over = length > SOCIAL_MAX[field];
    const hint = `${length} / ${SOCIAL_MAX[field]} characters${over ? ': too long, the api will refuse it' : ''}. When empty: “${fallback || '(empty)'}”`;
    return (
      <Field label={label} hint={hint} errors={problems.get(field)}>
        {(fid, d) =>
          multiline ? (
            <textarea
              id={fid}
              aria-describedby={d}
              aria-invalid={over || undefined}
              rows={2}
              placeholder={fallback}
              value={draft[field] ?? ''}
              onChange={(e) => change(field, e.target.value || null)}
            />
          ) : (
            <input
              id={fid}
              aria-describedby={d}
              aria-invalid={over || undefined}
              placeholder={fallback}
              value={draft[field] ?? ''}
              onChange={(e) => change(field, e.target.value || null)}
            />
          )
        }
      </Field>
    );
  };
  return (
    <div className="editor">
      <div className="editor-head">
        <p className="kicker" data-testid="kicker">
          {kicker || 'No type or section yet'}
        </p>
        <p className="save-state" role="status" aria-live="polite" data-testid="save-state">
          {saveText}
        </p>
        <nav aria-label="This article" className="article-nav">
          <Link to={`/desk/articles/${id}/revisions`}>Revisions</Link> <Link to={`/desk/articles/${id}/preview`}>Preview</Link>
        </nav>
      </div>
      {lock && (
        <div className="banner banner-warn" role="alert" data-testid="lock-banner">
          {lock.holderName ?? 'Someone else'} is editing this piece{lock.since ? ` since ${formatWithUtc(lock.since)}` : ''}. Your changes stay here until you can save them.{' '}
          <button type="button" onClick={() => void retryAfterLock()}>
            Try again
          </button>{' '}
          {isEditor && (
            <button type="button" onClick={() => void takeOver()}>
              Take over
            </button>
          )}
        </div>
      )}
      <div className="columns">
        <div className="main-col">
          {text('headline', 'Headline', { max: 300 })}
          {text('dek', 'Dek', { max: 500, multiline: true })}
          <div className="row">
            <Field label="Type" errors={problems.get('typeId')}>
              {(fid, d) => (
                <select id={fid} aria-describedby={d} value={draft.typeId ?? ''} onChange={(e) => change('typeId', e.target.value || null)}>
                  <option value="">Choose…</option>
                  {types.data?.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Section" errors={problems.get('sectionId')}>
              {(fid, d) => (
                <select id={fid} aria-describedby={d} value={draft.sectionId ?? ''} onChange={(e) => change('sectionId', e.target.value || null)}>
                  <option value="">Choose…</option>
                  {sections.data?.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <BylinePicker value={draft.bylineIds} onChange={(v) => change('bylineIds', v)} errors={problems.get('bylineIds')} />
          <div className={`field${problems.get('bodyHtml') ? ' field-error' : ''}`}>
            <span className="label" id="body-label">
              Body
            </span>
            <BodyEditor
              initialHtml={draft.bodyHtml}
              replaceWith={bodyReplace}
              onChange={(html) => change('bodyHtml', html)}
              onInsertImage={(insert) => setInlinePicker(() => insert)}
            />
            {problems.get('bodyHtml') && (
              <p className="error" role="alert">
                {problems.get('bodyHtml')!.join(' ')}
              </p>
            )}
            {inlineWarning && (
              <p className="error" role="alert">
                {inlineWarning}
              </p>
            )}
          </div>
          <TagPicker value={draft.tagIds} onChange={(v) => change('tagIds', v)} errors={problems.get('tagIds')} />
        </div>
        <aside className="side-col">
          <WorkflowPanel
            article={base}
            flush={saveNow}
            onDone={(a) => {
              setBase(a);
              setRefusal(null);
            }}
            onRefused={setRefusal}
            onGate={setGate}
          />
          <TopImage imageId={draft.topImageId} onChange={(v) => change('topImageId', v)} problems={problems.get('topImage') ?? []} />
          {draft.topImageId && (
            <>
              {optText('topImageCaption', 'Caption on this article', 'Overrides the image’s default caption here.')}
              {optText('topImageCredit', 'Credit line on this article', 'Overrides the formatted credit line here.')}
            </>
          )}
          <section aria-labelledby="seo-title">
            <h2 id="seo-title">Search and sharing</h2>
            {text('slug', 'Slug', { max: 120, hint: 'From the headline when empty.' })}
            {optText('seoTitle', 'SEO title')}
            {optText('seoDescription', 'SEO description')}
            {optText('canonicalUrl', 'Canonical URL', 'Only when the piece first ran elsewhere (https://…).')}
            <fieldset className="share-cards">
              <legend>Share cards</legend>
              {socialText('ogTitle', 'Open Graph title', ogTitleDefault)}
              {socialText('ogDescription', 'Open Graph description', ogDescriptionDefault, true)}
              <SocialImage
                label="Open Graph image"
                imageId={draft.ogImageId}
                fallback="Empty: the top image."
                onChange={(v) => change('ogImageId', v)}
                errors={problems.get('ogImageId')}
              />
              {socialText('twitterTitle', 'Twitter title', draft.ogTitle || ogTitleDefault)}
              {socialText('twitterDescription', 'Twitter description', draft.ogDescription || ogDescriptionDefault, true)}
              <SocialImage
                label="Twitter image"
                imageId={draft.twitterImageId}
                fallback="Empty: the Open Graph image, else the top image."
                onChange={(v) => change('twitterImageId', v)}
                errors={problems.get('twitterImageId')}
              />
            </fieldset>
            <Field
              label={`Embargo (${NEWSROOM_TZ})`}
              hint={draft.embargoUntil ? `= ${draft.embargoUntil.slice(0, 16).replace('T', ' ')} UTC` : 'Not public before this time.'}
              errors={problems.get('embargoUntil')}
            >
              {(fid, d) => (
                <input
                  id={fid}
                  aria-describedby={d}
                  type="datetime-local"
                  value={toZonedInput(draft.embargoUntil)}
                  onChange={(e) => change('embargoUntil', e.target.value ? fromZonedInput(e.target.value) : null)}
                />
              )}
            </Field>
          </section>
          {isEditor && <PreviewLinksPanel articleId={id} />}
          {me.data?.permissions.includes('banners.manage') && <AppealsPanel articleId={id} />}
          <RelatedPanel article={base} canPin={isEditor} />
          <CorrectionsPanel article={base} canPublish={isEditor} />
          {isEditor && base.status === 'published' && <BylinesRefresh article={base} />}
        </aside>
      </div>
      {conflict && <MergeDialog rows={conflict.rows} mine={conflict.mine} theirs={draftOf(conflict.theirs)} theirVersion={conflict.theirs.version} onResolve={resolve} />}
      {inlinePicker && (
        <ImagePickerDialog
          title="Insert an image into the body"
          onClose={() => setInlinePicker(null)}
          onPick={(img) => {
            const insert = inlinePicker;
            setInlinePicker(null);
            setInlineWarning(
              /^https:\/\//.test(img.url)
                ? null
                : 'This image’s address is not https: the sanitizer keeps only https images in the body, so it would be dropped on save (set IMAGE_BASE_URL to an https address).',
            );
            insert({ src: img.url, alt: img.altText ?? '', caption: img.caption ?? '', credit: inlineCredit(img.creditLine) });
          }}
        />
      )}
    </div>
  );
}
