import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { messageOf, must } from '../../api/errors';
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
            <small>{showTime === 'scheduledAt' ? formatWithUtc(a.scheduledAt) : showTime === 'publishedAt' ? formatShort(a.publishedAt) : statusLabel(a.status)}</small>
          </li>
        ))}
      </ul>
      <Link to={`/desk/articles?${more}`}>All of them</Link>
    </section>
  );
}

const OVERDUE_SHOWN = 8;

function Overdue() {
  // a few, the longest over budget first (a newsroom may have thousands overdue: the box shows 8)
  const q = useQuery({
    queryKey: ['workflow', 'overdue', OVERDUE_SHOWN],
    queryFn: async () => must(await api.GET('/v1/admin/workflow/overdue', { params: { query: { limit: OVERDUE_SHOWN + 1 } } })),
  });
  const shown = q.data?.slice(0, OVERDUE_SHOWN);
  return (
    <section className="box" aria-labelledby="box-overdue">
      <h2 id="box-overdue">Overdue (workflow SLA)</h2>
      {!q.data?.length ? <p className="muted">Nothing overdue.</p> : null}
      <ul>
        {shown?.map((o) => (
          <li key={o.articleId}>
            <Link to={`/desk/articles/${o.articleId}`}>{o.headline}</Link>{' '}
            <small>
              {statusLabel(o.status)} for {Math.round(o.waitedMs / 3_600_000)} h
            </small>
          </li>
        ))}
      </ul>
      {q.data && q.data.length > OVERDUE_SHOWN && <p className="muted">And more: these are the {OVERDUE_SHOWN} longest over their budget.</p>}
    </section>
  );
}

const REASON: Record<string, string> = { unpublished: 'was unpublished', retracted: 'was retracted', archived: 'was archived' };

/** Pinned related stories whose target went away (open alerts on pages you can see). */
function TeaserAlerts({ canResolve }: { canResolve: boolean }) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['teaser-alerts', 'open'], queryFn: async () => must(await api.GET('/v1/admin/teaser-alerts', { params: { query: { limit: 8 } } })) });
  const [error, setError] = useState<string | null>(null);
  const resolve = async (id: string) => {
    setError(null);
    try {
      must(await api.POST('/v1/admin/teaser-alerts/{id}/resolve', { params: { path: { id } } }));
      await qc.invalidateQueries({ queryKey: ['teaser-alerts'] });
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <section className="box" aria-labelledby="box-teaser-alerts" data-testid="teaser-alerts">
      <h2 id="box-teaser-alerts">Teaser alerts</h2>
      {q.isLoading ? <p role="status">Loading…</p> : !q.data?.items.length ? <p className="muted">No pinned story went away.</p> : null}
      <ul>
        {q.data?.items.map((a) => (
          <li key={a.id}>
            <Link to={`/desk/articles/${a.articleId}`}>{a.articleHeadline}</Link> pins “{a.targetHeadline}”, which {REASON[a.reason] ?? a.reason} ({formatShort(a.createdAt)}).{' '}
            {canResolve && (
              <button type="button" onClick={() => void resolve(a.id)} aria-label={`Mark the alert on “${a.articleHeadline}” handled`}>
                Handled
              </button>
            )}
          </li>
        ))}
      </ul>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** Image licences expired or expiring within 30 days, with the live pieces using them first. */
function LicencesExpiring() {
  const q = useQuery({
    queryKey: ['images', 'license-report', 30],
    queryFn: async () => must(await api.GET('/v1/admin/images/license-report', { params: { query: { withinDays: 30 } } })),
  });
  const items = q.data?.items ?? [];
  return (
    <section className="box" aria-labelledby="box-licences" data-testid="licences-expiring">
      <h2 id="box-licences">Licences expiring (30 days)</h2>
      {q.isLoading ? <p role="status">Loading…</p> : !items.length ? <p className="muted">No licence expires within 30 days.</p> : null}
      <ul>
        {items.slice(0, 8).map((i) => {
          const live = i.usages.filter((u) => u.live);
          return (
            <li key={i.imageId}>
              {i.altText || 'An image without alt text'} ({i.licensor ?? 'no licensor'}):{' '}
              {i.expired ? <strong>expired {formatShort(i.expiresAt)}</strong> : `expires ${formatShort(i.expiresAt)}, ${i.daysLeft} days left`}
              {live.length > 0 && (
                <>
                  {' '}
                  · live on{' '}
                  {live.map((u, n) => (
                    <span key={u.usageId}>
                      {n > 0 && ', '}
                      <Link to={`/desk/articles/${u.usageId}`}>{u.headline ?? u.slug ?? 'a piece'}</Link>
                    </span>
                  ))}
                </>
              )}
            </li>
          );
        })}
      </ul>
      <Link to="/desk/images">The image library and licence report</Link>
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
        <TeaserAlerts canResolve={editor} />
        {editor && <LicencesExpiring />}
      </div>
    </section>
  );
}
