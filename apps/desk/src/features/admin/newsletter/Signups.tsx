import { useQueries, useQuery } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { api } from '../../../api/client';
import { ApiError, must } from '../../../api/errors';
import { Link } from '../../../router';
import { errorsFor, Field } from '../../../ui/Field';
import { AdminError } from '../access';
import { BarChart } from '../Chart';

/** The articles named in the table get their headline; past this many, the id alone. */
const HEADLINES_MAX = 100;
const CHART_TOP = 10;

export const signupKeys = { attribution: (from: string, to: string) => ['admin', 'newsletter', 'attribution', from, to] as const };

/** Signups and confirmations per article and per placement of the box (GET /v1/admin/newsletter/reports/attribution). */
export function Signups() {
  const [range, setRange] = useState({ from: '', to: '' });
  const [typed, setTyped] = useState(range);
  const report = useQuery({
    queryKey: signupKeys.attribution(range.from, range.to),
    queryFn: async () => must(await api.GET('/v1/admin/newsletter/reports/attribution', { params: { query: { from: range.from || undefined, to: range.to || undefined } } })),
    retry: false,
  });
  const error = report.error instanceof ApiError ? report.error : null;
  // the field's words, its detail code and the error's code
  const fieldErrors = (f: string) => errorsFor(error, f).map((m) => `${m} ${error?.code ?? ''}`.trim());
  const articleIds = useMemo(() => (report.data?.byArticle ?? []).flatMap((r) => (r.articleId ? [r.articleId] : [])).slice(0, HEADLINES_MAX), [report.data]);
  const articles = useQueries({
    queries: articleIds.map((id) => ({
      queryKey: ['article', id, 'headline'] as const,
      queryFn: async () => {
        const r = await api.GET('/v1/admin/articles/{id}', { params: { path: { id } } });
        return r.response.status === 404 ? null : must(r);
      },
      staleTime: 60_000,
    })),
  });
  const headline = new Map(articleIds.map((id, i) => [id, articles[i]?.data]));
  const nameOf = (id: string | null) => {
    if (!id) return 'Not next to an article';
    const a = headline.get(id);
    return a ? a.headline : a === null ? `Article ${id} (deleted)` : `Article ${id}`;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setRange({ from: typed.from, to: typed.to });
  };
  const r = report.data;
  const byArticle = r?.byArticle ?? [];
  const byPlacement = r?.byPlacement ?? [];
  const top = byArticle.slice(0, CHART_TOP);
  const placementName = (p: string | null) => p ?? 'No placement given';
  const articleSeries = useMemo(
    () => [
      { label: 'Signups', values: top.map((x) => x.signups) },
      { label: 'Confirmations', values: top.map((x) => x.confirmations) },
    ],
    [r],
  );
  const placementSeries = useMemo(
    () => [
      { label: 'Signups', values: byPlacement.map((x) => x.signups) },
      { label: 'Confirmations', values: byPlacement.map((x) => x.confirmations) },
    ],
    [r],
  );
  const articleNames = top.map((x) => nameOf(x.articleId)).join('\u0000');
  const articleCats = useMemo(() => (articleNames ? articleNames.split('\u0000') : []), [articleNames]);
  const placementCats = useMemo(() => byPlacement.map((x) => placementName(x.placement)), [r]);

  return (
    <>
      <p>
        Where readers signed up: the article the box was next to, and where on the page the box was (the placement a front-end sends). Counted from the consent records, per signup
        and per confirmation.
      </p>
      <form className="filters" aria-label="Report period" onSubmit={submit}>
        <Field label="From (UTC day)" hint="Empty: 29 days before the end." errors={fieldErrors('from')}>
          {(id, db) => (
            <input
              id={id}
              type="date"
              aria-describedby={db}
              aria-invalid={errorsFor(error, 'from').length ? true : undefined}
              value={typed.from}
              onChange={(e) => setTyped({ ...typed, from: e.target.value })}
            />
          )}
        </Field>
        <Field label="To (UTC day, inclusive)" hint="Empty: today." errors={fieldErrors('to')}>
          {(id, db) => (
            <input
              id={id}
              type="date"
              aria-describedby={db}
              aria-invalid={errorsFor(error, 'to').length ? true : undefined}
              value={typed.to}
              onChange={(e) => setTyped({ ...typed, to: e.target.value })}
            />
          )}
        </Field>
        <button type="submit">Show the period</button>
      </form>
      {error && !errorsFor(error, 'from', 'to').length ? <AdminError error={error} what="read the newsletter reports" /> : null}
      {!r && !report.error && <p role="status">Loading the report…</p>}
      {r && (
        <>
          <p className="muted">
            {r.from.slice(0, 10)} to {new Date(Date.parse(r.to) - 1).toISOString().slice(0, 10)} (UTC).
          </p>
          <section aria-labelledby="by-article">
            <h2 id="by-article">Per article</h2>
            {top.length ? (
              <BarChart title={`Signups and confirmations, the ${top.length} articles with most signups`} what="Article" categories={articleCats} series={articleSeries} />
            ) : null}
            <table aria-label="Signups per article">
              <thead>
                <tr>
                  <th scope="col">Article</th>
                  <th scope="col">Signups</th>
                  <th scope="col">Confirmations</th>
                  <th scope="col">Confirmed</th>
                </tr>
              </thead>
              <tbody>
                {byArticle.map((x) => (
                  <tr key={x.articleId ?? 'none'} data-article-id={x.articleId ?? ''}>
                    <th scope="row">{x.articleId && headline.get(x.articleId) ? <Link to={`/desk/articles/${x.articleId}`}>{nameOf(x.articleId)}</Link> : nameOf(x.articleId)}</th>
                    <td>{x.signups}</td>
                    <td>{x.confirmations}</td>
                    <td>{rate(x)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {!byArticle.length && <p>No signups in this period.</p>}
          </section>
          <section aria-labelledby="by-placement">
            <h2 id="by-placement">Per placement</h2>
            {byPlacement.length ? <BarChart title="Signups and confirmations per placement" what="Placement" categories={placementCats} series={placementSeries} /> : null}
            <table aria-label="Signups per placement">
              <thead>
                <tr>
                  <th scope="col">Placement</th>
                  <th scope="col">Signups</th>
                  <th scope="col">Confirmations</th>
                  <th scope="col">Confirmed</th>
                </tr>
              </thead>
              <tbody>
                {byPlacement.map((x) => (
                  <tr key={x.placement ?? 'none'}>
                    <th scope="row">{x.placement ? <code>{x.placement}</code> : placementName(null)}</th>
                    <td>{x.signups}</td>
                    <td>{x.confirmations}</td>
                    <td>{rate(x)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {!byPlacement.length && <p>No signups in this period.</p>}
          </section>
        </>
      )}
    </>
  );
}

/** Confirmations over signups in the period (a confirmation may follow a signup from before it). */
const rate = (x: { signups: number; confirmations: number }) => (x.signups ? `${Math.round((100 * x.confirmations) / x.signups)} %` : '–');
