import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api, type Image } from '../../api/client';
import { ApiError, messageOf, must } from '../../api/errors';
import { formatWithUtc, fromZonedInput, NEWSROOM_TZ, toZonedInput } from '../../time';
import { imageKeys } from './queries';

/** Words for what the licence means at publish time (the publish gate reads the same fields). */
export function licenceState(l: Image['license'], now = Date.now()): string {
  if (!l.mayDistribute) return 'The licence forbids publishing this image: the publish gate refuses it as a top image.';
  if (l.expiresAt && Date.parse(l.expiresAt) <= now) return `The licence expired on ${formatWithUtc(l.expiresAt)}.`;
  if (l.expiresAt) return `The licence runs until ${formatWithUtc(l.expiresAt)}.`;
  return l.licensor ? 'The licence has no expiry.' : 'No licence is recorded.';
}

/** The image's licence: licensor, terms, syndication, whether it may be published, expiry (editors: images.manage). */
export function LicenceEditor({ image }: { image: Image }) {
  const qc = useQueryClient();
  const l = image.license;
  const [licensor, setLicensor] = useState(l.licensor ?? '');
  const [terms, setTerms] = useState(l.terms ?? '');
  const [canSyndicate, setCanSyndicate] = useState(l.canSyndicate);
  const [mayDistribute, setMayDistribute] = useState(l.mayDistribute);
  const [expires, setExpires] = useState(toZonedInput(l.expiresAt));
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [saved, setSaved] = useState(false);
  const id = useId();
  const expiryError = error instanceof ApiError && error.about('expiresAt').length > 0;
  const save = async () => {
    setError(null);
    setSaved(false);
    const expiresAt = expires ? fromZonedInput(expires) : null;
    if (expires && !expiresAt) return setError(new Error('The expiry is not a date and time.'));
    try {
      const next = must(
        await api.PUT('/v1/admin/images/{id}/license', {
          params: { path: { id: image.id } },
          body: { licensor: licensor.trim() || null, terms: terms.trim() || null, canSyndicate, mayDistribute, expiresAt },
        }),
      );
      qc.setQueryData(imageKeys.detail(image.id), next);
      await qc.invalidateQueries({ queryKey: imageKeys.all });
      setSaved(true);
    } catch (e) {
      setError(e as ApiError);
    }
  };
  return (
    <fieldset className="licence" aria-describedby={`${id}-state`}>
      <legend>Licence</legend>
      <p id={`${id}-state`} data-testid="licence-state">
        {licenceState(l)}
      </p>
      <div className="field">
        <label htmlFor={`${id}-licensor`}>Licensor</label>
        <input id={`${id}-licensor`} value={licensor} onChange={(e) => setLicensor(e.target.value)} maxLength={300} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-terms`}>Terms</label>
        <textarea id={`${id}-terms`} rows={2} value={terms} onChange={(e) => setTerms(e.target.value)} maxLength={2000} />
      </div>
      <div className={`field${expiryError ? ' field-error' : ''}`}>
        <label htmlFor={`${id}-expires`}>Expires ({NEWSROOM_TZ})</label>
        <input id={`${id}-expires`} type="datetime-local" value={expires} onChange={(e) => setExpires(e.target.value)} aria-describedby={`${id}-expires-utc`} />
        <small id={`${id}-expires-utc`}>{expires && fromZonedInput(expires) ? formatWithUtc(fromZonedInput(expires)) : 'No expiry.'}</small>
      </div>
      <label>
        <input type="checkbox" checked={mayDistribute} onChange={(e) => setMayDistribute(e.target.checked)} /> May be published
      </label>{' '}
      <label>
        <input type="checkbox" checked={canSyndicate} onChange={(e) => setCanSyndicate(e.target.checked)} /> Partners may republish it
      </label>
      <div className="actions">
        <button type="button" onClick={() => void save()}>
          Save the licence
        </button>
        {saved && <span role="status"> Licence saved.</span>}
      </div>
      {error && (
        <p className="error" role="alert">
          {messageOf(error)}
        </p>
      )}
    </fieldset>
  );
}
