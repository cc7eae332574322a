import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { ApiError, messageOf, must, toApiError } from '../../api/errors';
import { Link, useLocation } from '../../router';
import { formatShort } from '../../time';
import { useMe } from './queries';

/** The content API's preview payload (the route documents it in words, not a schema). */
export interface PreviewImage {
  url: string;
  alt: string | null;
  caption: string | null;
  creditLine: string | null;
  width?: number | null;
  height?: number | null;
}
export interface PreviewPayload {
  preview: true;
  article: {
    articleId: string;
    slug: string;
    headline: string;
    dek: string;
    kicker: string;
    tags: { id: string; slug: string; name: string }[];
    bylines: { contributorId: string; name: string; title: string | null }[];
    topImage: PreviewImage | null;
    bodyHtml: string;
    readingMinutes: number;
    corrections: { id: string; kind: string; text: string; at: string }[];
    publishedAt: string;
    substantiveUpdateAt: string | null;
  };
  relatedStories: { articleId: string; slug: string; headline: string; excerpt: string; section: { name: string }; topImage: PreviewImage | null; pinned: boolean }[] | null;
  newsletterBox: { heading: string; body: string; buttonLabel: string; lists: { id: string; name: string; description: string | null }[]; consentText: string | null } | null;
  donationBanners: Record<string, Appeal | null>;
}
interface Appeal {
  placement: string;
  paragraph: number | null;
  headline: string;
  bodyHtml: string;
  ctaLabel: string;
  ctaUrl: string;
}

/** An appeal as the magazine shows it (its body is sanitized by the api: p, a, strong, em, br). */
function AppealBox({ appeal, label, testId }: { appeal: Appeal; label: string; testId: string }) {
  return (
    <aside className={`mag-appeal mag-appeal-${appeal.placement}`} aria-label={label} data-testid={testId}>
      <h2>{appeal.headline}</h2>
      <div dangerouslySetInnerHTML={{ __html: appeal.bodyHtml }} />
      <a className="mag-cta" href={appeal.ctaUrl}>
        {appeal.ctaLabel}
      </a>
    </aside>
  );
}

/**
 * The body split after its Nth top-level paragraph, where an inline appeal goes (as a front-end
 * counts: `<p>` children of the body, figures and headings not counted). `after` is null when
 * the body has fewer paragraphs: the front-end then shows no inline appeal.
 */
export function splitAfterParagraph(html: string, n: number): { before: string; after: string } | null {
  const root = new DOMParser().parseFromString(`<div>${html}</div>`, 'text/html').body.firstElementChild;
  if (!root) return null;
  const children = [...root.childNodes];
  let seen = 0;
  const at = children.findIndex((c) => c.nodeName === 'P' && ++seen === n);
  if (at < 0) return null;
  const part = (nodes: ChildNode[]) => nodes.map((c) => (c instanceof Element ? c.outerHTML : (c.textContent ?? ''))).join('');
  return { before: part(children.slice(0, at + 1)), after: part(children.slice(at + 1)) };
}
interface LatestItem {
  articleId: string;
  slug: string;
  headline: string;
  kicker?: string;
  section?: { name: string };
  publishedAt: string;
}

/**
 * The payload for this piece: through the token in the address when there is one (a shared
 * link, read with the bearer token of an editor), else the signed-in user's own preview of a
 * piece they may see (a writer: their own), which mints no link.
 */
async function loadPreview(id: string, fromUrl: string | null): Promise<PreviewPayload> {
  const r = fromUrl
    ? await api.GET('/v1/content/preview/{token}', { params: { path: { token: fromUrl } } })
    : await api.GET('/v1/admin/articles/{id}/preview', { params: { path: { id } } });
  if (!r.response.ok) throw toApiError(r.response.status, r.error);
  return r.data as unknown as PreviewPayload;
}

function Credit({ text }: { text: string | null }) {
  return text ? <p className="mag-credit">{text}</p> : null;
}

