import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api } from '../../api/client';
import { ApiError, messageOf, must } from '../../api/errors';
import { taxonomyKeys, useContributor, useContributors, useMe, useTag, useTags } from './queries';

function TagChip({ id, onRemove }: { id: string; onRemove: () => void }) {
  const tag = useTag(id);
  const name = tag.data?.name ?? '…';
  return (
    <li className="chip">
      {name}
      <button type="button" aria-label={`Remove tag ${name}`} onClick={onRemove}>
        ×
      </button>
    </li>
  );
}

/** Tags: typeahead over the api's tags, create one inline. */
export function TagPicker({ value, onChange, errors }: { value: string[]; onChange: (ids: string[]) => void; errors?: string[] }) {
  const id = useId();
  const qc = useQueryClient();
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<'person' | 'place' | 'organization' | 'topic'>('person');
  const [error, setError] = useState<string | null>(null);
  const found = useTags(q.trim());
  // creating a tag needs taxonomy.manage (editors): a contributor is not offered it
  const role = useMe().data?.role;
  const canCreate = role === 'editor' || role === 'admin';
  const options = (found.data ?? []).filter((t) => !value.includes(t.id));
  const create = async () => {
    try {
      const t = must(await api.POST('/v1/admin/tags', { body: { name: q.trim(), kind } }));
      qc.setQueryData(taxonomyKeys.tag(t.id), t);
      await qc.invalidateQueries({ queryKey: ['tags'] });
      onChange([...value, t.id]);
      setQ('');
      setError(null);
    } catch (e) {
      setError(messageOf(e as ApiError));
    }
  };
  return (
    <fieldset className="field picker">
      <legend>Tags</legend>
      <ul className="chips" aria-label="Chosen tags">
        {value.map((t) => (
          <TagChip key={t} id={t} onRemove={() => onChange(value.filter((x) => x !== t))} />
        ))}
      </ul>
      <label htmlFor={id}>Find or create a tag</label>
      <input id={id} value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
      {q.trim() && (
        <ul className="suggestions" aria-label="Matching tags">
          {options.slice(0, 8).map((t) => (
            <li key={t.id}>
              <button type="button" onClick={() => (onChange([...value, t.id]), setQ(''))}>
                Add {t.name} <small>({t.kind})</small>
              </button>
            </li>
          ))}
          {canCreate && !options.some((t) => t.name.toLowerCase() === q.trim().toLowerCase()) && (
            <li>
              <select aria-label="Kind of the new tag" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
                <option value="person">person</option>
                <option value="place">place</option>
                <option value="organization">organization</option>
                <option value="topic">topic</option>
              </select>
              <button type="button" onClick={() => void create()}>
                Create tag “{q.trim()}”
              </button>
            </li>
          )}
        </ul>
      )}
      {error || errors?.length ? (
        <p className="error" role="alert">
          {[error, ...(errors ?? [])].filter(Boolean).join(' ')}
        </p>
      ) : null}
    </fieldset>
  );
}

function BylineItem(props: {
  id: string;
  index: number;
  count: number;
  move: (from: number, to: number) => void;
  remove: () => void;
  onDragStart: () => void;
  onDrop: () => void;
}) {
  const c = useContributor(props.id);
  const name = c.data?.name ?? '…';
  return (
    <li
      className="byline"
      draggable
      onDragStart={props.onDragStart}
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        props.onDrop();
      }}
    >
      <span aria-hidden="true" className="grip">
        ⋮⋮
      </span>
      {name}
      <button type="button" aria-label={`Move ${name} up`} disabled={props.index === 0} onClick={() => props.move(props.index, props.index - 1)}>
        ↑
      </button>
      <button type="button" aria-label={`Move ${name} down`} disabled={props.index === props.count - 1} onClick={() => props.move(props.index, props.index + 1)}>
        ↓
      </button>
      <button type="button" aria-label={`Remove ${name}`} onClick={props.remove}>
        ×
      </button>
    </li>
  );
}

/** Ordered bylines: drag to reorder (or the arrow buttons, by keyboard). */
export function BylinePicker({ value, onChange, errors }: { value: string[]; onChange: (ids: string[]) => void; errors?: string[] }) {
  const id = useId();
  const [q, setQ] = useState('');
  const [dragging, setDragging] = useState<number | null>(null);
  const found = useContributors(q.trim());
  const move = (from: number, to: number) => {
    if (to < 0 || to >= value.length) return;
    const next = [...value];
    const [x] = next.splice(from, 1);
    next.splice(to, 0, x!);
    onChange(next);
  };
  return (
    <fieldset className={`field picker${errors?.length ? ' field-error' : ''}`}>
      <legend>Bylines</legend>
      <ol className="bylines" aria-label="Bylines in order">
        {value.map((c, i) => (
          <BylineItem
            key={c}
            id={c}
            index={i}
            count={value.length}
            move={move}
            remove={() => onChange(value.filter((x) => x !== c))}
            onDragStart={() => setDragging(i)}
            onDrop={() => dragging !== null && move(dragging, i)}
          />
        ))}
      </ol>
      <label htmlFor={id}>Add a contributor</label>
      <input id={id} value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
      {q.trim() && (
        <ul className="suggestions" aria-label="Matching contributors">
          {(found.data ?? [])
            .filter((c) => !value.includes(c.id))
            .slice(0, 8)
            .map((c) => (
              <li key={c.id}>
                <button type="button" onClick={() => (onChange([...value, c.id]), setQ(''))}>
                  Add {c.name}
                </button>
              </li>
            ))}
        </ul>
      )}
      {errors?.length ? (
        <p className="error" role="alert">
          {errors.join(' ')}
        </p>
      ) : null}
    </fieldset>
  );
}
