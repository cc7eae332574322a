import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type Schemas } from '../../../api/client';
import { ApiError, must } from '../../../api/errors';
import { Link, navigate } from '../../../router';
import { formatWithUtc, fromZonedInput, NEWSROOM_TZ, toZonedInput } from '../../../time';
import { errorsFor, Field } from '../../../ui/Field';
import { AdminError } from '../access';
import { Confirm } from '../Confirm';
import { IdPicker, type Dimension } from './pickers';
import { Variants } from './Variants';
import {
  ACTION_WORDS,
  ACTIONS_FROM,
  BASE,
  campaignKeys,
  PLACEMENT_WORDS,
  PLACEMENTS,
  runWindow,
  type Campaign,
  type CampaignAction,
  type Placement,
  type Targeting,
} from './words';

type CreateBody = Schemas['CreateCampaignRequest'];

/** What the form holds: text as typed (numbers too), so nothing typed is reshaped or lost. */
export interface CampaignDraft {
  name: string;
  startsAt: string;
  endsAt: string;
  placement: Placement;
  paragraph: string;
  priority: string;
  targeting: Targeting;
  frequency: { startAfterPageviews: string; everyNthPageview: string; maxPerDay: string; maxPerWeek: string };
}

const EMPTY_TARGETING: Targeting = {
  includeSectionIds: [],
  excludeSectionIds: [],
  includeTagIds: [],
  excludeTagIds: [],
  includeTypeIds: [],
  excludeTypeIds: [],
  includeArticleIds: [],
  excludeArticleIds: [],
};

const str = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

export function draftOf(c: Campaign | null): CampaignDraft {
  if (!c) {
    return {
      name: '',
      startsAt: '',
      endsAt: '',
      placement: 'after_body',
      paragraph: '',
      priority: '0',
      targeting: EMPTY_TARGETING,
      frequency: { startAfterPageviews: '0', everyNthPageview: '1', maxPerDay: '', maxPerWeek: '' },
    };
  }
  return {
    name: c.name,
    startsAt: toZonedInput(c.startsAt),
    endsAt: toZonedInput(c.endsAt),
    placement: c.placement,
    paragraph: str(c.paragraph),
    priority: str(c.priority),
    targeting: { ...EMPTY_TARGETING, ...c.targeting },
    frequency: {
      startAfterPageviews: str(c.frequency.startAfterPageviews),
      everyNthPageview: str(c.frequency.everyNthPageview),
      maxPerDay: str(c.frequency.maxPerDay),
      maxPerWeek: str(c.frequency.maxPerWeek),
    },
  };
}

// a number as typed; anything else goes as typed, so the API names the field and says why
const num = (s: string): number => (s.trim() === '' ? NaN : Number(s));
const intOr = (s: string, empty: number | null) => (s.trim() === '' ? empty : Number.isFinite(num(s)) ? num(s) : (s as unknown as number));

export function bodyOf(d: CampaignDraft): CreateBody {
  return {
    name: d.name.trim(),
    startsAt: d.startsAt ? (fromZonedInput(d.startsAt) ?? d.startsAt) : null,
    endsAt: d.endsAt ? (fromZonedInput(d.endsAt) ?? d.endsAt) : null,
    placement: d.placement,
    paragraph: d.placement === 'inline_after_paragraph' ? intOr(d.paragraph, null) : null,
    priority: intOr(d.priority, 0) ?? 0,
    targeting: d.targeting,
    frequency: {
      startAfterPageviews: intOr(d.frequency.startAfterPageviews, 0) ?? 0,
      everyNthPageview: intOr(d.frequency.everyNthPageview, 1) ?? 1,
      maxPerDay: intOr(d.frequency.maxPerDay, null),
      maxPerWeek: intOr(d.frequency.maxPerWeek, null),
    },
  };
}

