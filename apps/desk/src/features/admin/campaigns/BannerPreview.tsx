import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, type Schemas } from '../../../api/client';
import { must } from '../../../api/errors';
import { Link, navigate, useLocation } from '../../../router';
import { formatWithUtc } from '../../../time';
import { useArticleTypes, useSections } from '../../articles/queries';
import { AdminError } from '../access';
import { useArticleHeadline, useArticleSearch } from './pickers';
import { BannerCard } from './Variants';
import { BASE, campaignKeys, PLACEMENT_WORDS, placementText, REASON_WORDS, type RejectReason } from './words';

type PlacementPreview = Schemas['PlacementPreviewResponse'];

/** A reason in words, with the API's code beside it. */
const reasonText = (r: RejectReason) => `${REASON_WORDS[r] ?? r} (${r})`;

/** "Which banner wins on this article for this reader, and why every other campaign does not." */
export default function BannerPreview() {
  const { query } = useLocation();
  const article = query.get('article') ?? '';
  const reader = query.get('reader') ?? '';
  const [q, setQ] = useState('');
  const [readerDraft, setReaderDraft] = useState(reader);
  const searchId = useId();
  const readerId = useId();
  const found = useArticleSearch(q.trim(), true);
  const headline = useArticleHeadline(article);
  const go = (a: string, r: string) => navigate(`${BASE}/preview?${new URLSearchParams({ ...(a ? { article: a } : {}), ...(r.trim() ? { reader: r.trim() } : {}) })}`, true);
  const preview = useQuery({
    queryKey: campaignKeys.preview(article, reader),
    enabled: article !== '',
    queryFn: async () => must(await api.GET('/v1/admin/donation-campaigns/preview', { params: { query: { article, reader: reader || undefined } } })),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go(article, readerDraft);
  };
  return (
    <>
      <p>
        Which banner an article shows a reader now, in each placement, and why every other campaign does not. Drafts and paused campaigns are weighed too, so you see what
        activating one would change.
      </p>
      <form className="box preview-form" aria-label="Preview on an article" onSubmit={submit}>
        <div className="row">
          <div className="field">
            <label htmlFor={searchId}>Find a published article</label>
            <input
              id={searchId}
              value={q}
              autoComplete="off"
              onChange={(e) => setQ(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && found.data?.[0]) {
                  e.preventDefault();
                  setQ('');
                  go(found.data[0].id, readerDraft);
                }
              }}
            />
            <p className="hint">Words of its headline, dek or body. The preview reads the live page, so only published pieces have one.</p>
            {q.trim() && (
              <ul className="suggestions" aria-label="Matching published articles">
                {(found.data ?? []).map((a) => (
                  <li key={a.id}>
                    <button
                      type="button"
                      onClick={() => {
                        setQ('');
                        go(a.id, readerDraft);
                      }}
                    >
                      Preview on “{a.headline}”
                    </button>
                  </li>
                ))}
                {found.data && !found.data.length && <li className="muted">No published article matches.</li>}
              </ul>
            )}
          </div>
          <div className="field">
            <label htmlFor={readerId}>Reader id (optional)</label>
            <input id={readerId} value={readerDraft} onChange={(e) => setReaderDraft(e.target.value)} aria-describedby={`${readerId}-hint`} />
            <p className="hint" id={`${readerId}-hint`}>
              The id the front-end sends: the same reader always gets the same variant. Empty: a random reader each time.
            </p>
          </div>
        </div>
        <p>
          {article ? (
            <>
              Article: <strong>{headline.data ?? article}</strong> (<Link to={`/desk/articles/${article}`}>open it</Link>)
            </>
          ) : (
            'No article chosen yet.'
          )}
        </p>
        <button type="submit" className="primary" disabled={!article}>
          Preview again
        </button>
      </form>
      <AdminError error={preview.error} what="preview donation banners" />
      {preview.data && <PreviewResult p={preview.data} />}
    </>
  );
}

