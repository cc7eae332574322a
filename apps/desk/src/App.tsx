import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useSyncExternalStore } from 'react';
import { api } from './api/client';
import { AcceptInvitePage, ForgotPasswordPage, ResetPasswordPage } from './auth/AccountPages';
import { session } from './auth/session';
import { SessionExpiredDialog, SignInPage } from './auth/SignIn';
import { ArticleList } from './features/articles/ArticleList';
import { NewArticle } from './features/articles/NewArticle';
import { useMe } from './features/articles/queries';
import { AdminNav, AdminRoutes } from './features/admin/access';
import { Home } from './features/home/Home';
import { NotificationBell } from './features/notifications/Bell';
import { Link, match, navigate, useLocation } from './router';

// the editor (TipTap, ProseMirror) loads only when a piece is opened: the first screen stays small
const ArticleEditor = lazy(() => import('./features/articles/ArticleEditor'));
const Revisions = lazy(() => import('./features/articles/Revisions'));
const Preview = lazy(() => import('./features/articles/Preview'));
const ImageLibrary = lazy(() => import('./features/images/ImageLibrary'));
const ImagePage = lazy(() => import('./features/images/ImagePage'));
const Inbox = lazy(() => import('./features/notifications/Inbox'));
const NotificationPreferences = lazy(() => import('./features/notifications/Preferences'));

function useSession() {
  return useSyncExternalStore(
    (l) => session.subscribe(l),
    () => `${session.tokens?.accessToken ?? ''}|${session.expired}`,
  );
}

export function App() {
  useSession();
  const { path } = useLocation();
  if (path === '/accept-invite') return <AcceptInvitePage />;
  if (path === '/reset-password') return <ResetPasswordPage />;
  if (path === '/desk/forgot-password') return <ForgotPasswordPage />;
  if (!session.tokens) {
    if (path !== '/desk/sign-in') {
      // after signing in, come back here
      sessionStorage.setItem('desk.after-sign-in', location.pathname + location.search);
    }
    return <SignInPage />;
  }
  return <SignedIn path={path} />;
}

function SignedIn({ path }: { path: string }) {
  const me = useMe();
  const qc = useQueryClient();
  useEffect(() => {
    if (path === '/desk/sign-in') navigate(sessionStorage.getItem('desk.after-sign-in') || '/desk', true);
  }, [path]);
  const signOut = async () => {
    // (an open piece releases its edit lock first: after the logout its token no longer can)
    await Promise.all([...session.beforeSignOut].map((f) => f().catch(() => undefined)));
    await api.POST('/v1/auth/logout').catch(() => undefined);
    session.set(null);
    qc.clear();
    navigate('/desk/sign-in');
  };
  let page;
  let m: Record<string, string> | null;
  if (path === '/desk' || path === '/desk/sign-in') page = <Home />;
  else if (path === '/desk/articles') page = <ArticleList />;
  else if (path === '/desk/articles/new') page = <NewArticle />;
  else if ((m = match('/desk/articles/:id/revisions', path))) page = <Revisions id={m.id!} />;
  else if ((m = match('/desk/articles/:id/preview', path))) page = <Preview id={m.id!} />;
  else if ((m = match('/desk/articles/:id', path))) page = <ArticleEditor key={m.id} id={m.id!} />;
  else if (path === '/desk/images') page = <ImageLibrary />;
  else if ((m = match('/desk/images/:id', path))) page = <ImagePage key={m.id} id={m.id!} />;
  else if (path.startsWith('/desk/admin/')) page = <AdminRoutes path={path} />;
  else if (path === '/desk/notifications') page = <Inbox />;
  else if (path === '/desk/notifications/preferences') page = <NotificationPreferences />;
  else page = <p>There is no page at {path}.</p>;
  const nav = (to: string, label: string) => (
    <Link to={to} aria-current={path === to ? 'page' : undefined}>
      {label}
    </Link>
  );
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Newsroom desk</span>
        <nav aria-label="Main">
          {nav('/desk', 'Home')}
          {nav('/desk/articles', 'Articles')}
          {nav('/desk/images', 'Images')}
          {nav('/desk/articles/new', 'New article')}
        </nav>
        <AdminNav path={path} />
        <span className="who">
          <NotificationBell current={path === '/desk/notifications'} />
          {me.data ? `${me.data.displayName} (${me.data.role})` : ''}
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p role="status">Loading…</p>}>{page}</Suspense>
      </main>
      {session.expired && <SessionExpiredDialog />}
    </>
  );
}
