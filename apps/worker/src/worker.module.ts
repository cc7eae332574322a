import { Module } from '@nestjs/common';

/**
 * Background work on pg-boss: feature libs define their queues (scheduled publish, outbox
 * relay, sweeps) and this module's presence makes the process run their handlers.
 */
@Module({})
export class WorkerModule {}
