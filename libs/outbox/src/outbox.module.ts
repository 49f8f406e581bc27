import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxMessageEntity } from './outbox-message.entity';
import { OutboxPruner } from './outbox-pruner.service';
import { OutboxRelay } from './outbox-relay.service';
import { OutboxRepository } from './outbox.repository';
import { OutboxWriter } from './outbox-writer.service';
import { QueueRegistry } from './queue-registry.service';

/**
 * Import it wherever a service writes jobs (OutboxWriter) or relays and prunes them (OutboxRelay,
 * OutboxPruner: the worker).
 * Queues are created on first relay only, so importing it opens no Redis connection.
 */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessageEntity])],
  providers: [OutboxRepository, OutboxWriter, OutboxRelay, OutboxPruner, QueueRegistry],
  exports: [OutboxWriter, OutboxRelay, OutboxPruner, QueueRegistry],
})
export class OutboxModule {}
