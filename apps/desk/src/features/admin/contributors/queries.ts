import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, type Schemas } from '../../../api/client';
import { must } from '../../../api/errors';

export type Contributor = Schemas['ContributorAdminResponse'];
export type SocialLink = Contributor['socialLinks'][number];
export type Network = SocialLink['network'];

export const NETWORKS: Network[] = ['website', 'x', 'bluesky', 'mastodon', 'threads', 'linkedin', 'instagram', 'facebook', 'youtube', 'substack', 'github', 'orcid'];

/** Shares the 'contributor' keys with the article editor's pickers, so a rename shows there too. */
export const contributorKeys = {
  list: (q: string) => ['admin', 'contributors', q] as const,
  all: ['admin', 'contributors'] as const,
  detail: (id: string) => ['contributor', id] as const,
  articles: (id: string) => ['admin', 'contributor-articles', id] as const,
};

export function useContributorPages(q: string) {
  return useInfiniteQuery({
    queryKey: contributorKeys.list(q),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => must(await api.GET('/v1/admin/contributors', { params: { query: { q: q || undefined, cursor: pageParam, limit: 50 } }, signal })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export const useContributorDetail = (id: string) =>
  useQuery({ queryKey: contributorKeys.detail(id), queryFn: async () => must(await api.GET('/v1/admin/contributors/{id}', { params: { path: { id } } })) });

/** Every article crediting a profile (id and headline), all pages: what a merge would move. */
export const useArticlesOf = (id: string | null) =>
  useQuery({
    queryKey: contributorKeys.articles(id ?? ''),
    enabled: Boolean(id),
    queryFn: async ({ signal }) => {
      const out: { id: string; headline: string; status: string }[] = [];
      let cursor: string | undefined;
      do {
        const page = must(await api.GET('/v1/admin/articles', { params: { query: { contributorId: id!, limit: 100, cursor } }, signal }));
        out.push(...page.items.map((a) => ({ id: a.id, headline: a.headline, status: a.status })));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return out;
    },
  });
