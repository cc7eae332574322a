import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, type Schemas } from '../../../api/client';
import { ApiError, must } from '../../../api/errors';
import { formatWithUtc } from '../../../time';
import { errorsFor, Field } from '../../../ui/Field';
import { AdminError } from '../access';
import { Confirm } from '../Confirm';
import { ShownOnce } from '../ShownOnce';

type Key = Schemas['ApiKeyResponse'];
const keys = { all: ['admin', 'api-keys'] as const };

export default function ApiKeysScreen() {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: keys.all, queryFn: async () => must(await api.GET('/v1/admin/api-keys')) });
  const [name, setName] = useState('');
  const [shown, setShown] = useState<{ name: string; key: string } | null>(null);
  const create = useMutation({
    mutationFn: async () => must(await api.POST('/v1/admin/api-keys', { body: { name: name.trim() } })),
    onSuccess: async (k) => {
      setShown({ name: k.name, key: k.key });
      setName('');
      await qc.invalidateQueries({ queryKey: keys.all });
    },
  });
  const error = create.error instanceof ApiError ? create.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <section>
      <h1>Content API keys</h1>
      <p className="muted">A front-end reads the published content with one of these (header X-Api-Key).</p>
      {shown && <ShownOnce label={`Key for ${shown.name}`} value={shown.key} onDone={() => setShown(null)} />}
      <form className="box create-term" aria-label="New API key" onSubmit={submit}>
        <h2>New API key</h2>
        <Field label="Name" hint="Who uses it: the www front-end, the app…" errors={errorsFor(error, 'name')}>
          {(id, d) => <input id={id} aria-describedby={d} required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        {create.error && !errorsFor(error, 'name').length ? <AdminError error={create.error} what="manage API keys" /> : null}
        <button type="submit" className="primary" disabled={create.isPending}>
          Create the key
        </button>
      </form>
      <AdminError error={list.error} what="manage API keys" />
      <table aria-label="API keys">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Starts with</th>
            <th scope="col">Created</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.map((k) => (
            <KeyRow key={k.id} k={k} />
          ))}
        </tbody>
      </table>
      {list.data && !list.data.length && <p>No key yet.</p>}
    </section>
  );
}

function KeyRow({ k }: { k: Key }) {
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation({
    mutationFn: async () => must(await api.DELETE('/v1/admin/api-keys/{id}', { params: { path: { id: k.id } } })),
    onSuccess: async () => {
      setConfirming(false);
      await qc.invalidateQueries({ queryKey: keys.all });
    },
  });
  return (
    <tr>
      <td>{k.name}</td>
      <td>
        <code>{k.keyPrefix}…</code>
      </td>
      <td>{formatWithUtc(k.createdAt)}</td>
      <td>
        {k.revokedAt ? (
          <span>revoked {formatWithUtc(k.revokedAt)}</span>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            Revoke<span className="sr-only"> {k.name}</span>
          </button>
        )}
        {!confirming && <AdminError error={revoke.error} what="manage API keys" />}
        {confirming && (
          <Confirm
            title={`Revoke the key for ${k.name}?`}
            confirmLabel="Revoke"
            busy={revoke.isPending}
            error={revoke.error}
            onConfirm={() => revoke.mutate()}
            onCancel={() => setConfirming(false)}
          >
            <p>Every request with it is refused from now on (a front-end still using it gets 401). The key stays listed for the record; it cannot be turned back on.</p>
          </Confirm>
        )}
      </td>
    </tr>
  );
}
