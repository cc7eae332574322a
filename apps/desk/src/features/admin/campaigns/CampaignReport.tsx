import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { api, type Schemas } from '../../../api/client';
import { ApiError, must } from '../../../api/errors';
import { Link } from '../../../router';
import { errorsFor, Field } from '../../../ui/Field';
import { AdminError } from '../access';
import { DayChart } from '../Chart';
import { useArticleHeadline } from './pickers';
import { BASE, campaignKeys } from './words';

type Report = Schemas['CampaignReportResponse'];
type Rate = Schemas['RateIntervalResponse'];
type Counts = { impressions: number; clicks: number; dismissals: number; conversions: number };

export const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
/** "10.0 % (95 % interval 4.0 % to 23.1 %)", or a dash without impressions. */
export const ctrText = (r: Rate | null) => (r ? `${pct(r.rate)} (95 % interval ${pct(r.low)} to ${pct(r.high)})` : '— (no impressions)');

/** Every UTC day from `from` to `to`, both included (at most 400). */
function daysFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end && out.length < 400; t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export default function CampaignReport({ id }: { id: string }) {
  const campaign = useQuery({
    queryKey: campaignKeys.one(id),
    queryFn: async () => must(await api.GET('/v1/admin/donation-campaigns/{id}', { params: { path: { id } } })),
  });
  // the range typed, and the range asked (empty: the API's default, activation to today)
  const [draft, setDraft] = useState({ from: '', to: '' });
  const [range, setRange] = useState({ from: '', to: '' });
  const report = useQuery({
    queryKey: campaignKeys.report(id, range.from, range.to),
    queryFn: async () =>
      must(await api.GET('/v1/admin/donation-campaigns/{id}/report', { params: { path: { id }, query: { from: range.from || undefined, to: range.to || undefined } } })),
  });
  const error = report.error instanceof ApiError ? report.error : null;
  const placed = Boolean(error?.details.some((d) => d.field === 'from' || d.field === 'to'));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setRange(draft);
  };
  const name = campaign.data?.name ?? '…';
  return (
    <>
      <p>
        <Link to={BASE}>All campaigns</Link> · <Link to={`${BASE}/${id}`}>Edit {name}</Link>
      </p>
      <h2>Report: {name}</h2>
      <form className="filters" aria-label="Report range" onSubmit={submit}>
        <Field label="From (UTC day)" hint="Empty: the day it was activated." errors={errorsFor(error, 'from')}>
          {(fid, d) => <input id={fid} aria-describedby={d} type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />}
        </Field>
        <Field label="To (UTC day, included)" hint="Empty: today." errors={errorsFor(error, 'to')}>
          {(fid, d) => <input id={fid} aria-describedby={d} type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />}
        </Field>
        <div>
          <button type="submit">Show the range</button>
        </div>
      </form>
      {error && placed ? (
        <p className="error" role="alert">
          {error.message} <code>{error.code}</code>
        </p>
      ) : (
        <AdminError error={report.error} what="read campaign reports" />
      )}
      {report.data ? <ReportBody r={report.data} /> : !report.error && <p role="status">Loading the report…</p>}
    </>
  );
}

function ReportBody({ r }: { r: Report }) {
  const days = useMemo(() => daysFrom(r.from, r.to), [r.from, r.to]);
  const byDay = useMemo(() => new Map(r.days.map((d) => [d.day, d])), [r.days]);
  const countSeries = useMemo(
    () => [
      { label: 'Impressions', values: days.map((d) => byDay.get(d)?.impressions ?? 0) },
      { label: 'Clicks', values: days.map((d) => byDay.get(d)?.clicks ?? 0) },
      { label: 'Conversions', values: days.map((d) => byDay.get(d)?.conversions ?? 0) },
    ],
    [days, byDay],
  );
  const ctrSeries = useMemo(
    () =>
      r.variants.map((v) => {
        const mine = new Map(r.variantDays.filter((x) => x.variantId === v.variantId).map((x) => [x.day, x]));
        // a day without impressions has no CTR: a gap in the line, not a zero
        return { label: `Variant ${v.name}`, values: days.map((d) => (mine.get(d)?.ctr ? Math.round(mine.get(d)!.ctr!.rate * 10000) / 100 : null)) };
      }),
    [r.variants, r.variantDays, days],
  );
  const t = r.totals;
  return (
    <>
      <section className="box" aria-labelledby="r-totals">
        <h3 id="r-totals">
          {r.from} to {r.to} (UTC)
        </h3>
        <dl className="report-totals">
          <div>
            <dt>Impressions</dt>
            <dd>{t.impressions}</dd>
          </div>
          <div>
            <dt>Clicks</dt>
            <dd>{t.clicks}</dd>
          </div>
          <div>
            <dt>Click-through rate</dt>
            <dd>{ctrText(t.ctr)}</dd>
          </div>
          <div>
            <dt>Conversions</dt>
            <dd>{t.conversions}</dd>
          </div>
          <div>
            <dt>Dismissals</dt>
            <dd>{t.dismissals}</dd>
          </div>
        </dl>
      </section>
      <IntervalChart variants={r.variants} />
      <DayChart title="Impressions, clicks and conversions per day" days={days} series={countSeries} />
      <DayChart title="Click-through rate per variant per day (%)" days={days} series={ctrSeries} axis="CTR, % per day" />
      <VariantDayTable r={r} />
      <Ranked
        title="Conversions per article"
        what="Article"
        rows={r.articles.map((a) => ({ ...a, key: a.articleId ?? 'none', label: null }))}
        empty="No event named an article yet."
      />
      <Ranked
        title="Conversions per contributor"
        what="Contributor"
        rows={r.contributors.map((c) => ({ key: c.contributorId, articleId: null, label: c.name, ...c }))}
        empty="No event on a piece with a byline yet."
        note="Each contributor is credited with the full counts of every article in their byline, so a co-written piece counts for each author."
      />
    </>
  );
}

