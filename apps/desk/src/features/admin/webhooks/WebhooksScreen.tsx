import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, type Schemas } from '../../../api/client';
import { ApiError, must } from '../../../api/errors';
import { Link, match, navigate, useLocation } from '../../../router';
import { formatWithUtc } from '../../../time';
import { errorsFor, Field } from '../../../ui/Field';
import { AdminError } from '../access';
import { Confirm } from '../Confirm';
import { ShownOnce } from '../ShownOnce';

type Webhook = Schemas['WebhookResponse'];
type Event = Schemas['CreateWebhookRequest']['events'][number];
type Status = Schemas['WebhookDeliveryResponse']['status'];
const EVENTS: Event[] = ['publish', 'update', 'unpublish', 'slug_change', 'correction'];
const STATUSES: Status[] = ['pending', 'delivered', 'failed'];
const BASE = '/desk/admin/webhooks';
const keys = {
  all: ['admin', 'webhooks'] as const,
  one: (id: string) => ['admin', 'webhooks', id] as const,
  deliveries: (id: string) => ['admin', 'webhook-deliveries', id] as const,
};

async function listDeliveries(q: { id: string; status?: Status; cursor?: string }, signal?: AbortSignal) {
  return must(await api.GET('/v1/admin/webhooks/{id}/deliveries', { params: { path: { id: q.id }, query: { status: q.status, cursor: q.cursor, limit: 20 } }, signal }));
}

export default function WebhooksScreen() {
  const { path } = useLocation();
  const m = match(`${BASE}/:id`, path);
  return m?.id ? <WebhookDetail key={m.id} id={m.id} /> : <WebhookList />;
}

function WebhookList() {
  const list = useQuery({ queryKey: keys.all, queryFn: async () => must(await api.GET('/v1/admin/webhooks')) });
  return (
    <section>
      <h1>Webhooks</h1>
      <p className="muted">Each webhook is told, signed with its secret, when a piece is published, updated, unpublished or corrected.</p>
      <CreateWebhook />
      <AdminError error={list.error} what="manage webhooks" />
      <table aria-label="Webhooks">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Address</th>
            <th scope="col">Events</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.map((w) => (
            <tr key={w.id}>
              <td>
                <Link to={`${BASE}/${w.id}`}>{w.name}</Link>
              </td>
              <td>
                <code>{w.url}</code>
              </td>
              <td>{w.events.join(', ')}</td>
              <td>
                <span className={`status status-${w.active ? 'active' : 'deactivated'}`}>{w.active ? 'active' : 'paused'}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data && !list.data.length && <p>No webhook yet.</p>}
    </section>
  );
}

interface Draft {
  name: string;
  url: string;
  events: Event[];
}

function HookFields({ draft, setDraft, error }: { draft: Draft; setDraft: (d: Draft) => void; error: ApiError | null }) {
  const byCode = (code: string) => (error?.code === code && !error.details.length ? [`${error.message} (${error.code})`] : []);
  return (
    <>
      <div className="row">
        <Field label="Name" errors={[...errorsFor(error, 'name'), ...byCode('WEBHOOK_NAME_INVALID')]}>
          {(id, d) => <input id={id} aria-describedby={d} required value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />}
        </Field>
        <Field label="Address (URL)" hint="https; http only to this machine outside production." errors={[...errorsFor(error, 'url'), ...byCode('WEBHOOK_URL_INVALID')]}>
          {(id, d) => <input id={id} aria-describedby={d} required type="url" value={draft.url} onChange={(e) => setDraft({ ...draft, url: e.target.value })} />}
        </Field>
      </div>
      <fieldset className="field">
        <legend>Events</legend>
        <div className="inline">
          {EVENTS.map((ev) => (
            <label key={ev} className="check">
              <input
                type="checkbox"
                checked={draft.events.includes(ev)}
                onChange={(e) => setDraft({ ...draft, events: e.target.checked ? [...draft.events, ev] : draft.events.filter((x) => x !== ev) })}
              />{' '}
              {ev}
            </label>
          ))}
        </div>
        {[...errorsFor(error, 'events'), ...byCode('WEBHOOK_EVENTS_INVALID')].map((m) => (
          <p key={m} className="error" role="alert">
            {m}
          </p>
        ))}
      </fieldset>
    </>
  );
}

const placedIn = (e: ApiError | null) =>
  Boolean(e && (e.details.some((d) => d.field && ['name', 'url', 'events'].includes(d.field)) || /^WEBHOOK_(NAME|URL|EVENTS)_INVALID$/.test(e.code)));

function CreateWebhook() {
  const qc = useQueryClient();
  const empty: Draft = { name: '', url: '', events: ['publish', 'update', 'unpublish', 'correction'] };
  const [draft, setDraft] = useState<Draft>(empty);
  const [secret, setSecret] = useState<{ name: string; id: string; secret: string } | null>(null);
  const create = useMutation({
    mutationFn: async () => must(await api.POST('/v1/admin/webhooks', { body: { name: draft.name.trim(), url: draft.url.trim(), events: draft.events, active: true } })),
    onSuccess: async (w) => {
      setSecret({ name: w.name, id: w.id, secret: w.secret });
      setDraft(empty);
      await qc.invalidateQueries({ queryKey: keys.all });
    },
  });
  const error = create.error instanceof ApiError ? create.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <>
      {secret && <ShownOnce label={`Signing secret of ${secret.name}`} value={secret.secret} onDone={() => setSecret(null)} />}
      <form className="box create-term" aria-label="New webhook" onSubmit={submit}>
        <h2>New webhook</h2>
        <HookFields draft={draft} setDraft={setDraft} error={error} />
        {create.error && !placedIn(error) ? <AdminError error={create.error} what="manage webhooks" /> : null}
        <button type="submit" className="primary" disabled={create.isPending}>
          Create the webhook
        </button>
      </form>
    </>
  );
}