function PreviewResult({ p }: { p: Schemas['BannerPreviewResponse'] }) {
  const sections = useSections();
  const types = useArticleTypes();
  const a = p.article;
  const sectionName = a?.sectionId ? (sections.data?.find((s) => s.id === a.sectionId)?.name ?? a.sectionId) : 'none';
  const typeName = a?.typeId ? (types.data?.find((s) => s.id === a.typeId)?.name ?? a.typeId) : 'none';
  return (
    <section aria-labelledby="preview-result" className="preview-result">
      <h2 id="preview-result">What the page shows</h2>
      <p className="muted">
        For reader <code>{p.readerId}</code> at {formatWithUtc(p.at)}.
        {a && (
          <>
            {' '}
            As banner choice sees the article: section {sectionName}, type {typeName}, {a.tagIds.length} tag{a.tagIds.length === 1 ? '' : 's'};{' '}
            {a.noAppeals ? <strong>“no appeals” is on: no banner at all.</strong> : 'appeals allowed.'}
          </>
        )}{' '}
        Every reader also has a cap across all appeals: {p.globalCap.maxPerDay} a day, {p.globalCap.maxPerWeek} a week.
      </p>
      {p.placements.map((pl) => (
        <PlacementResult key={pl.placement} pl={pl} />
      ))}
    </section>
  );
}

function PlacementResult({ pl }: { pl: PlacementPreview }) {
  const here = pl.rejected.filter((r) => !r.reasons.includes('placement_mismatch'));
  const elsewhere = pl.rejected.filter((r) => r.reasons.includes('placement_mismatch'));
  const headingId = useId();
  return (
    <section className="box placement-result" aria-labelledby={headingId}>
      <h3 id={headingId}>{PLACEMENT_WORDS[pl.placement]}</h3>
      {pl.banner ? (
        <>
          <p className="winner">
            <strong>Wins: {pl.banner.campaignName}</strong>, variant {pl.banner.variantName} (priority {pl.banner.priority}
            {pl.banner.placement === 'inline_after_paragraph' ? `, ${placementText(pl.banner.placement, pl.banner.paragraph).toLowerCase()}` : ''}).{' '}
            <Link to={`${BASE}/${pl.banner.campaignId}`}>
              Open<span className="sr-only"> {pl.banner.campaignName}</span>
            </Link>
          </p>
          <BannerCard
            label={`The winning banner, ${PLACEMENT_WORDS[pl.placement].toLowerCase()}`}
            headline={pl.banner.headline}
            bodyHtml={pl.banner.bodyHtml}
            ctaLabel={pl.banner.ctaLabel}
            ctaUrl={pl.banner.ctaUrl}
          />
        </>
      ) : (
        <p className="no-winner">
          <strong>No banner here.</strong>
        </p>
      )}
      {here.length > 0 && (
        <table aria-label={`Campaigns that do not win ${PLACEMENT_WORDS[pl.placement].toLowerCase()}`}>
          <thead>
            <tr>
              <th scope="col">Campaign</th>
              <th scope="col">Why it does not win</th>
            </tr>
          </thead>
          <tbody>
            {here.map((r) => (
              <tr key={r.campaignId}>
                <td>
                  <Link to={`${BASE}/${r.campaignId}`}>{r.campaignName}</Link>
                </td>
                <td>
                  <ul className="plain reasons">
                    {r.reasons.map((x) => (
                      <li key={x}>{reasonText(x)}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {elsewhere.length > 0 && (
        <details>
          <summary>
            {elsewhere.length} campaign{elsewhere.length === 1 ? ' runs' : 's run'} in another placement
          </summary>
          <ul className="plain">
            {elsewhere.map((r) => (
              <li key={r.campaignId}>
                {r.campaignName}: {r.reasons.map(reasonText).join('; ')}
              </li>
            ))}
          </ul>
        </details>
      )}
      {!pl.banner && !here.length && !elsewhere.length && <p className="muted">No campaign exists yet.</p>}
    </section>
  );
}
