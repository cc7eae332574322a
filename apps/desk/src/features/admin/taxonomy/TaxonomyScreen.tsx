import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, type Schemas } from '../../../api/client';
import { ApiError, must } from '../../../api/errors';
import { Link, useLocation } from '../../../router';
import { errorsFor, Field } from '../../../ui/Field';
import { AdminError } from '../access';
import { useDebounced } from '../../../ui/useDebounced';

type Kind = Schemas['TagResponse']['kind'];
const KINDS: Kind[] = ['person', 'place', 'organization', 'topic'];
const BASE = '/desk/admin/taxonomy';
type Area = 'sections' | 'types' | 'tags';
const AREAS: { id: Area; label: string }[] = [
  { id: 'sections', label: 'Sections' },
  { id: 'types', label: 'Article types' },
  { id: 'tags', label: 'Tags' },
];

/** Shared with the article editor's pickers (features/articles/queries taxonomyKeys), so a rename shows there too. */
const keys = { sections: ['sections'] as const, types: ['article-types'] as const, tags: ['tags'] as const };

interface Term {
  id: string;
  name: string;
  slug: string;
  kind?: Kind;
  description?: string | null;
}

export default function TaxonomyScreen() {
  const { path } = useLocation();
  const area = (AREAS.find((a) => path === `${BASE}/${a.id}`) ?? AREAS[0]!).id;
  return (
    <section>
      <h1>Taxonomy</h1>
      <nav aria-label="Taxonomy" className="subnav">
        {AREAS.map((a) => (
          <Link key={a.id} to={`${BASE}/${a.id}`} aria-current={a.id === area ? 'page' : undefined}>
            {a.label}
          </Link>
        ))}
      </nav>
      {area === 'sections' ? <Sections /> : area === 'types' ? <Types /> : <Tags />}
    </section>
  );
}

const matches = (t: Term, q: string) => !q || t.name.toLowerCase().includes(q.toLowerCase()) || t.slug.includes(q.toLowerCase());

function Sections() {
  const [q, setQ] = useState('');
  const list = useQuery({ queryKey: keys.sections, queryFn: async () => must(await api.GET('/v1/admin/sections')) });
  const items = (list.data ?? []).filter((s) => matches(s, q.trim()));
  return (
    <>
      <CreateTerm
        what="section"
        withDescription
        send={async (b) => must(await api.POST('/v1/admin/sections', { body: { name: b.name, slug: b.slug || undefined, description: b.description || null } }))}
        invalidate={keys.sections}
      />
      <SearchBox label="Search sections" value={q} onChange={setQ} />
      <AdminError error={list.error} what="list sections" />
      <TermTable
        label="Sections"
        items={items}
        loading={list.isLoading}
        invalidate={keys.sections}
        rename={async (id, name) => must(await api.PATCH('/v1/admin/sections/{id}', { params: { path: { id } }, body: { name } }))}
      />
      <SectionOrder sections={list.data ?? []} />
    </>
  );
}

type Section = Schemas['SectionResponse'];

/**
 * The navigation order (the sections' `position`): moved one step at a time, by button, and
 * written as positions 0..n-1 for the sections whose position changes (one PATCH each).
 */
function SectionOrder({ sections }: { sections: Section[] }) {
  const qc = useQueryClient();
  const [note, setNote] = useState<string | null>(null);
  const move = useMutation({
    mutationFn: async ({ from, to }: { from: number; to: number }) => {
      const next = [...sections];
      const [s] = next.splice(from, 1);
      next.splice(to, 0, s!);
      for (const [i, x] of next.entries()) {
        if (x.position !== i) must(await api.PATCH('/v1/admin/sections/{id}', { params: { path: { id: x.id } }, body: { position: i } }));
      }
      return { name: s!.name, to, of: next.length };
    },
    onMutate: () => setNote(null),
    onSuccess: (r) => setNote(`${r.name} is now number ${r.to + 1} of ${r.of} in the navigation.`),
    // a half-written order is read back as the API has it
    onSettled: () => qc.invalidateQueries({ queryKey: keys.sections }),
  });
  if (sections.length < 2) return null;
  return (
    <section className="box section-order" aria-labelledby="section-order">
      <h2 id="section-order">Navigation order</h2>
      <p className="hint">The order front-ends list the sections in.</p>
      <ol aria-label="Sections in navigation order" aria-busy={move.isPending}>
        {sections.map((x, i) => (
          <li key={x.id}>
            <span className="section-name">{x.name}</span>{' '}
            <button type="button" disabled={i === 0 || move.isPending} onClick={() => move.mutate({ from: i, to: i - 1 })}>
              ↑<span className="sr-only"> Move {x.name} up</span>
            </button>{' '}
            <button type="button" disabled={i === sections.length - 1 || move.isPending} onClick={() => move.mutate({ from: i, to: i + 1 })}>
              ↓<span className="sr-only"> Move {x.name} down</span>
            </button>
          </li>
        ))}
      </ol>
      <AdminError error={move.error} what="reorder sections" />
      <p role="status">{note}</p>
    </section>
  );
}

