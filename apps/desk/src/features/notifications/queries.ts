import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Schemas } from '../../api/client';
import { must } from '../../api/errors';

export type Notification = Schemas['NotificationResponse'];
export type Kind = Notification['kind'];
export type Delivery = Schemas['KindPreferenceDto']['delivery'];

export const notificationKeys = {
  all: ['notifications'] as const,
  unread: () => [...notificationKeys.all, 'unread'] as const,
  inbox: (unreadOnly: boolean) => [...notificationKeys.all, 'inbox', unreadOnly] as const,
  preferences: () => [...notificationKeys.all, 'preferences'] as const,
};

/** The header's badge: polled every 30 s while the desk is open (and refreshed by every change here). */
export const useUnreadCount = () =>
  useQuery({
    queryKey: notificationKeys.unread(),
    queryFn: async ({ signal }) => must(await api.GET('/v1/admin/notifications/unread-count', { signal })).unread,
    refetchInterval: 30_000,
    staleTime: 10_000,
  });

export function useInbox(unreadOnly: boolean, limit = 20) {
  return useInfiniteQuery({
    queryKey: notificationKeys.inbox(unreadOnly),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) =>
      must(await api.GET('/v1/admin/notifications', { params: { query: { unread: unreadOnly || undefined, limit, cursor: pageParam } }, signal })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => must(await api.POST('/v1/admin/notifications/{id}/read', { params: { path: { id } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => must(await api.POST('/v1/admin/notifications/read-all')).marked,
    onSettled: () => qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export const usePreferences = () => useQuery({ queryKey: notificationKeys.preferences(), queryFn: async () => must(await api.GET('/v1/admin/notifications/preferences')) });

export function useSavePreferences() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: Schemas['UpdatePreferencesRequest']) => must(await api.PUT('/v1/admin/notifications/preferences', { body })),
    onSuccess: (data) => qc.setQueryData(notificationKeys.preferences(), data),
  });
}

/** What each kind is, in the words of the preferences screen. */
export const KIND_LABELS: Record<Kind, string> = {
  review_requested: 'A piece is submitted for review',
  changes_requested: 'Changes are requested on my piece',
  piece_approved: 'My piece is approved',
  piece_scheduled: 'My piece is scheduled',
  piece_published: 'My piece is published',
  piece_unpublished: 'My piece is taken down',
  schedule_failed: 'A scheduled publish or take-down failed',
  teaser_alert: 'A related story left a piece (teaser alert)',
  licence_lapsing: 'Image licences lapsing soon',
  piece_overdue: 'Pieces overdue in the workflow',
  mentioned: 'I am mentioned in a review comment',
};

/** Kinds only editors and admins receive (the API's audience rule): not offered to contributors. */
export const EDITOR_KINDS: readonly Kind[] = ['review_requested', 'schedule_failed', 'licence_lapsing', 'piece_overdue'];

export const DELIVERY_LABELS: Record<Delivery, string> = {
  inbox: 'Inbox only',
  mail: 'Mail immediately',
  digest: 'Daily digest',
  off: 'Off',
};
