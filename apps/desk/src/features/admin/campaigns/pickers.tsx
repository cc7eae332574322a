import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api } from '../../../api/client';
import { must } from '../../../api/errors';
import { taxonomyKeys, useArticleTypes, useSections, useTags } from '../../articles/queries';

export type Dimension = 'Section' | 'Tag' | 'Type' | 'Article';
export interface Option {
  id: string;
  name: string;
  note?: string;
}

const articleKeys = {
  search: (q: string, status: string) => ['admin', 'campaigns', 'article-search', q, status] as const,
  one: (id: string) => ['admin', 'campaigns', 'article', id] as const,
};

/** Articles by words in the headline, dek or body (published ones only when `published`). */
export const useArticleSearch = (q: string, published = false) =>
  useQuery({
    queryKey: articleKeys.search(q, published ? 'published' : ''),
    enabled: q.length > 0,
    queryFn: async ({ signal }) => must(await api.GET('/v1/admin/articles', { params: { query: { q, limit: 10, status: published ? 'published' : undefined } }, signal })).items,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

export const useArticleHeadline = (id: string) =>
  useQuery({
    queryKey: articleKeys.one(id),
    enabled: id !== '',
    queryFn: async () => must(await api.GET('/v1/admin/articles/{id}', { params: { path: { id } } })).headline,
    staleTime: 300_000,
  });

/** The options a dimension offers for the typed words, and a name for a chosen id. */
function useOptions(dimension: Dimension, q: string): Option[] {
  const sections = useSections();
  const types = useArticleTypes();
  const tags = useTags(dimension === 'Tag' ? q : '');
  const articles = useArticleSearch(dimension === 'Article' ? q : '');
  const needle = q.toLowerCase();
  if (dimension === 'Section') return (sections.data ?? []).filter((s) => s.name.toLowerCase().includes(needle)).map((s) => ({ id: s.id, name: s.name }));
  if (dimension === 'Type') return (types.data ?? []).filter((s) => s.name.toLowerCase().includes(needle)).map((s) => ({ id: s.id, name: s.name }));
  if (dimension === 'Tag') return (tags.data ?? []).map((t) => ({ id: t.id, name: t.name, note: t.kind }));
  return (articles.data ?? []).map((a) => ({ id: a.id, name: a.headline, note: a.status.replace('_', ' ') }));
}

function useName(dimension: Dimension, id: string): string {
  const sections = useSections();
  const types = useArticleTypes();
  const tag = useQuery({ ...useTagQuery(id), enabled: dimension === 'Tag' });
  const article = useQuery({
    queryKey: articleKeys.one(id),
    enabled: dimension === 'Article',
    queryFn: async () => must(await api.GET('/v1/admin/articles/{id}', { params: { path: { id } } })).headline,
    staleTime: 300_000,
  });
  const found =
    dimension === 'Section'
      ? sections.data?.find((s) => s.id === id)?.name
      : dimension === 'Type'
        ? types.data?.find((s) => s.id === id)?.name
        : dimension === 'Tag'
          ? tag.data?.name
          : article.data;
  return found ?? (tag.error || article.error ? `unknown ${dimension.toLowerCase()} ${id}` : '…');
}

// the articles' useTag, but only asked for tag ids (a section id would be a 404)
const useTagQuery = (id: string) => ({
  queryKey: taxonomyKeys.tag(id),
  queryFn: async () => must(await api.GET('/v1/admin/tags/{id}', { params: { path: { id } } })),
  staleTime: 300_000,
});

function Chip({ dimension, id, verb, onRemove }: { dimension: Dimension; id: string; verb: string; onRemove: () => void }) {
  const name = useName(dimension, id);
  return (
    <li className="chip">
      {name}
      <button type="button" aria-label={`Remove ${name} from ${verb} ${dimension.toLowerCase()}s`} onClick={onRemove}>
        ×
      </button>
    </li>
  );
}

/**
 * Chosen ids of one dimension (sections, tags, types or articles) with a typeahead to add more.
 * `verb` ("Include" / "Exclude") names the list for people using screen readers.
 */
export function IdPicker(props: { dimension: Dimension; verb: 'Include' | 'Exclude'; value: string[]; onChange: (ids: string[]) => void; errors?: string[] }) {
  const id = useId();
  const [q, setQ] = useState('');
  const options = useOptions(props.dimension, q.trim()).filter((o) => !props.value.includes(o.id));
  const plural = `${props.dimension.toLowerCase()}s`;
  const add = (o: Option) => {
    props.onChange([...props.value, o.id]);
    setQ('');
  };
  return (
    <fieldset className={`field picker${props.errors?.length ? ' field-error' : ''}`}>
      <legend>
        {props.verb} {plural}
      </legend>
      {props.value.length ? (
        <ul className="chips" aria-label={`${props.verb}d ${plural}`}>
          {props.value.map((v) => (
            <Chip key={v} dimension={props.dimension} id={v} verb={props.verb.toLowerCase() + 'd'} onRemove={() => props.onChange(props.value.filter((x) => x !== v))} />
          ))}
        </ul>
      ) : (
        <p className="muted">{props.verb === 'Include' ? `Any ${props.dimension.toLowerCase()}.` : 'None.'}</p>
      )}
      <label htmlFor={id}>
        Find {props.dimension === 'Article' ? 'an' : 'a'} {props.dimension.toLowerCase()} to {props.verb.toLowerCase()}
      </label>
      <input
        id={id}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        autoComplete="off"
        onKeyDown={(e) => {
          // Enter adds the first match (and never submits the campaign form)
          if (e.key === 'Enter') {
            e.preventDefault();
            if (options[0]) add(options[0]);
          }
        }}
      />
      {q.trim() && (
        <ul className="suggestions" aria-label={`${props.dimension}s matching “${q.trim()}”`}>
          {options.slice(0, 8).map((o) => (
            <li key={o.id}>
              <button type="button" onClick={() => add(o)}>
                {props.verb} {o.name} {o.note ? <small>({o.note})</small> : null}
              </button>
            </li>
          ))}
          {!options.length && <li className="muted">No {props.dimension.toLowerCase()} matches.</li>}
        </ul>
      )}
      {props.errors?.length ? (
        <p className="error" role="alert">
          {props.errors.join(' ')}
        </p>
      ) : null}
    </fieldset>
  );
}
