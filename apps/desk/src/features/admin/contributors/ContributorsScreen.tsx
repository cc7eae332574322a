import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../../api/client';
import { ApiError, must } from '../../../api/errors';
import { Link, match, navigate, useLocation } from '../../../router';
import { errorsFor, Field } from '../../../ui/Field';
import { ImagePickerDialog } from '../../images/ImagePicker';
import { useImage } from '../../images/queries';
import { AdminError, useCan } from '../access';
import { Confirm } from '../Confirm';
import { contributorKeys, NETWORKS, useArticlesOf, useContributorDetail, useContributorPages, type Contributor, type Network, type SocialLink } from './queries';
import { useDebounced } from '../../../ui/useDebounced';

const BASE = '/desk/admin/contributors';

export default function ContributorsScreen() {
  const { path } = useLocation();
  const m = match(`${BASE}/:id`, path);
  if (m?.id) return <ProfileScreen key={m.id} id={m.id} />;
  return <ListScreen />;
}

function ListScreen() {
  const [q, setQ] = useState('');
  const query = useDebounced(q);
  const list = useContributorPages(query);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section>
      <h1>Contributors</h1>
      <div className="columns">
        <div>
          <form className="filters" role="search" aria-label="Find a profile" onSubmit={(e) => e.preventDefault()}>
            <label>
              Search
              <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Name or slug" />
            </label>
          </form>
          <AdminError error={list.error} what="list contributors" />
          <table aria-label="Profiles" aria-busy={list.isFetching}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Title or affiliation</th>
                <th scope="col">Articles</th>
                <th scope="col">Account</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`${BASE}/${c.id}`}>{c.name}</Link>
                    <br />
                    <span className="muted">/{c.slug}</span>
                  </td>
                  <td>{c.title}</td>
                  <td>{c.articleCount}</td>
                  <td>{c.accountId ? 'linked' : <span className="muted">none</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {!list.isLoading && !items.length && <p>No profile matches.</p>}
          {list.hasNextPage && (
            <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
              More profiles
            </button>
          )}
        </div>
        <NewProfile />
      </div>
    </section>
  );
}

interface Draft {
  name: string;
  slug: string;
  title: string;
  bio: string;
  disclosure: string;
  avatarImageId: string | null;
  socialLinks: SocialLink[];
}

const draftOf = (c?: Contributor): Draft => ({
  name: c?.name ?? '',
  slug: c?.slug ?? '',
  title: c?.title ?? '',
  bio: c?.bio ?? '',
  disclosure: c?.disclosure ?? '',
  avatarImageId: c?.avatarImageId ?? null,
  socialLinks: c?.socialLinks ?? [],
});

const bodyOf = (d: Draft) => ({
  name: d.name.trim(),
  slug: d.slug.trim() || undefined,
  title: d.title.trim() || null,
  bio: d.bio.trim() || null,
  disclosure: d.disclosure.trim() || null,
  avatarImageId: d.avatarImageId,
  socialLinks: d.socialLinks.map((l) => ({ network: l.network, url: l.url.trim() })),
});

function NewProfile() {
  const qc = useQueryClient();
  const [draft, setDraft] = useState<Draft>(draftOf());
  const create = useMutation({
    mutationFn: async () => must(await api.POST('/v1/admin/contributors', { body: bodyOf(draft) })),
    onSuccess: async (c) => {
      await qc.invalidateQueries({ queryKey: contributorKeys.all });
      navigate(`${BASE}/${c.id}`);
    },
  });
  return (
    <section className="box" aria-labelledby="new-profile">
      <h2 id="new-profile">New profile</h2>
      <ProfileForm draft={draft} setDraft={setDraft} error={create.error} busy={create.isPending} submitLabel="Create the profile" onSubmit={() => create.mutate()} isNew />
    </section>
  );
}

