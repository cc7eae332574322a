import { WEBHOOK_TIMEOUT_MS, networkErrorMessage } from './webhooks.rules.js';

export interface PostResult {
  /** null when no answer came (timeout, refused, DNS). */
  status: number | null;
  /** The start of the answer, or the network error. */
  detail: string;
}

const DETAIL_BYTES = 512;

/**
 * POSTs a body with a hard timeout (the whole exchange, headers and answer, must finish
 * within it, well inside the outbox lease). Redirects are not followed. Never throws.
 */
export async function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs = WEBHOOK_TIMEOUT_MS): Promise<PostResult> {
  try {
    const res = await fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, detail: await readStart(res) };
  } catch (err) {
    return { status: null, detail: networkErrorMessage(err) };
  }
}

// reads at most DETAIL_BYTES of the answer, then lets go of the connection
async function readStart(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < DETAIL_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // an answer cut short still tells its status
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, DETAIL_BYTES).toString('utf8');
}
