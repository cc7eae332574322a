import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../../api/client';
import { ApiError, must } from '../../../api/errors';
import { BannerBodyEditor } from '../../../editor/BannerBodyEditor';
import { errorsFor, Field } from '../../../ui/Field';
import { AdminError } from '../access';
import { Confirm } from '../Confirm';
import { campaignKeys, type Campaign, type Variant } from './words';

interface VariantDraft {
  name: string;
  weight: string;
  headline: string;
  bodyHtml: string;
  ctaLabel: string;
  ctaUrl: string;
}

const EMPTY: VariantDraft = { name: '', weight: '50', headline: '', bodyHtml: '', ctaLabel: '', ctaUrl: 'https://' };
const draftOf = (v: Variant): VariantDraft => ({ name: v.name, weight: String(v.weight), headline: v.headline, bodyHtml: v.bodyHtml, ctaLabel: v.ctaLabel, ctaUrl: v.ctaUrl });
const FIELDS = ['name', 'weight', 'headline', 'bodyHtml', 'ctaLabel', 'ctaUrl'];
const backupKey = (campaignId: string, variantId: string | null) => `desk.variant-draft.${campaignId}.${variantId ?? 'new'}`;
const readBackup = (key: string): VariantDraft | null => {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as VariantDraft) : null;
  } catch {
    return null;
  }
};

/** The banner as a reader sees it, from the HTML the server kept (its sanitizer's output). */
export function BannerCard({ headline, bodyHtml, ctaLabel, ctaUrl, label }: { headline: string; bodyHtml: string; ctaLabel: string; ctaUrl: string; label: string }) {
  return (
    <aside className="banner-card" aria-label={label}>
      <p className="banner-card-headline">{headline}</p>
      {/* the API's sanitizer keeps only p, a[href http/https/mailto], strong, em and br */}
      <div className="banner-card-body" dangerouslySetInnerHTML={{ __html: bodyHtml }} />
      <p>
        <a className="banner-card-cta" href={ctaUrl} tabIndex={-1}>
          {ctaLabel}
        </a>
      </p>
    </aside>
  );
}

export function Variants({ campaign: c }: { campaign: Campaign }) {
  const [fresh, setFresh] = useState(0);
  const total = c.variants.reduce((s, v) => s + Math.max(0, v.weight), 0);
  const ended = c.status === 'ended';
  return (
    <section aria-labelledby="c-variants">
      <h2 id="c-variants">Variants</h2>
      <p className="hint">
        Readers are split between variants by weight, each reader always in the same variant. Weight 0 retires a variant and keeps its numbers. The body keeps paragraphs, bold,
        italic, line breaks and links: what the editor below allows is exactly what the server keeps.
      </p>
      {!c.variants.length && <p>No variant yet: a campaign needs one with a weight above 0 before it can be activated.</p>}
      {c.variants.map((v) => (
        <VariantForm key={v.id} campaign={c} variant={v} share={total > 0 && v.weight > 0 ? Math.round((v.weight / total) * 1000) / 10 : 0} />
      ))}
      {!ended && <VariantForm key={`new-${fresh}`} campaign={c} variant={null} share={null} onCreated={() => setFresh((n) => n + 1)} />}
    </section>
  );
}

