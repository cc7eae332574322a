import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { must } from '../../api/errors';
import { Link } from '../../router';
import { formatShort, formatWithUtc } from '../../time';
import { statusLabel, useArticleList, useMe, type ListFilters } from '../articles/queries';

function Box({ title, filters, showTime }: { title: string; filters: ListFilters; showTime?: 'scheduledAt' | 'publishedAt' }) {
  const list = useArticleList(filters, 8);
  const items = list.data?.pages[0]?.items ?? [];
  const more = new URLSearchParams(filters as Record<string, string>).toString();
  const headingId = `box-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <section className="box" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {list.isLoading ? <p role="status">Loading…</p> : !items.length ? <p className="muted">Nothing here.</p> : null}
      <ul>
        {items.map((a) => (
          <li key={a.id}>
            <Link to={`/desk/articles/${a.id}`}>{a.headline || '(no headline)'}</Link>{' '}
            <small>
              {showTime === 'scheduledAt' ? formatWithUtc(a.scheduledAt) : showTime === 'publishedAt' ? formatShort(a.publishedAt) : statusLabel(a.status)}
            </small>
          </li>
        ))}
      </ul>
      <Link to={`/desk/articles?${more}`}>All of them</Link>
    </section>
  );
}

function Overdue() {
  const q = useQuery({ queryKey: ['workflow', 'overdue'], queryFn: async () => must(await api.GET('/v1/admin/workflow/overdue')) });
  return (
    <section className="box" aria-labelledby="box-overdue">
      <h2 id="box-overdue">Overdue (workflow SLA)</h2>
      {!q.data?.length ? <p className="muted">Nothing overdue.</p> : null}
      <ul>
        {q.data?.map((o) => (
          <li key={o.articleId}>
            <Link to={`/desk/articles/${o.articleId}`}>{o.headline}</Link> <small>{statusLabel(o.status)} for {Math.round(o.waitedMs / 3_600_000)} h</small>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Home() {
  const me = useMe();
  const editor = me.data?.role === 'editor' || me.data?.role === 'admin';
  return (
    <section>
      <h1>{me.data ? `Hello, ${me.data.displayName}` : 'Home'}</h1>
      <div className="boxes">
        <Box title="My drafts" filters={{ status: 'draft', mine: 'true' }} />
        {editor ? <Box title="Waiting for review" filters={{ status: 'in_review' }} /> : <Box title="My pieces in review" filters={{ status: 'in_review', mine: 'true' }} />}
        <Box title="Approved" filters={editor ? { status: 'approved' } : { status: 'approved', mine: 'true' }} />
        <Box title="Scheduled" filters={editor ? { status: 'scheduled' } : { status: 'scheduled', mine: 'true' }} showTime="scheduledAt" />
        <Box title="Recently published" filters={editor ? { status: 'published' } : { status: 'published', mine: 'true' }} showTime="publishedAt" />
        {editor && <Overdue />}
      </div>
    </section>
  );
}
