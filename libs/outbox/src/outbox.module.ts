import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OUTBOX_ENTITIES } from './outbox.entity.js';
import { OutboxRelay } from './outbox.relay.js';
import { Outbox } from './outbox.service.js';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature(OUTBOX_ENTITIES)],
  providers: [Outbox, OutboxRelay],
  exports: [Outbox, OutboxRelay],
})
export class OutboxModule {}
