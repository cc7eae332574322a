import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { must } from '../../api/errors';

export const imageKeys = {
  all: ['images'] as const,
  lists: () => [...imageKeys.all, 'list'] as const,
  list: (q = '') => [...imageKeys.lists(), q] as const,
  detail: (id: string) => [...imageKeys.all, 'detail', id] as const,
  parties: (kind: string, q: string) => ['credit-parties', kind, q] as const,
};

export const useImage = (id: string | null) =>
  useQuery({
    queryKey: imageKeys.detail(id ?? ''),
    enabled: Boolean(id),
    queryFn: async () => must(await api.GET('/v1/admin/images/{id}', { params: { path: { id: id! } } })),
  });

export const useImageList = (q = '') =>
  useInfiniteQuery({
    queryKey: imageKeys.list(q),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => must(await api.GET('/v1/admin/images', { params: { query: { limit: 24, cursor: pageParam, q: q || undefined } }, signal })),
    placeholderData: keepPreviousData,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const useCreditParties = (kind: 'person' | 'agency' | 'provider', q: string) =>
  useQuery({
    queryKey: imageKeys.parties(kind, q),
    queryFn: async () => must(await api.GET('/v1/admin/credit-parties', { params: { query: { kind, q: q || undefined, limit: 10 } } })),
    placeholderData: keepPreviousData,
  });
