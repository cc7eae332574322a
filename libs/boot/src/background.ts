import type { INestApplicationContext } from '@nestjs/common';
import { Jobs } from '#libs/jobs';
import { OutboxRelay } from '#libs/outbox';

/**
 * Starts pg-boss (every process enqueues) and, in worker processes, the job handlers and the
 * outbox relay.
 */
export async function startBackground(app: INestApplicationContext, worker: boolean): Promise<void> {
  await app.get(Jobs).start(worker);
  if (worker) await app.get(OutboxRelay).start();
}
