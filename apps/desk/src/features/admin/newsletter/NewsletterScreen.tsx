import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, type Schemas } from '../../../api/client';
import { ApiError, must, toApiError } from '../../../api/errors';
import { session } from '../../../auth/session';
import { Link, useLocation } from '../../../router';
import { formatWithUtc } from '../../../time';
import { errorsFor, Field } from '../../../ui/Field';
import { AdminError } from '../access';
import { DayChart } from '../Chart';
import { Confirm } from '../Confirm';
import { Signups } from './Signups';
import { useDebounced } from '../../../ui/useDebounced';

type Subscriber = Schemas['SubscriberResponse'];
type SubStatus = Subscriber['subscriptions'][number]['status'];
const STATUSES: SubStatus[] = ['pending', 'confirmed', 'unsubscribed'];
const BASE = '/desk/admin/newsletter';
const AREAS = [
  { id: 'lists', label: 'Lists' },
  { id: 'consent', label: 'Consent text' },
  { id: 'subscribers', label: 'Subscribers' },
  { id: 'signups', label: 'Signups by source' },
] as const;
const keys = {
  lists: ['admin', 'newsletter', 'lists'] as const,
  consent: ['admin', 'newsletter', 'consent'] as const,
  subscribers: ['admin', 'newsletter', 'subscribers'] as const,
};

const useLists = () =>
  useQuery({ queryKey: keys.lists, queryFn: async () => must(await api.GET('/v1/admin/newsletter/lists', { params: { query: { includeArchived: 'true' } } })) });

export default function NewsletterScreen() {
  const { path } = useLocation();
  const area = AREAS.find((a) => path === `${BASE}/${a.id}`)?.id ?? 'lists';
  return (
    <section>
      <h1>Newsletter</h1>
      <nav aria-label="Newsletter" className="subnav">
        {AREAS.map((a) => (
          <Link key={a.id} to={`${BASE}/${a.id}`} aria-current={a.id === area ? 'page' : undefined}>
            {a.label}
          </Link>
        ))}
      </nav>
      {area === 'lists' ? <Lists /> : area === 'consent' ? <ConsentTexts /> : area === 'signups' ? <Signups /> : <Subscribers />}
    </section>
  );
}