const same = (a: CampaignDraft, b: CampaignDraft) => JSON.stringify(a) === JSON.stringify(b);
const backupKey = (id: string | null) => `desk.campaign-draft.${id ?? 'new'}`;
const readBackup = (id: string | null): CampaignDraft | null => {
  try {
    const raw = localStorage.getItem(backupKey(id));
    return raw ? (JSON.parse(raw) as CampaignDraft) : null;
  } catch {
    return null;
  }
};

const FIELDS = [
  'name',
  'startsAt',
  'endsAt',
  'placement',
  'paragraph',
  'priority',
  ...Object.keys(EMPTY_TARGETING).map((k) => `targeting.${k}`),
  'frequency.startAfterPageviews',
  'frequency.everyNthPageview',
  'frequency.maxPerDay',
  'frequency.maxPerWeek',
];

export function CampaignEditor({ id }: { id: string | null }) {
  const qc = useQueryClient();
  const campaign = useQuery({
    queryKey: campaignKeys.one(id ?? 'new'),
    enabled: id !== null,
    queryFn: async () => must(await api.GET('/v1/admin/donation-campaigns/{id}', { params: { path: { id: id! } } })),
  });
  const [draft, setDraftState] = useState<CampaignDraft | null>(() => readBackup(id));
  const [restored] = useState(() => readBackup(id) !== null);
  const [note, setNote] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    first.current?.focus();
  }, [campaign.data === undefined]);

  const server = id === null ? draftOf(null) : campaign.data ? draftOf(campaign.data) : null;
  const setDraft = (d: CampaignDraft) => {
    setDraftState(d);
    setNote(null);
    if (server && same(d, server)) localStorage.removeItem(backupKey(id));
    else localStorage.setItem(backupKey(id), JSON.stringify(d));
  };
  const save = useMutation({
    mutationFn: async (d: CampaignDraft) => {
      const body = bodyOf(d);
      if (id === null) return must(await api.POST('/v1/admin/donation-campaigns', { body }));
      return must(await api.PATCH('/v1/admin/donation-campaigns/{id}', { params: { path: { id } }, body }));
    },
    onSuccess: async (c) => {
      localStorage.removeItem(backupKey(id));
      qc.setQueryData(campaignKeys.one(c.id), c);
      await qc.invalidateQueries({ queryKey: ['admin', 'campaigns', 'list'] });
      if (id === null) {
        navigate(`${BASE}/${c.id}`, true);
        return;
      }
      setDraftState(null);
      setNote(`Saved ${formatWithUtc(c.updatedAt)}.`);
    },
  });

  if (id !== null && campaign.error) return <AdminError error={campaign.error} what="manage donation campaigns" />;
  if (!server) return <p role="status">Loading the campaign…</p>;
  const d = draft ?? server;
  const c = campaign.data ?? null;
  const ended = c?.status === 'ended';
  const dirty = !same(d, server);
  const error = save.error instanceof ApiError ? save.error : null;
  const errs = (...fields: string[]) => [
    ...errorsFor(error, ...fields),
    ...(error && !error.details.length && fields.includes('name') && error.code === 'BANNER_CAMPAIGN_INVALID' ? [`${error.message} (${error.code})`] : []),
  ];
  const placed = Boolean(error?.details.some((x) => x.field && FIELDS.includes(x.field)));
  const set = <K extends keyof CampaignDraft>(k: K, v: CampaignDraft[K]) => setDraft({ ...d, [k]: v });
  const setFreq = (k: keyof CampaignDraft['frequency'], v: string) => setDraft({ ...d, frequency: { ...d.frequency, [k]: v } });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(d);
  };
  const dims: Dimension[] = ['Section', 'Tag', 'Type', 'Article'];

  return (
    <>
      <p>
        <Link to={BASE}>All campaigns</Link>
        {c && c.status !== 'draft' && (
          <>
            {' · '}
            <Link to={`${BASE}/${c.id}/report`}>Report</Link>
          </>
        )}
        {c && (
          <>
            {' · '}
            <Link to={`${BASE}/preview`}>Preview on an article</Link>
          </>
        )}
      </p>
      <h2>{c ? c.name : 'New campaign'}</h2>
      {c && (
        <p>
          <span className={`status campaign-${c.status}`}>{c.status}</span> {runWindow(c.startsAt, c.endsAt)}
          {c.activatedAt ? ` · activated ${formatWithUtc(c.activatedAt)}` : ''}
          {c.endedAt ? ` · ended ${formatWithUtc(c.endedAt)}` : ''}
        </p>
      )}
      {restored && draft && dirty && (
        <div className="banner banner-warn" role="status">
          Restored what you typed here and had not saved.{' '}
          <button type="button" onClick={() => (localStorage.removeItem(backupKey(id)), setDraftState(null))}>
            Discard it
          </button>
        </div>
      )}
      {c && <StatusActions campaign={c} dirty={dirty} />}
      <form className="campaign-form" aria-label={c ? 'Campaign' : 'New campaign'} onSubmit={submit} noValidate>
        {ended && <p className="banner banner-warn">An ended campaign can no longer be changed; its numbers stay in the report.</p>}
        <fieldset disabled={ended} className="plain-fieldset">
          <section className="box" aria-labelledby="c-basics">
            <h3 id="c-basics">Name and priority</h3>
            <div className="row">
              <Field label="Name" hint="Only the desk shows it." errors={errs('name')}>
                {(fid, dd) => (
                  <input ref={first} id={fid} aria-describedby={dd} aria-invalid={errs('name').length > 0} value={d.name} onChange={(e) => set('name', e.target.value)} />
                )}
              </Field>
              <Field label="Priority" hint="When several campaigns fit one placement, the highest wins (-1000 to 1000)." errors={errs('priority')}>
                {(fid, dd) => (
                  <input
                    id={fid}
                    aria-describedby={dd}
                    aria-invalid={errs('priority').length > 0}
                    type="number"
                    step={1}
                    value={d.priority}
                    onChange={(e) => set('priority', e.target.value)}
                  />
                )}
              </Field>
            </div>
          </section>
          <section className="box" aria-labelledby="c-window">
            <h3 id="c-window">Run window ({NEWSROOM_TZ})</h3>
            <div className="row">
              <Field
                label="Starts"
                hint={d.startsAt ? `= ${fromZonedInput(d.startsAt)?.slice(0, 16).replace('T', ' ') ?? '?'} UTC` : 'Empty: from activation.'}
                errors={errs('startsAt')}
              >
                {(fid, dd) => (
                  <input
                    id={fid}
                    aria-describedby={dd}
                    aria-invalid={errs('startsAt').length > 0}
                    type="datetime-local"
                    value={d.startsAt}
                    onChange={(e) => set('startsAt', e.target.value)}
                  />
                )}
              </Field>
              <Field
                label="Ends"
                hint={d.endsAt ? `= ${fromZonedInput(d.endsAt)?.slice(0, 16).replace('T', ' ') ?? '?'} UTC; it ends by itself then.` : 'Empty: until ended by hand.'}
                errors={errs('endsAt')}
              >
                {(fid, dd) => (
                  <input
                    id={fid}
                    aria-describedby={dd}
                    aria-invalid={errs('endsAt').length > 0}
                    type="datetime-local"
                    value={d.endsAt}
                    onChange={(e) => set('endsAt', e.target.value)}
                  />
                )}
              </Field>
            </div>
          </section>
          <section className="box" aria-labelledby="c-place">
            <h3 id="c-place">Placement</h3>
            <div className="row">
              <Field label="Where the banner goes" errors={errs('placement')}>
                {(fid, dd) => (
                  <select id={fid} aria-describedby={dd} value={d.placement} onChange={(e) => set('placement', e.target.value as Placement)}>
                    {PLACEMENTS.map((p) => (
                      <option key={p} value={p}>
                        {PLACEMENT_WORDS[p]}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              {d.placement === 'inline_after_paragraph' && (
                <Field label="After paragraph" hint="1 is the first paragraph of the body." errors={errs('paragraph')}>
                  {(fid, dd) => (
                    <input
                      id={fid}
                      aria-describedby={dd}
                      aria-invalid={errs('paragraph').length > 0}
                      type="number"
                      min={1}
                      step={1}
                      value={d.paragraph}
                      onChange={(e) => set('paragraph', e.target.value)}
                    />
                  )}
                </Field>
              )}
            </div>
          </section>
          <section className="box" aria-labelledby="c-target">
            <h3 id="c-target">Targeting</h3>
            <p className="hint">
              Empty includes mean every article. Every kind that lists includes must match; an article included by name skips the other includes. Exclusions always win.
            </p>
            <div className="targeting">
              {dims.map((dim) => {
                const inc = `include${dim}Ids` as keyof Targeting;
                const exc = `exclude${dim}Ids` as keyof Targeting;
                return (
                  <div key={dim} className="row">
                    <IdPicker
                      dimension={dim}
                      verb="Include"
                      value={d.targeting[inc]}
                      onChange={(v) => set('targeting', { ...d.targeting, [inc]: v })}
                      errors={errs(`targeting.${inc}`)}
                    />
                    <IdPicker
                      dimension={dim}
                      verb="Exclude"
                      value={d.targeting[exc]}
                      onChange={(v) => set('targeting', { ...d.targeting, [exc]: v })}
                      errors={errs(`targeting.${exc}`)}
                    />
                  </div>
                );
              })}
            </div>
          </section>
          <section className="box" aria-labelledby="c-freq">
            <h3 id="c-freq">How often a reader sees it</h3>
            <p className="hint">The front-end applies these per reader; nothing about readers is stored here.</p>
            <div className="row">
              <Field label="Start after this many pageviews" hint="0: from the first pageview." errors={errs('frequency.startAfterPageviews')}>
                {(fid, dd) => (
                  <input
                    id={fid}
                    aria-describedby={dd}
                    aria-invalid={errs('frequency.startAfterPageviews').length > 0}
                    type="number"
                    min={0}
                    value={d.frequency.startAfterPageviews}
                    onChange={(e) => setFreq('startAfterPageviews', e.target.value)}
                  />
                )}
              </Field>
              <Field label="Then on every Nth pageview" hint="1: every pageview." errors={errs('frequency.everyNthPageview')}>
                {(fid, dd) => (
                  <input
                    id={fid}
                    aria-describedby={dd}
                    aria-invalid={errs('frequency.everyNthPageview').length > 0}
                    type="number"
                    min={1}
                    value={d.frequency.everyNthPageview}
                    onChange={(e) => setFreq('everyNthPageview', e.target.value)}
                  />
                )}
              </Field>
              <Field label="At most per day" hint="Empty: no daily cap." errors={errs('frequency.maxPerDay')}>
                {(fid, dd) => (
                  <input
                    id={fid}
                    aria-describedby={dd}
                    aria-invalid={errs('frequency.maxPerDay').length > 0}
                    type="number"
                    min={1}
                    value={d.frequency.maxPerDay}
                    onChange={(e) => setFreq('maxPerDay', e.target.value)}
                  />
                )}
              </Field>
              <Field label="At most per week" hint="Empty: no weekly cap; at least the daily cap." errors={errs('frequency.maxPerWeek')}>
                {(fid, dd) => (
                  <input
                    id={fid}
                    aria-describedby={dd}
                    aria-invalid={errs('frequency.maxPerWeek').length > 0}
                    type="number"
                    min={1}
                    value={d.frequency.maxPerWeek}
                    onChange={(e) => setFreq('maxPerWeek', e.target.value)}
                  />
                )}
              </Field>
            </div>
          </section>
        </fieldset>
        {error && !placed && !(error.code === 'BANNER_CAMPAIGN_INVALID' && !error.details.length) ? <AdminError error={error} what="manage donation campaigns" /> : null}
        {error && placed && (
          <p className="error" role="alert">
            Not saved: {error.message} <code>{error.code}</code> The fields at fault say why; what you typed is still here.
          </p>
        )}
        {note && <p role="status">{note}</p>}
        {!ended && (
          <div className="actions">
            <button type="submit" className="primary" disabled={save.isPending || (c !== null && !dirty)}>
              {c ? 'Save the campaign' : 'Create the campaign'}
            </button>
            {c && dirty && <span className="muted">Unsaved changes (kept in this browser until saved).</span>}
          </div>
        )}
      </form>
      {c ? <Variants campaign={c} /> : <p className="muted">Variants (the banner’s text) are added once the campaign is created.</p>}
    </>
  );
}

/** The actions the API allows from this status, each with what it does; End asks first. */
function StatusActions({ campaign: c, dirty }: { campaign: Campaign; dirty: boolean }) {
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState<CampaignAction | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const act = useMutation({
    mutationFn: async (action: CampaignAction) => must(await api.POST('/v1/admin/donation-campaigns/{id}/transitions', { params: { path: { id: c.id } }, body: { action } })),
    onMutate: () => setNote(null),
    onSuccess: async (next, action) => {
      setConfirming(null);
      qc.setQueryData(campaignKeys.one(c.id), next);
      setNote(`${ACTION_WORDS[action].label}: the campaign is now ${next.status}.`);
      await qc.invalidateQueries({ queryKey: ['admin', 'campaigns', 'list'] });
      await qc.invalidateQueries({ queryKey: ['admin', 'campaigns', 'preview'] });
    },
  });
  const actions = ACTIONS_FROM[c.status];
  const removing = useMutation({
    mutationFn: async () => must(await api.DELETE('/v1/admin/donation-campaigns/{id}', { params: { path: { id: c.id } } })),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['admin', 'campaigns', 'list'] });
      navigate(BASE, true);
    },
  });
  return (
    <section className="box status-actions" aria-labelledby="c-status">
      <h3 id="c-status">Status: {c.status}</h3>
      {!actions.length && <p>An ended campaign has no further action.</p>}
      <div className="actions">
        {actions.map((a) => (
          <div key={a} className="action">
            <button
              type="button"
              className={a === 'activate' || a === 'resume' ? 'primary' : undefined}
              disabled={act.isPending || (a === 'activate' && dirty)}
              onClick={() => (a === 'end' ? setConfirming('end') : act.mutate(a))}
            >
              {ACTION_WORDS[a].label}
            </button>
            <span className="hint">{a === 'activate' && dirty ? 'Save the changes first: activating uses what is saved.' : ACTION_WORDS[a].what}</span>
          </div>
        ))}
        {c.status === 'draft' && (
          <div className="action">
            <button type="button" onClick={() => setDeleting(true)}>
              Delete the draft
            </button>
            <span className="hint">A campaign that never ran can be deleted; one that ran is ended instead, keeping its numbers.</span>
          </div>
        )}
      </div>
      {!confirming && act.error ? <AdminError error={act.error} what="change a campaign’s status" /> : null}
      {note && <p role="status">{note}</p>}
      {confirming === 'end' && (
        <Confirm
          title={`End “${c.name}”?`}
          confirmLabel="End the campaign"
          busy={act.isPending}
          error={act.error}
          onConfirm={() => act.mutate('end')}
          onCancel={() => setConfirming(null)}
        >
          <p>{ACTION_WORDS.end.what}</p>
        </Confirm>
      )}
      {deleting && (
        <Confirm
          title={`Delete “${c.name}”?`}
          confirmLabel="Delete"
          busy={removing.isPending}
          error={removing.error}
          onConfirm={() => removing.mutate()}
          onCancel={() => setDeleting(false)}
        >
          <p>The draft and its variants go; it never ran, so there are no numbers to keep.</p>
        </Confirm>
      )}
    </section>
  );
}
