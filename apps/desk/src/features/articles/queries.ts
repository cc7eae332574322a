import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { must } from '../../api/errors';
import { fromZonedInput } from '../../time';

export interface ListFilters {
  status?: string;
  sectionId?: string;
  typeId?: string;
  tagId?: string;
  contributorId?: string;
  mine?: 'true';
  q?: string;
  /** Which date `from` / `until` bound (the API's dateField; default updated). */
  dateField?: 'updated' | 'created' | 'published' | 'scheduled';
  /** Days (YYYY-MM-DD) in the newsroom's time zone; `until` is inclusive. */
  from?: string;
  until?: string;
}

const nextDay = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/** The list's filters as the API takes them: days become instants at the newsroom's midnight. */
export function apiListQuery(f: ListFilters) {
  const { from, until, dateField, ...rest } = f;
  const start = from ? fromZonedInput(`${from}T00:00`) : null;
  const end = until ? fromZonedInput(`${nextDay(until)}T00:00`) : null;
  return { ...rest, ...(start || end ? { dateField } : {}), ...(start ? { from: start } : {}), ...(end ? { to: end } : {}) };
}

/** Query keys: one factory, never inline (a mutation names what it makes stale). */
export const articleKeys = {
  all: ['articles'] as const,
  lists: () => [...articleKeys.all, 'list'] as const,
  list: (f: ListFilters, limit = 25) => [...articleKeys.lists(), f, limit] as const,
  detail: (id: string) => [...articleKeys.all, 'detail', id] as const,
  actions: (id: string) => [...articleKeys.all, 'actions', id] as const,
  transitions: (id: string) => [...articleKeys.all, 'transitions', id] as const,
  revisions: (id: string) => [...articleKeys.all, 'revisions', id] as const,
};
export const taxonomyKeys = {
  sections: ['sections'] as const,
  types: ['article-types'] as const,
  tags: (q: string) => ['tags', q] as const,
  tag: (id: string) => ['tag', id] as const,
  contributors: (q: string) => ['contributors', q] as const,
  contributor: (id: string) => ['contributor', id] as const,
};
export const meKey = ['me'] as const;

export const useMe = () => useQuery({ queryKey: meKey, queryFn: async () => must(await api.GET('/v1/auth/me')), staleTime: 60_000 });

export function useArticleList(filters: ListFilters, limit = 25) {
  return useInfiniteQuery({
    queryKey: articleKeys.list(filters, limit),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => must(await api.GET('/v1/admin/articles', { params: { query: { ...apiListQuery(filters), limit, cursor: pageParam } }, signal })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export const useSections = () => useQuery({ queryKey: taxonomyKeys.sections, queryFn: async () => must(await api.GET('/v1/admin/sections')), staleTime: 300_000 });
export const useArticleTypes = () => useQuery({ queryKey: taxonomyKeys.types, queryFn: async () => must(await api.GET('/v1/admin/article-types')), staleTime: 300_000 });
export const useTags = (q: string) =>
  useQuery({
    queryKey: taxonomyKeys.tags(q),
    queryFn: async ({ signal }) => must(await api.GET('/v1/admin/tags', { params: { query: { q: q || undefined, limit: 20 } }, signal })).items,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
export const useTag = (id: string) =>
  useQuery({ queryKey: taxonomyKeys.tag(id), queryFn: async () => must(await api.GET('/v1/admin/tags/{id}', { params: { path: { id } } })), staleTime: 300_000 });
export const useContributors = (q: string) =>
  useQuery({
    queryKey: taxonomyKeys.contributors(q),
    queryFn: async ({ signal }) => must(await api.GET('/v1/admin/contributors', { params: { query: { q: q || undefined, limit: 20 } }, signal })).items,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
export const useContributor = (id: string) =>
  useQuery({
    queryKey: taxonomyKeys.contributor(id),
    queryFn: async () => must(await api.GET('/v1/admin/contributors/{id}', { params: { path: { id } } })),
    staleTime: 300_000,
  });

export const STATUSES = ['draft', 'in_review', 'approved', 'scheduled', 'published', 'unpublished', 'archived'] as const;
export const statusLabel = (s: string) => s.replace('_', ' ');
