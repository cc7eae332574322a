import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Image } from '../../api/client';
import { messageOf, must } from '../../api/errors';
import { Link, navigate } from '../../router';
import { useCan } from '../admin/access';
import { articleKeys } from '../articles/queries';
import { Confirm } from '../admin/Confirm';
import { ImageDetails } from './ImageDetails';
import { LicenceEditor } from './LicenceEditor';
import { imageKeys, useImage } from './queries';

const ROLE_WORDS: Record<string, string> = { top: 'top image', inline: 'in the body', teaser: 'teaser image' };

/** Where the image is used: each article by its headline, linked to its editor. */
function WhereUsed({ uses }: { uses: Image['uses'] }) {
  const articleIds = [...new Set(uses.filter((u) => u.usageType === 'article').map((u) => u.usageId))].slice(0, 50);
  const articles = useQueries({
    queries: articleIds.map((id) => ({
      queryKey: articleKeys.detail(id),
      queryFn: async () => must(await api.GET('/v1/admin/articles/{id}', { params: { path: { id } } })),
      staleTime: 30_000,
    })),
  });
  const headline = new Map(articleIds.map((id, i) => [id, articles[i]?.data?.headline]));
  if (!uses.length) return <p data-testid="where-used">Not used in any article or teaser.</p>;
  return (
    <ul data-testid="where-used" aria-label="Where the image is used">
      {uses.map((u) => (
        <li key={`${u.usageType}-${u.usageId}-${u.role}-${u.position}`}>
          {u.usageType === 'article' ? <Link to={`/desk/articles/${u.usageId}`}>{headline.get(u.usageId) ?? 'An article'}</Link> : 'A teaser'} ({ROLE_WORDS[u.role] ?? u.role}
          {u.captionOverride ? `, caption “${u.captionOverride}”` : ''})
        </li>
      ))}
    </ul>
  );
}

/** One image: describe, credit and license it, see where it is used, delete it when unused. */
export default function ImagePage({ id }: { id: string }) {
  const image = useImage(id);
  const can = useCan();
  const qc = useQueryClient();
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  if (image.isError) return <p role="alert">{messageOf(image.error)}</p>;
  if (!image.data) return <p role="status">Loading…</p>;
  const img = image.data;
  const remove = async () => {
    setDeleteError(null);
    setBusy(true);
    try {
      must(await api.DELETE('/v1/admin/images/{id}', { params: { path: { id } } }));
      qc.removeQueries({ queryKey: imageKeys.detail(id) });
      await qc.invalidateQueries({ queryKey: imageKeys.all });
      navigate('/desk/images');
    } catch (e) {
      setDeleteError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="image-page">
      <p>
        <Link to="/desk/images">← The image library</Link>
      </p>
      <h1>{img.altText || 'An image without alt text'}</h1>
      <p className="muted">
        {img.width && img.height ? `${img.width} × ${img.height} px` : 'Size unknown'}
        {img.source === 'url' ? ' · registered by URL' : ''}
      </p>
      <ImageDetails key={img.id} image={img} problems={[]} />
      {can('images.manage') && <LicenceEditor key={`l-${img.id}`} image={img} />}
      <h2>Where it is used</h2>
      <WhereUsed uses={img.uses} />
      {can('images.manage') && (
        <div className="actions">
          <button type="button" onClick={() => setConfirming(true)} disabled={img.uses.length > 0} aria-describedby={img.uses.length ? 'delete-why' : undefined}>
            Delete the image
          </button>
          {img.uses.length > 0 && <small id="delete-why"> An image in use cannot be deleted (IMAGE_IN_USE).</small>}
          {confirming && (
            <Confirm
              title="Delete this image?"
              confirmLabel="Delete"
              danger
              busy={busy}
              error={deleteError}
              onConfirm={() => void remove()}
              onCancel={() => (setConfirming(false), setDeleteError(null))}
            >
              <p>The image and its file go, with every rendition. It is used nowhere, so no page changes.</p>
            </Confirm>
          )}
        </div>
      )}
    </section>
  );
}
