import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import type { Schemas } from '../../api/client';
import { ApiError } from '../../api/errors';
import { Link } from '../../router';
import { useMe } from '../articles/queries';
import './admin.css';

export type Permission = Schemas['MeResponse']['permissions'][number];

interface Area {
  path: string;
  label: string;
  permission: Permission;
  /** What the area lets you do, for the words when a role may not. */
  what: string;
  screen: LazyExoticComponent<ComponentType>;
}

/** The admin screens and the permission each needs (read from the API's `me`, never guessed from the role). */
export const ADMIN_AREAS: readonly Area[] = [
  {
    path: '/desk/admin/accounts',
    label: 'Accounts',
    permission: 'accounts.manage',
    what: 'invite people and manage their accounts',
    screen: lazy(() => import('./accounts/AccountsScreen')),
  },
  {
    path: '/desk/admin/contributors',
    label: 'Contributors',
    permission: 'contributors.manage',
    what: 'edit, link or merge contributor profiles',
    screen: lazy(() => import('./contributors/ContributorsScreen')),
  },
  {
    path: '/desk/admin/taxonomy',
    label: 'Taxonomy',
    permission: 'taxonomy.manage',
    what: 'create or rename sections, article types and tags',
    screen: lazy(() => import('./taxonomy/TaxonomyScreen')),
  },
  { path: '/desk/admin/audit', label: 'Audit log', permission: 'audit.read', what: 'read the audit log', screen: lazy(() => import('./audit/AuditScreen')) },
  { path: '/desk/admin/webhooks', label: 'Webhooks', permission: 'webhooks.manage', what: 'manage webhooks', screen: lazy(() => import('./webhooks/WebhooksScreen')) },
  { path: '/desk/admin/api-keys', label: 'API keys', permission: 'api_keys.manage', what: 'manage content API keys', screen: lazy(() => import('./api-keys/ApiKeysScreen')) },
  {
    path: '/desk/admin/newsletter',
    label: 'Newsletter',
    permission: 'newsletter.manage',
    what: 'manage the newsletter',
    screen: lazy(() => import('./newsletter/NewsletterScreen')),
  },
  {
    path: '/desk/admin/settings',
    label: 'Site settings',
    permission: 'settings.manage',
    what: 'edit the site settings and navigation',
    screen: lazy(() => import('./settings/SettingsScreen')),
  },
  {
    path: '/desk/admin/campaigns',
    label: 'Campaigns',
    permission: 'banners.manage',
    what: 'manage donation campaigns',
    screen: lazy(() => import('./campaigns/CampaignsScreen')),
  },
];

export function useCan(): (p: Permission) => boolean {
  const me = useMe();
  const granted = new Set(me.data?.permissions ?? []);
  return (p) => granted.has(p);
}

/** The admin links this role can use; none at all for a role with no admin screen. */
export function AdminNav({ path }: { path: string }) {
  const can = useCan();
  const areas = ADMIN_AREAS.filter((a) => can(a.permission));
  if (!areas.length) return null;
  return (
    <nav aria-label="Admin">
      {areas.map((a) => (
        <Link key={a.path} to={a.path} aria-current={path === a.path || path.startsWith(`${a.path}/`) ? 'page' : undefined}>
          {a.label}
        </Link>
      ))}
    </nav>
  );
}

/** Words for a 403: who you are, what was needed, what to do about it. */
export function NotAllowed({ what, permission, error }: { what: string; permission: Permission | string; error?: ApiError }) {
  const me = useMe();
  return (
    <div className="banner banner-error" role="alert">
      <p>
        You are signed in as {me.data?.displayName ?? 'someone'} with the role <strong>{me.data?.role ?? 'unknown'}</strong>, which may not {what} (it needs the permission{' '}
        <code>{permission}</code>). An admin can change your role on the Accounts screen.
      </p>
      {error && (
        <p>
          The server answered: {error.message} <code>{error.code}</code>
        </p>
      )}
      <p>
        <Link to="/desk">Back to the desk</Link>
      </p>
    </div>
  );
}

/** The admin routes: the screen when the role may use it, else the reason it may not. */
export function AdminRoutes({ path }: { path: string }) {
  const me = useMe();
  const area = ADMIN_AREAS.find((a) => path === a.path || path.startsWith(`${a.path}/`));
  if (!area) return <p>There is no admin page at {path}.</p>;
  if (!me.data) return <p role="status">Loading…</p>;
  if (!me.data.permissions.includes(area.permission)) {
    return (
      <section>
        <h1>{area.label}</h1>
        <NotAllowed what={area.what} permission={area.permission} />
      </section>
    );
  }
  const Screen = area.screen;
  return (
    <Suspense fallback={<p role="status">Loading…</p>}>
      <Screen />
    </Suspense>
  );
}

/** An API error in words with its code; a 403 also says why (the role). */
export function AdminError({ error, what = 'do this' }: { error: unknown; what?: string }) {
  if (!error) return null;
  if (error instanceof ApiError && error.status === 403) return <NotAllowed what={what} permission={permissionIn(error) ?? 'a permission this role lacks'} error={error} />;
  const e = error as { message?: string; code?: string };
  return (
    <p className="error" role="alert">
      {e.message ?? (typeof error === 'string' ? error : 'Something went wrong.')}
      {e.code ? <code> {e.code}</code> : null}
    </p>
  );
}

const permissionIn = (e: ApiError): string | undefined => {
  const m = /[a-z_]+\.[a-z_]+/.exec(e.message);
  return m?.[0];
};
