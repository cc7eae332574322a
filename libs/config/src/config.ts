import { parseDuration } from '#libs/kernel';
import { CONFIG_KEYS, type KeySpec } from './config.schema.js';

/** The typed, validated configuration. Built once at boot; nothing else reads process.env. */
export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  host: string;
  port: number;
  publicBaseUrl: string;
  surfaces: { admin: boolean; content: boolean };
  jobsInProcess: boolean;
  database: {
    url: string | undefined;
    schema: string;
    poolSize: number;
    statementTimeoutMs: number;
    embedded: { dir: string; port: number };
    /** Streaming standbys the content surface reads from (empty: none). */
    readUrls: string[];
    maxReplicaLagMs: number;
    replicaCheckIntervalMs: number;
  };
  seedDemo: 'auto' | 'always' | 'never';
  jobsSchema: string;
  auth: { jwtSecret: string; accessTtlMs: number; refreshTtlMs: number; loginMaxFailures: number };
  trustedProxies: string[];
  bodyLimitBytes: number;
  mail: {
    transport: 'file' | 'smtp';
    from: string;
    dir: string;
    smtp: { host: string | undefined; port: number; secure: boolean; requireTls: boolean; user: string | undefined; password: string | undefined };
  };
  newsletter: { signupsPerIpPerHour: number; signupsPerAddressPerHour: number; confirmationIntervalMs: number };
  donationBanners: { eventsPerMinute: number; globalMaxPerDay: number; globalMaxPerWeek: number };
  shutdownGraceMs: number;
  log: { level: string; requests: boolean };
  workflowSla: string;
  contentCacheTtlMs: number;
  contentCacheMaxBytes: number;
  /** How many recently missed URLs the cache remembers to admit a response on its second miss (0: first). */
  contentCacheDoorkeeper: number;
  /** Search ranks among the newest `pieces` first, unless they hold fewer than `minHits` matches (0 pieces: never). */
  searchWindow: { pieces: number; minHits: number };
  contentMaxAgeS: number;
  contentSwrS: number;
  /** Origins allowed to call the content surface from a browser (`any`: `*`). */
  contentCors: { any: boolean; origins: string[] };
  images: {
    storageDir: string;
    maxBytes: number;
    baseUrl: string;
    /** Renditions: the disk cache, the allowed widths (ascending) and crop ratios, the render limit. */
    renditions: { dir: string; widths: number[]; ratios: { w: number; h: number }[]; concurrency: number; queue: number };
  };
  imports: { storageDir: string; maxBytes: number };
  cdnPurge: { url: string | undefined; token: string | undefined };
  /** Longest a preview link lives, in ms. */
  previewLinkMaxTtlMs: number;
  /** Serve /docs (OpenAPI UI and document). */
  docsEnabled: boolean;
  /** Daily digests: the time zone of accounts that set none, and the local hour they go out. */
  notifications: { defaultTimeZone: string; digestHour: number; checkIntervalMs: number };
  desk: { dir: string; timeZone: string };
}