function ProfileScreen({ id }: { id: string }) {
  const qc = useQueryClient();
  const profile = useContributorDetail(id);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    if (profile.data && !draft) setDraft(draftOf(profile.data));
  }, [profile.data, draft]);
  const save = useMutation({
    mutationFn: async () => must(await api.PATCH('/v1/admin/contributors/{id}', { params: { path: { id } }, body: bodyOf(draft!) })),
    onMutate: () => setSaved(null),
    onSuccess: async (c) => {
      qc.setQueryData(contributorKeys.detail(id), c);
      setDraft(draftOf(c));
      setSaved(`Saved. ${c.slug !== profile.data?.slug ? `The old address /${profile.data?.slug} now redirects to /${c.slug}.` : ''}`.trim());
      await qc.invalidateQueries({ queryKey: contributorKeys.all });
    },
  });
  if (profile.error) return <AdminError error={profile.error} what="read this profile" />;
  if (!profile.data || !draft) return <p role="status">Loading…</p>;
  const c = profile.data;
  if (c.mergedIntoId) {
    return (
      <section>
        <h1>{c.name}</h1>
        <p role="status">
          This profile was merged; its bylines and addresses now belong to <Link to={`${BASE}/${c.mergedIntoId}`}>the remaining profile</Link>.
        </p>
      </section>
    );
  }
  return (
    <section>
      <p>
        <Link to={BASE}>All contributors</Link>
      </p>
      <h1>{c.name}</h1>
      <p className="muted">
        /{c.slug} · {c.articleCount} article{c.articleCount === 1 ? '' : 's'}
      </p>
      <div className="columns">
        <div>
          <ProfileForm draft={draft} setDraft={setDraft} error={save.error} busy={save.isPending} submitLabel="Save the profile" onSubmit={() => save.mutate()} />
          {saved && <p role="status">{saved}</p>}
        </div>
        <div className="side-col">
          <AccountLink profile={c} />
          <MergePanel profile={c} />
        </div>
      </div>
    </section>
  );
}