/** A related-story card: image with its own credit line, section, headline, excerpt behind "keep reading". */
function Card({ s }: { s: NonNullable<PreviewPayload['relatedStories']>[number] }) {
  const [open, setOpen] = useState(false);
  const paras = s.excerpt.split(/\n\s*\n/).filter(Boolean);
  return (
    <li className="mag-card" data-testid="related-card">
      {s.topImage && (
        <figure>
          <img src={s.topImage.url} alt={s.topImage.alt ?? ''} />
          <Credit text={s.topImage.creditLine} />
        </figure>
      )}
      <p className="mag-section">{s.section.name}</p>
      <h3>{s.headline}</h3>
      <div className="mag-excerpt" hidden={!open} id={`excerpt-${s.articleId}`}>
        {paras.map((p, i) => (
          <p key={i}>{p}</p>
        ))}
      </div>
      <button type="button" className="linkish" aria-expanded={open} aria-controls={`excerpt-${s.articleId}`} onClick={() => setOpen(!open)}>
        {open ? 'show less' : 'keep reading'}
      </button>
    </li>
  );
}

/** The piece as the magazine lays it out (../shared/DOMAIN.md), from the content API's preview payload. */
export function MagazinePage({ p, latest }: { p: PreviewPayload; latest: LatestItem[] }) {
  const a = p.article;
  const appeal = p.donationBanners?.after_body ?? null;
  const inline = p.donationBanners?.inline_after_paragraph ?? null;
  const split = inline?.paragraph ? splitAfterParagraph(a.bodyHtml, inline.paragraph) : null;
  const topBar = p.donationBanners?.top_bar ?? null;
  const overlay = p.donationBanners?.overlay ?? null;
  const updated = a.substantiveUpdateAt ?? (a.corrections.length ? a.corrections[a.corrections.length - 1]!.at : null);
  return (
    <div className="magazine" data-testid="magazine">
      {topBar && <AppealBox appeal={topBar} label="Donation appeal, top bar" testId="preview-appeal-top-bar" />}
      <article className="mag-main">
        {a.tags.length > 0 && (
          <ul className="mag-tags" aria-label="Tags">
            {a.tags.map((t) => (
              <li key={t.id}>{t.name}</li>
            ))}
          </ul>
        )}
        <h2 className="mag-headline">{a.headline || '(no headline)'}</h2>
        {a.dek && <p className="mag-dek">{a.dek}</p>}
        <p className="kicker" data-testid="preview-kicker">
          {a.kicker}
        </p>
        <p className="mag-byline">
          {a.bylines.length ? <>By {a.bylines.map((b) => b.name + (b.title ? `, ${b.title}` : '')).join(' and ')}</> : 'No byline yet'} · {formatShort(a.publishedAt)}
          {updated && <> · Updated {formatShort(updated)}</>} · {a.readingMinutes} min read
        </p>
        {a.topImage && (
          <figure className="mag-top" data-testid="preview-top-image">
            <img src={a.topImage.url} alt={a.topImage.alt ?? ''} />
            <figcaption>
              {a.topImage.caption && <span className="mag-caption">{a.topImage.caption}</span>}
              <Credit text={a.topImage.creditLine} />
            </figcaption>
          </figure>
        )}
        {/* sanitized by the api on save (the same allowlist the editor produces) */}
        {split && inline ? (
          <div className="mag-body" data-testid="preview-body">
            <div dangerouslySetInnerHTML={{ __html: split.before }} />
            <AppealBox appeal={inline} label={`Donation appeal after paragraph ${inline.paragraph}`} testId="preview-appeal-inline" />
            <div dangerouslySetInnerHTML={{ __html: split.after }} />
          </div>
        ) : (
          <div className="mag-body" data-testid="preview-body" dangerouslySetInnerHTML={{ __html: a.bodyHtml }} />
        )}
        {inline && !split && (
          <p className="muted" data-testid="preview-appeal-inline-missing">
            An appeal is set to show after paragraph {inline.paragraph}, but this piece has fewer paragraphs: readers see none there.
          </p>
        )}
        {a.corrections.length > 0 && (
          <section className="mag-corrections" aria-label="Corrections">
            {a.corrections.map((c) => (
              <p key={c.id}>
                <strong>{c.kind[0]!.toUpperCase() + c.kind.slice(1)}</strong> ({formatShort(c.at)}): {c.text}
              </p>
            ))}
          </section>
        )}
        <aside className="mag-appeal" aria-label="Donation appeal" data-testid="preview-appeal">
          {appeal ? (
            <>
              <h2>{appeal.headline}</h2>
              <div dangerouslySetInnerHTML={{ __html: appeal.bodyHtml }} />
              <a className="mag-cta" href={appeal.ctaUrl}>
                {appeal.ctaLabel}
              </a>
            </>
          ) : (
            <p className="muted">No donation appeal runs on this piece now.</p>
          )}
        </aside>
        <p className="kicker">{a.kicker}</p>
        <section aria-labelledby="mag-related">
          <h2 id="mag-related">Related stories</h2>
          {p.relatedStories?.length ? (
            <ul className="mag-cards">
              {p.relatedStories.slice(0, 3).map((s) => (
                <Card key={s.articleId} s={s} />
              ))}
            </ul>
          ) : (
            <p className="muted">No related story yet (pin one, or publish pieces that share a tag or section).</p>
          )}
        </section>
      </article>
      <aside className="mag-rail">
        {overlay && <AppealBox appeal={overlay} label="Donation appeal, overlay (shown over the page)" testId="preview-appeal-overlay" />}
        <section aria-labelledby="mag-latest" className="mag-latest">
          <h2 id="mag-latest">LATEST</h2>
          <ol>
            {latest.map((l) => (
              <li key={l.articleId}>
                {l.section?.name && <span className="mag-section">{l.section.name}</span>} {l.headline}
              </li>
            ))}
          </ol>
          {!latest.length && <p className="muted">Nothing is live yet.</p>}
        </section>
        <section aria-labelledby="mag-newsletter" className="mag-newsletter" data-testid="preview-newsletter">
          <h2 id="mag-newsletter">{p.newsletterBox?.heading ?? 'Newsletter'}</h2>
          {p.newsletterBox ? (
            <>
              {p.newsletterBox.body && <p>{p.newsletterBox.body}</p>}
              <label>
                Email address
                <input type="email" autoComplete="off" placeholder="you@example.com" />
              </label>
              <button type="button" disabled>
                {p.newsletterBox.buttonLabel} (not in a preview)
              </button>
              {p.newsletterBox.consentText && <p className="hint">{p.newsletterBox.consentText}</p>}
            </>
          ) : (
            <p className="muted">No newsletter list is open for sign-ups.</p>
          )}
        </section>
      </aside>
    </div>
  );
}

