import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { messageOf, must } from '../../api/errors';
import { Link } from '../../router';
import { formatShort } from '../../time';
import { useDebounced } from '../../ui/useDebounced';
import { useCan } from '../admin/access';
import { UploadZone } from './ImagePicker';
import { useImageList } from './queries';

/** Licences expired or expiring soon, with the live pieces using each: what the newsroom must act on first. */
function LicenceReport() {
  const [days, setDays] = useState(30);
  const report = useQuery({
    queryKey: ['images', 'license-report', days],
    queryFn: async () => must(await api.GET('/v1/admin/images/license-report', { params: { query: { withinDays: days } } })),
  });
  return (
    <section aria-labelledby="licence-report-title" className="licence-report">
      <h2 id="licence-report-title">Licence report</h2>
      <label>
        Expired or expiring within{' '}
        <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {[7, 30, 90, 365].map((d) => (
            <option key={d} value={d}>
              {d} days
            </option>
          ))}
        </select>
      </label>
      {report.isError && <p role="alert">{messageOf(report.error)}</p>}
      {report.data && (
        <>
          <p data-testid="license-report">
            {report.data.items.length
              ? `${report.data.items.length} ${report.data.items.length === 1 ? 'image has' : 'images have'} a licence expired or expiring within ${report.data.withinDays} days.`
              : `Nothing expires within ${report.data.withinDays} days.`}
          </p>
          {report.data.items.length > 0 && (
            <table aria-label="Licences expired or expiring">
              <thead>
                <tr>
                  <th scope="col">Image</th>
                  <th scope="col">Licensor</th>
                  <th scope="col">Expires</th>
                  <th scope="col">State</th>
                  <th scope="col">Live pieces using it</th>
                </tr>
              </thead>
              <tbody>
                {report.data.items.map((r) => {
                  const live = r.usages.filter((u) => u.live);
                  return (
                    <tr key={r.imageId}>
                      <td>
                        <Link to={`/desk/images/${r.imageId}`}>{r.altText || 'An image without alt text'}</Link>
                      </td>
                      <td>{r.licensor ?? '—'}</td>
                      <td>{formatShort(r.expiresAt)}</td>
                      <td>{r.expired ? `Expired ${-r.daysLeft} ${-r.daysLeft === 1 ? 'day' : 'days'} ago` : `${r.daysLeft} ${r.daysLeft === 1 ? 'day' : 'days'} left`}</td>
                      <td>{live.length ? live.map((u) => u.headline ?? u.slug).join('; ') : 'none'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

/** The image library: search, every image with its credit line, licence and where it is used; the licence report. */
export default function ImageLibrary() {
  const [q, setQ] = useState('');
  const query = useDebounced(q);
  const list = useImageList(query);
  const can = useCan();
  const images = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section>
      <h1>Images</h1>
      <UploadZone onUploaded={() => undefined} />
      <label className="search">
        Search images <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Alt text, caption, credit, licensor, file name" />
      </label>
      {list.isError && <p role="alert">{messageOf(list.error)}</p>}
      <ul className="grid library" aria-label="Image library">
        {images.map((img) => (
          <li key={img.id} className="card">
            <Link to={`/desk/images/${img.id}`} aria-label={`Open ${img.altText || img.originalFilename || 'the image'}`}>
              <img src={img.url} alt="" loading="lazy" />
            </Link>
            <p>{img.altText || <em>No alt text</em>}</p>
            <p className="credit-line">{img.creditLine ?? <em>No credit</em>}</p>
            <p>
              <small>
                {img.license.licensor ? `Licence: ${img.license.licensor}` : 'No licence'}
                {img.license.expiresAt ? `, expires ${formatShort(img.license.expiresAt)}` : ''} · used{' '}
                {img.uses.length === 0 ? 'nowhere' : img.uses.length === 1 ? 'once' : `${img.uses.length} times`}
              </small>
            </p>
          </li>
        ))}
      </ul>
      {!list.isLoading && !images.length && <p>{query ? `No image matches “${query}”.` : 'No images yet.'}</p>}
      {list.hasNextPage && (
        <button type="button" onClick={() => void list.fetchNextPage()}>
          More images
        </button>
      )}
      {can('images.manage') && <LicenceReport />}
    </section>
  );
}