function ProfileForm(props: { draft: Draft; setDraft: (d: Draft) => void; error: unknown; busy: boolean; submitLabel: string; onSubmit: () => void; isNew?: boolean }) {
  const { draft: d, setDraft } = props;
  const error = props.error instanceof ApiError ? props.error : null;
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft({ ...d, [k]: v });
  const [picking, setPicking] = useState(false);
  const avatar = useImage(d.avatarImageId);
  const known = [
    'name',
    'slug',
    'title',
    'bio',
    'disclosure',
    'avatarImageId',
    'socialLinks',
    ...d.socialLinks.flatMap((_, i) => [`socialLinks.${i}.url`, `socialLinks.${i}.network`]),
  ];
  const placed = error?.details.filter((x) => x.field && known.includes(x.field)).length ?? 0;
  const setLink = (i: number, l: Partial<SocialLink>) =>
    set(
      'socialLinks',
      d.socialLinks.map((x, j) => (j === i ? { ...x, ...l } : x)),
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSubmit();
  };
  const fieldCode = (f: string) => [
    ...errorsFor(error, f),
    ...(error && !error.details.length && error.code.includes(f.toUpperCase()) ? [`${error.message} (${error.code})`] : []),
  ];
  return (
    <form className="stack profile-form" onSubmit={submit} aria-label={props.isNew ? 'New profile' : 'Profile'}>
      <Field label="Name" errors={fieldCode('name')}>
        {(id, db) => <input id={id} aria-describedby={db} required value={d.name} onChange={(e) => set('name', e.target.value)} />}
      </Field>
      <Field label="Slug" hint={props.isNew ? 'Made from the name when left empty.' : 'Changing it keeps the old address redirecting here.'} errors={fieldCode('slug')}>
        {(id, db) => <input id={id} aria-describedby={db} value={d.slug} onChange={(e) => set('slug', e.target.value)} />}
      </Field>
      <Field label="Title or affiliation" hint="Shown with the byline, as of publication." errors={errorsFor(error, 'title')}>
        {(id, db) => <input id={id} aria-describedby={db} value={d.title} onChange={(e) => set('title', e.target.value)} />}
      </Field>
      <Field label="Bio" hint="Plain text." errors={errorsFor(error, 'bio')}>
        {(id, db) => <textarea id={id} aria-describedby={db} rows={4} value={d.bio} onChange={(e) => set('bio', e.target.value)} />}
      </Field>
      <Field label="Disclosure" hint="Affiliations a reader should know about." errors={errorsFor(error, 'disclosure')}>
        {(id, db) => <textarea id={id} aria-describedby={db} rows={2} value={d.disclosure} onChange={(e) => set('disclosure', e.target.value)} />}
      </Field>
      <fieldset className="field">
        <legend>Avatar</legend>
        {d.avatarImageId ? (
          <div className="inline">
            {avatar.data ? <img className="avatar" src={avatar.data.url} alt={avatar.data.altText ?? ''} /> : <span className="muted">Loading…</span>}
            <button type="button" onClick={() => setPicking(true)}>
              Replace the avatar
            </button>
            <button type="button" onClick={() => set('avatarImageId', null)}>
              Remove the avatar
            </button>
          </div>
        ) : (
          <button type="button" onClick={() => setPicking(true)}>
            Choose an avatar from the library
          </button>
        )}
        {errorsFor(error, 'avatarImageId').map((m) => (
          <p key={m} className="error" role="alert">
            {m}
          </p>
        ))}
        {picking && (
          <ImagePickerDialog
            title="Choose the avatar"
            onClose={() => setPicking(false)}
            onPick={(img) => {
              set('avatarImageId', img.id);
              setPicking(false);
            }}
          />
        )}
      </fieldset>
      <fieldset className="field">
        <legend>Social links</legend>
        {d.socialLinks.map((l, i) => {
          const errs = errorsFor(error, `socialLinks.${i}.url`, `socialLinks.${i}.network`);
          return (
            <div key={i} className={errs.length ? 'field-error' : ''}>
              <div className="inline link-row">
                <label className="sr-only" htmlFor={`net-${i}`}>
                  Network of link {i + 1}
                </label>
                <select id={`net-${i}`} value={l.network} onChange={(e) => setLink(i, { network: e.target.value as Network })}>
                  {NETWORKS.map((n) => (
                    <option key={n}>{n}</option>
                  ))}
                </select>
                <label className="sr-only" htmlFor={`url-${i}`}>
                  Address of link {i + 1}
                </label>
                <input
                  id={`url-${i}`}
                  type="url"
                  value={l.url}
                  placeholder="https://"
                  onChange={(e) => setLink(i, { url: e.target.value })}
                  aria-describedby={errs.length ? `url-${i}-err` : undefined}
                />
                <button
                  type="button"
                  onClick={() =>
                    set(
                      'socialLinks',
                      d.socialLinks.filter((_, j) => j !== i),
                    )
                  }
                >
                  Remove<span className="sr-only"> link {i + 1}</span>
                </button>
              </div>
              {errs.length > 0 && (
                <p className="error" id={`url-${i}-err`} role="alert">
                  {errs.join(' ')}
                </p>
              )}
            </div>
          );
        })}
        <div>
          <button type="button" onClick={() => set('socialLinks', [...d.socialLinks, { network: 'website', url: '' }])}>
            Add a link
          </button>
        </div>
        {errorsFor(error, 'socialLinks').map((m) => (
          <p key={m} className="error" role="alert">
            {m}
          </p>
        ))}
      </fieldset>
      {error && !placed && !fieldCode('name').length && !fieldCode('slug').length ? <AdminError error={error} what="manage contributors" /> : null}
      {error && placed > 0 ? (
        <p className="error" role="alert">
          {error.message} <code>{error.code}</code>: see the fields marked above; nothing was saved.
        </p>
      ) : null}
      {props.error && !(props.error instanceof ApiError) ? <AdminError error={props.error} /> : null}
      <div>
        <button className="primary" type="submit" disabled={props.busy}>
          {props.busy ? 'Saving…' : props.submitLabel}
        </button>
      </div>
    </form>
  );
}

