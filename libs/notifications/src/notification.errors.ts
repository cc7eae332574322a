import { DomainError } from '#libs/kernel';

export const NotificationErrorCode = {
  NotFound: 'NOTIFICATION_NOT_FOUND',
  KindUnknown: 'NOTIFICATION_KIND_UNKNOWN',
  TimeZoneInvalid: 'NOTIFICATION_TIME_ZONE_INVALID',
  UnsubscribeTokenInvalid: 'NOTIFICATION_UNSUBSCRIBE_TOKEN_INVALID',
} as const;

export const notificationErrors = {
  notFound: () => new DomainError('not_found', NotificationErrorCode.NotFound, 'No such notification.'),
  kindUnknown: (kind: string) =>
    new DomainError('validation', NotificationErrorCode.KindUnknown, `Unknown notification kind: ${kind}.`, [
      { field: 'kinds', code: NotificationErrorCode.KindUnknown, message: `unknown kind ${kind}` },
    ]),
  timeZoneInvalid: () =>
    new DomainError('validation', NotificationErrorCode.TimeZoneInvalid, 'The time zone is not an IANA time zone.', [
      { field: 'timeZone', code: NotificationErrorCode.TimeZoneInvalid, message: 'expected e.g. Europe/Berlin' },
    ]),
  unsubscribeTokenInvalid: () => new DomainError('not_found', NotificationErrorCode.UnsubscribeTokenInvalid, 'This unsubscribe link is not valid.'),
};
