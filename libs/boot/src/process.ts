import type { Logger as Pino } from 'pino';
import { ConfigError, loadConfig, type AppConfig } from '#libs/config';

/** Loads config or exits with a message naming each bad key. */
export function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nSee the configuration table in docs/configuration.md.\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
}

/**
 * Stops gracefully on SIGTERM/SIGINT: `stop` drains and releases everything; a second signal
 * or the grace period running out forces the exit.
 */
export function onShutdownSignal(log: Pino, graceMs: number, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error('shutdown grace period exceeded: exiting');
      process.exit(1);
    }, graceMs + 5_000);
    force.unref();
    stop().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => handler('SIGTERM'));
  process.on('SIGINT', () => handler('SIGINT'));
}