function Types() {
  const [q, setQ] = useState('');
  const list = useQuery({ queryKey: keys.types, queryFn: async () => must(await api.GET('/v1/admin/article-types')) });
  const items = (list.data ?? []).filter((s) => matches(s, q.trim()));
  return (
    <>
      <CreateTerm
        what="article type"
        send={async (b) => must(await api.POST('/v1/admin/article-types', { body: { name: b.name, slug: b.slug || undefined } }))}
        invalidate={keys.types}
      />
      <SearchBox label="Search article types" value={q} onChange={setQ} />
      <AdminError error={list.error} what="list article types" />
      <TermTable
        label="Article types"
        items={items}
        loading={list.isLoading}
        invalidate={keys.types}
        rename={async (id, name) => must(await api.PATCH('/v1/admin/article-types/{id}', { params: { path: { id } }, body: { name } }))}
      />
    </>
  );
}

function Tags() {
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<Kind | ''>('');
  const query = useDebounced(q);
  const list = useInfiniteQuery({
    queryKey: [...keys.tags, 'admin', query, kind],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) =>
      must(await api.GET('/v1/admin/tags', { params: { query: { q: query || undefined, kind: kind || undefined, cursor: pageParam, limit: 50 } }, signal })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <CreateTerm
        what="tag"
        withKind
        send={async (b) => must(await api.POST('/v1/admin/tags', { body: { name: b.name, kind: b.kind!, slug: b.slug || undefined } }))}
        invalidate={keys.tags}
      />
      <form className="filters" role="search" aria-label="Find tags" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search tags
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Name or slug" />
        </label>
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind | '')}>
            <option value="">Any</option>
            {KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
      </form>
      <AdminError error={list.error} what="list tags" />
      <TermTable
        label="Tags"
        items={items}
        loading={list.isLoading}
        invalidate={keys.tags}
        withKind
        rename={async (id, name, k) => must(await api.PATCH('/v1/admin/tags/{id}', { params: { path: { id } }, body: { name, kind: k } }))}
      />
      {list.hasNextPage && (
        <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          More tags
        </button>
      )}
    </>
  );
}

