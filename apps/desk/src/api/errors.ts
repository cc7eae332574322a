/** One error shape for every failed call: the API's `{ error: { code, message, details } }`. */
export interface ErrorDetail {
  field?: string;
  code?: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Details naming `field` (the publish gate and validation name the field at fault). */
  about(field: string): ErrorDetail[] {
    return this.details.filter((d) => d.field === field);
  }
}

export function toApiError(status: number, body: unknown): ApiError {
  const e = (body as { error?: { code?: string; message?: string; details?: ErrorDetail[] } } | null)?.error;
  if (e?.code) return new ApiError(status, e.code, e.message ?? e.code, e.details ?? [], (e as Record<string, unknown>) ?? {});
  return new ApiError(status, status === 0 ? 'NETWORK_ERROR' : `HTTP_${status}`, status === 0 ? 'The server could not be reached.' : `The server answered ${status}.`);
}

/** Unwraps an openapi-fetch result: the data, or a thrown ApiError. */
export function must<T>(r: { data?: T; error?: unknown; response: Response }): T {
  if (r.error !== undefined || !r.response.ok) throw toApiError(r.response.status, r.error);
  return r.data as T;
}

export const messageOf = (e: unknown): string => (e instanceof ApiError ? `${e.message} (${e.code})` : e instanceof Error ? e.message : String(e));