export class ConfigError extends Error {
  constructor(readonly problems: { key: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p.key}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function parseValue(spec: KeySpec, raw: string): { value?: unknown; error?: string } {
  switch (spec.type) {
    case 'string':
      return { value: raw };
    case 'int': {
      if (!/^-?\d+$/.test(raw.trim())) return { error: `expected an integer, got "${raw}"` };
      const n = Number(raw);
      if (spec.min !== undefined && n < spec.min) return { error: `must be >= ${spec.min}` };
      if (spec.max !== undefined && n > spec.max) return { error: `must be <= ${spec.max}` };
      return { value: n };
    }
    case 'bool': {
      const v = raw.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(v)) return { value: true };
      if (['false', '0', 'no', 'off'].includes(v)) return { value: false };
      return { error: `expected true or false, got "${raw}"` };
    }
    case 'url': {
      try {
        const u = new URL(raw);
        if (!u.protocol) throw new Error('no protocol');
        return { value: raw };
      } catch {
        return { error: 'expected a URL' };
      }
    }
    case 'duration': {
      const ms = parseDuration(raw);
      return ms === null ? { error: `expected a duration like 15m, 4h, 30s, got "${raw}"` } : { value: ms };
    }
    case 'enum':
      return spec.values!.includes(raw) ? { value: raw } : { error: `expected one of ${spec.values!.join(', ')}, got "${raw}"` };
    case 'list': {
      const items = raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = spec.values ? items.filter((i) => !spec.values!.includes(i)) : [];
      return bad.length ? { error: `unknown value(s) ${bad.join(', ')}; allowed: ${spec.values!.join(', ')}` } : { value: items };
    }
  }
}

/** Validates the environment into an AppConfig, or throws a ConfigError naming every bad key. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const problems: { key: string; message: string }[] = [];
  const v: Record<string, unknown> = {};
  const production = env.NODE_ENV === 'production';
  for (const spec of CONFIG_KEYS as readonly KeySpec[]) {
    const given = env[spec.key];
    const raw = given === undefined || given === '' ? spec.default : given;
    if (production && spec.requiredInProduction && (given === undefined || given === '')) {
      problems.push({ key: spec.key, message: 'must be set when NODE_ENV=production' });
      continue;
    }
    if (raw === undefined) continue;
    const parsed = parseValue(spec, raw);
    if (parsed.error) problems.push({ key: spec.key, message: parsed.error });
    else v[spec.key] = parsed.value;
  }
  if (typeof v.JWT_SECRET === 'string' && v.JWT_SECRET.length < 32) {
    problems.push({ key: 'JWT_SECRET', message: 'must be at least 32 characters' });
  }
  for (const key of ['DATABASE_SCHEMA', 'JOBS_SCHEMA']) {
    if (typeof v[key] === 'string' && !IDENT.test(v[key] as string)) {
      problems.push({ key, message: 'must be a lower-case SQL identifier' });
    }
  }
  if (typeof v.DATABASE_URL === 'string' && !/^postgres(ql)?:$/.test(new URL(v.DATABASE_URL).protocol)) {
    problems.push({ key: 'DATABASE_URL', message: 'must be a postgres:// or postgresql:// URL' });
  }
  if (v.MAIL_TRANSPORT === 'smtp' && !v.SMTP_HOST) problems.push({ key: 'SMTP_HOST', message: 'must be set when MAIL_TRANSPORT=smtp' });
  if (v.SMTP_USER && !v.SMTP_PASSWORD) problems.push({ key: 'SMTP_PASSWORD', message: 'must be set when SMTP_USER is set' });
  if (typeof v.WORKFLOW_SLA === 'string' && !/^\s*$|^\s*[a-z_]+\s*=\s*\d+\s*(ms|s|m|h|d)?\s*(,\s*[a-z_]+\s*=\s*\d+\s*(ms|s|m|h|d)?\s*)*$/.test(v.WORKFLOW_SLA)) {
    problems.push({ key: 'WORKFLOW_SLA', message: 'expected state=duration pairs, e.g. in_review=4h,approved=1d' });
  }
  if (typeof v.NOTIFY_DEFAULT_TIME_ZONE === 'string' && !isTimeZone(v.NOTIFY_DEFAULT_TIME_ZONE))
    problems.push({ key: 'NOTIFY_DEFAULT_TIME_ZONE', message: 'expected an IANA time zone such as UTC or Europe/Berlin' });
  if (production && typeof v.CDN_PURGE_URL === 'string' && new URL(v.CDN_PURGE_URL).protocol !== 'https:')
    problems.push({ key: 'CDN_PURGE_URL', message: 'must be an https URL when NODE_ENV=production' });
  for (const u of (v.DATABASE_READ_URLS as string[] | undefined) ?? []) {
    let ok = false;
    try {
      ok = ['postgres:', 'postgresql:'].includes(new URL(u).protocol);
    } catch {
      ok = false;
    }
    if (!ok) problems.push({ key: 'DATABASE_READ_URLS', message: `expected postgres:// URLs, got "${u.replace(/\/\/[^@/]*@/, '//***@')}"` });
  }
  if (((v.DATABASE_READ_URLS as string[] | undefined) ?? []).length && !v.DATABASE_URL)
    problems.push({ key: 'DATABASE_READ_URLS', message: 'needs DATABASE_URL (the primary the standbys follow)' });
  if (typeof v.NEWSROOM_TIME_ZONE === 'string' && !isTimeZone(v.NEWSROOM_TIME_ZONE))
    problems.push({ key: 'NEWSROOM_TIME_ZONE', message: `not an IANA time zone: "${v.NEWSROOM_TIME_ZONE}"` });
  const renditionWidths = [...new Set(((v.IMAGE_RENDITION_WIDTHS as string[] | undefined) ?? []).map(Number))].sort((a, b) => a - b);
  if (!renditionWidths.length || renditionWidths.some((w) => !Number.isInteger(w) || w < 16 || w > 8192)) {
    problems.push({ key: 'IMAGE_RENDITION_WIDTHS', message: 'expected widths in px between 16 and 8192, e.g. 320,640,1280' });
  }
  const renditionRatios: { w: number; h: number }[] = [];
  for (const r of (v.IMAGE_RENDITION_RATIOS as string[] | undefined) ?? []) {
    const m = /^([1-9]\d?):([1-9]\d?)$/.exec(r);
    if (!m) problems.push({ key: 'IMAGE_RENDITION_RATIOS', message: `expected ratios like 16:9 (each side 1-99), got "${r}"` });
    else if (!renditionRatios.some((x) => x.w === Number(m[1]) && x.h === Number(m[2]))) renditionRatios.push({ w: Number(m[1]), h: Number(m[2]) });
  }
  const corsList = (v.CONTENT_CORS_ORIGINS as string[] | undefined) ?? [];
  const corsOrigins: string[] = [];
  for (const o of corsList.filter((x) => x !== '*')) {
    let origin: string | null = null;
    try {
      const u = new URL(o);
      if ((u.protocol === 'https:' || u.protocol === 'http:') && u.origin === o.replace(/\/+$/, '').toLowerCase()) origin = u.origin;
    } catch {
      origin = null;
    }
    if (origin) corsOrigins.push(origin);
    else problems.push({ key: 'CONTENT_CORS_ORIGINS', message: `expected origins like https://www.example.org (scheme, host and port only) or *, got "${o}"` });
  }
  if (corsList.includes('*') && corsOrigins.length) problems.push({ key: 'CONTENT_CORS_ORIGINS', message: '* allows every origin: list origins or give * alone' });
  if (problems.length) throw new ConfigError(problems);

  const surfaces = v.API_SURFACES as string[];
  // unset: this process's own port, so links work when only PORT was changed (0: not known yet)
  const publicBaseUrl = ((v.PUBLIC_BASE_URL as string | undefined) ?? `http://localhost:${(v.PORT as number) || 3000}`).replace(/\/+$/, '');
  return {
    nodeEnv: v.NODE_ENV as AppConfig['nodeEnv'],
    host: v.HOST as string,
    port: v.PORT as number,
    publicBaseUrl,
    surfaces: { admin: surfaces.includes('admin'), content: surfaces.includes('content') },
    jobsInProcess: v.JOBS_IN_PROCESS as boolean,
    database: {
      url: v.DATABASE_URL as string | undefined,
      schema: v.DATABASE_SCHEMA as string,
      poolSize: v.DATABASE_POOL_SIZE as number,
      statementTimeoutMs: v.DATABASE_STATEMENT_TIMEOUT as number,
      embedded: { dir: v.EMBEDDED_PG_DIR as string, port: v.EMBEDDED_PG_PORT as number },
      readUrls: v.DATABASE_READ_URLS as string[],
      maxReplicaLagMs: v.DATABASE_MAX_REPLICA_LAG as number,
      replicaCheckIntervalMs: v.DATABASE_REPLICA_CHECK_INTERVAL as number,
    },
    seedDemo: v.SEED_DEMO as AppConfig['seedDemo'],
    jobsSchema: v.JOBS_SCHEMA as string,
    auth: {
      jwtSecret: v.JWT_SECRET as string,
      accessTtlMs: v.ACCESS_TOKEN_TTL as number,
      refreshTtlMs: v.REFRESH_TOKEN_TTL as number,
      loginMaxFailures: v.LOGIN_MAX_FAILURES as number,
    },
    trustedProxies: v.TRUSTED_PROXIES as string[],
    bodyLimitBytes: v.BODY_LIMIT_BYTES as number,
    mail: {
      transport: v.MAIL_TRANSPORT as 'file' | 'smtp',
      from: v.MAIL_FROM as string,
      dir: v.MAIL_DIR as string,
      smtp: {
        host: v.SMTP_HOST as string | undefined,
        port: v.SMTP_PORT as number,
        secure: v.SMTP_SECURE as boolean,
        requireTls: v.SMTP_REQUIRE_TLS as boolean,
        user: v.SMTP_USER as string | undefined,
        password: v.SMTP_PASSWORD as string | undefined,
      },
    },
    newsletter: {
      signupsPerIpPerHour: v.NEWSLETTER_SIGNUPS_PER_IP as number,
      signupsPerAddressPerHour: v.NEWSLETTER_SIGNUPS_PER_ADDRESS as number,
      confirmationIntervalMs: v.NEWSLETTER_CONFIRMATION_INTERVAL as number,
    },
    donationBanners: {
      eventsPerMinute: v.DONATION_EVENTS_PER_MINUTE as number,
      globalMaxPerDay: v.DONATION_GLOBAL_MAX_PER_DAY as number,
      globalMaxPerWeek: v.DONATION_GLOBAL_MAX_PER_WEEK as number,
    },
    shutdownGraceMs: v.SHUTDOWN_GRACE as number,
    log: { level: v.LOG_LEVEL as string, requests: v.LOG_REQUESTS as boolean },
    workflowSla: v.WORKFLOW_SLA as string,
    contentCacheTtlMs: v.CONTENT_CACHE_TTL as number,
    contentCacheMaxBytes: (v.CONTENT_CACHE_MAX_MB as number) * 1024 * 1024,
    contentCacheDoorkeeper: v.CONTENT_CACHE_DOORKEEPER as number,
    searchWindow: { pieces: v.SEARCH_WINDOW_PIECES as number, minHits: v.SEARCH_WINDOW_MIN_HITS as number },
    contentMaxAgeS: Math.round((v.CONTENT_MAX_AGE as number) / 1000),
    contentSwrS: Math.round((v.CONTENT_STALE_WHILE_REVALIDATE as number) / 1000),
    contentCors: { any: corsList.includes('*'), origins: [...new Set(corsOrigins)] },
    images: {
      storageDir: v.IMAGE_STORAGE_DIR as string,
      maxBytes: v.IMAGE_MAX_BYTES as number,
      baseUrl: ((v.IMAGE_BASE_URL as string | undefined) ?? `${publicBaseUrl}/media/images`).replace(/\/+$/, ''),
      renditions: {
        dir: v.IMAGE_RENDITION_DIR as string,
        widths: renditionWidths,
        ratios: renditionRatios,
        concurrency: v.IMAGE_RENDITION_CONCURRENCY as number,
        queue: v.IMAGE_RENDITION_QUEUE as number,
      },
    },
    imports: { storageDir: v.IMPORT_STORAGE_DIR as string, maxBytes: v.IMPORT_MAX_BYTES as number },
    cdnPurge: { url: v.CDN_PURGE_URL as string | undefined, token: v.CDN_PURGE_TOKEN as string | undefined },
    previewLinkMaxTtlMs: v.PREVIEW_LINK_MAX_TTL as number,
    docsEnabled: v.DOCS_ENABLED as boolean,
    notifications: { defaultTimeZone: v.NOTIFY_DEFAULT_TIME_ZONE as string, digestHour: v.NOTIFY_DIGEST_HOUR as number, checkIntervalMs: v.NOTIFY_CHECK_INTERVAL as number },
    desk: { dir: v.DESK_DIR as string, timeZone: v.NEWSROOM_TIME_ZONE as string },
  };
}

/** The configuration table of docs/configuration.md, rendered from the schema. */
export function configTableMarkdown(): string {
  const rows = (CONFIG_KEYS as readonly KeySpec[]).map((s) => {
    const def = s.default === undefined ? '(unset)' : s.default === '' ? '(empty)' : `\`${s.secret ? '(dev only)' : s.default}\``;
    const flags = [s.secret ? 'secret' : '', s.requiredInProduction ? 'required in production' : ''].filter(Boolean).join(', ');
    return `| \`${s.key}\` | ${s.type} | ${def} | ${s.doc}${flags ? ` (${flags})` : ''} |`;
  });
  return ['| key | type | default | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
