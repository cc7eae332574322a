import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { api } from '../../../api/client';
import { must } from '../../../api/errors';
import { Link, match, navigate, useLocation } from '../../../router';
import { AdminError } from '../access';
import { CampaignEditor } from './CampaignEditor';
import { BASE, campaignKeys, placementText, runWindow, STATUSES, type CampaignStatus } from './words';

const BannerPreview = lazy(() => import('./BannerPreview'));
const CampaignReport = lazy(() => import('./CampaignReport'));

/** Donation campaigns: the list, one campaign's editor, the preview and a campaign's report. */
export default function CampaignsScreen() {
  const { path } = useLocation();
  let m: Record<string, string> | null;
  let body;
  if (path === `${BASE}/preview`) body = <BannerPreview />;
  else if (path === `${BASE}/new`) body = <CampaignEditor key="new" id={null} />;
  else if ((m = match(`${BASE}/:id/report`, path))) body = <CampaignReport key={m.id} id={m.id!} />;
  else if ((m = match(`${BASE}/:id`, path))) body = <CampaignEditor key={m.id} id={m.id!} />;
  else body = <CampaignList />;
  const area = path === `${BASE}/preview` ? 'preview' : 'campaigns';
  return (
    <section>
      <h1>Donation campaigns</h1>
      <nav aria-label="Donation campaigns" className="subnav">
        <Link to={BASE} aria-current={area === 'campaigns' ? 'page' : undefined}>
          Campaigns
        </Link>
        <Link to={`${BASE}/preview`} aria-current={area === 'preview' ? 'page' : undefined}>
          Preview on an article
        </Link>
      </nav>
      <Suspense fallback={<p role="status">Loading…</p>}>{body}</Suspense>
    </section>
  );
}

function CampaignList() {
  const { query } = useLocation();
  const status = (STATUSES as string[]).includes(query.get('status') ?? '') ? (query.get('status') as CampaignStatus) : '';
  const list = useInfiniteQuery({
    queryKey: campaignKeys.list(status),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) =>
      must(await api.GET('/v1/admin/donation-campaigns', { params: { query: { status: status || undefined, cursor: pageParam, limit: 50 } }, signal })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <div className="actions">
        <Link to={`${BASE}/new`} className="button primary">
          New campaign
        </Link>
      </div>
      <form className="filters" role="search" aria-label="Filter campaigns" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status
          <select value={status} onChange={(e) => navigate(e.target.value ? `${BASE}?status=${e.target.value}` : BASE, true)}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </form>
      <AdminError error={list.error} what="manage donation campaigns" />
      <table aria-label="Campaigns">
        <thead>
          <tr>
            <th scope="col">Campaign</th>
            <th scope="col">Status</th>
            <th scope="col">Placement</th>
            <th scope="col">Priority</th>
            <th scope="col">Run window</th>
            <th scope="col">Variants</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id}>
              <td>
                <Link to={`${BASE}/${c.id}`}>{c.name}</Link>
                {c.status !== 'draft' && (
                  <>
                    {' · '}
                    <Link to={`${BASE}/${c.id}/report`}>
                      Report<span className="sr-only"> of {c.name}</span>
                    </Link>
                  </>
                )}
              </td>
              <td>
                <span className={`status campaign-${c.status}`}>{c.status}</span>
              </td>
              <td>{placementText(c.placement, c.paragraph)}</td>
              <td>{c.priority}</td>
              <td>{runWindow(c.startsAt, c.endsAt)}</td>
              <td>
                {c.variants.filter((v) => v.weight > 0).length} live of {c.variants.length}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!list.isLoading && !list.error && !items.length && <p>{status ? `No ${status} campaign.` : 'No campaign yet.'}</p>}
      {list.hasNextPage && (
        <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          More campaigns
        </button>
      )}
    </>
  );
}