function SearchBox({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  return (
    <form className="filters" role="search" aria-label={label.replace(/^Search/, 'Find')} onSubmit={(e) => e.preventDefault()}>
      <label>
        {label}
        <input type="search" value={value} onChange={(e) => onChange(e.target.value)} placeholder="Name or slug" />
      </label>
    </form>
  );
}

interface NewTerm {
  name: string;
  slug: string;
  description: string;
  kind?: Kind;
}

function CreateTerm(props: { what: string; withDescription?: boolean; withKind?: boolean; send: (b: NewTerm) => Promise<Term>; invalidate: readonly string[] }) {
  const qc = useQueryClient();
  const empty: NewTerm = { name: '', slug: '', description: '', kind: props.withKind ? 'topic' : undefined };
  const [draft, setDraft] = useState<NewTerm>(empty);
  const [done, setDone] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => props.send({ ...draft, name: draft.name.trim(), slug: draft.slug.trim(), description: draft.description.trim() }),
    onMutate: () => setDone(null),
    onSuccess: async (t) => {
      setDone(`Created “${t.name}” at /${t.slug}.`);
      setDraft(empty);
      await qc.invalidateQueries({ queryKey: props.invalidate });
    },
  });
  const error = create.error instanceof ApiError ? create.error : null;
  const slugErrors = [...errorsFor(error, 'slug'), ...(error?.code.endsWith('SLUG_TAKEN') && !errorsFor(error, 'slug').length ? [`${error.message} (${error.code})`] : [])];
  const nameErrors = errorsFor(error, 'name');
  const placed = slugErrors.length + nameErrors.length + errorsFor(error, 'kind', 'description').length;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const title = `New ${props.what}`;
  return (
    <form className="box create-term" aria-label={title} onSubmit={submit}>
      <h2>{title}</h2>
      <div className="row3">
        <Field label="Name" errors={nameErrors}>
          {(id, d) => <input id={id} aria-describedby={d} required value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />}
        </Field>
        <Field label="Slug" hint="Made from the name when left empty; it stays when the name changes." errors={slugErrors}>
          {(id, d) => <input id={id} aria-describedby={d} value={draft.slug} onChange={(e) => setDraft({ ...draft, slug: e.target.value })} />}
        </Field>
        {props.withKind && (
          <Field label="Kind" errors={errorsFor(error, 'kind')}>
            {(id, d) => (
              <select id={id} aria-describedby={d} value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as Kind })}>
                {KINDS.map((k) => (
                  <option key={k}>{k}</option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      {props.withDescription && (
        <Field label="Description" errors={errorsFor(error, 'description')}>
          {(id, d) => <textarea id={id} aria-describedby={d} rows={2} value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} />}
        </Field>
      )}
      {create.error && !placed ? <AdminError error={create.error} what="manage the taxonomy" /> : null}
      {done && <p role="status">{done}</p>}
      <button type="submit" className="primary" disabled={create.isPending}>
        Create the {props.what}
      </button>
    </form>
  );
}

function TermTable(props: {
  label: string;
  items: Term[];
  loading: boolean;
  withKind?: boolean;
  invalidate: readonly string[];
  rename: (id: string, name: string, kind?: Kind) => Promise<Term>;
}) {
  return (
    <>
      <table aria-label={props.label}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Slug (the address)</th>
            {props.withKind && <th scope="col">Kind</th>}
            <th scope="col">Rename</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((t) => (
            <TermRow key={t.id} term={t} withKind={props.withKind} rename={props.rename} invalidate={props.invalidate} />
          ))}
        </tbody>
      </table>
      {!props.loading && !props.items.length && <p>Nothing matches.</p>}
    </>
  );
}

function TermRow({
  term: t,
  withKind,
  rename,
  invalidate,
}: {
  term: Term;
  withKind?: boolean;
  rename: (id: string, name: string, kind?: Kind) => Promise<Term>;
  invalidate: readonly string[];
}) {
  const qc = useQueryClient();
  const [name, setName] = useState(t.name);
  const [kind, setKind] = useState<Kind | undefined>(t.kind);
  const [note, setNote] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => rename(t.id, name.trim(), withKind ? kind : undefined),
    onMutate: () => setNote(null),
    onSuccess: async (next) => {
      setNote(`Saved; the slug stays /${next.slug}.`);
      await qc.invalidateQueries({ queryKey: invalidate });
    },
  });
  const changed = name.trim() !== t.name || (withKind && kind !== t.kind);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (changed) save.mutate();
  };
  const formId = `rename-${t.id}`;
  return (
    <tr>
      <td>
        <form id={formId} onSubmit={submit}>
          <label className="sr-only" htmlFor={`${formId}-name`}>
            Name of {t.name}
          </label>
          <input id={`${formId}-name`} value={name} onChange={(e) => setName(e.target.value)} required />
        </form>
      </td>
      <td>
        <code>/{t.slug}</code>
      </td>
      {withKind && (
        <td>
          <label className="sr-only" htmlFor={`${formId}-kind`}>
            Kind of {t.name}
          </label>
          <select id={`${formId}-kind`} form={formId} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </td>
      )}
      <td>
        <button type="submit" form={formId} disabled={!changed || save.isPending}>
          Save<span className="sr-only"> {t.name}</span>
        </button>
        <AdminError error={save.error} what="manage the taxonomy" />
        {note && (
          <p className="muted" role="status">
            {note}
          </p>
        )}
      </td>
    </tr>
  );
}
