import { Logger } from '@nestjs/common';
import { outboundRequest } from '#libs/outbound';
import { WEBHOOK_TIMEOUT_MS } from './webhooks.rules.js';

export interface PostResult {
  /** null when no answer came (timeout, refused, DNS, an address that is not allowed). */
  status: number | null;
  /** The standard reason phrase of the status; '' without an answer. Never the answer's body. */
  statusText: string;
}

const log = new Logger('OutboundHttp');

/**
 * POSTs a body with a hard timeout (well inside the outbox lease). Redirects are not followed;
 * the answer's body is never read. In production (`allowPrivate` false) only public addresses
 * are connected to, checked when connecting (see #libs/outbound). Never throws; why no answer
 * came goes to this process's log only.
 */
export async function postJson(url: string, body: string, headers: Record<string, string>, opts: { allowPrivate: boolean; timeoutMs?: number }): Promise<PostResult> {
  const result = await outboundRequest({ url, method: 'POST', body, headers, timeoutMs: opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS, maxBodyBytes: 0, allowPrivate: opts.allowPrivate });
  if (result.ok) return { status: result.status, statusText: result.statusText };
  log.warn({ host: hostOf(url), cause: result.cause }, 'outbound request got no answer');
  return { status: null, statusText: '' };
}

const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
};
