import { useState, type MouseEvent } from 'react';
import { Link, navigate } from '../../router';
import { formatShort } from '../../time';
import { ErrorBanner } from '../../ui/Field';
import { useInbox, useMarkAllRead, useMarkRead, useUnreadCount, type Notification } from './queries';

function Item({ n }: { n: Notification }) {
  const markRead = useMarkRead();
  const unread = n.readAt === null;
  // opening it reads it: marked first (not awaited), then into the desk
  const open = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    if (unread) markRead.mutate(n.id);
    navigate(n.link);
  };
  return (
    <li className={`notification${unread ? ' unread' : ''}`} data-testid="notification">
      <div className="notification-head">
        {unread && <span className="unread-mark">Unread</span>}
        <a href={n.link} onClick={open} className="notification-title">
          {n.title}
        </a>
        <time dateTime={n.createdAt} className="muted">
          {formatShort(n.createdAt)}
        </time>
      </div>
      {n.body && <p className="notification-body">{n.body}</p>}
      {unread && (
        <button type="button" onClick={() => markRead.mutate(n.id)} disabled={markRead.isPending} aria-label={`Mark read: ${n.title}`}>
          Mark read
        </button>
      )}
      <ErrorBanner error={markRead.error} />
    </li>
  );
}

export default function Inbox() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const inbox = useInbox(unreadOnly);
  const unread = useUnreadCount();
  const markAll = useMarkAllRead();
  const items = inbox.data?.pages.flatMap((p) => p.items) ?? [];
  const count = unread.data ?? inbox.data?.pages[0]?.unreadCount ?? 0;
  return (
    <section>
      <div className="editor-head">
        <h1>Notifications</h1>
        <p className="muted" data-testid="unread-count">
          {count} unread
        </p>
        <span className="article-nav">
          <Link to="/desk/notifications/preferences">Notification preferences</Link>
        </span>
      </div>
      <div className="actions">
        <button type="button" onClick={() => markAll.mutate()} disabled={markAll.isPending || count === 0}>
          Mark all read
        </button>
        <label className="check">
          <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} /> Unread only
        </label>
      </div>
      <ErrorBanner error={inbox.error ?? markAll.error} />
      {inbox.isLoading ? <p role="status">Loading…</p> : !items.length ? <p className="muted">{unreadOnly ? 'Nothing unread.' : 'No notifications yet.'}</p> : null}
      <ul className="notifications" aria-label="Notifications" aria-busy={inbox.isFetching}>
        {items.map((n) => (
          <Item key={n.id} n={n} />
        ))}
      </ul>
      {inbox.hasNextPage && (
        <button type="button" onClick={() => void inbox.fetchNextPage()} disabled={inbox.isFetchingNextPage}>
          {inbox.isFetchingNextPage ? 'Loading…' : 'More notifications'}
        </button>
      )}
    </section>
  );
}
