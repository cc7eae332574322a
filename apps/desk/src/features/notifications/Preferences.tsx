import { useState, type FormEvent } from 'react';
import { Link } from '../../router';
import { ErrorBanner, errorsFor, Field } from '../../ui/Field';
import { ApiError } from '../../api/errors';
import { useMe } from '../articles/queries';
import { DELIVERY_LABELS, EDITOR_KINDS, KIND_LABELS, usePreferences, useSavePreferences, type Delivery, type Kind } from './queries';

const DELIVERIES: Delivery[] = ['inbox', 'mail', 'digest', 'off'];

/** Per kind: inbox only, mail at once, the daily digest, or off; and the digest's time zone. */
export default function Preferences() {
  const prefs = usePreferences();
  const me = useMe();
  const save = useSavePreferences();
  const [choice, setChoice] = useState<Partial<Record<Kind, Delivery>>>({});
  const [timeZone, setTimeZone] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  if (prefs.isLoading) return <p role="status">Loading…</p>;
  if (!prefs.data) return <ErrorBanner error={prefs.error} />;
  const data = prefs.data;
  const current = (k: Kind) => choice[k] ?? (data.kinds.find((x) => x.kind === k)?.delivery as Delivery);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const kinds = data.kinds
      .filter((k) => choice[k.kind as Kind] && choice[k.kind as Kind] !== k.delivery)
      .map((k) => ({ kind: k.kind as Kind, delivery: choice[k.kind as Kind]! }));
    const body: { kinds: typeof kinds; timeZone?: string | null } = { kinds };
    if (timeZone !== null) body.timeZone = timeZone.trim() || null;
    await save.mutateAsync(body).then(
      () => {
        setChoice({});
        setTimeZone(null);
        setSaved(true);
      },
      () => undefined,
    );
  };
  const error = save.error instanceof ApiError ? save.error : null;
  return (
    <section>
      <div className="editor-head">
        <h1>Notification preferences</h1>
        <span className="article-nav">
          <Link to="/desk/notifications">Back to notifications</Link>
        </span>
      </div>
      <p className="hint">Everything but “Off” shows in your inbox; “Mail immediately” also mails each one, “Daily digest” mails them once a day.</p>
      <form onSubmit={(e) => void submit(e)} aria-label="Notification preferences">
        <div className="prefs">
          {data.kinds
            // a contributor is never told of what only editors get
            .filter((k) => me.data?.role !== 'contributor' || !EDITOR_KINDS.includes(k.kind as Kind))
            .map((k) => {
              const kind = k.kind as Kind;
              return (
                <fieldset key={kind} className="pref" data-testid={`pref-${kind}`}>
                  <legend>
                    {KIND_LABELS[kind] ?? kind}
                    {k.isDefault && !choice[kind] ? <small className="muted"> (default for your role)</small> : null}
                  </legend>
                  {DELIVERIES.map((d) => (
                    <label key={d} className="check">
                      <input
                        type="radio"
                        name={`pref-${kind}`}
                        value={d}
                        checked={current(kind) === d}
                        onChange={() => {
                          setSaved(false);
                          setChoice((c) => ({ ...c, [kind]: d }));
                        }}
                      />{' '}
                      {DELIVERY_LABELS[d]}
                    </label>
                  ))}
                </fieldset>
              );
            })}
        </div>
        <Field
          label="Digest time zone"
          hint={`The daily digest is made in ${data.effectiveTimeZone}. Leave empty for the newsroom’s default.`}
          errors={errorsFor(error, 'timeZone')}
        >
          {(id, describedBy) => (
            <input
              id={id}
              aria-describedby={describedBy}
              value={timeZone ?? data.timeZone ?? ''}
              onChange={(e) => {
                setSaved(false);
                setTimeZone(e.target.value);
              }}
              placeholder="Europe/Berlin"
            />
          )}
        </Field>
        <ErrorBanner error={save.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save preferences'}
          </button>
          <span role="status" data-testid="prefs-state">
            {saved ? 'Preferences saved.' : ''}
          </span>
        </div>
      </form>
    </section>
  );
}
