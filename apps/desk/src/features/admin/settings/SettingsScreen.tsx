import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type DragEvent, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { api, type Schemas } from '../../../api/client';
import { ApiError, must } from '../../../api/errors';
import { formatWithUtc } from '../../../time';
import { errorsFor, Field } from '../../../ui/Field';
import { ImagePickerDialog } from '../../images/ImagePicker';
import { useImage } from '../../images/queries';
import { AdminError } from '../access';
import { getPart, moved, planMerge, resolve, same, type Doc, type MergePlan } from './merge';

type Settings = Schemas['SiteSettingsResponse'];
/** The document as PUT sends it; members this screen does not know yet ride along untouched. */
type Draft = Schemas['SiteSettingsRequest'] & Doc & { sectionBoxes: Schemas['SectionBoxDto'][] };
type Social = Schemas['SocialAccountDto'];
type Network = Social['network'];
type MenuItem = Schemas['MenuItemDto'];
type MenuLink = Schemas['MenuLinkDto'];
type SectionBox = Schemas['SectionBoxDto'];

const NETWORKS: Network[] = ['x', 'bluesky', 'mastodon', 'threads', 'linkedin', 'instagram', 'facebook', 'youtube', 'tiktok', 'telegram', 'whatsapp', 'substack', 'rss', 'website'];
const MENUS = [
  { id: 'primary', label: 'Primary menu', one: 'primary link' },
  { id: 'footer', label: 'Footer menu', one: 'footer link' },
] as const;
const PART_LABELS: Record<string, string> = {
  title: 'Title',
  description: 'Description',
  logoImageId: 'Logo',
  socialAccounts: 'Social accounts',
  preferredSource: 'Preferred source',
  'menus.primary': 'Primary menu',
  'menus.footer': 'Footer menu',
  newsletterBox: 'Newsletter box',
  sectionBoxes: 'Section boxes',
};

export const settingsKeys = { current: ['admin', 'site-settings'] as const };

const docOf = (s: Settings): Draft => {
  const { version: _v, updatedAt: _u, ...doc } = s;
  return doc as Draft;
};
const etagOf = (version: number) => `"s${version}"`;

async function readSettings(): Promise<Settings> {
  return must(await api.GET('/v1/admin/site-settings'));
}

