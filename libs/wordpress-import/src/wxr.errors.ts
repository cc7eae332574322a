import { DomainError } from '#libs/kernel';

/** Stable codes (API contract): never renamed or reused. */
export const WxrErrorCode = {
  /** Not well-formed XML; `line` and `column` say where. */
  Malformed: 'WXR_MALFORMED',
  /** Well-formed XML, but not a WordPress export (no rss/channel with the WXR namespace). */
  NotWxr: 'WXR_NOT_WXR',
  /** A DOCTYPE (and so entity declarations or an external DTD): refused, never expanded. */
  DoctypeRefused: 'WXR_DOCTYPE_REFUSED',
  /** A WXR version this importer does not know (it reads 1.0 to 1.2). */
  VersionUnsupported: 'WXR_VERSION_UNSUPPORTED',
  /** The file ended inside the document. */
  Truncated: 'WXR_TRUNCATED',
} as const;
export type WxrErrorCode = (typeof WxrErrorCode)[keyof typeof WxrErrorCode];

/** A fatal problem with the export file itself (per-item problems go into the report). */
export class WxrError extends DomainError {
  constructor(
    code: WxrErrorCode,
    message: string,
    readonly line: number | null = null,
    readonly column: number | null = null,
  ) {
    super('validation', code, line === null ? message : `${message} (line ${line}, column ${column})`, [], line === null ? {} : { line, column });
    this.name = 'WxrError';
  }
}
