import { useEffect, useRef, useState } from 'react';
import { Link } from '../../router';
import { useUnreadCount } from './queries';

/**
 * The header's way into the inbox: a link (keyboard reachable like every other), whose name
 * carries the unread count, and a polite live region that says so when the count goes up.
 */
export function NotificationBell({ current }: { current: boolean }) {
  const unread = useUnreadCount();
  const n = unread.data ?? 0;
  const seen = useRef<number | null>(null);
  const [said, setSaid] = useState('');
  useEffect(() => {
    if (unread.data === undefined) return;
    if (seen.current !== null && unread.data > seen.current) setSaid(`${unread.data} unread notification${unread.data === 1 ? '' : 's'}`);
    seen.current = unread.data;
  }, [unread.data]);
  const name = n ? `Notifications, ${n} unread` : 'Notifications, none unread';
  return (
    <>
      <Link to="/desk/notifications" aria-current={current ? 'page' : undefined} aria-label={name} className="bell" data-testid="notification-bell">
        Notifications
        {n > 0 && (
          <span className="badge" aria-hidden="true" data-testid="unread-badge">
            {n > 99 ? '99+' : n}
          </span>
        )}
      </Link>
      <span className="sr-only" role="status" aria-live="polite">
        {said}
      </span>
    </>
  );
}
