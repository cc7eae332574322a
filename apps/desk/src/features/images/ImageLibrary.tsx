import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { must } from '../../api/errors';
import { formatShort } from '../../time';
import { useMe } from '../articles/queries';
import { UploadZone } from './ImagePicker';
import { useImageList } from './queries';

/** The image library: every image with its credit line, licence and where it is used. */
export default function ImageLibrary() {
  const list = useImageList();
  const role = useMe().data?.role;
  const report = useQuery({ queryKey: ['images', 'license-report'], enabled: role === 'editor' || role === 'admin', queryFn: async () => must(await api.GET('/v1/admin/images/license-report')) });
  const images = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section>
      <h1>Images</h1>
      <UploadZone onUploaded={() => undefined} />
      {report.data && (
        <p data-testid="license-report">
          Licence report:{' '}
          {report.data.items.length
            ? `${report.data.items.length} ${report.data.items.length === 1 ? 'image has' : 'images have'} a licence expired or expiring within ${report.data.withinDays} days`
            : 'nothing to report'}
        </p>
      )}
      <ul className="grid library" aria-label="Image library">
        {images.map((img) => (
          <li key={img.id} className="card">
            <img src={img.url} alt={img.altText ?? ''} loading="lazy" />
            <p>{img.altText || <em>No alt text</em>}</p>
            <p className="credit-line">{img.creditLine ?? <em>No credit</em>}</p>
            <p>
              <small>
                {img.license.licensor ? `Licence: ${img.license.licensor}` : 'No licence'}
                {img.license.expiresAt ? `, expires ${formatShort(img.license.expiresAt)}` : ''} · used {img.uses.length === 1 ? 'once' : `${img.uses.length} times`}
              </small>
            </p>
          </li>
        ))}
      </ul>
      {!list.isLoading && !images.length && <p>No images yet.</p>}
      {list.hasNextPage && (
        <button type="button" onClick={() => void list.fetchNextPage()}>
          More images
        </button>
      )}
    </section>
  );
}