function WebhookDetail({ id }: { id: string }) {
  const qc = useQueryClient();
  const hook = useQuery({ queryKey: keys.one(id), queryFn: async () => must(await api.GET('/v1/admin/webhooks/{id}', { params: { path: { id } } })) });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [rotating, setRotating] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const patch = useMutation({
    mutationFn: async (body: Partial<Draft> & { active?: boolean }) => must(await api.PATCH('/v1/admin/webhooks/{id}', { params: { path: { id } }, body })),
    onMutate: () => setNote(null),
    onSuccess: async (w, body) => {
      qc.setQueryData(keys.one(id), w);
      if (body.active === undefined) setDraft(null);
      setNote(
        body.active === false
          ? 'Paused: nothing is sent to it until it is resumed (sends waiting now are dropped).'
          : body.active
            ? 'Resumed: new events are sent again.'
            : 'Saved.',
      );
      await qc.invalidateQueries({ queryKey: keys.all });
    },
  });
  const [deleting, setDeleting] = useState(false);
  const remove = useMutation({
    mutationFn: async () => must(await api.DELETE('/v1/admin/webhooks/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      qc.removeQueries({ queryKey: keys.one(id) });
      await qc.invalidateQueries({ queryKey: keys.all });
      navigate(BASE);
    },
  });
  const rotate = useMutation({
    mutationFn: async () => must(await api.POST('/v1/admin/webhooks/{id}/rotate-secret', { params: { path: { id } } })),
    onSuccess: (w) => {
      setRotating(false);
      setSecret(w.secret);
    },
  });
  if (hook.error) return <AdminError error={hook.error} what="manage webhooks" />;
  const w = hook.data;
  if (!w) return <p role="status">Loading…</p>;
  const d = draft ?? { name: w.name, url: w.url, events: w.events as Event[] };
  const error = patch.error instanceof ApiError ? patch.error : null;
  const save = (e: FormEvent) => {
    e.preventDefault();
    patch.mutate({ name: d.name.trim(), url: d.url.trim(), events: d.events });
  };
  return (
    <section>
      <p>
        <Link to={BASE}>All webhooks</Link>
      </p>
      <h1>{w.name}</h1>
      <p>
        <span className={`status status-${w.active ? 'active' : 'deactivated'}`}>{w.active ? 'active' : 'paused'}</span> <code>{w.url}</code>
      </p>
      {secret && <ShownOnce label={`New signing secret of ${w.name}`} value={secret} onDone={() => setSecret(null)} />}
      <div className="actions">
        <button type="button" onClick={() => patch.mutate({ active: !w.active })} disabled={patch.isPending}>
          {w.active ? 'Pause' : 'Resume'}
        </button>
        <button type="button" onClick={() => setRotating(true)}>
          Rotate the secret
        </button>
        <button type="button" className="danger-outline" onClick={() => setDeleting(true)}>
          Delete the webhook
        </button>
      </div>
      {note && <p role="status">{note}</p>}
      {deleting && (
        <Confirm
          title={`Delete the webhook ${w.name}?`}
          confirmLabel="Delete"
          danger
          busy={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate()}
          onCancel={() => setDeleting(false)}
        >
          <p>
            Nothing more is sent to <code>{w.url}</code>: sends waiting now are dropped, and its delivery log is deleted with it. This cannot be undone; to stop it for a while,
            pause it instead.
          </p>
        </Confirm>
      )}
      {rotating && (
        <Confirm
          title="Rotate the signing secret?"
          confirmLabel="Rotate"
          busy={rotate.isPending}
          error={rotate.error}
          onConfirm={() => rotate.mutate()}
          onCancel={() => setRotating(false)}
        >
          <p>The old secret stops signing at once: the receiver must be given the new one, shown once after this.</p>
        </Confirm>
      )}
      <form className="box" aria-label="Edit the webhook" onSubmit={save}>
        <HookFields draft={d} setDraft={setDraft} error={error} />
        {patch.error && !placedIn(error) ? <AdminError error={patch.error} what="manage webhooks" /> : null}
        <button type="submit" className="primary" disabled={patch.isPending || !draft}>
          Save the webhook
        </button>
      </form>
      <Deliveries hook={w} />
    </section>
  );
}

function Deliveries({ hook: w }: { hook: Webhook }) {
  const qc = useQueryClient();
  const [status, setStatus] = useState<Status | ''>('');
  const list = useInfiniteQuery({
    queryKey: [...keys.deliveries(w.id), status],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => listDeliveries({ id: w.id, status: status || undefined, cursor: pageParam }, signal),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    // while something is on its way, look again every two seconds
    refetchInterval: (q) => (q.state.data?.pages.some((p) => p.items.some((d) => d.status === 'pending')) ? 2000 : false),
  });
  const [errors, setErrors] = useState<Record<string, unknown>>({});
  const redeliver = useMutation({
    mutationFn: async (deliveryId: string) => must(await api.POST('/v1/admin/webhooks/{id}/deliveries/{deliveryId}/redeliver', { params: { path: { id: w.id, deliveryId } } })),
    onMutate: (deliveryId) => setErrors((e) => ({ ...e, [deliveryId]: null })),
    onError: (e, deliveryId) => setErrors((x) => ({ ...x, [deliveryId]: e })),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.deliveries(w.id) }),
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="deliveries">
      <h2 id="deliveries">Deliveries</h2>
      <div className="filters">
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as Status | '')}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void list.refetch()}>
          Refresh
        </button>
      </div>
      <AdminError error={list.error} what="read deliveries" />
      <table aria-label="Deliveries, newest first" aria-busy={list.isFetching}>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last answer</th>
            <th scope="col">When</th>
            <th scope="col">Redeliver</th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => (
            <tr key={d.id}>
              <td>
                {d.event}
                <br />
                <code className="muted">{d.id}</code>
              </td>
              <td>
                <span className={`status delivery-${d.status}`}>{d.status}</span>
              </td>
              <td>{d.attempts}</td>
              <td>{d.lastError ?? (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : '')}</td>
              <td>
                {formatWithUtc(d.occurredAt)}
                {d.deliveredAt ? (
                  <>
                    <br />
                    delivered {formatWithUtc(d.deliveredAt)}
                  </>
                ) : null}
              </td>
              <td>
                {d.status !== 'pending' && (
                  <button type="button" onClick={() => redeliver.mutate(d.id)} disabled={redeliver.isPending}>
                    Redeliver<span className="sr-only"> {d.id}</span>
                  </button>
                )}
                <AdminError error={errors[d.id]} what="redeliver" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!list.isLoading && !items.length && <p>No delivery{status ? ` is ${status}` : ' yet'}.</p>}
      {list.hasNextPage && (
        <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          Older deliveries
        </button>
      )}
    </section>
  );
}
