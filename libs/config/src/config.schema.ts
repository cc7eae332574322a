/**
 * Every configuration key the system reads, with its type, default and documentation.
 * This table is the single source for boot-time validation and for the README's
 * configuration table (a unit test keeps the two in step).
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
  { key: 'PUBLIC_BASE_URL', type: 'url', default: 'http://localhost:3000', doc: 'Public origin used in links (feeds, mails, preview links).' },
  { key: 'API_SURFACES', type: 'list', values: ['admin', 'content'], default: 'admin,content', doc: 'Which HTTP surfaces this process mounts: `admin` (/v1/admin, /v1/auth), `content` (/v1/content, feeds).' },
  { key: 'JOBS_IN_PROCESS', type: 'bool', default: 'true', doc: 'Run the worker (pg-boss job handlers) inside the api process. Set `false` when running `apps/worker` separately.' },
  { key: 'DATABASE_URL', type: 'url', doc: 'PostgreSQL 15+ connection string. Unset: an embedded PostgreSQL is started with data under `EMBEDDED_PG_DIR`.' },
  { key: 'DATABASE_SCHEMA', type: 'string', default: 'public', doc: 'Schema holding the tables (the test harness uses one per spec file).' },
  { key: 'DATABASE_POOL_SIZE', type: 'int', min: 1, max: 200, default: '10', doc: 'Connections in each process\'s pool.' },
  { key: 'DATABASE_STATEMENT_TIMEOUT', type: 'duration', default: '15s', doc: 'Server-side statement timeout for every connection.' },
  { key: 'EMBEDDED_PG_DIR', type: 'string', default: '.data/postgres', doc: 'Data directory of the embedded PostgreSQL (kept across restarts). Only used when `DATABASE_URL` is unset.' },
  { key: 'EMBEDDED_PG_PORT', type: 'int', min: 1, max: 65535, default: '54329', doc: 'Port of the embedded PostgreSQL (listens on 127.0.0.1 only).' },
  { key: 'SEED_DEMO', type: 'enum', values: ['auto', 'always', 'never'], default: 'auto', doc: '`auto`: load demo content on the first start of the embedded database; `always`: on every empty database; `never`.' },
  { key: 'JOBS_SCHEMA', type: 'string', default: 'pgboss', doc: 'Schema pg-boss keeps its queues in.' },
  { key: 'JWT_SECRET', type: 'string', default: 'dev-only-insecure-jwt-secret-change-me', secret: true, requiredInProduction: true, doc: 'HMAC key signing access tokens (at least 32 characters). Must be set in production; identical on every instance.' },
  { key: 'ACCESS_TOKEN_TTL', type: 'duration', default: '15m', doc: 'Lifetime of an access token.' },
  { key: 'REFRESH_TOKEN_TTL', type: 'duration', default: '30d', doc: 'Lifetime of a refresh token (rotated on every use).' },
  { key: 'LOGIN_MAX_FAILURES', type: 'int', min: 1, max: 100, default: '5', doc: 'Failed logins per account+IP before backoff starts.' },
  { key: 'TRUSTED_PROXIES', type: 'list', default: '', doc: 'Comma-separated proxy addresses/CIDRs whose `X-Forwarded-For` is believed. Empty: the socket address is the client.' },
  { key: 'BODY_LIMIT_BYTES', type: 'int', min: 1024, max: 104857600, default: '1048576', doc: 'Largest accepted JSON request body.' },
  { key: 'SHUTDOWN_GRACE', type: 'duration', default: '10s', doc: 'How long a stopping process drains in-flight requests and jobs.' },
  { key: 'LOG_LEVEL', type: 'enum', values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info', doc: 'Structured JSON log level (pino).' },
  { key: 'LOG_REQUESTS', type: 'bool', default: 'true', doc: 'Log one line per completed request (with request id, status, duration).' },
] as const satisfies readonly KeySpec[];

export type ConfigKey = (typeof CONFIG_KEYS)[number]['key'];