/**
 * CTR with its Wilson 95 % interval per variant: a dot at the rate, a line from the low to the
 * high bound, each row named and its numbers written beside it (nothing read from colour).
 */
function IntervalChart({ variants }: { variants: Report['variants'] }) {
  const titleId = useId();
  const max = Math.max(0.01, ...variants.map((v) => v.ctr?.high ?? 0));
  const scale = (x: number) => 130 + (x / max) * 360;
  const rowH = 34;
  const height = variants.length * rowH + 34;
  const ticks = [0, max / 2, max];
  return (
    <figure className="chart" aria-labelledby={titleId}>
      <figcaption id={titleId}>Click-through rate per variant, with its 95 % interval (Wilson)</figcaption>
      <svg viewBox={`0 0 860 ${height}`} width="100%" role="img" aria-label="The same numbers are in the table below" className="interval-chart">
        {ticks.map((x) => (
          <g key={x}>
            <line x1={scale(x)} x2={scale(x)} y1={4} y2={height - 24} stroke="#bbb" strokeDasharray="3 3" />
            <text x={scale(x)} y={height - 8} textAnchor="middle" fontSize="12">
              {pct(x)}
            </text>
          </g>
        ))}
        {variants.map((v, i) => {
          const y = 20 + i * rowH;
          return (
            <g key={v.variantId}>
              <text x={0} y={y + 4} fontSize="13" fontWeight="600">
                Variant {v.name}
              </text>
              {v.ctr ? (
                <>
                  <line x1={scale(v.ctr.low)} x2={scale(v.ctr.high)} y1={y} y2={y} stroke="#0b4f8a" strokeWidth="3" />
                  <line x1={scale(v.ctr.low)} x2={scale(v.ctr.low)} y1={y - 7} y2={y + 7} stroke="#0b4f8a" strokeWidth="2" />
                  <line x1={scale(v.ctr.high)} x2={scale(v.ctr.high)} y1={y - 7} y2={y + 7} stroke="#0b4f8a" strokeWidth="2" />
                  <rect x={scale(v.ctr.rate) - 5} y={y - 5} width={10} height={10} fill="#111" />
                  <text x={510} y={y + 4} fontSize="12">
                    {ctrText(v.ctr)}
                  </text>
                </>
              ) : (
                <text x={130} y={y + 4} fontSize="12">
                  no impressions yet
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <table aria-label="Per variant">
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col">Weight</th>
            <th scope="col">Impressions</th>
            <th scope="col">Clicks</th>
            <th scope="col">CTR (95 % interval)</th>
            <th scope="col">Conversions</th>
            <th scope="col">Dismissals</th>
          </tr>
        </thead>
        <tbody>
          {variants.map((v) => (
            <tr key={v.variantId}>
              <th scope="row">{v.name}</th>
              <td>{v.weight}</td>
              <td>{v.impressions}</td>
              <td>{v.clicks}</td>
              <td>{ctrText(v.ctr)}</td>
              <td>{v.conversions}</td>
              <td>{v.dismissals}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function VariantDayTable({ r }: { r: Report }) {
  const name = new Map(r.variants.map((v) => [v.variantId, v.name]));
  return (
    <details className="box">
      <summary>Per variant per day, with each day’s interval</summary>
      {r.variantDays.length ? (
        <table aria-label="Per variant per day">
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col">Variant</th>
              <th scope="col">Impressions</th>
              <th scope="col">Clicks</th>
              <th scope="col">CTR (95 % interval)</th>
              <th scope="col">Conversions</th>
            </tr>
          </thead>
          <tbody>
            {r.variantDays.map((d) => (
              <tr key={`${d.day}-${d.variantId}`}>
                <th scope="row">{d.day}</th>
                <td>{name.get(d.variantId) ?? d.variantId}</td>
                <td>{d.impressions}</td>
                <td>{d.clicks}</td>
                <td>{ctrText(d.ctr)}</td>
                <td>{d.conversions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No event in this range.</p>
      )}
    </details>
  );
}

interface RankedRow extends Counts {
  key: string;
  articleId: string | null;
  label: string | null;
}

function ArticleName({ id }: { id: string | null }) {
  const headline = useArticleHeadline(id ?? '');
  if (!id) return <>(events without an article)</>;
  return <Link to={`/desk/articles/${id}`}>{headline.data ?? (headline.error ? id : '…')}</Link>;
}

/** Conversions per article or contributor: bars with their numbers written at their end, then the table. */
function Ranked({ title, what, rows, empty, note }: { title: string; what: string; rows: RankedRow[]; empty: string; note?: string }) {
  const titleId = useId();
  const top = rows.slice(0, 10);
  const max = Math.max(1, ...top.map((r) => r.conversions));
  return (
    <figure className="chart" aria-labelledby={titleId}>
      <figcaption id={titleId}>{title}</figcaption>
      {note && <p className="hint">{note}</p>}
      {!rows.length ? (
        <p>{empty}</p>
      ) : (
        <table aria-label={title} className="ranked">
          <thead>
            <tr>
              <th scope="col">{what}</th>
              <th scope="col">Conversions</th>
              <th scope="col">Clicks</th>
              <th scope="col">Impressions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.key}>
                <th scope="row">{r.label ?? <ArticleName id={r.articleId} />}</th>
                <td>
                  <span className="bar-cell">
                    {i < 10 && <span className="bar" aria-hidden="true" style={{ width: `${(r.conversions / max) * 12}em` }} />}
                    {r.conversions}
                  </span>
                </td>
                <td>{r.clicks}</td>
                <td>{r.impressions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
