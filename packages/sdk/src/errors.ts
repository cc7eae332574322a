/** Error codes the content surface answers with (a stable contract: never renamed or reused). */
export type ContentErrorCode =
  | 'API_KEY_MISSING'
  | 'API_KEY_INVALID'
  | 'VALIDATION_FAILED'
  | 'ROUTE_NOT_FOUND'
  | 'ARTICLE_NOT_FOUND'
  | 'SECTION_NOT_FOUND'
  | 'TAG_NOT_FOUND'
  | 'CONTRIBUTOR_NOT_FOUND'
  | 'PREVIEW_NOT_FOUND'
  | 'REDIRECT_NOT_FOUND'
  | 'SEARCH_QUERY_INVALID'
  | 'BANNER_ARTICLE_NOT_FOUND'
  | 'BANNER_EVENTS_INVALID'
  | 'BANNER_EVENTS_RATE_LIMITED'
  | 'NEWSLETTER_EMAIL_INVALID'
  | 'NEWSLETTER_LIST_UNKNOWN'
  | 'NEWSLETTER_CONSENT_TEXT_UNKNOWN'
  | 'NEWSLETTER_RATE_LIMITED'
  | 'NEWSLETTER_TOKEN_NOT_FOUND'
  | 'NEWSLETTER_TOKEN_USED'
  | 'NEWSLETTER_TOKEN_EXPIRED'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'DATABASE_UNAVAILABLE'
  | 'DATABASE_TIMEOUT'
  | 'MALFORMED_JSON'
  | 'INTERNAL_ERROR'
  // a code added to the api after this SDK was built still arrives, as a string
  | (string & {});

export interface ErrorDetail {
  field?: string;
  code?: string;
  message: string;
}

/** The api answered with an error body (`{"error": {code, message, details, requestId}}`). */
export class ContentApiError extends Error {
  override readonly name = 'ContentApiError';
  constructor(
    readonly status: number,
    readonly code: ContentErrorCode,
    message: string,
    readonly details: ErrorDetail[],
    readonly requestId: string | null,
    /** Seconds, from Retry-After (429, 503). */
    readonly retryAfter: number | null,
  ) {
    super(`${status} ${code}: ${message}${details.length ? ` (${details.map((d) => (d.field ? `${d.field}: ${d.message}` : d.message)).join('; ')})` : ''}`);
  }

  /** 404: the thing does not exist on the public surface (a draft, an unpublished piece, a typo). */
  get notFound(): boolean {
    return this.status === 404;
  }

  /** Worth retrying later (429, 502-504). */
  get retryable(): boolean {
    return this.status === 429 || (this.status >= 502 && this.status <= 504);
  }
}

/** No answer at all: the network failed, or the request timed out or was aborted. */
export class ContentNetworkError extends Error {
  override readonly name = 'ContentNetworkError';
  constructor(
    message: string,
    override readonly cause: unknown,
  ) {
    super(message);
  }
}

/** Builds the typed error of a non-2xx response; a body that is not the api's error shape still gives one. */
export async function errorOf(res: Response): Promise<ContentApiError> {
  const retry = res.headers.get('retry-after');
  const retryAfter = retry !== null && /^\d+$/.test(retry) ? Number(retry) : null;
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (a proxy's error page): keep the status
  }
  const e = (body as { error?: { code?: unknown; message?: unknown; details?: unknown; requestId?: unknown } } | null)?.error;
  if (e && typeof e.code === 'string') {
    return new ContentApiError(
      res.status,
      e.code,
      typeof e.message === 'string' ? e.message : res.statusText,
      Array.isArray(e.details) ? (e.details as ErrorDetail[]) : [],
      typeof e.requestId === 'string' ? e.requestId : null,
      retryAfter,
    );
  }
  return new ContentApiError(res.status, `HTTP_${res.status}`, res.statusText || 'Unexpected response', [], null, retryAfter);
}