export default function SettingsScreen() {
  const qc = useQueryClient();
  const current = useQuery({ queryKey: settingsKeys.current, queryFn: readSettings, refetchOnWindowFocus: false });
  const lists = useQuery({
    queryKey: ['admin', 'newsletter', 'lists'],
    queryFn: async () => must(await api.GET('/v1/admin/newsletter/lists', { params: { query: { includeArchived: 'true' } } })),
  });
  const sections = useQuery({ queryKey: ['sections'], queryFn: async () => must(await api.GET('/v1/admin/sections')) });
  // what my draft is based on (the version read), and the draft itself
  const [base, setBase] = useState<{ doc: Draft; version: number } | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [conflict, setConflict] = useState<{ plan: MergePlan; theirs: Draft; version: number } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (current.data && !base) {
      setBase({ doc: docOf(current.data), version: current.data.version });
      setDraft(docOf(current.data));
    }
  }, [current.data, base]);

  const save = useMutation({
    mutationFn: async (body: Draft) => {
      const r = await api.PUT('/v1/admin/site-settings', { params: { header: { 'If-Match': etagOf(base!.version) } }, body });
      if (r.response.status === 412) return { stale: true as const };
      return { stale: false as const, saved: must(r) };
    },
    onMutate: () => setNote(null),
    onSuccess: async (r, sent) => {
      if (!r.stale) {
        setBase({ doc: docOf(r.saved), version: r.saved.version });
        setDraft(docOf(r.saved));
        qc.setQueryData(settingsKeys.current, r.saved);
        setNote(`Saved as version ${r.saved.version}. Front-ends see it on GET /v1/content/settings.`);
        return;
      }
      // RULE: on 412 nothing typed is dropped: theirs is read and merged part by part
      const fresh = await readSettings();
      const theirs = docOf(fresh);
      qc.setQueryData(settingsKeys.current, fresh);
      if (same(theirs, sent)) {
        // theirs equals mine: my save landed and its answer was lost
        setBase({ doc: theirs, version: fresh.version });
        setNote(`Saved as version ${fresh.version}.`);
        return;
      }
      setConflict({ plan: planMerge(base!.doc, sent, theirs), theirs, version: fresh.version });
    },
  });
  const error = save.error instanceof ApiError ? save.error : null;

  useEffect(() => {
    // focus the first field the API named
    if (error) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error]);

  if (current.error) return <AdminError error={current.error} what="edit the site settings" />;
  if (!draft || !base) return <p role="status">Loading the settings…</p>;

  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const changed = !same(base.doc, draft);
  const errs = (field: string) => errorsFor(error, field);
  const invalid = (field: string) => (errs(field).length ? true : undefined);
  const knownFields = (f: string) => /^(title|description|logoImageId|socialAccounts|preferredSource|menus|newsletterBox|sectionBoxes)(\.|$)/.test(f);
  const unplaced = error ? error.details.filter((d) => !d.field || !knownFields(d.field) || d.field === 'If-Match') : [];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draft);
  };

  return (
    <section>
      <h1>Site settings and navigation</h1>
      <p className="muted">
        Version {base.version}
        {current.data?.updatedAt ? ` · saved ${formatWithUtc(current.data.updatedAt)}` : ' · never saved (the defaults)'}. What front-ends read on{' '}
        <code>GET /v1/content/settings</code>.
      </p>
      {conflict && (
        <ConflictPanel
          {...conflict}
          onResolve={(merged) => {
            setBase({ doc: conflict.theirs, version: conflict.version });
            setDraft(merged as Draft);
            setConflict(null);
            save.reset();
            setNote(`Merged with version ${conflict.version}. Nothing is saved yet: check, then save.`);
          }}
        />
      )}
      <form ref={form} className="stack settings-form" aria-label="Site settings" onSubmit={submit} noValidate>
        {error && (unplaced.length || !error.details.length) ? (
          <div className="banner banner-error" role="alert">
            {error.message} <code>{error.code}</code>
            {unplaced.length ? (
              <ul>
                {unplaced.map((d, i) => (
                  <li key={i}>
                    {d.field ? <code>{d.field}</code> : null} {d.message} {d.code ? <code>({d.code})</code> : null}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : error ? (
          <p className="error" role="alert">
            Not saved: {error.details.length} field{error.details.length === 1 ? '' : 's'} to fix, marked below <code>{error.code}</code>. What you typed is kept.
          </p>
        ) : null}

        <fieldset className="box settings-part">
          <legend>The site</legend>
          <Field label="Title" errors={errs('title')}>
            {(id, db) => <input id={id} aria-describedby={db} aria-invalid={invalid('title')} value={draft.title} onChange={(e) => set({ title: e.target.value })} />}
          </Field>
          <Field label="Description" hint="Shown under the title and in search results." errors={errs('description')}>
            {(id, db) => (
              <textarea
                id={id}
                rows={2}
                aria-describedby={db}
                aria-invalid={invalid('description')}
                value={draft.description}
                onChange={(e) => set({ description: e.target.value })}
              />
            )}
          </Field>
          <Logo imageId={draft.logoImageId} errors={errs('logoImageId')} onChange={(logoImageId) => set({ logoImageId })} />
        </fieldset>

        <fieldset className="box settings-part">
          <legend>Social accounts</legend>
          <p className="hint">The “Follow us” links, in this order.</p>
          <ol className="plain link-list" aria-label="Social accounts">
            {draft.socialAccounts.map((a, i) => (
              <SocialRow
                key={i}
                i={i}
                account={a}
                count={draft.socialAccounts.length}
                errs={errs}
                onChange={(next) =>
                  set({ socialAccounts: next === null ? draft.socialAccounts.filter((_, j) => j !== i) : draft.socialAccounts.map((x, j) => (j === i ? next : x)) })
                }
                onMove={(to) => set({ socialAccounts: moved(draft.socialAccounts, i, to) })}
              />
            ))}
          </ol>
          <button type="button" onClick={() => set({ socialAccounts: [...draft.socialAccounts, { network: 'website', url: '', label: null }] })}>
            Add a social account
          </button>
          <p className="error">{errs('socialAccounts').join(' ')}</p>
        </fieldset>

        <fieldset className="box settings-part">
          <legend>Preferred source</legend>
          <p className="hint">The search engine call to action; leave both empty for none.</p>
          <div className="row">
            <Field label="Preferred source label" errors={errs('preferredSource.label')}>
              {(id, db) => (
                <input
                  id={id}
                  aria-describedby={db}
                  aria-invalid={invalid('preferredSource.label')}
                  value={draft.preferredSource?.label ?? ''}
                  onChange={(e) => set({ preferredSource: pref(e.target.value, draft.preferredSource?.url ?? '') })}
                />
              )}
            </Field>
            <Field label="Preferred source address" errors={errs('preferredSource.url')}>
              {(id, db) => (
                <input
                  id={id}
                  type="url"
                  aria-describedby={db}
                  aria-invalid={invalid('preferredSource.url')}
                  value={draft.preferredSource?.url ?? ''}
                  onChange={(e) => set({ preferredSource: pref(draft.preferredSource?.label ?? '', e.target.value) })}
                />
              )}
            </Field>
          </div>
        </fieldset>

        {MENUS.map((m) => (
          <MenuEditor
            key={m.id}
            name={m.id}
            label={m.label}
            one={m.one}
            items={draft.menus[m.id]}
            errs={errs}
            onChange={(items) => set({ menus: { ...draft.menus, [m.id]: items } })}
          />
        ))}

        <fieldset className="box settings-part">
          <legend>Newsletter box</legend>
          <p className="hint">The signup box on every page, unless a section has its own below.</p>
          <Field label="Box heading" errors={errs('newsletterBox.heading')}>
            {(id, db) => (
              <input
                id={id}
                aria-describedby={db}
                aria-invalid={invalid('newsletterBox.heading')}
                value={draft.newsletterBox.heading}
                onChange={(e) => set({ newsletterBox: { ...draft.newsletterBox, heading: e.target.value } })}
              />
            )}
          </Field>
          <Field label="Box text" errors={errs('newsletterBox.body')}>
            {(id, db) => (
              <textarea
                id={id}
                rows={2}
                aria-describedby={db}
                aria-invalid={invalid('newsletterBox.body')}
                value={draft.newsletterBox.body}
                onChange={(e) => set({ newsletterBox: { ...draft.newsletterBox, body: e.target.value } })}
              />
            )}
          </Field>
          <Field label="Button label" errors={errs('newsletterBox.buttonLabel')}>
            {(id, db) => (
              <input
                id={id}
                aria-describedby={db}
                aria-invalid={invalid('newsletterBox.buttonLabel')}
                value={draft.newsletterBox.buttonLabel}
                onChange={(e) => set({ newsletterBox: { ...draft.newsletterBox, buttonLabel: e.target.value } })}
              />
            )}
          </Field>
          <ListChoice
            legend="Lists the box offers"
            hint="None ticked: every open list."
            lists={lists.data ?? []}
            value={draft.newsletterBox.listIds}
            errors={[...errs('newsletterBox.listIds'), ...draft.newsletterBox.listIds.flatMap((_, i) => errs(`newsletterBox.listIds.${i}`))]}
            onChange={(listIds) => set({ newsletterBox: { ...draft.newsletterBox, listIds } })}
          />
        </fieldset>

        <SectionBoxes
          boxes={draft.sectionBoxes}
          sections={sections.data ?? []}
          lists={lists.data ?? []}
          fallback={draft.newsletterBox}
          errs={errs}
          onChange={(sectionBoxes) => set({ sectionBoxes })}
        />

        <div className="actions settings-actions">
          <button type="submit" className="primary" disabled={save.isPending || !!conflict}>
            {save.isPending ? 'Saving…' : 'Save the settings'}
          </button>
          <span data-testid="save-state" role="status" aria-live="polite">
            {save.isPending ? 'Saving…' : (note ?? (changed ? 'Unsaved changes.' : 'No changes.'))}
          </span>
        </div>
      </form>
    </section>
  );
}

const pref = (label: string, url: string): Draft['preferredSource'] => (label.trim() === '' && url.trim() === '' ? null : { label, url });

function Logo({ imageId, errors, onChange }: { imageId: string | null; errors: string[]; onChange: (id: string | null) => void }) {
  const [picking, setPicking] = useState(false);
  const img = useImage(imageId);
  return (
    <fieldset className={`field${errors.length ? ' field-error' : ''}`}>
      <legend>Logo</legend>
      {imageId ? (
        <div className="inline">
          {img.data ? <img className="logo" src={img.data.url} alt={img.data.altText ?? 'The logo'} /> : <span className="muted">Loading…</span>}
          <button type="button" onClick={() => setPicking(true)}>
            Replace the logo
          </button>
          <button type="button" onClick={() => onChange(null)}>
            Remove the logo
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setPicking(true)}>
          Choose a logo from the library
        </button>
      )}
      {errors.length ? (
        <p className="error" role="alert">
          {errors.join(' ')}
        </p>
      ) : null}
      {picking && (
        <ImagePickerDialog
          title="Choose the logo"
          onClose={() => setPicking(false)}
          onPick={(i) => {
            onChange(i.id);
            setPicking(false);
          }}
        />
      )}
    </fieldset>
  );
}

/** Move buttons and Alt+Arrow keys on a row: the keyboard's way to reorder (drag is the mouse's). */
function MoveButtons({ what, i, count, onMove }: { what: string; i: number; count: number; onMove: (to: number) => void }) {
  return (
    <>
      <button type="button" disabled={i === 0} onClick={() => onMove(i - 1)}>
        ↑<span className="sr-only"> Move {what} up</span>
      </button>
      <button type="button" disabled={i === count - 1} onClick={() => onMove(i + 1)}>
        ↓<span className="sr-only"> Move {what} down</span>
      </button>
    </>
  );
}

const altArrows = (i: number, onMove: (to: number) => void) => (e: KeyboardEvent) => {
  if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
  e.preventDefault();
  onMove(e.key === 'ArrowUp' ? i - 1 : i + 1);
};

function SocialRow(props: { i: number; account: Social; count: number; errs: (f: string) => string[]; onChange: (a: Social | null) => void; onMove: (to: number) => void }) {
  const { i, account: a, errs } = props;
  const at = `socialAccounts.${i}`;
  const what = `social account ${i + 1}`;
  return (
    <li className="link-item" onKeyDown={altArrows(i, props.onMove)}>
      <div className="row3">
        <Field label={`Network of social account ${i + 1}`} errors={errs(`${at}.network`)}>
          {(id, db) => (
            <select id={id} aria-describedby={db} value={a.network} onChange={(e) => props.onChange({ ...a, network: e.target.value as Network })}>
              {NETWORKS.map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={`Address of social account ${i + 1}`} errors={errs(`${at}.url`)}>
          {(id, db) => (
            <input
              id={id}
              type="url"
              aria-describedby={db}
              aria-invalid={errs(`${at}.url`).length ? true : undefined}
              value={a.url}
              onChange={(e) => props.onChange({ ...a, url: e.target.value })}
            />
          )}
        </Field>
        <Field label={`Handle of social account ${i + 1}`} hint="e.g. @magazine; empty: the network’s name." errors={errs(`${at}.label`)}>
          {(id, db) => (
            <input id={id} aria-describedby={db} value={a.label ?? ''} onChange={(e) => props.onChange({ ...a, label: e.target.value === '' ? null : e.target.value })} />
          )}
        </Field>
      </div>
      <div className="inline">
        <MoveButtons what={what} i={i} count={props.count} onMove={props.onMove} />
        <button type="button" onClick={() => props.onChange(null)}>
          Remove<span className="sr-only"> {what}</span>
        </button>
      </div>
    </li>
  );
}

/** A menu: links in order, each with sub-links; reordered by drag, by the arrow buttons, or Alt+Up/Down. */
function MenuEditor(props: { name: 'primary' | 'footer'; label: string; one: string; items: MenuItem[]; errs: (f: string) => string[]; onChange: (items: MenuItem[]) => void }) {
  const { items, errs } = props;
  const [announce, setAnnounce] = useState('');
  const [dragging, setDragging] = useState<number | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const move = (from: number, to: number, refocus = true) => {
    if (to < 0 || to >= items.length || from === to) return;
    props.onChange(moved(items, from, to));
    setAnnounce(`${items[from]?.label || `Link ${from + 1}`} moved to position ${to + 1} of ${items.length}.`);
    // keep the keyboard where the item went
    if (refocus) requestAnimationFrame(() => listRef.current?.querySelectorAll<HTMLElement>(':scope > li')[to]?.querySelector<HTMLElement>('.grip')?.focus());
  };
  const at = (i: number) => `menus.${props.name}.${i}`;
  const setItem = (i: number, x: MenuItem | null) => props.onChange(x === null ? items.filter((_, j) => j !== i) : items.map((y, j) => (j === i ? x : y)));
  const onDrop = (to: number) => (e: DragEvent) => {
    e.preventDefault();
    if (dragging !== null) move(dragging, to, false);
    setDragging(null);
  };
  return (
    <fieldset className="box settings-part">
      <legend>{props.label}</legend>
      <p className="hint" id={`${props.name}-menu-hint`}>
        Drag a link by its handle, or focus the handle and press Alt+↑ or Alt+↓, or use the arrow buttons. A path on the site (/europe) or an https address.
      </p>
      <ol ref={listRef} className="plain link-list" aria-label={props.label}>
        {items.map((item, i) => {
          const what = `${props.one} ${i + 1}`;
          return (
            <li
              key={i}
              className={`link-item${dragging === i ? ' dragging' : ''}`}
              data-testid={`${props.name}-item`}
              onDragOver={(e) => e.preventDefault()}
              onDrop={onDrop(i)}
              onKeyDown={altArrows(i, (to) => move(i, to))}
            >
              <div className="menu-row">
                <button
                  type="button"
                  className="grip"
                  draggable
                  aria-describedby={`${props.name}-menu-hint`}
                  onDragStart={(e) => {
                    e.dataTransfer.effectAllowed = 'move';
                    e.dataTransfer.setData('text/plain', String(i));
                    setDragging(i);
                  }}
                  onDragEnd={() => setDragging(null)}
                >
                  ⠿<span className="sr-only"> Reorder {what}</span>
                </button>
                <Field label={`Label of ${what}`} errors={errs(`${at(i)}.label`)}>
                  {(id, db) => (
                    <input
                      id={id}
                      aria-describedby={db}
                      aria-invalid={errs(`${at(i)}.label`).length ? true : undefined}
                      value={item.label}
                      onChange={(e) => setItem(i, { ...item, label: e.target.value })}
                    />
                  )}
                </Field>
                <Field label={`Address of ${what}`} errors={errs(`${at(i)}.url`)}>
                  {(id, db) => (
                    <input
                      id={id}
                      aria-describedby={db}
                      aria-invalid={errs(`${at(i)}.url`).length ? true : undefined}
                      value={item.url}
                      onChange={(e) => setItem(i, { ...item, url: e.target.value })}
                    />
                  )}
                </Field>
                <div className="inline">
                  <MoveButtons what={what} i={i} count={items.length} onMove={(to) => move(i, to)} />
                  <button type="button" onClick={() => setItem(i, null)}>
                    Remove<span className="sr-only"> {what}</span>
                  </button>
                </div>
              </div>
              <SubLinks what={what} at={at(i)} links={item.children} errs={errs} onChange={(children) => setItem(i, { ...item, children })} />
            </li>
          );
        })}
      </ol>
      {!items.length && <p className="muted">No links yet.</p>}
      <button type="button" onClick={() => props.onChange([...items, { label: '', url: '', children: [] }])}>
        Add a link to the {props.label.toLowerCase()}
      </button>
      <p className="error">{errs(`menus.${props.name}`).join(' ')}</p>
      <p className="sr-only" role="status" aria-live="polite">
        {announce}
      </p>
    </fieldset>
  );
}

function SubLinks({ what, at, links, errs, onChange }: { what: string; at: string; links: MenuLink[]; errs: (f: string) => string[]; onChange: (l: MenuLink[]) => void }) {
  const set = (i: number, l: MenuLink | null) => onChange(l === null ? links.filter((_, j) => j !== i) : links.map((x, j) => (j === i ? l : x)));
  return (
    <div className="sub-links">
      {links.length ? (
        <ol className="plain" aria-label={`Sub-links of ${what}`}>
          {links.map((l, i) => {
            const sub = `sub-link ${i + 1} of ${what}`;
            const f = `${at}.children.${i}`;
            return (
              <li key={i} className="menu-row" onKeyDown={altArrows(i, (to) => to >= 0 && to < links.length && onChange(moved(links, i, to)))}>
                <Field label={`Label of ${sub}`} errors={errs(`${f}.label`)}>
                  {(id, db) => <input id={id} aria-describedby={db} value={l.label} onChange={(e) => set(i, { ...l, label: e.target.value })} />}
                </Field>
                <Field label={`Address of ${sub}`} errors={errs(`${f}.url`)}>
                  {(id, db) => <input id={id} aria-describedby={db} value={l.url} onChange={(e) => set(i, { ...l, url: e.target.value })} />}
                </Field>
                <div className="inline">
                  <MoveButtons what={sub} i={i} count={links.length} onMove={(to) => onChange(moved(links, i, to))} />
                  <button type="button" onClick={() => set(i, null)}>
                    Remove<span className="sr-only"> {sub}</span>
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      ) : null}
      <button type="button" className="linkish" onClick={() => onChange([...links, { label: '', url: '' }])}>
        Add a sub-link<span className="sr-only"> to {what}</span>
      </button>
    </div>
  );
}

type ListRow = { id: string; name: string; archivedAt?: string | null };

function ListChoice(props: { legend: string; hint: string; lists: ListRow[]; value: string[]; errors: string[]; onChange: (ids: string[]) => void }) {
  const open = props.lists.filter((l) => !l.archivedAt || props.value.includes(l.id));
  return (
    <fieldset className={`field${props.errors.length ? ' field-error' : ''}`}>
      <legend>{props.legend}</legend>
      <p className="hint">{props.hint}</p>
      {open.map((l) => (
        <label key={l.id} className="check">
          <input
            type="checkbox"
            checked={props.value.includes(l.id)}
            onChange={(e) => props.onChange(e.target.checked ? [...props.value, l.id] : props.value.filter((x) => x !== l.id))}
          />{' '}
          {l.name}
          {l.archivedAt ? ' (archived)' : ''}
        </label>
      ))}
      {!open.length && <p className="muted">No open list.</p>}
      {props.errors.length ? (
        <p className="error" role="alert">
          {props.errors.join(' ')}
        </p>
      ) : null}
    </fieldset>
  );
}

/** Per section: its own heading, text, button or lists; what is left empty comes from the default box. */
function SectionBoxes(props: {
  boxes: SectionBox[];
  sections: { id: string; name: string }[];
  lists: ListRow[];
  fallback: Schemas['NewsletterBoxCopyDto'];
  errs: (f: string) => string[];
  onChange: (b: SectionBox[]) => void;
}) {
  const { boxes, errs } = props;
  const free = props.sections.filter((s) => !boxes.some((b) => b.sectionId === s.id));
  const [pick, setPick] = useState('');
  const set = (i: number, b: SectionBox | null) => props.onChange(b === null ? boxes.filter((_, j) => j !== i) : boxes.map((x, j) => (j === i ? b : x)));
  const nameOf = (id: string) => props.sections.find((s) => s.id === id)?.name ?? id;
  const text = (v: string) => (v === '' ? null : v);
  return (
    <fieldset className="box settings-part">
      <legend>Newsletter box per section</legend>
      <p className="hint">A section’s own copy or lists; anything left empty is the default box’s.</p>
      {boxes.map((b, i) => {
        const at = `sectionBoxes.${i}`;
        const sec = nameOf(b.sectionId);
        return (
          <section key={b.sectionId} className="section-box" aria-label={`Box for ${sec}`}>
            <h3>{sec}</h3>
            <Errors list={errs(`${at}.sectionId`)} />
            <Field label={`Heading for ${sec}`} errors={errs(`${at}.heading`)}>
              {(id, db) => (
                <input
                  id={id}
                  aria-describedby={db}
                  placeholder={props.fallback.heading}
                  value={b.heading ?? ''}
                  onChange={(e) => set(i, { ...b, heading: text(e.target.value) })}
                />
              )}
            </Field>
            <Field label={`Text for ${sec}`} errors={errs(`${at}.body`)}>
              {(id, db) => (
                <textarea
                  id={id}
                  rows={2}
                  aria-describedby={db}
                  placeholder={props.fallback.body}
                  value={b.body ?? ''}
                  onChange={(e) => set(i, { ...b, body: text(e.target.value) })}
                />
              )}
            </Field>
            <Field label={`Button label for ${sec}`} errors={errs(`${at}.buttonLabel`)}>
              {(id, db) => (
                <input
                  id={id}
                  aria-describedby={db}
                  placeholder={props.fallback.buttonLabel}
                  value={b.buttonLabel ?? ''}
                  onChange={(e) => set(i, { ...b, buttonLabel: text(e.target.value) })}
                />
              )}
            </Field>
            <label className="check">
              <input type="checkbox" checked={b.listIds === null} onChange={(e) => set(i, { ...b, listIds: e.target.checked ? null : [...props.fallback.listIds] })} /> The default
              box’s lists
            </label>
            {b.listIds !== null && (
              <ListChoice
                legend={`Lists for ${sec}`}
                hint="None ticked: every open list."
                lists={props.lists}
                value={b.listIds}
                errors={b.listIds.flatMap((_, j) => errs(`${at}.listIds.${j}`))}
                onChange={(listIds) => set(i, { ...b, listIds })}
              />
            )}
            <p>
              <button type="button" onClick={() => set(i, null)}>
                Remove the box for {sec}
              </button>
            </p>
          </section>
        );
      })}
      <div className="inline">
        <label htmlFor="section-box-pick">Section for its own box</label>
        <select id="section-box-pick" value={pick} onChange={(e) => setPick(e.target.value)}>
          <option value="">Choose a section…</option>
          {free.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={!pick}
          onClick={() => {
            props.onChange([...boxes, { sectionId: pick, heading: null, body: null, buttonLabel: null, listIds: null }]);
            setPick('');
          }}
        >
          Give this section its own box
        </button>
      </div>
    </fieldset>
  );
}

const Errors = ({ list }: { list: string[] }) =>
  list.length ? (
    <p className="error" role="alert">
      {list.join(' ')}
    </p>
  ) : null;

const show = (v: unknown): ReactNode => {
  if (v === null || v === undefined || v === '') return <span className="muted">(empty)</span>;
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => x && typeof x === 'object' && 'label' in x))
    return (v as { label: string; url: string }[]).map((x) => `${x.label} (${x.url})`).join(' · ') || <span className="muted">(none)</span>;
  return <code>{JSON.stringify(v)}</code>;
};

/** Someone else saved since I read: what they changed is taken, what I changed kept, and each part we both changed is mine to decide. */
function ConflictPanel({ plan, theirs, version, onResolve }: { plan: MergePlan; theirs: Draft; version: number; onResolve: (d: Doc) => void }) {
  const [chosen, setChosen] = useState<Record<string, 'mine' | 'theirs'>>({});
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const label = (p: string) => PART_LABELS[p] ?? p;
  return (
    <div ref={ref} tabIndex={-1} className="banner banner-warn conflict" role="region" aria-labelledby="conflict-title">
      <h2 id="conflict-title">Someone else saved the settings (version {version}) while you were editing</h2>
      <p>
        Nothing you typed is lost. {plan.theirsOnly.length ? `Their changes to ${plan.theirsOnly.map(label).join(', ')} are taken. ` : ''}
        {plan.mineOnly.length ? `Your changes to ${plan.mineOnly.map(label).join(', ')} are kept. ` : ''}
      </p>
      {plan.conflicts.length ? (
        <table className="merge" aria-label="Changed on both sides">
          <thead>
            <tr>
              <th scope="col">Part</th>
              <th scope="col">Their version</th>
              <th scope="col">Yours</th>
              <th scope="col">Keep</th>
            </tr>
          </thead>
          <tbody>
            {plan.conflicts.map((p) => {
              const c = chosen[p] ?? 'mine';
              return (
                <tr key={p} className="conflict">
                  <th scope="row">{label(p)}</th>
                  <td>{show(getPart(theirs, p))}</td>
                  <td>{show(getPart(plan.merged, p))}</td>
                  <td>
                    <fieldset className="choice">
                      <legend className="sr-only">Keep for {label(p)}</legend>
                      <label>
                        <input type="radio" name={`keep-${p}`} checked={c === 'mine'} onChange={() => setChosen({ ...chosen, [p]: 'mine' })} /> mine
                      </label>
                      <label>
                        <input type="radio" name={`keep-${p}`} checked={c === 'theirs'} onChange={() => setChosen({ ...chosen, [p]: 'theirs' })} /> theirs
                      </label>
                    </fieldset>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p>You did not change the same parts.</p>
      )}
      <button type="button" className="primary" onClick={() => onResolve(resolve(plan, theirs, chosen))}>
        Use this merge
      </button>
    </div>
  );
}