export default function Preview({ id }: { id: string }) {
  const me = useMe();
  const { query } = useLocation();
  const fromUrl = query.get('token');
  // a shared link is read with an editor's token; without one, anyone who may see the piece previews it
  const mayReadLinks = me.data?.role === 'editor' || me.data?.role === 'admin';
  const enabled = !fromUrl || mayReadLinks;
  const page = useQuery({ queryKey: ['preview', id, fromUrl], enabled, queryFn: () => loadPreview(id, fromUrl), staleTime: 0, retry: false });
  const latest = useQuery({
    queryKey: ['content-latest'],
    queryFn: async () => (must(await api.GET('/v1/content/latest', { params: { query: { limit: 5 } } })) as unknown as { items: LatestItem[] }).items ?? [],
  });
  return (
    <section>
      <div className="editor-head">
        <h1 className="sr-only">Preview</h1>
        <p>
          <Link to={`/desk/articles/${id}`}>Back to the article</Link>
        </p>
        <p className="muted">The working draft as the content API previews it; the page a front-end builds from it.</p>
        {enabled && (
          <button type="button" onClick={() => void page.refetch()}>
            Reload the preview
          </button>
        )}
      </div>
      {me.data && !enabled && (
        <p role="alert">
          Preview links are read by editors (articles.review). <Link to={`/desk/articles/${id}/preview`}>Your own preview of this piece</Link> needs no link.
        </p>
      )}
      {page.isLoading && <p role="status">Loading the preview…</p>}
      {page.error && (
        <p className="error" role="alert">
          {page.error instanceof ApiError && page.error.code === 'PREVIEW_NOT_FOUND' ? 'This preview link is not valid any more (expired or revoked). ' : ''}
          {messageOf(page.error)}
        </p>
      )}
      {page.data && <MagazinePage p={page.data} latest={latest.data ?? []} />}
    </section>
  );
}
