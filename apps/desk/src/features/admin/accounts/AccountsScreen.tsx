import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, type Schemas } from '../../../api/client';
import { ApiError, must } from '../../../api/errors';
import { formatShort } from '../../../time';
import { errorsFor, Field } from '../../../ui/Field';
import { useMe } from '../../articles/queries';
import { AdminError } from '../access';
import { Confirm } from '../Confirm';

type Account = Schemas['AccountResponse'];
type Role = Account['role'];
type Status = Account['status'];
const ROLES: Role[] = ['contributor', 'editor', 'admin'];
const STATUSES: Status[] = ['active', 'invited', 'deactivated'];
const ROLE_WORDS: Record<Role, string> = {
  contributor: 'writes and submits own pieces',
  editor: 'reviews, publishes, manages taxonomy, contributors, banners, newsletter',
  admin: 'everything, plus accounts, API keys, webhooks and the audit log',
};

interface Filters {
  q: string;
  status: Status | '';
  role: Role | '';
}

export const accountKeys = { all: ['admin', 'accounts'] as const, list: (f: Filters) => ['admin', 'accounts', f] as const };

export default function AccountsScreen() {
  const [q, setQ] = useState('');
  const [filters, setFilters] = useState<Filters>({ q: '', status: '', role: '' });
  useEffect(() => {
    const t = setTimeout(() => setFilters((f) => (f.q === q.trim() ? f : { ...f, q: q.trim() })), 300);
    return () => clearTimeout(t);
  }, [q]);
  const list = useInfiniteQuery({
    queryKey: accountKeys.list(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) =>
      must(
        await api.GET('/v1/admin/accounts', {
          params: { query: { q: filters.q || undefined, status: filters.status || undefined, role: filters.role || undefined, cursor: pageParam, limit: 50 } },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section>
      <h1>Accounts</h1>
      <InviteForm />
      <h2>Everyone with an account</h2>
      <form className="filters" role="search" aria-label="Filter accounts" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Name or e-mail" />
        </label>
        <label>
          Status
          <select value={filters.status} onChange={(e) => setFilters({ ...filters, status: e.target.value as Status | '' })}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Role
          <select value={filters.role} onChange={(e) => setFilters({ ...filters, role: e.target.value as Role | '' })}>
            <option value="">Any</option>
            {ROLES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      </form>
      <AdminError error={list.error} what="list accounts" />
      <table aria-busy={list.isFetching} aria-label="Accounts">
        <thead>
          <tr>
            <th scope="col">Name and e-mail</th>
            <th scope="col">Status</th>
            <th scope="col">Role</th>
            <th scope="col">Last sign-in</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <AccountRow key={a.id} account={a} />
          ))}
        </tbody>
      </table>
      {!list.isLoading && !items.length && <p>No account matches.</p>}
      {list.hasNextPage && (
        <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? 'Loading…' : 'More accounts'}
        </button>
      )}
    </section>
  );
}

function InviteForm() {
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('contributor');
  const [error, setError] = useState<ApiError | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const invite = useMutation({
    mutationFn: async () => must(await api.POST('/v1/admin/accounts', { body: { email: email.trim(), displayName: displayName.trim(), role } })),
    onSuccess: async (a) => {
      setSent(`Invitation mailed to ${a.email} as ${a.role}. The link works once, for 7 days.`);
      setError(null);
      setEmail('');
      setDisplayName('');
      await qc.invalidateQueries({ queryKey: accountKeys.all });
    },
    // what was typed stays in the form, the words go beside the field at fault
    onError: (e) => {
      setSent(null);
      setError(e instanceof ApiError ? e : new ApiError(0, 'NETWORK_ERROR', String(e)));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate();
  };
  const emailErrors = errorsFor(error, 'email');
  if (error?.code === 'ACCOUNT_EMAIL_TAKEN' && !emailErrors.length) emailErrors.push(`${error.message} (${error.code})`);
  const fieldErrors = emailErrors.length + errorsFor(error, 'displayName', 'role').length;
  return (
    <form onSubmit={submit} className="box invite" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite someone</h2>
      <div className="row3">
        <Field label="E-mail" errors={emailErrors}>
          {(id, d) => <input id={id} aria-describedby={d} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label="Display name" errors={errorsFor(error, 'displayName')}>
          {(id, d) => <input id={id} aria-describedby={d} required value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
        </Field>
        <Field label="Role" hint={ROLE_WORDS[role]} errors={errorsFor(error, 'role')}>
          {(id, d) => (
            <select id={id} aria-describedby={d} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {error && !fieldErrors ? <AdminError error={error} what="invite people" /> : null}
      {sent && <p role="status">{sent}</p>}
      <button className="primary" type="submit" disabled={invite.isPending}>
        {invite.isPending ? 'Sending…' : 'Send the invitation'}
      </button>
    </form>
  );
}

function AccountRow({ account: a }: { account: Account }) {
  const qc = useQueryClient();
  const me = useMe();
  const self = me.data?.id === a.id;
  const [role, setRole] = useState<Role>(a.role);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => setRole(a.role), [a.role]);
  const act = useMutation({
    mutationFn: async (what: 'role' | 'deactivate' | 'reactivate' | 'resend') => {
      const path = { params: { path: { id: a.id } } };
      if (what === 'role') return must(await api.PUT('/v1/admin/accounts/{id}/role', { ...path, body: { role } }));
      if (what === 'deactivate') return must(await api.POST('/v1/admin/accounts/{id}/deactivate', path));
      if (what === 'reactivate') return must(await api.POST('/v1/admin/accounts/{id}/reactivate', path));
      return must(await api.POST('/v1/admin/accounts/{id}/invitations', path));
    },
    onMutate: () => {
      setError(null);
      setNote(null);
    },
    onSuccess: async (next, what) => {
      setConfirming(false);
      setNote(
        what === 'role'
          ? `Now ${next.role}; it applies on their next request.`
          : what === 'deactivate'
            ? 'Deactivated: signed out everywhere.'
            : what === 'reactivate'
              ? next.status === 'invited'
                ? 'Back to invited: send a fresh invitation (the old link stays dead).'
                : 'Active again: they can sign in with their password.'
              : `A fresh invitation went to ${next.email}; the previous link no longer works.`,
      );
      await qc.invalidateQueries({ queryKey: accountKeys.all });
    },
    onError: (e) => setError(e),
  });
  const errId = useId();
  return (
    <tr>
      <td>
        <strong>{a.displayName}</strong>
        {self ? ' (you)' : ''}
        <br />
        <span className="muted">{a.email}</span>
      </td>
      <td>
        <span className={`status status-${a.status}`}>{a.status}</span>
      </td>
      <td>
        <div className="inline">
          <label className="sr-only" htmlFor={`role-${a.id}`}>
            Role of {a.displayName}
          </label>
          <select id={`role-${a.id}`} value={role} onChange={(e) => setRole(e.target.value as Role)} aria-describedby={error ? errId : undefined}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
          <button type="button" disabled={role === a.role || act.isPending} onClick={() => act.mutate('role')}>
            Change role<span className="sr-only"> of {a.displayName}</span>
          </button>
        </div>
      </td>
      <td>{a.lastLoginAt ? formatShort(a.lastLoginAt) : <span className="muted">never</span>}</td>
      <td>
        <div className="actions">
          {a.status === 'invited' && (
            <button type="button" disabled={act.isPending} onClick={() => act.mutate('resend')}>
              Resend the invitation<span className="sr-only"> to {a.displayName}</span>
            </button>
          )}
          {a.status === 'deactivated' ? (
            <button type="button" disabled={act.isPending} onClick={() => act.mutate('reactivate')}>
              Reactivate<span className="sr-only"> {a.displayName}</span>
            </button>
          ) : (
            <button type="button" disabled={act.isPending} onClick={() => setConfirming(true)}>
              Deactivate<span className="sr-only"> {a.displayName}</span>
            </button>
          )}
        </div>
        <div id={errId}>{!confirming && <AdminError error={error} what="manage accounts" />}</div>
        {note && (
          <p className="muted" role="status">
            {note}
          </p>
        )}
        {confirming && (
          <Confirm
            title={`Deactivate ${a.displayName}?`}
            confirmLabel="Deactivate"
            busy={act.isPending}
            onConfirm={() => act.mutate('deactivate')}
            onCancel={() => {
              setConfirming(false);
              setError(null);
            }}
            error={error}
          >
            <p>This ends, at once:</p>
            <ul>
              <li>every signed-in session of {a.email}: they are signed out on every device;</li>
              <li>{a.status === 'invited' ? 'the invitation link they were mailed' : 'any password-reset link they were mailed'};</li>
              <li>the preview links they created for articles;</li>
              <li>mail still queued to that address.</li>
            </ul>
            <p>
              What stays: the account, its articles, bylines and audit history. Reactivating lets them sign in again
              {a.hasPassword ? ' with their password' : ' after a fresh invitation'}; the ended sessions and links do not come back.
            </p>
          </Confirm>
        )}
      </td>
    </tr>
  );
}
