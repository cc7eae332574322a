import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api, type Article, type Schemas } from '../../api/client';
import { ApiError, messageOf, must } from '../../api/errors';
import { formatWithUtc } from '../../time';
import { errorsFor } from '../../ui/Field';
import { ImagePickerDialog } from '../images/ImagePicker';
import { articleKeys } from './queries';

type PreviewLink = Schemas['PreviewLinkResponse'];
type Related = Schemas['RelatedStoriesResponse'];
type Teaser = Schemas['TeaserResponse'];
type Pin = { targetArticleId: string; headline: string; headlineOverride: string | null; excerptOverride: string | null; imageIdOverride: string | null };

const panelKeys = {
  previewLinks: (id: string) => [...articleKeys.all, 'preview-links', id] as const,
  corrections: (id: string) => [...articleKeys.all, 'corrections', id] as const,
  related: (id: string) => [...articleKeys.all, 'related', id] as const,
};

function ErrorLine({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {messageOf(error)}
    </p>
  );
}

/** Preview links: mint (token shown once, copy), list, revoke. Editors only (articles.review). */
export function PreviewLinksPanel({ articleId }: { articleId: string }) {
  const qc = useQueryClient();
  const links = useQuery({
    queryKey: panelKeys.previewLinks(articleId),
    queryFn: async () => must(await api.GET('/v1/admin/articles/{id}/preview-links', { params: { path: { id: articleId } } })),
  });
  const [hours, setHours] = useState('48');
  const [minted, setMinted] = useState<{ id: string; desk: string; content: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const hoursId = useId();
  const mint = async () => {
    setError(null);
    setCopied(false);
    try {
      const l = must(await api.POST('/v1/admin/articles/{id}/preview-links', { params: { path: { id: articleId } }, body: { expiresInHours: Number(hours) } }));
      sessionStorage.setItem(`desk.preview-token.${articleId}`, l.token);
      setMinted({ id: l.id, desk: `${location.origin}/desk/articles/${articleId}/preview?token=${encodeURIComponent(l.token)}`, content: `${location.origin}${l.path}` });
      await qc.invalidateQueries({ queryKey: panelKeys.previewLinks(articleId) });
    } catch (e) {
      setError(e as ApiError);
    }
  };
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      // no clipboard (an insecure origin): the field is selected for Ctrl+C
      (document.getElementById('minted-link') as HTMLInputElement | null)?.select();
    }
  };
  const revoke = async (l: PreviewLink) => {
    setError(null);
    try {
      must(await api.DELETE('/v1/admin/articles/{id}/preview-links/{linkId}', { params: { path: { id: articleId, linkId: l.id } } }));
      if (minted?.id === l.id) {
        setMinted(null);
        sessionStorage.removeItem(`desk.preview-token.${articleId}`);
      }
      await qc.invalidateQueries({ queryKey: panelKeys.previewLinks(articleId) });
    } catch (e) {
      setError(e as ApiError);
    }
  };
  const now = Date.now();
  return (
    <section className="panel" aria-labelledby="preview-links-title" data-testid="preview-links">
      <h2 id="preview-links-title">Preview links</h2>
      <div className="row">
        <div className={`field${errorsFor(error, 'expiresInHours').length ? ' field-error' : ''}`}>
          <label htmlFor={hoursId}>Valid for (hours)</label>
          <input id={hoursId} type="number" min={1} value={hours} onChange={(e) => setHours(e.target.value)} />
          {errorsFor(error, 'expiresInHours').length > 0 && (
            <p className="error" role="alert">
              {errorsFor(error, 'expiresInHours').join(' ')}
            </p>
          )}
        </div>
        <button type="button" onClick={() => void mint()}>
          Mint a preview link
        </button>
      </div>
      {minted && (
        <div className="minted" role="status">
          <label htmlFor="minted-link">New link (shown once: copy it now)</label>
          <input id="minted-link" readOnly value={minted.desk} onFocus={(e) => e.target.select()} />
          <div className="actions">
            <button type="button" onClick={() => void copy(minted.desk)}>
              Copy the link
            </button>
            <button type="button" onClick={() => void copy(minted.content)}>
              Copy the content API address
            </button>
            {copied && <span>Copied.</span>}
          </div>
          <p className="hint">The content API address needs a content key (a front-end adds its own).</p>
        </div>
      )}
      {error && !errorsFor(error, 'expiresInHours').length && <ErrorLine error={error} />}
      <ul className="plain" aria-label="Preview links of this piece">
        {links.data?.map((l) => {
          const state = l.revokedAt
            ? `revoked ${formatWithUtc(l.revokedAt)}`
            : Date.parse(l.expiresAt) <= now
              ? `expired ${formatWithUtc(l.expiresAt)}`
              : `valid until ${formatWithUtc(l.expiresAt)}`;
          return (
            <li key={l.id}>
              Minted {formatWithUtc(l.createdAt)}, {state}{' '}
              {!l.revokedAt && Date.parse(l.expiresAt) > now && (
                <button type="button" onClick={() => void revoke(l)} aria-label={`Revoke the link minted ${formatWithUtc(l.createdAt)}`}>
                  Revoke
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {links.data && !links.data.length && <p className="muted">No preview link yet.</p>}
    </section>
  );
}

/** Corrections on a published piece: the list, and a form for a new note (articles.publish). */
export function CorrectionsPanel({ article, canPublish }: { article: Article; canPublish: boolean }) {
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: panelKeys.corrections(article.id),
    queryFn: async () => must(await api.GET('/v1/admin/articles/{id}/corrections', { params: { path: { id: article.id } } })),
  });
  const [kind, setKind] = useState<'correction' | 'clarification' | 'retraction'>('correction');
  const [text, setText] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const kindId = useId();
  const textId = useId();
  const add = async () => {
    setBusy(true);
    setError(null);
    try {
      must(await api.POST('/v1/admin/articles/{id}/corrections', { params: { path: { id: article.id } }, body: { kind, text: text.trim() } }));
      // kept until the api took it: an error leaves the text in place
      setText('');
      await qc.invalidateQueries({ queryKey: panelKeys.corrections(article.id) });
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };
  const textErrors = errorsFor(error, 'text');
  const published = article.status === 'published';
  return (
    <section className="panel" aria-labelledby="corrections-title" data-testid="corrections">
      <h2 id="corrections-title">Corrections</h2>
      <ol className="plain">
        {list.data?.map((c) => (
          <li key={c.id}>
            <strong>{c.kind}</strong> {formatWithUtc(c.at)}: {c.text}
          </li>
        ))}
      </ol>
      {list.data && !list.data.length && <p className="muted">No correction on this piece.</p>}
      {canPublish && published && (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <div className="field">
            <label htmlFor={kindId}>Kind</label>
            <select id={kindId} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              <option value="correction">Correction</option>
              <option value="clarification">Clarification</option>
              <option value="retraction">Retraction</option>
            </select>
          </div>
          <div className={`field${textErrors.length ? ' field-error' : ''}`}>
            <label htmlFor={textId}>Note shown on the page</label>
            <textarea
              id={textId}
              rows={3}
              maxLength={5000}
              value={text}
              onChange={(e) => setText(e.target.value)}
              aria-describedby={textErrors.length ? `${textId}-e` : undefined}
            />
            {textErrors.length > 0 && (
              <p className="error" id={`${textId}-e`} role="alert">
                {textErrors.join(' ')}
              </p>
            )}
          </div>
          <button type="submit" disabled={busy || !text.trim()}>
            Add the {kind}
          </button>
        </form>
      )}
      {canPublish && !published && <p className="muted">A correction is added to a published piece.</p>}
      {error && !textErrors.length && <ErrorLine error={error} />}
    </section>
  );
}

/** Re-reads contributor titles and affiliations into the live page's frozen bylines. */
export function BylinesRefresh({ article }: { article: Article }) {
  const [state, setState] = useState<{ done: Date } | { error: unknown } | null>(null);
  const run = async () => {
    setState(null);
    try {
      const r = await api.POST('/v1/admin/articles/{id}/bylines/refresh', { params: { path: { id: article.id } } });
      must(r);
      setState({ done: new Date() });
    } catch (e) {
      setState({ error: e });
    }
  };
  return (
    <section className="panel" aria-labelledby="bylines-refresh-title">
      <h2 id="bylines-refresh-title">Live bylines</h2>
      <p className="hint">The live page keeps each byline’s title and affiliation as of publication. Refresh them after a contributor’s profile changed.</p>
      <button type="button" onClick={() => void run()} disabled={article.status !== 'published'}>
        Refresh the live bylines
      </button>
      {state && 'done' in state && <p role="status">Bylines refreshed at {formatWithUtc(state.done.toISOString())}.</p>}
      {state && 'error' in state && <ErrorLine error={state.error} />}
    </section>
  );
}

function TeaserCard({ t }: { t: Teaser }) {
  return (
    <li className="mag-card" data-testid="teaser-card">
      {t.topImage && (
        <figure>
          <img src={t.topImage.url} alt={t.topImage.alt ?? ''} />
          {t.topImage.creditLine && <p className="mag-credit">{t.topImage.creditLine}</p>}
        </figure>
      )}
      <p className="mag-section">
        {t.section.name}
        {t.pinned ? ' · pinned' : ''}
      </p>
      <h3>{t.headline}</h3>
      <p className="mag-excerpt">{t.excerpt.split(/\n\s*\n/)[0]}</p>
    </li>
  );
}

/**
 * Related stories: pins in order with their overrides, and the cards the page shows now, live:
 * every change is sent to the api (PUT replaces the pins) and the cards come back from it.
 */
export function RelatedPanel({ article, canPin }: { article: Article; canPin: boolean }) {
  const qc = useQueryClient();
  const related = useQuery({
    queryKey: panelKeys.related(article.id),
    queryFn: async () => must(await api.GET('/v1/admin/articles/{id}/related', { params: { path: { id: article.id }, query: { count: 3 } } })),
  });
  const [q, setQ] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [editing, setEditing] = useState<Pin[] | null>(null);
  const [picking, setPicking] = useState<number | null>(null);
  const searchId = useId();
  const found = useQuery({
    queryKey: ['related-candidates', q.trim()],
    enabled: canPin && q.trim().length > 1,
    queryFn: async () => must(await api.GET('/v1/admin/articles', { params: { query: { status: 'published', q: q.trim(), limit: 8 } } })).items,
  });
  const pins: Pin[] =
    editing ??
    (related.data?.pins ?? []).map((p) => ({
      targetArticleId: p.targetArticleId,
      headline: p.target.headline,
      headlineOverride: p.headlineOverride,
      excerptOverride: p.excerptOverride,
      imageIdOverride: p.imageIdOverride,
    }));
  const save = async (next: Pin[]) => {
    setEditing(next);
    setError(null);
    try {
      const r = must(
        await api.PUT('/v1/admin/articles/{id}/related', {
          params: { path: { id: article.id } },
          body: {
            pins: next.map((p) => ({
              targetArticleId: p.targetArticleId,
              headlineOverride: p.headlineOverride || null,
              excerptOverride: p.excerptOverride || null,
              imageIdOverride: p.imageIdOverride,
            })),
          },
        }),
      );
      qc.setQueryData<Related>(panelKeys.related(article.id), r);
      setEditing(null);
    } catch (e) {
      // what was chosen stays on screen, with the api's words beside it
      setError(e as ApiError);
    }
  };
  const pinErr = (i: number, field: string) => errorsFor(error, `pins[${i}].${field}`, `pins.${i}.${field}`);
  const move = (i: number, d: number) => {
    const next = [...pins];
    const [p] = next.splice(i, 1);
    next.splice(i + d, 0, p!);
    void save(next);
  };
  const setPin = (i: number, patch: Partial<Pin>) => setEditing(pins.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <section className="panel related" aria-labelledby="related-title" data-testid="related">
      <h2 id="related-title">Related stories</h2>
      {canPin && (
        <>
          <ol className="plain pins" aria-label="Pinned stories in order">
            {pins.map((p, i) => (
              <li key={p.targetArticleId} className="pin">
                <p>
                  <strong>{i + 1}.</strong> {p.headline}{' '}
                  <button type="button" aria-label={`Move “${p.headline}” up`} disabled={i === 0} onClick={() => move(i, -1)}>
                    ↑
                  </button>{' '}
                  <button type="button" aria-label={`Move “${p.headline}” down`} disabled={i === pins.length - 1} onClick={() => move(i, 1)}>
                    ↓
                  </button>{' '}
                  <button type="button" aria-label={`Unpin “${p.headline}”`} onClick={() => void save(pins.filter((_, j) => j !== i))}>
                    Unpin
                  </button>
                </p>
                {errorsFor(error, `pins[${i}].targetArticleId`, `pins.${i}.targetArticleId`).map((m) => (
                  <p key={m} className="error" role="alert">
                    {m}
                  </p>
                ))}
                <label>
                  Headline on the card
                  <input
                    value={p.headlineOverride ?? ''}
                    placeholder={p.headline}
                    onChange={(e) => setPin(i, { headlineOverride: e.target.value || null })}
                    onBlur={() => editing && void save(pins)}
                  />
                </label>
                {pinErr(i, 'headlineOverride').length > 0 && (
                  <p className="error" role="alert">
                    {pinErr(i, 'headlineOverride').join(' ')}
                  </p>
                )}
                <label>
                  Excerpt on the card
                  <textarea
                    rows={2}
                    value={p.excerptOverride ?? ''}
                    placeholder="Its first two paragraphs"
                    onChange={(e) => setPin(i, { excerptOverride: e.target.value || null })}
                    onBlur={() => editing && void save(pins)}
                  />
                </label>
                {pinErr(i, 'excerptOverride').length > 0 && (
                  <p className="error" role="alert">
                    {pinErr(i, 'excerptOverride').join(' ')}
                  </p>
                )}
                <p>
                  {p.imageIdOverride ? 'Own image chosen. ' : 'Its own top image. '}
                  <button type="button" onClick={() => setPicking(i)}>
                    {p.imageIdOverride ? 'Another image…' : 'Choose another image…'}
                  </button>{' '}
                  {p.imageIdOverride && (
                    <button type="button" onClick={() => void save(pins.map((x, j) => (j === i ? { ...x, imageIdOverride: null } : x)))}>
                      Use its top image
                    </button>
                  )}
                </p>
                {pinErr(i, 'imageIdOverride').length > 0 && (
                  <p className="error" role="alert">
                    {pinErr(i, 'imageIdOverride').join(' ')}
                  </p>
                )}
              </li>
            ))}
          </ol>
          {!pins.length && <p className="muted">Nothing pinned: the page fills its cards from pieces sharing tags or the section.</p>}
          <div className="field">
            <label htmlFor={searchId}>Pin a published piece</label>
            <input id={searchId} value={q} onChange={(e) => setQ(e.target.value)} placeholder="Search headlines" autoComplete="off" />
          </div>
          {q.trim().length > 1 && (
            <ul className="suggestions" aria-label="Published pieces to pin">
              {(found.data ?? [])
                .filter((a) => a.id !== article.id && !pins.some((p) => p.targetArticleId === a.id))
                .map((a) => (
                  <li key={a.id}>
                    <button
                      type="button"
                      onClick={() => {
                        setQ('');
                        void save([...pins, { targetArticleId: a.id, headline: a.headline, headlineOverride: null, excerptOverride: null, imageIdOverride: null }]);
                      }}
                    >
                      Pin “{a.headline}”
                    </button>
                  </li>
                ))}
            </ul>
          )}
          {error && !error.details.some((d) => d.field?.startsWith('pins')) && <ErrorLine error={error} />}
        </>
      )}
      <h3>The cards the page shows now</h3>
      {related.data?.teasers.length ? (
        <ul className="mag-cards small" aria-label="Related story cards">
          {related.data.teasers.map((t) => (
            <TeaserCard key={t.articleId} t={t} />
          ))}
        </ul>
      ) : (
        <p className="muted">No card yet.</p>
      )}
      {picking !== null && (
        <ImagePickerDialog
          title="Image for this card"
          onClose={() => setPicking(null)}
          onPick={(img) => {
            const i = picking;
            setPicking(null);
            void save(pins.map((x, j) => (j === i ? { ...x, imageIdOverride: img.id } : x)));
          }}
        />
      )}
    </section>
  );
}

/**
 * The "no appeals" switch (banners.manage): no donation banner of any campaign on this piece.
 * Saved at once; a refusal shows beside the switch and the switch shows what is stored.
 */
export function AppealsPanel({ articleId }: { articleId: string }) {
  const qc = useQueryClient();
  const key = ['admin', 'appeals', articleId] as const;
  const setting = useQuery({ queryKey: key, queryFn: async () => must(await api.GET('/v1/admin/articles/{id}/appeals', { params: { path: { id: articleId } } })) });
  const [error, setError] = useState<unknown>(null);
  // what was asked, shown until the API answers (no version at stake: "optimistic via the UI")
  const [asked, setAsked] = useState<boolean | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const id = useId();
  const toggle = async (noAppeals: boolean) => {
    setAsked(noAppeals);
    setError(null);
    setNote(null);
    try {
      const s = must(await api.PUT('/v1/admin/articles/{id}/appeals', { params: { path: { id: articleId } }, body: { noAppeals } }));
      qc.setQueryData(key, s);
      setNote(s.noAppeals ? 'No donation appeal shows on this article now.' : 'Donation appeals may show on this article again.');
      await qc.invalidateQueries({ queryKey: ['admin', 'campaigns', 'preview'] });
    } catch (e) {
      setError(e);
    } finally {
      setAsked(null);
    }
  };
  return (
    <section aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>Donation appeals</h2>
      {setting.error ? (
        <ErrorLine error={setting.error} />
      ) : (
        <label className="check">
          <input
            type="checkbox"
            checked={asked ?? setting.data?.noAppeals ?? false}
            disabled={!setting.data || asked !== null}
            onChange={(e) => void toggle(e.target.checked)}
            aria-describedby={`${id}-h`}
          />
          No appeals on this article
        </label>
      )}
      <p className="hint" id={`${id}-h`}>
        For sensitive pieces: no donation banner of any campaign shows here, whatever the campaigns target. Saved at once.
      </p>
      {error ? (
        <p className="error" role="alert">
          Not changed: {messageOf(error)} The switch shows what is stored.
        </p>
      ) : null}
      {note && <p role="status">{note}</p>}
    </section>
  );
}
