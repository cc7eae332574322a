import createClient, { type Middleware } from 'openapi-fetch';
import { session } from '../auth/session';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Article = Schemas['ArticleAdminResponse'];
export type ArticleSummary = Schemas['ArticleSummaryResponse'];
export type Image = Schemas['ImageResponse'];

const NO_AUTH = ['/v1/auth/login', '/v1/auth/refresh', '/v1/auth/invites/accept', '/v1/auth/password-reset/request', '/v1/auth/password-reset/confirm'];
const pending = new Map<string, Request>();

/**
 * Bearer on every call; on a 401 one shared refresh and one replay; when the session is over,
 * the call waits for the user to sign in again (the dialog) and is then replayed, so a save
 * that met an expired session still lands and nothing typed is lost.
 */
const auth: Middleware = {
  onRequest({ request, id, schemaPath }) {
    if (NO_AUTH.includes(schemaPath)) return request;
    const t = session.tokens;
    if (t) request.headers.set('authorization', `Bearer ${t.accessToken}`);
    pending.set(id, request.clone());
    return request;
  },
  async onResponse({ response, id, schemaPath }) {
    const original = pending.get(id);
    pending.delete(id);
    if (response.status !== 401 || !original || NO_AUTH.includes(schemaPath)) return response;
    let ok = await session.refresh();
    if (!ok) ok = await session.waitForSignIn();
    if (!ok) return response;
    const retry = original.clone();
    retry.headers.set('authorization', `Bearer ${session.tokens?.accessToken ?? ''}`);
    return fetch(retry);
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);
