/**
 * Every configuration key the system reads, with its type, default and documentation.
 * This table is the single source for boot-time validation and for the
 * configuration table in docs/configuration.md (a unit test keeps the two in step).
 */
export type KeyType = 'string' | 'int' | 'bool' | 'url' | 'duration' | 'list' | 'enum';

export interface KeySpec {
  key: string;
  type: KeyType;
  default?: string;
  values?: readonly string[];
  min?: number;
  max?: number;
  secret?: boolean;
  requiredInProduction?: boolean;
  doc: string;
}

export const CONFIG_KEYS = [
  { key: 'NODE_ENV', type: 'enum', values: ['development', 'test', 'production'], default: 'development', doc: 'Runtime mode. `production` refuses insecure defaults.' },
  { key: 'HOST', type: 'string', default: '127.0.0.1', doc: 'Interface the HTTP server binds to (`0.0.0.0` in containers).' },
  { key: 'PORT', type: 'int', min: 0, max: 65535, default: '3000', doc: 'HTTP port (0 picks a free port).' },
  { key: 'PUBLIC_BASE_URL', type: 'url', doc: 'Public origin used in links (feeds, mails, preview links, image URLs). Unset: `http://localhost:<PORT>`.' },
  {
    key: 'API_SURFACES',
    type: 'list',
    values: ['admin', 'content'],
    default: 'admin,content',
    doc: 'Which HTTP surfaces this process mounts: `admin` (/v1/admin, /v1/auth), `content` (/v1/content, feeds).',
  },
  {
    key: 'JOBS_IN_PROCESS',
    type: 'bool',
    default: 'true',
    doc: 'Run the worker (pg-boss job handlers) inside the api process. Set `false` when running `apps/worker` separately.',
  },
  { key: 'DATABASE_URL', type: 'url', doc: 'PostgreSQL 15+ connection string. Unset: an embedded PostgreSQL is started with data under `EMBEDDED_PG_DIR`.' },
  { key: 'DATABASE_SCHEMA', type: 'string', default: 'public', doc: 'Schema holding the tables (the test harness uses one per spec file).' },
  { key: 'DATABASE_POOL_SIZE', type: 'int', min: 1, max: 200, default: '10', doc: "Connections in each process's pool." },
  { key: 'DATABASE_STATEMENT_TIMEOUT', type: 'duration', default: '15s', doc: 'Server-side statement timeout for every connection.' },
  {
    key: 'DATABASE_READ_URLS',
    type: 'list',
    default: '',
    doc: 'Streaming standbys of `DATABASE_URL` (comma-separated URLs) the content surface reads from, round-robin; empty: every read goes to the primary.',
  },
  { key: 'DATABASE_MAX_REPLICA_LAG', type: 'duration', default: '5s', doc: 'A standby further behind the primary than this is not read from until it catches up.' },
  { key: 'DATABASE_REPLICA_CHECK_INTERVAL', type: 'duration', default: '1s', doc: "How often each standby's health and replay position are checked." },
  {
    key: 'EMBEDDED_PG_DIR',
    type: 'string',
    default: '.data/postgres',
    doc: 'Data directory of the embedded PostgreSQL (kept across restarts). Only used when `DATABASE_URL` is unset.',
  },
  { key: 'EMBEDDED_PG_PORT', type: 'int', min: 1, max: 65535, default: '54329', doc: 'Port of the embedded PostgreSQL (listens on 127.0.0.1 only).' },
  {
    key: 'SEED_DEMO',
    type: 'enum',
    values: ['auto', 'always', 'never'],
    default: 'auto',
    doc: '`auto`: load demo content on the first start of the embedded database; `always`: on every empty database; `never`.',
  },
  { key: 'JOBS_SCHEMA', type: 'string', default: 'pgboss', doc: 'Schema pg-boss keeps its queues in.' },
  {
    key: 'JWT_SECRET',
    type: 'string',
    default: 'dev-only-insecure-jwt-secret-change-me',
    secret: true,
    requiredInProduction: true,
    doc: 'HMAC key signing access tokens (at least 32 characters). Must be set in production; identical on every instance.',
  },
  { key: 'ACCESS_TOKEN_TTL', type: 'duration', default: '15m', doc: 'Lifetime of an access token.' },
  { key: 'REFRESH_TOKEN_TTL', type: 'duration', default: '30d', doc: 'Lifetime of a refresh token (rotated on every use).' },
  { key: 'LOGIN_MAX_FAILURES', type: 'int', min: 1, max: 100, default: '5', doc: 'Failed logins per account+IP before backoff starts.' },
  { key: 'TRUSTED_PROXIES', type: 'list', default: '', doc: 'Comma-separated proxy addresses/CIDRs whose `X-Forwarded-For` is believed. Empty: the socket address is the client.' },
  { key: 'BODY_LIMIT_BYTES', type: 'int', min: 1024, max: 104857600, default: '1048576', doc: 'Largest accepted JSON request body.' },
  {
    key: 'MAIL_TRANSPORT',
    type: 'enum',
    values: ['file', 'smtp'],
    default: 'file',
    doc: '`file`: write each outgoing mail as an .eml file under `MAIL_DIR` and log its path (development); `smtp`: send through `SMTP_HOST`.',
  },
  { key: 'MAIL_FROM', type: 'string', default: 'Newsroom <newsletter@localhost>', doc: 'Sender of outgoing mail (`Name <address>`); its domain also ends every Message-ID.' },
  { key: 'MAIL_DIR', type: 'string', default: '.data/mail', doc: 'Folder the `file` mail transport writes .eml files to.' },
  { key: 'SMTP_HOST', type: 'string', doc: 'SMTP server (required when `MAIL_TRANSPORT=smtp`).' },
  { key: 'SMTP_PORT', type: 'int', min: 1, max: 65535, default: '587', doc: 'SMTP port (587: submission with STARTTLS; 465: implicit TLS).' },
  { key: 'SMTP_SECURE', type: 'bool', default: 'false', doc: 'TLS from the first byte (port 465). `false`: STARTTLS when the server offers it.' },
  { key: 'SMTP_REQUIRE_TLS', type: 'bool', default: 'false', doc: 'Refuse to send unless the connection is upgraded with STARTTLS.' },
  { key: 'SMTP_USER', type: 'string', doc: 'SMTP login (unset: no authentication).' },
  { key: 'SMTP_PASSWORD', type: 'string', secret: true, doc: 'SMTP password (with `SMTP_USER`).' },
  {
    key: 'NEWSLETTER_SIGNUPS_PER_IP',
    type: 'int',
    min: 1,
    max: 1000000,
    default: '20',
    doc: 'Newsletter signup requests accepted per client address per hour, counted across all api instances.',
  },
  { key: 'NEWSLETTER_SIGNUPS_PER_ADDRESS', type: 'int', min: 1, max: 1000000, default: '5', doc: 'Newsletter signup requests accepted per e-mail address per hour.' },
  {
    key: 'NEWSLETTER_CONFIRMATION_INTERVAL',
    type: 'duration',
    default: '15m',
    doc: 'At most one confirmation mail per address in this interval; signups in between join the pending confirmation, or get their mail when the interval ends.',
  },
  {
    key: 'DONATION_EVENTS_PER_MINUTE',
    type: 'int',
    min: 1,
    max: 1000000,
    default: '600',
    doc: 'Donation-banner event batches (`POST /v1/content/donation-campaigns/events`, up to 50 events each) accepted per content API key and client address per minute, across all api instances.',
  },
  {
    key: 'DONATION_GLOBAL_MAX_PER_DAY',
    type: 'int',
    min: 1,
    max: 1000,
    default: '3',
    doc: 'Most donation appeals of all campaigns together a reader should see per day; shipped with every banner for the front-end to apply.',
  },
  {
    key: 'DONATION_GLOBAL_MAX_PER_WEEK',
    type: 'int',
    min: 1,
    max: 10000,
    default: '10',
    doc: 'Most donation appeals of all campaigns together a reader should see per week (front-end applied, like the daily cap).',
  },
  { key: 'SHUTDOWN_GRACE', type: 'duration', default: '10s', doc: 'How long a stopping process drains in-flight requests and jobs.' },
  { key: 'LOG_LEVEL', type: 'enum', values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info', doc: 'Structured JSON log level (pino).' },
  {
    key: 'WORKFLOW_SLA',
    type: 'string',
    default: 'in_review=4h,approved=24h',
    doc: 'Time budget per workflow state (`state=duration`, comma-separated); pieces waiting longer are listed as overdue.',
  },
  {
    key: 'CONTENT_CACHE_TTL',
    type: 'duration',
    default: '60s',
    doc: "Longest a rendered content response stays in an instance's memory (changes invalidate it at once through LISTEN/NOTIFY).",
  },
  {
    key: 'CONTENT_CACHE_MAX_MB',
    type: 'int',
    min: 0,
    max: 4096,
    default: '32',
    doc: 'Memory for rendered content responses per instance, in MB (least recently used go first; 0 turns the cache off).',
  },
  {
    key: 'CONTENT_CACHE_DOORKEEPER',
    type: 'int',
    min: 0,
    max: 1000000,
    default: '4096',
    doc: "A response is cached on its URL's second miss among the last this many misses, not its first, so a crawl of the archive does not push out the pages readers are on (0: cache on the first miss).",
  },
  {
    key: 'SEARCH_WINDOW_PIECES',
    type: 'int',
    min: 0,
    max: 10000000,
    default: '5000',
    doc: 'Search ranks among this many newest pieces first, so a common term costs the same however large the archive (0: always the whole archive).',
  },
  {
    key: 'SEARCH_WINDOW_MIN_HITS',
    type: 'int',
    min: 1,
    max: 1000000,
    default: '200',
    doc: 'Fewer matches than this among the newest pieces, and search ranks the whole archive instead (a rarer term finds old pieces too).',
  },
  {
    key: 'CONTENT_CORS_ORIGINS',
    type: 'list',
    default: '',
    doc: 'Browser origins (`https://www.example.org`, comma-separated) allowed to call the content surface (`/v1/content/**`, including the newsletter signup and banner events) from their pages, or `*` for any; preflights are answered. Empty: no CORS headers. The admin surface never sends any.',
  },
  { key: 'CONTENT_MAX_AGE', type: 'duration', default: '60s', doc: '`Cache-Control: max-age` on content responses (CDN and browsers).' },
  { key: 'CONTENT_STALE_WHILE_REVALIDATE', type: 'duration', default: '300s', doc: '`stale-while-revalidate` on content responses.' },
  { key: 'IMAGE_STORAGE_DIR', type: 'string', default: '.data/images', doc: 'Folder uploaded image files are stored in (local-disk image storage; files named by content hash).' },
  { key: 'IMAGE_MAX_BYTES', type: 'int', min: 1, max: 104857600, default: '15728640', doc: 'Largest accepted image upload, in bytes (larger: 413 `IMAGE_TOO_LARGE`).' },
  {
    key: 'IMAGE_BASE_URL',
    type: 'url',
    doc: 'Public base URL of stored image files. Unset: `<PUBLIC_BASE_URL>/media/images` (served by this api); set it when a CDN or bucket serves them.',
  },
  {
    key: 'IMAGE_RENDITION_DIR',
    type: 'string',
    default: '.data/renditions',
    doc: 'Folder rendered image renditions are cached in (rendered on first request, then served from disk; safe to delete).',
  },
  {
    key: 'IMAGE_RENDITION_WIDTHS',
    type: 'list',
    default: '320,480,640,960,1280,1600,2400',
    doc: 'The only widths (px) images are rendered in (`/media/images/<file>/<width>.<ext>`); any other width is refused with 404 `IMAGE_RENDITION_NOT_OFFERED`. An image narrower than the largest is also offered at its own width.',
  },
  {
    key: 'IMAGE_RENDITION_RATIOS',
    type: 'list',
    default: '16:9,4:3,1:1',
    doc: 'Aspect ratios (`w:h`) images are also cropped to, around their focal point; every image in the content payload lists one rendition set per ratio.',
  },
  {
    key: 'IMAGE_RENDITION_CONCURRENCY',
    type: 'int',
    min: 1,
    max: 64,
    default: '1',
    doc: 'First renders running at once per process (each uses every core through libvips threads and up to ~250 MB for a 2400 px AVIF; a rendition already on disk is served without waiting).',
  },
  {
    key: 'IMAGE_RENDITION_QUEUE',
    type: 'int',
    min: 0,
    max: 100000,
    default: '64',
    doc: 'First renders waiting for a slot per process; beyond it a request gets 503 `IMAGE_RENDITION_BUSY` with `Retry-After`, so a burst cannot exhaust memory.',
  },
  {
    key: 'IMPORT_STORAGE_DIR',
    type: 'string',
    default: '.data/imports',
    doc: 'Folder WordPress export files uploaded to `POST /v1/admin/imports` are kept in while their import runs (and after, for its report).',
  },
  {
    key: 'IMPORT_MAX_BYTES',
    type: 'int',
    min: 1,
    max: 8589934592,
    default: '2147483648',
    doc: 'Largest WordPress export accepted by `POST /v1/admin/imports`, in bytes (larger: 413 `IMPORT_TOO_LARGE`).',
  },
  {
    key: 'CDN_PURGE_URL',
    type: 'url',
    doc: 'Endpoint that purges the CDN by surrogate key: each change to a live page POSTs `{"surrogateKeys": [...]}` to it through the outbox (retried with backoff). Unset: no purge requests.',
  },
  { key: 'CDN_PURGE_TOKEN', type: 'string', secret: true, doc: 'Bearer token sent with every CDN purge request (`Authorization: Bearer <token>`).' },
  {
    key: 'PREVIEW_LINK_MAX_TTL',
    type: 'duration',
    default: '7d',
    doc: 'Longest a draft preview link may live (longer requests are refused; links minted under a longer limit stop at it too). A link also dies when its creator is deactivated or the piece is archived.',
  },
  {
    key: 'NOTIFY_DEFAULT_TIME_ZONE',
    type: 'string',
    default: 'UTC',
    doc: "IANA time zone of an account's daily notification digest until the account sets its own (`PUT /v1/admin/notifications/preferences`).",
  },
  { key: 'NOTIFY_DIGEST_HOUR', type: 'int', min: 0, max: 23, default: '7', doc: "Local hour (in the recipient's time zone) from which their daily notification digest is sent." },
  {
    key: 'NOTIFY_CHECK_INTERVAL',
    type: 'duration',
    default: '5m',
    doc: 'How often each worker process raises overdue pieces and enqueues the daily digests that are due (`0`: never; tests drive it themselves).',
  },
  { key: 'DOCS_ENABLED', type: 'bool', default: 'true', doc: 'Serve the OpenAPI UI and document under `/docs`. Set `false` to hide them (e.g. in production).' },
  {
    key: 'DESK_DIR',
    type: 'string',
    default: 'apps/desk/dist',
    doc: 'Folder of the built editorial desk (`npm run desk:build`), served at `/desk`; missing: `/desk` answers 503 `DESK_NOT_BUILT`.',
  },
  {
    key: 'NEWSROOM_TIME_ZONE',
    type: 'string',
    default: 'UTC',
    doc: 'IANA time zone the desk shows and picks schedule and embargo times in (always with UTC beside them), e.g. `Europe/Berlin`.',
  },
  {
    key: 'LOG_REQUESTS',
    type: 'bool',
    default: 'true',
    doc: 'Log one line per completed request (with request id, status, duration; API keys, tokens and other secrets in the URL show as `[REDACTED]`).',
  },
] as const satisfies readonly KeySpec[];

export type ConfigKey = (typeof CONFIG_KEYS)[number]['key'];