function Lists() {
  const qc = useQueryClient();
  const lists = useLists();
  const [draft, setDraft] = useState({ name: '', description: '' });
  const [done, setDone] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: async () => must(await api.POST('/v1/admin/newsletter/lists', { body: { name: draft.name.trim(), description: draft.description.trim() || undefined } })),
    onMutate: () => setDone(null),
    onSuccess: async (l) => {
      setDone(`Created “${l.name}” (/${l.slug}).`);
      setDraft({ name: '', description: '' });
      // the counts and the growth report name the lists too
      await qc.invalidateQueries({ queryKey: ['admin', 'newsletter'] });
    },
  });
  const error = create.error instanceof ApiError ? create.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <>
      <form className="box create-term" aria-label="New list" onSubmit={submit}>
        <h2>New list</h2>
        <div className="row">
          <Field
            label="Name"
            errors={[...errorsFor(error, 'name', 'slug'), ...(error?.code === 'NEWSLETTER_LIST_SLUG_TAKEN' && !error.details.length ? [`${error.message} (${error.code})`] : [])]}
          >
            {(id, d) => <input id={id} aria-describedby={d} required value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />}
          </Field>
          <Field label="Description" hint="What a reader gets, and how often." errors={errorsFor(error, 'description')}>
            {(id, d) => <input id={id} aria-describedby={d} value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} />}
          </Field>
        </div>
        {error && !error.details.length && error.code !== 'NEWSLETTER_LIST_SLUG_TAKEN' ? <AdminError error={error} what="manage the newsletter" /> : null}
        {done && <p role="status">{done}</p>}
        <button type="submit" className="primary" disabled={create.isPending}>
          Create the list
        </button>
      </form>
      <AdminError error={lists.error} what="manage the newsletter" />
      <table aria-label="Lists">
        <thead>
          <tr>
            <th scope="col">List</th>
            <th scope="col">Confirmed</th>
            <th scope="col">Pending</th>
            <th scope="col">Unsubscribed</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {lists.data?.map((l) => (
            <tr key={l.id}>
              <td>
                <strong>{l.name}</strong> <span className="muted">/{l.slug}</span>
                <br />
                <span className="muted">{l.description}</span>
              </td>
              <td>{l.confirmed}</td>
              <td>{l.pending}</td>
              <td>{l.unsubscribed}</td>
              <td>{l.archivedAt ? `archived ${formatWithUtc(l.archivedAt)}` : 'open for signups'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Growth />
    </>
  );
}

/** Every day from `from` to `to` (exclusive), as YYYY-MM-DD (UTC). */
function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from.slice(0, 10)}T00:00:00Z`), end = Date.parse(`${to.slice(0, 10)}T00:00:00Z`); t < end && out.length < 400; t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

function Growth() {
  const growth = useQuery({ queryKey: ['admin', 'newsletter', 'growth'], queryFn: async () => must(await api.GET('/v1/admin/newsletter/reports/growth')) });
  if (growth.error) return <AdminError error={growth.error} what="read the newsletter reports" />;
  const g = growth.data;
  if (!g) return <p role="status">Loading the growth…</p>;
  const days = daysBetween(g.from, g.to);
  const open = g.lists.filter((l) => !l.archivedAt);
  const seriesOf = (field: 'signups' | 'net') =>
    open.map((l) => {
      const byDay = new Map(g.days.filter((d) => d.listId === l.id).map((d) => [d.day.slice(0, 10), d[field]]));
      return { label: l.name, values: days.map((d) => byDay.get(d) ?? 0) };
    });
  return (
    <section aria-labelledby="growth">
      <h2 id="growth">Growth, last {days.length} days</h2>
      <DayChart title="Signups per list per day" days={days} series={seriesOf('signups')} />
      <DayChart title="Net growth per list per day (confirmed minus unsubscribed)" days={days} series={seriesOf('net')} />
    </section>
  );
}

function ConsentTexts() {
  const qc = useQueryClient();
  const versions = useQuery({ queryKey: keys.consent, queryFn: async () => must(await api.GET('/v1/admin/newsletter/consent-texts')) });
  const current = versions.data?.[0];
  const [text, setText] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const publish = useMutation({
    mutationFn: async () => must(await api.POST('/v1/admin/newsletter/consent-texts', { body: { text: (text ?? '').trim() } })),
    onMutate: () => setDone(null),
    onSuccess: async (v) => {
      setDone(`Version ${v.version} is now what the signup box shows.`);
      setText(null);
      await qc.invalidateQueries({ queryKey: keys.consent });
    },
  });
  const error = publish.error instanceof ApiError ? publish.error : null;
  const value = text ?? current?.text ?? '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    publish.mutate();
  };
  return (
    <>
      <p>A reader’s consent records the version they agreed to, so a published version is never edited: a change is a new version, and the older ones stay as they were.</p>
      <form className="box" aria-label="New consent text version" onSubmit={submit}>
        <h2>New version</h2>
        <Field
          label="Consent text"
          hint={current ? `Starts from version ${current.version}; publishing makes version ${current.version + 1}.` : 'The first version.'}
          errors={errorsFor(error, 'text')}
        >
          {(id, d) => <textarea id={id} aria-describedby={d} rows={3} required value={value} onChange={(e) => setText(e.target.value)} />}
        </Field>
        {error && !errorsFor(error, 'text').length ? <AdminError error={error} what="manage the newsletter" /> : null}
        {done && <p role="status">{done}</p>}
        <button type="submit" className="primary" disabled={publish.isPending || text === null || text.trim() === current?.text}>
          Publish as a new version
        </button>
      </form>
      <AdminError error={versions.error} what="manage the newsletter" />
      <ol className="versions" aria-label="Versions, newest first">
        {versions.data?.map((v, i) => (
          <li key={v.id}>
            <strong>Version {v.version}</strong>
            {i === 0 ? ' (shown now)' : ''} · {formatWithUtc(v.createdAt)}
            <blockquote>{v.text}</blockquote>
          </li>
        ))}
      </ol>
    </>
  );
}

/** The CSV the API streams, fetched with the session and handed to the browser as a download. */
async function downloadExport(filter: { list?: string; status?: SubStatus }): Promise<void> {
  const qs = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => Boolean(e[1])));
  const url = `/v1/admin/newsletter/subscribers/export${qs.size ? `?${qs}` : ''}`;
  const get = () => fetch(url, { headers: { authorization: `Bearer ${session.tokens?.accessToken ?? ''}` } });
  let res = await get();
  if (res.status === 401 && (await session.refresh())) res = await get();
  if (!res.ok) throw toApiError(res.status, await res.json().catch(() => null));
  const blob = await res.blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'newsletter-subscribers.csv';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

function Subscribers() {
  const lists = useLists();
  const [q, setQ] = useState('');
  const [list, setList] = useState('');
  const [status, setStatus] = useState<SubStatus | ''>('');
  const query = useDebounced(q);
  const found = useInfiniteQuery({
    queryKey: [...keys.subscribers, query, list, status],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) =>
      must(
        await api.GET('/v1/admin/newsletter/subscribers', {
          params: { query: { q: query || undefined, list: list || undefined, status: status || undefined, cursor: pageParam, limit: 50 } },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const exporting = useMutation({ mutationFn: () => downloadExport({ list: list || undefined, status: status || undefined }) });
  const items = found.data?.pages.flatMap((p) => p.items) ?? [];
  const listName = new Map((lists.data ?? []).map((l) => [l.id, l.name]));
  return (
    <>
      <form className="filters" role="search" aria-label="Find subscribers" onSubmit={(e) => e.preventDefault()}>
        <label>
          Address
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Part of the e-mail" />
        </label>
        <label>
          List
          <select value={list} onChange={(e) => setList(e.target.value)}>
            <option value="">Any</option>
            {lists.data?.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as SubStatus | '')}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => exporting.mutate()} disabled={exporting.isPending}>
          {exporting.isPending ? 'Preparing…' : 'Download CSV'}
        </button>
      </form>
      <p className="muted">The CSV has one row per subscription for the list and status chosen (the address search does not narrow it); erased subscribers are left out.</p>
      <AdminError error={exporting.error} what="export subscribers" />
      <AdminError error={found.error} what="manage the newsletter" />
      <table aria-label="Subscribers">
        <thead>
          <tr>
            <th scope="col">Address</th>
            <th scope="col">Subscriptions</th>
            <th scope="col">Since</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <SubscriberRow key={s.id} s={s} listName={(id) => listName.get(id) ?? id} />
          ))}
        </tbody>
      </table>
      {!found.isLoading && !items.length && <p>No subscriber matches.</p>}
      {found.hasNextPage && (
        <button type="button" onClick={() => void found.fetchNextPage()} disabled={found.isFetchingNextPage}>
          More subscribers
        </button>
      )}
    </>
  );
}

function SubscriberRow({ s, listName }: { s: Subscriber; listName: (id: string) => string }) {
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState<'unsubscribe' | 'erase' | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: async (what: 'unsubscribe' | 'erase') => {
      const path = { params: { path: { id: s.id } } };
      if (what === 'unsubscribe') return must(await api.POST('/v1/admin/newsletter/subscribers/{id}/unsubscribe', { ...path, body: {} })).unsubscribed.length;
      must(await api.DELETE('/v1/admin/newsletter/subscribers/{id}', path));
      return 0;
    },
    onSuccess: async (n, what) => {
      setConfirming(null);
      setNote(what === 'unsubscribe' ? `Unsubscribed from ${n} list${n === 1 ? '' : 's'}.` : 'Erased.');
      await qc.invalidateQueries({ queryKey: keys.subscribers });
      await qc.invalidateQueries({ queryKey: keys.lists });
    },
  });
  const active = s.subscriptions.some((x) => x.status !== 'unsubscribed');
  return (
    <tr>
      <td>{s.email}</td>
      <td>
        <ul className="plain">
          {s.subscriptions.map((x) => (
            <li key={x.listId}>
              {listName(x.listId)}: <span className={`status sub-${x.status}`}>{x.status}</span>
            </li>
          ))}
        </ul>
      </td>
      <td>{formatWithUtc(s.createdAt)}</td>
      <td>
        <div className="actions">
          {active && (
            <button type="button" onClick={() => setConfirming('unsubscribe')}>
              Unsubscribe<span className="sr-only"> {s.email}</span>
            </button>
          )}
          <button type="button" onClick={() => setConfirming('erase')}>
            Erase<span className="sr-only"> {s.email}</span>
          </button>
        </div>
        {note && (
          <p className="muted" role="status">
            {note}
          </p>
        )}
        {!confirming && <AdminError error={act.error} what="manage the newsletter" />}
        {confirming === 'unsubscribe' && (
          <Confirm
            title={`Unsubscribe ${s.email} from every list?`}
            confirmLabel="Unsubscribe"
            busy={act.isPending}
            error={act.error}
            onConfirm={() => act.mutate('unsubscribe')}
            onCancel={() => setConfirming(null)}
          >
            <p>For a request received by other means (a letter, a reply). No more mail goes to them; the consent trail records that an admin did it.</p>
          </Confirm>
        )}
        {confirming === 'erase' && (
          <Confirm
            title={`Erase ${s.email}?`}
            confirmLabel="Erase"
            busy={act.isPending}
            error={act.error}
            onConfirm={() => act.mutate('erase')}
            onCancel={() => setConfirming(null)}
          >
            <p>The address is removed here and from queued and sent mail; unsent mail to it is cancelled; every subscription ends. This cannot be undone.</p>
            <p>
              What stays: an anonymous consent trail (when they signed up, confirmed and left, which consent text version, from which page), so the record of consent can still be
              shown. The subscriber no longer appears in searches or exports.
            </p>
          </Confirm>
        )}
      </td>
    </tr>
  );
}
