import { useId, type ReactNode } from 'react';
import type { ApiError } from '../api/errors';

/** A labelled control with its hint and the API's words about it (code included). */
export function Field(props: { label: string; hint?: string; errors?: string[]; children: (id: string, describedBy: string | undefined) => ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errId = `${id}-err`;
  const describedBy = [props.hint ? hintId : '', props.errors?.length ? errId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${props.errors?.length ? ' field-error' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.children(id, describedBy)}
      {props.hint && (
        <p className="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {props.errors?.length ? (
        <p className="error" id={errId} role="alert">
          {props.errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}

/** The words for one field from an API error: its details naming the field, with the code. */
export function errorsFor(error: ApiError | null | undefined, ...fields: string[]): string[] {
  if (!error) return [];
  return error.details.filter((d) => d.field && fields.includes(d.field)).map((d) => `${d.message}${d.code ? ` (${d.code})` : ` (${error.code})`}`);
}

export function ErrorBanner({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error as { message?: string; code?: string };
  return (
    <div className="banner banner-error" role="alert">
      {e.message ?? (typeof error === 'string' ? error : 'Something went wrong.')}
      {e.code ? <code> {e.code}</code> : null}
    </div>
  );
}
