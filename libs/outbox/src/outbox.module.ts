import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxMessageEntity } from './outbox-message.entity';
import { OutboxRelay } from './outbox-relay.service';
import { OutboxRepository } from './outbox.repository';
import { OutboxWriter } from './outbox-writer.service';
import { QueueRegistry } from './queue-registry.service';

/**
 * Import it wherever a service writes jobs (OutboxWriter) or relays them (OutboxRelay, the worker).
 * Queues are created on first relay only, so importing it opens no Redis connection.
 */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessageEntity])],
  providers: [OutboxRepository, OutboxWriter, OutboxRelay, QueueRegistry],
  exports: [OutboxWriter, OutboxRelay, QueueRegistry],
})
export class OutboxModule {}
