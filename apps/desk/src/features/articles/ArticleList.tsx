import { useEffect, useState } from 'react';
import { Link, navigate, useLocation } from '../../router';
import { formatShort, NEWSROOM_TZ } from '../../time';
import { ErrorBanner } from '../../ui/Field';
import { STATUSES, statusLabel, useArticleList, useArticleTypes, useContributors, useSections, useTags, type ListFilters } from './queries';

const FILTER_KEYS = ['status', 'sectionId', 'typeId', 'tagId', 'contributorId', 'q', 'mine', 'dateField', 'from', 'until'] as const;
const DATE_FIELDS = [
  ['updated', 'Updated'],
  ['created', 'Created'],
  ['published', 'Published'],
  ['scheduled', 'Scheduled for'],
] as const;

export function ArticleList() {
  const { query } = useLocation();
  const filters: ListFilters = {};
  for (const k of FILTER_KEYS) {
    const v = query.get(k);
    if (v) (filters as Record<string, string>)[k] = v;
  }
  const [q, setQ] = useState(filters.q ?? '');
  // the address changed under us (a link, back, forward): the box shows its search, not the old one
  const [urlQ, setUrlQ] = useState(filters.q ?? '');
  if ((filters.q ?? '') !== urlQ) {
    setUrlQ(filters.q ?? '');
    setQ(filters.q ?? '');
  }
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(query);
    if (v) next.set(k, v);
    else next.delete(k);
    navigate(`/desk/articles${next.size ? `?${next}` : ''}`, true);
  };
  // search as you type, a little after the last key
  useEffect(() => {
    const t = setTimeout(() => {
      if ((filters.q ?? '') !== q.trim()) set('q', q.trim());
    }, 300);
    return () => clearTimeout(t);
  });
  const list = useArticleList(filters);
  const sections = useSections();
  const types = useArticleTypes();
  const tags = useTags('');
  const people = useContributors('');
  const sectionName = new Map((sections.data ?? []).map((s) => [s.id, s.name]));
  const typeName = new Map((types.data ?? []).map((s) => [s.id, s.name]));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section>
      <h1>Articles</h1>
      <form className="filters" role="search" aria-label="Filter articles" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Headline, dek or body" />
        </label>
        <label>
          Status
          <select value={filters.status ?? ''} onChange={(e) => set('status', e.target.value)}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Section
          <select value={filters.sectionId ?? ''} onChange={(e) => set('sectionId', e.target.value)}>
            <option value="">Any</option>
            {sections.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Type
          <select value={filters.typeId ?? ''} onChange={(e) => set('typeId', e.target.value)}>
            <option value="">Any</option>
            {types.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Tag
          <select value={filters.tagId ?? ''} onChange={(e) => set('tagId', e.target.value)}>
            <option value="">Any</option>
            {tags.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Author
          <select value={filters.contributorId ?? ''} onChange={(e) => set('contributorId', e.target.value)}>
            <option value="">Anyone</option>
            {people.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Date
          <select value={filters.dateField ?? 'updated'} onChange={(e) => set('dateField', e.target.value === 'updated' ? '' : e.target.value)}>
            {DATE_FIELDS.map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" value={filters.from ?? ''} onChange={(e) => set('from', e.target.value)} aria-describedby="date-zone" />
        </label>
        <label>
          Until
          <input type="date" value={filters.until ?? ''} onChange={(e) => set('until', e.target.value)} aria-describedby="date-zone" />
        </label>
        <p className="hint" id="date-zone">
          Days in {NEWSROOM_TZ}, both included.
        </p>
        <label className="check">
          <input type="checkbox" checked={filters.mine === 'true'} onChange={(e) => set('mine', e.target.checked ? 'true' : '')} /> Mine only
        </label>
      </form>
      <ErrorBanner error={list.error} />
      <table className="list" aria-busy={list.isFetching}>
        <thead>
          <tr>
            <th scope="col">Headline</th>
            <th scope="col">Status</th>
            <th scope="col">Kicker</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id}>
              <td>
                <Link to={`/desk/articles/${a.id}`}>{a.headline || '(no headline)'}</Link>
              </td>
              <td>
                <span className={`status status-${a.status}`}>{statusLabel(a.status)}</span>
                {a.scheduledAt && a.status === 'scheduled' ? <small> {formatShort(a.scheduledAt)}</small> : null}
              </td>
              <td>{[a.typeId && typeName.get(a.typeId), a.sectionId && sectionName.get(a.sectionId)].filter(Boolean).join(' | ')}</td>
              <td>{formatShort(a.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!list.isLoading && !items.length && <p>No article matches.</p>}
      {list.hasNextPage && (
        <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? 'Loading…' : 'More articles'}
        </button>
      )}
    </section>
  );
}
