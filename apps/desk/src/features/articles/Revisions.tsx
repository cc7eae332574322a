import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { ApiError, messageOf, must } from '../../api/errors';
import { Link, navigate } from '../../router';
import { formatWithUtc } from '../../time';
import { articleKeys } from './queries';

const show = (v: unknown) => (v === null || v === undefined || v === '' ? '(empty)' : typeof v === 'string' ? v : JSON.stringify(v));

/** Revisions newest first; a side-by-side diff of any two; restore one as a new revision. */
export default function Revisions({ id }: { id: string }) {
  const qc = useQueryClient();
  const revisions = useQuery({ queryKey: articleKeys.revisions(id), queryFn: async () => must(await api.GET('/v1/admin/articles/{id}/revisions', { params: { path: { id } } })) });
  const list = revisions.data ?? [];
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const a = from ?? list[1]?.number ?? null;
  const b = to ?? list[0]?.number ?? null;
  const diff = useQuery({
    queryKey: [...articleKeys.revisions(id), 'diff', a, b],
    enabled: a !== null && b !== null && a !== b,
    queryFn: async () => must(await api.GET('/v1/admin/articles/{id}/revisions/diff', { params: { path: { id }, query: { from: a!, to: b! } } })),
  });
  const [error, setError] = useState<ApiError | null>(null);
  const restore = async (n: number) => {
    setError(null);
    try {
      const current = must(await api.GET('/v1/admin/articles/{id}', { params: { path: { id } } }));
      must(await api.POST('/v1/admin/articles/{id}/revisions/{number}/restore', { params: { path: { id, number: n }, header: { 'If-Match': current.etag } } }));
      await qc.invalidateQueries({ queryKey: articleKeys.all });
      localStorage.removeItem(`desk.draft.${id}`);
      navigate(`/desk/articles/${id}`);
    } catch (e) {
      setError(e as ApiError);
    }
  };
  return (
    <section>
      <h1>Revisions</h1>
      <p>
        <Link to={`/desk/articles/${id}`}>Back to the article</Link>
      </p>
      {error && (
        <p className="error" role="alert">
          {messageOf(error)}
        </p>
      )}
      <table className="list">
        <thead>
          <tr>
            <th scope="col">Revision</th>
            <th scope="col">Saved</th>
            <th scope="col">Compare</th>
            <th scope="col">Restore</th>
          </tr>
        </thead>
        <tbody>
          {list.map((r) => (
            <tr key={r.id}>
              <td>
                #{r.number} {r.live && <span className="status status-published">live</span>} {r.restoredFrom ? <small>(restored from #{r.restoredFrom})</small> : null}
              </td>
              <td>{formatWithUtc(r.createdAt)}</td>
              <td>
                <label>
                  <input type="radio" name="from" checked={a === r.number} onChange={() => setFrom(r.number)} /> from
                </label>{' '}
                <label>
                  <input type="radio" name="to" checked={b === r.number} onChange={() => setTo(r.number)} /> to
                </label>
              </td>
              <td>
                <button type="button" onClick={() => void restore(r.number)}>
                  Restore #{r.number}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {a !== null && b !== null && a !== b && (
        <>
          <h2>
            Changes from #{a} to #{b}
          </h2>
          {diff.data && !diff.data.length && <p>No differences.</p>}
          <table className="diff">
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">#{a}</th>
                <th scope="col">#{b}</th>
              </tr>
            </thead>
            <tbody>
              {diff.data?.map((c) => (
                <tr key={c.field}>
                  <th scope="row">{c.field}</th>
                  <td className="old">{show(c.from)}</td>
                  <td className="new">{show(c.to)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
