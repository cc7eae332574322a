import type { LoggerService } from '@nestjs/common';
import { pino, type Logger as Pino } from 'pino';

export function createRootLogger(level: string): Pino {
  return pino({
    level,
    base: { service: 'newsroom-cms', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', '*.password'], remove: true },
  });
}

/** Nest's Logger calls, written as structured pino lines. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly root: Pino) {}

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const log = context ? this.root.child({ context }) : this.root;
    if (message && typeof message === 'object' && !(message instanceof Error)) {
      log[level](message as object, typeof rest[0] === 'string' ? rest[0] : undefined);
    } else if (message instanceof Error) {
      log[level]({ err: message }, message.message);
    } else {
      const stack = level === 'error' && typeof rest[0] === 'string' ? { stack: rest[0] } : undefined;
      log[level](stack ?? {}, String(message));
    }
  }
  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
}