function AccountLink({ profile: c }: { profile: Contributor }) {
  const qc = useQueryClient();
  const can = useCan();
  const manageAccounts = can('accounts.manage');
  const [q, setQ] = useState('');
  const query = useDebounced(q);
  const [confirming, setConfirming] = useState(false);
  const linked = useQuery({
    queryKey: ['admin', 'account', c.accountId],
    enabled: Boolean(c.accountId) && manageAccounts,
    queryFn: async () => must(await api.GET('/v1/admin/accounts/{id}', { params: { path: { id: c.accountId! } } })),
  });
  const candidates = useQuery({
    queryKey: ['admin', 'accounts', 'pick', query],
    enabled: manageAccounts && !c.accountId && query.length > 0,
    queryFn: async () => must(await api.GET('/v1/admin/accounts', { params: { query: { q: query, limit: 10 } } })).items,
    placeholderData: keepPreviousData,
  });
  const change = useMutation({
    mutationFn: async (accountId: string | null) =>
      accountId
        ? must(await api.PUT('/v1/admin/contributors/{id}/account', { params: { path: { id: c.id } }, body: { accountId } }))
        : must(await api.DELETE('/v1/admin/contributors/{id}/account', { params: { path: { id: c.id } } })),
    onSuccess: async (next) => {
      setConfirming(false);
      setQ('');
      qc.setQueryData(contributorKeys.detail(c.id), next);
      await qc.invalidateQueries({ queryKey: contributorKeys.all });
    },
  });
  return (
    <section aria-labelledby="account-link">
      <h2 id="account-link">Login account</h2>
      {c.accountId ? (
        <>
          <p>Linked to {linked.data ? `${linked.data.displayName} (${linked.data.email}, ${linked.data.role})` : 'an account'}: pieces that account writes get this byline.</p>
          <button type="button" onClick={() => setConfirming(true)}>
            Unlink the account
          </button>
          {confirming && (
            <Confirm
              title="Unlink the account?"
              confirmLabel="Unlink"
              busy={change.isPending}
              error={change.error}
              onConfirm={() => change.mutate(null)}
              onCancel={() => setConfirming(false)}
            >
              <p>The account keeps signing in; its new pieces no longer get this byline by default. Bylines already on articles stay.</p>
            </Confirm>
          )}
        </>
      ) : manageAccounts ? (
        <>
          <p className="muted">No account: an outside writer with a byline only.</p>
          <label htmlFor="account-q">Find an account to link</label>
          <input id="account-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Name or e-mail" />
          <ul className="suggestions" aria-label="Accounts found">
            {candidates.data?.map((a) => (
              <li key={a.id}>
                <button type="button" onClick={() => change.mutate(a.id)} disabled={change.isPending}>
                  Link {a.displayName} ({a.email})
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">No account linked. Picking an account needs the accounts list, which only admins (accounts.manage) can read: ask an admin.</p>
      )}
      {!confirming && <AdminError error={change.error} what="link accounts" />}
    </section>
  );
}

function MergePanel({ profile: c }: { profile: Contributor }) {
  const qc = useQueryClient();
  const [q, setQ] = useState('');
  const query = useDebounced(q);
  const found = useContributorPages(query);
  const [intoId, setIntoId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const candidates = (found.data?.pages.flatMap((p) => p.items) ?? []).filter((x) => x.id !== c.id).slice(0, 8);
  const into = useQuery({
    queryKey: contributorKeys.detail(intoId ?? ''),
    enabled: Boolean(intoId),
    queryFn: async () => must(await api.GET('/v1/admin/contributors/{id}', { params: { path: { id: intoId! } } })),
  });
  const mine = useArticlesOf(intoId ? c.id : null);
  const theirs = useArticlesOf(intoId);
  const merge = useMutation({
    mutationFn: async () => must(await api.POST('/v1/admin/contributors/{id}/merge', { params: { path: { id: c.id } }, body: { intoId: intoId! } })),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: contributorKeys.all });
      qc.setQueryData(contributorKeys.detail(r.contributor.id), r.contributor);
      mergeNotes.set(
        r.contributor.id,
        `Merged: ${r.bylinesMoved} byline${r.bylinesMoved === 1 ? '' : 's'} moved, ${r.duplicateBylinesDropped} duplicate${r.duplicateBylinesDropped === 1 ? '' : 's'} dropped.`,
      );
      navigate(`${BASE}/${r.contributor.id}`);
    },
  });
  const theirIds = new Set((theirs.data ?? []).map((a) => a.id));
  const moving = (mine.data ?? []).filter((a) => !theirIds.has(a.id));
  const both = (mine.data ?? []).filter((a) => theirIds.has(a.id));
  const target = into.data;
  const accountConflict = Boolean(target && c.accountId && target.accountId && c.accountId !== target.accountId);
  return (
    <section aria-labelledby="merge">
      <h2 id="merge">Merge into another profile</h2>
      <MergedNote id={c.id} />
      <p className="muted">For duplicates: this profile goes away and the other one remains.</p>
      <label htmlFor="merge-q">Find the profile that remains</label>
      <input id="merge-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Name or slug" />
      {query && (
        <ul className="suggestions" aria-label="Profiles found">
          {candidates.map((x) => (
            <li key={x.id}>
              <button type="button" aria-pressed={intoId === x.id} onClick={() => setIntoId(x.id)}>
                {x.name} (/{x.slug}, {x.articleCount})
              </button>
            </li>
          ))}
        </ul>
      )}
      {target && (
        <div className="preview" aria-label="What the merge moves" role="region">
          <h3>
            Preview: {c.name} into {target.name}
          </h3>
          {mine.isLoading || theirs.isLoading ? (
            <p role="status">Counting bylines…</p>
          ) : (
            <ul>
              <li>
                {moving.length} {moving.length === 1 ? 'byline moves' : 'bylines move'} to {target.name}
                {moving.length ? ':' : '.'}
                {moving.length > 0 && (
                  <ul>
                    {moving.slice(0, 10).map((a) => (
                      <li key={a.id}>{a.headline || '(no headline)'}</li>
                    ))}
                    {moving.length > 10 && <li>and {moving.length - 10} more</li>}
                  </ul>
                )}
              </li>
              <li>
                {both.length} {both.length === 1 ? 'article already credits' : 'articles already credit'} {target.name}: {c.name}’s byline is dropped there.
              </li>
              <li>
                The address /{c.slug} redirects to /{target.slug}.
              </li>
              <li>
                {c.accountId
                  ? accountConflict
                    ? 'Both profiles are linked to different accounts: the API refuses this merge until one is unlinked.'
                    : target.accountId
                      ? 'Both are linked to the same account.'
                      : 'The linked login account moves to the remaining profile.'
                  : 'No account moves.'}
              </li>
              <li>
                {target.name} keeps its own name, title, bio, avatar, links and disclosure; {c.name}’s are not copied.
              </li>
            </ul>
          )}
          <button type="button" className="primary danger" onClick={() => setConfirming(true)} disabled={mine.isLoading || theirs.isLoading}>
            Merge {c.name} into {target.name}
          </button>
        </div>
      )}
      {confirming && target && (
        <Confirm
          title={`Merge ${c.name} into ${target.name}?`}
          confirmLabel="Merge"
          busy={merge.isPending}
          error={merge.error}
          onConfirm={() => merge.mutate()}
          onCancel={() => setConfirming(false)}
        >
          <p>
            {moving.length} byline{moving.length === 1 ? '' : 's'} move, {both.length} duplicate{both.length === 1 ? '' : 's'} are dropped, and {c.name} is hidden. This cannot be
            undone from the desk.
          </p>
        </Confirm>
      )}
    </section>
  );
}

/** What the last merge did, shown once on the profile that remained. */
const mergeNotes = new Map<string, string>();

function MergedNote({ id }: { id: string }) {
  const [note] = useState(() => mergeNotes.get(id) ?? null);
  useEffect(() => void mergeNotes.delete(id), [id]);
  return note ? <p role="status">{note}</p> : null;
}