function VariantForm({ campaign: c, variant: v, share, onCreated }: { campaign: Campaign; variant: Variant | null; share: number | null; onCreated?: () => void }) {
  const qc = useQueryClient();
  const key = backupKey(c.id, v?.id ?? null);
  const [draft, setDraftState] = useState<VariantDraft | null>(() => readBackup(key));
  const [note, setNote] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [kept, setKept] = useState<{ sent: string; kept: string } | null>(null);
  const headingId = useId();
  const server = v ? draftOf(v) : EMPTY;
  const d = draft ?? server;
  const dirty = JSON.stringify(d) !== JSON.stringify(server);
  const ended = c.status === 'ended';
  const setDraft = (next: VariantDraft) => {
    setDraftState(next);
    setNote(null);
    if (JSON.stringify(next) === JSON.stringify(server)) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(next));
  };
  const save = useMutation({
    mutationFn: async (x: VariantDraft) => {
      const weight = x.weight.trim() === '' ? NaN : Number(x.weight);
      const body = {
        name: x.name.trim(),
        weight: Number.isFinite(weight) ? weight : (x.weight as unknown as number),
        headline: x.headline.trim(),
        bodyHtml: x.bodyHtml,
        ctaLabel: x.ctaLabel.trim(),
        ctaUrl: x.ctaUrl.trim(),
      };
      if (v) return must(await api.PATCH('/v1/admin/donation-campaigns/{id}/variants/{variantId}', { params: { path: { id: c.id, variantId: v.id } }, body }));
      return must(await api.POST('/v1/admin/donation-campaigns/{id}/variants', { params: { path: { id: c.id } }, body }));
    },
    onSuccess: async (saved, x) => {
      localStorage.removeItem(key);
      setDraftState(null);
      setKept({ sent: x.bodyHtml, kept: saved.bodyHtml });
      setNote(v ? 'Saved.' : null);
      await qc.invalidateQueries({ queryKey: campaignKeys.one(c.id) });
      await qc.invalidateQueries({ queryKey: ['admin', 'campaigns', 'list'] });
      if (!v) onCreated?.();
    },
  });
  const remove = useMutation({
    mutationFn: async () => must(await api.DELETE('/v1/admin/donation-campaigns/{id}/variants/{variantId}', { params: { path: { id: c.id, variantId: v!.id } } })),
    onSuccess: async () => {
      setDeleting(false);
      localStorage.removeItem(key);
      await qc.invalidateQueries({ queryKey: campaignKeys.one(c.id) });
    },
  });
  const error = save.error instanceof ApiError ? save.error : null;
  const errs = (f: string) => [...errorsFor(error, f), ...(f === 'name' && error?.code === 'BANNER_VARIANT_NAME_TAKEN' ? [`${error.message} (${error.code})`] : [])];
  const placed = Boolean(error && (error.details.some((x) => x.field && FIELDS.includes(x.field)) || error.code === 'BANNER_VARIANT_NAME_TAKEN'));
  const title = v ? `Variant ${v.name}` : 'New variant';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(d);
  };
  const set = (k: keyof VariantDraft, val: string) => setDraft({ ...d, [k]: val });
  return (
    <form className="box variant" aria-labelledby={headingId} onSubmit={submit} noValidate>
      <h3 id={headingId}>
        {title}
        {share !== null && <span className="muted"> · {v && v.weight > 0 ? `${share} % of readers` : 'retired (weight 0)'}</span>}
      </h3>
      <fieldset disabled={ended} className="plain-fieldset">
        <div className="row3">
          <Field label="Variant name" errors={errs('name')}>
            {(fid, dd) => <input id={fid} aria-describedby={dd} aria-invalid={errs('name').length > 0} value={d.name} onChange={(e) => set('name', e.target.value)} />}
          </Field>
          <Field label="Weight" hint="Relative share of readers; 0 retires it." errors={errs('weight')}>
            {(fid, dd) => (
              <input
                id={fid}
                aria-describedby={dd}
                aria-invalid={errs('weight').length > 0}
                type="number"
                min={0}
                step={1}
                value={d.weight}
                onChange={(e) => set('weight', e.target.value)}
              />
            )}
          </Field>
          <Field label="Headline" errors={errs('headline')}>
            {(fid, dd) => <input id={fid} aria-describedby={dd} aria-invalid={errs('headline').length > 0} value={d.headline} onChange={(e) => set('headline', e.target.value)} />}
          </Field>
        </div>
        <BodyField label={`${title}: body`} value={d.bodyHtml} errors={errs('bodyHtml')} onChange={(html) => set('bodyHtml', html)} />
        <div className="row">
          <Field label="Button label" errors={errs('ctaLabel')}>
            {(fid, dd) => <input id={fid} aria-describedby={dd} aria-invalid={errs('ctaLabel').length > 0} value={d.ctaLabel} onChange={(e) => set('ctaLabel', e.target.value)} />}
          </Field>
          <Field label="Button link" hint="An absolute http or https address." errors={errs('ctaUrl')}>
            {(fid, dd) => (
              <input id={fid} aria-describedby={dd} aria-invalid={errs('ctaUrl').length > 0} type="url" value={d.ctaUrl} onChange={(e) => set('ctaUrl', e.target.value)} />
            )}
          </Field>
        </div>
      </fieldset>
      {error && !placed ? <AdminError error={error} what="manage donation campaigns" /> : null}
      {error && placed && (
        <p className="error" role="alert">
          Not saved: {error.message} <code>{error.code}</code> What you typed is still here.
        </p>
      )}
      {!ended && (
        <div className="actions">
          <button type="submit" className="primary" disabled={save.isPending || (v !== null && !dirty)}>
            {v ? `Save variant ${v.name}` : 'Add the variant'}
          </button>
          {v && c.status === 'draft' && (
            <button type="button" onClick={() => setDeleting(true)}>
              Delete variant {v.name}
            </button>
          )}
          {v && dirty && <span className="muted">Unsaved changes (kept in this browser until saved).</span>}
        </div>
      )}
      {note && <p role="status">{note}</p>}
      {v && (
        <div className="kept">
          <h4>As the server keeps it</h4>
          {kept && (
            <p className="muted" role="status">
              {kept.sent === kept.kept ? 'The server kept the body exactly as written.' : 'The server’s sanitizer changed the body: what it kept is below.'}
            </p>
          )}
          <BannerCard label={`${title} as readers see it`} headline={v.headline} bodyHtml={v.bodyHtml} ctaLabel={v.ctaLabel} ctaUrl={v.ctaUrl} />
          <details>
            <summary>The stored HTML</summary>
            <pre>
              <code>{v.bodyHtml || '(empty)'}</code>
            </pre>
          </details>
        </div>
      )}
      {deleting && v && (
        <Confirm
          title={`Delete variant ${v.name}?`}
          confirmLabel="Delete"
          busy={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate()}
          onCancel={() => setDeleting(false)}
        >
          <p>The campaign never ran, so the variant has no numbers to keep.</p>
        </Confirm>
      )}
    </form>
  );
}

function BodyField({ label, value, errors, onChange }: { label: string; value: string; errors: string[]; onChange: (html: string) => void }) {
  const errId = useId();
  return (
    <div className={`field${errors.length ? ' field-error' : ''}`}>
      <span className="label">Body</span>
      <BannerBodyEditor label={label} initialHtml={value} onChange={onChange} describedBy={errors.length ? errId : undefined} invalid={errors.length > 0} />
      {errors.length ? (
        <p className="error" id={errId} role="alert">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}
