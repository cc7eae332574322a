import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, type Schemas } from '../../../api/client';
import { ApiError, must } from '../../../api/errors';
import { navigate, useLocation } from '../../../router';
import { formatWithUtc, fromZonedInput, NEWSROOM_TZ, toZonedInput } from '../../../time';
import { errorsFor, Field } from '../../../ui/Field';
import { AdminError } from '../access';
import { diffSummary } from './diff';

type Entry = Schemas['AuditEntryResponse'];
const BASE = '/desk/admin/audit';
const KEYS = ['actor', 'targetType', 'targetId', 'action', 'from', 'to'] as const;
type Key = (typeof KEYS)[number];
type Filters = Partial<Record<Key, string>>;
const PREFIXES = [
  'account.*',
  'auth.*',
  'article.*',
  'contributor.*',
  'section.*',
  'tag.*',
  'article_type.*',
  'image.*',
  'credit_party.*',
  'webhook.*',
  'api_key.*',
  'newsletter_list.*',
  'newsletter_subscriber.*',
  'donation_campaign.*',
  'site_settings.*',
];

export default function AuditScreen() {
  const { query } = useLocation();
  // the applied filters live in the address (a reload or a shared link shows the same page)
  const applied: Filters = {};
  for (const k of KEYS) {
    const v = query.get(k);
    if (v) applied[k] = v;
  }
  const [draft, setDraft] = useState<Filters>(() => ({ ...applied, from: toZonedInput(applied.from), to: toZonedInput(applied.to) }));
  const list = useInfiniteQuery({
    queryKey: ['admin', 'audit', applied],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => must(await api.GET('/v1/admin/audit-log', { params: { query: { ...applied, cursor: pageParam, limit: 25 } }, signal })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const error = list.error instanceof ApiError ? list.error : null;
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const k of KEYS) {
      const raw = draft[k]?.trim();
      if (!raw) continue;
      next.set(k, k === 'from' || k === 'to' ? (fromZonedInput(raw) ?? raw) : raw);
    }
    navigate(`${BASE}${next.size ? `?${next}` : ''}`, true);
  };
  const clear = () => {
    setDraft({});
    navigate(BASE, true);
  };
  const set = (k: Key, v: string) => setDraft({ ...draft, [k]: v });
  const dateErrors = [...errorsFor(error, 'from', 'to'), ...(error?.code === 'AUDIT_FILTER_INVALID' ? [`${error.message} (${error.code})`] : [])];
  const placed = dateErrors.length + errorsFor(error, 'actor', 'targetType', 'targetId', 'action').length;
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section>
      <h1>Audit log</h1>
      <form className="audit-filters" aria-label="Filter the audit log" onSubmit={apply}>
        <Field label="Actor" hint="An e-mail, an account id, or system." errors={errorsFor(error, 'actor')}>
          {(id, d) => <input id={id} aria-describedby={d} value={draft.actor ?? ''} onChange={(e) => set('actor', e.target.value)} />}
        </Field>
        <Field label="Target type" hint="account, article, contributor…" errors={errorsFor(error, 'targetType')}>
          {(id, d) => <input id={id} aria-describedby={d} value={draft.targetType ?? ''} onChange={(e) => set('targetType', e.target.value)} />}
        </Field>
        <Field label="Target id" errors={errorsFor(error, 'targetId')}>
          {(id, d) => <input id={id} aria-describedby={d} value={draft.targetId ?? ''} onChange={(e) => set('targetId', e.target.value)} />}
        </Field>
        <Field label="Action" hint="Exact (account.deactivate) or a prefix ending in .* (account.*)." errors={errorsFor(error, 'action')}>
          {(id, d) => (
            <>
              <input id={id} aria-describedby={d} list="audit-prefixes" value={draft.action ?? ''} onChange={(e) => set('action', e.target.value)} />
              <datalist id="audit-prefixes">
                {PREFIXES.map((p) => (
                  <option key={p} value={p} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field label="From" hint={`Inclusive, ${NEWSROOM_TZ}.`} errors={dateErrors}>
          {(id, d) => <input id={id} aria-describedby={d} type="datetime-local" value={draft.from ?? ''} onChange={(e) => set('from', e.target.value)} />}
        </Field>
        <Field label="To" hint={`Exclusive, ${NEWSROOM_TZ}.`} errors={errorsFor(error, 'to')}>
          {(id, d) => <input id={id} aria-describedby={d} type="datetime-local" value={draft.to ?? ''} onChange={(e) => set('to', e.target.value)} />}
        </Field>
        <div className="actions">
          <button className="primary" type="submit">
            Apply the filters
          </button>
          <button type="button" onClick={clear}>
            Clear
          </button>
        </div>
      </form>
      {error && !placed ? <AdminError error={error} what="read the audit log" /> : null}
      <ol className="audit" aria-label="Audit entries, newest first" aria-busy={list.isFetching}>
        {items.map((e) => (
          <AuditEntry key={e.id} entry={e} />
        ))}
      </ol>
      {!list.isLoading && !items.length && !error && <p>No entry matches.</p>}
      {list.hasNextPage && (
        <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? 'Loading…' : 'Older entries'}
        </button>
      )}
    </section>
  );
}

const CHANGE_WORDS = { added: 'added', removed: 'removed', changed: 'changed', same: 'unchanged' } as const;

function AuditEntry({ entry: e }: { entry: Entry }) {
  const { rows, other } = diffSummary(e.summary);
  return (
    <li className="audit-entry">
      <details>
        <summary>
          <strong>{e.action}</strong> on {e.targetType}
          {e.targetId ? <code> {e.targetId}</code> : null} by {e.actorLabel} · <time dateTime={e.at}>{formatWithUtc(e.at)}</time>
        </summary>
        {rows.length > 0 ? (
          <table className="diff" aria-label={`Change made by ${e.action}`}>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
                <th scope="col">What happened</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key} className={`change-${r.change}`}>
                  <th scope="row">{r.key}</th>
                  <td className={r.change === 'same' ? '' : 'old'}>
                    {r.before === null ? <span className="muted">(none)</span> : r.change === 'same' ? r.before : <del>{r.before}</del>}
                  </td>
                  <td className={r.change === 'same' ? '' : 'new'}>
                    {r.after === null ? <span className="muted">(none)</span> : r.change === 'same' ? r.after : <ins>{r.after}</ins>}
                  </td>
                  <td>{CHANGE_WORDS[r.change]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">No before/after recorded for this action.</p>
        )}
        {other.length > 0 && (
          <dl className="audit-other">
            {other.map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        )}
        <p className="muted">
          Request {e.requestId ?? 'unknown'} from {e.ip ?? 'an unknown address'}
          {e.actorId ? `; actor id ${e.actorId}` : ''}
        </p>
      </details>
    </li>
  );
}
