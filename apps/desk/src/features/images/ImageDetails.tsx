import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { api, type Image } from '../../api/client';
import { ApiError, messageOf, must } from '../../api/errors';
import { useMe } from '../articles/queries';
import { imageKeys, useCreditParties } from './queries';

type PartyKind = 'person' | 'agency' | 'provider';

export function PartyPicker({
  kind,
  label,
  value,
  onChange,
}: {
  kind: PartyKind;
  label: string;
  value: { id: string; name: string } | null;
  onChange: (p: { id: string; name: string } | null) => void;
}) {
  const id = useId();
  const qc = useQueryClient();
  const [q, setQ] = useState('');
  const [error, setError] = useState<string | null>(null);
  const found = useCreditParties(kind, q.trim());
  // only editors may create credit parties (images.manage): a contributor is not offered it
  const role = useMe().data?.role;
  const canCreate = role === 'editor' || role === 'admin';
  const create = async () => {
    try {
      const p = must(await api.POST('/v1/admin/credit-parties', { body: { kind, name: q.trim() } }));
      await qc.invalidateQueries({ queryKey: ['credit-parties'] });
      onChange({ id: p.id, name: p.name });
      setQ('');
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <div className="field party">
      <label htmlFor={id}>{label}</label>
      {value ? (
        <p>
          {value.name}{' '}
          <button type="button" aria-label={`Clear ${label}`} onClick={() => onChange(null)}>
            ×
          </button>
        </p>
      ) : (
        <>
          <input id={id} value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" placeholder={`Find a ${kind}`} />
          {q.trim() && (
            <ul className="suggestions" aria-label={`Matching ${label}`}>
              {(found.data ?? []).map((p) => (
                <li key={p.id}>
                  <button type="button" onClick={() => (onChange({ id: p.id, name: p.name }), setQ(''))}>
                    {p.name}
                  </button>
                </li>
              ))}
              {canCreate && !(found.data ?? []).some((p) => p.name.toLowerCase() === q.trim().toLowerCase()) && (
                <li>
                  <button type="button" onClick={() => void create()}>
                    Create {kind} “{q.trim()}”
                  </button>
                </li>
              )}
            </ul>
          )}
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** Alt text, caption, focal point and the structured credit of one image (saved on the image). */
export function ImageDetails({ image, problems }: { image: Image; problems: string[] }) {
  const qc = useQueryClient();
  const [alt, setAlt] = useState(image.altText ?? '');
  const [caption, setCaption] = useState(image.caption ?? '');
  const [focal, setFocal] = useState(image.focalPoint ?? { x: 0.5, y: 0.5 });
  const [photographer, setPhotographer] = useState(image.credit.photographer);
  const [agency, setAgency] = useState(image.credit.agency);
  const [provider, setProvider] = useState(image.credit.provider);
  const [form, setForm] = useState(image.credit.form);
  const [label, setLabel] = useState(image.credit.label);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const altId = useId();
  const capId = useId();
  const save = async () => {
    setError(null);
    setSaved(false);
    try {
      must(
        await api.PATCH('/v1/admin/images/{id}', { params: { path: { id: image.id } }, body: { altText: alt.trim() || null, caption: caption.trim() || null, focalPoint: focal } }),
      );
      const next = must(
        await api.PUT('/v1/admin/images/{id}/credit', {
          params: { path: { id: image.id } },
          body: { photographerId: photographer?.id ?? null, agencyId: agency?.id ?? null, providerId: provider?.id ?? null, form, label },
        }),
      );
      qc.setQueryData(imageKeys.detail(image.id), next);
      setSaved(true);
    } catch (e) {
      setError(e as ApiError);
    }
  };
  const pick = (e: MouseEvent<HTMLButtonElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    setFocal({ x: Math.min(1, Math.max(0, (e.clientX - r.left) / r.width)), y: Math.min(1, Math.max(0, (e.clientY - r.top) / r.height)) });
  };
  const nudge = (e: KeyboardEvent) => {
    const d = { ArrowLeft: [-0.05, 0], ArrowRight: [0.05, 0], ArrowUp: [0, -0.05], ArrowDown: [0, 0.05] }[e.key];
    if (!d) return;
    e.preventDefault();
    setFocal((f) => ({ x: Math.min(1, Math.max(0, f.x + d[0]!)), y: Math.min(1, Math.max(0, f.y + d[1]!)) }));
  };
  const altProblem = problems.includes('IMAGE_ALT_TEXT_MISSING');
  const creditProblem = problems.includes('IMAGE_CREDIT_MISSING');
  return (
    <div className="image-details">
      <button
        type="button"
        className="focal"
        onClick={pick}
        onKeyDown={nudge}
        aria-label={`Focal point ${Math.round(focal.x * 100)} % from the left, ${Math.round(focal.y * 100)} % from the top: click the image or use the arrow keys`}
      >
        <img src={image.url} alt="" />
        <span className="focal-dot" style={{ left: `${focal.x * 100}%`, top: `${focal.y * 100}%` }} aria-hidden="true" />
      </button>
      <div className={`field${altProblem ? ' field-error' : ''}`}>
        <label htmlFor={altId}>Alt text</label>
        <input id={altId} value={alt} onChange={(e) => setAlt(e.target.value)} aria-describedby={altProblem ? `${altId}-e` : undefined} />
        {altProblem && (
          <p className="error" id={`${altId}-e`} role="alert">
            The publish gate needs alt text on the top image (IMAGE_ALT_TEXT_MISSING).
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={capId}>Default caption</label>
        <textarea id={capId} rows={2} value={caption} onChange={(e) => setCaption(e.target.value)} />
      </div>
      <fieldset className={`credit${creditProblem ? ' field-error' : ''}`}>
        <legend>Credit</legend>
        <PartyPicker kind="person" label="Photographer" value={photographer} onChange={(p) => setPhotographer(p ? { ...p, kind: 'person', url: null } : null)} />
        <PartyPicker kind="agency" label="Agency" value={agency} onChange={(p) => setAgency(p ? { ...p, kind: 'agency', url: null } : null)} />
        <PartyPicker kind="provider" label="Provider" value={provider} onChange={(p) => setProvider(p ? { ...p, kind: 'provider', url: null } : null)} />
        <label>
          Form{' '}
          <select value={form} onChange={(e) => setForm(e.target.value as typeof form)}>
            <option value="standard">photographer - agency / provider</option>
            <option value="via">photographer via provider</option>
          </select>
        </label>
        <label>
          Label{' '}
          <select value={label} onChange={(e) => setLabel(e.target.value as typeof label)}>
            <option value="image">Top image credit</option>
            <option value="photo">Top photo credit</option>
          </select>
        </label>
        {creditProblem && (
          <p className="error" role="alert">
            The publish gate needs a credit on the top image (IMAGE_CREDIT_MISSING).
          </p>
        )}
      </fieldset>
      <p className="credit-line" data-testid="credit-line">
        {image.creditLine ?? 'No credit line yet.'}
      </p>
      <button type="button" onClick={() => void save()}>
        Save image details
      </button>
      {saved && <span role="status"> Saved.</span>}
      {error && (
        <p className="error" role="alert">
          {messageOf(error)}
        </p>
      )}
    </div>
  );
}
