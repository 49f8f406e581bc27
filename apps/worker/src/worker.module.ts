import { Module, type DynamicModule } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { LoggerModule } from 'nestjs-pino';
import { BILLING_QUEUE, BillingModule } from '@passerelle/billing';
import { AppConfig, ConfigModule } from '@passerelle/config';
import { DatabaseModule } from '@passerelle/database';
import { NotificationsModule } from '@passerelle/notifications';
import { NOTIFICATIONS_QUEUE, OUTBOX_QUEUE, OutboxModule } from '@passerelle/outbox';
import { RedisModule, bullPrefix, redisConnectionOptions } from '@passerelle/redis';
import { VOUCHERS_QUEUE, VoucherExpiryModule } from '@passerelle/vouchers';
import { JobSchedulers } from './job-schedulers';
import { OutboxRelayLoop } from './outbox-relay.loop';
import { withJobLocks } from './processor-options';
import { BillingProcessor } from './processors/billing.processor';
import { NotificationsProcessor } from './processors/notifications.processor';
import { OutboxProcessor } from './processors/outbox.processor';
import { VouchersProcessor } from './processors/vouchers.processor';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        // JSON lines like the API's, tagged with the service name.
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel, base: { service: 'worker', pid: process.pid } } }),
        DatabaseModule,
        RedisModule,
        OutboxModule,
        NotificationsModule,
        VoucherExpiryModule,
        BillingModule,
        // Same connection and key prefix as the producers (QueueRegistry), or the jobs are never seen.
        BullModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (appConfig: AppConfig) => ({
            connection: redisConnectionOptions(appConfig),
            prefix: bullPrefix(appConfig),
          }),
        }),
        // Registering the queue is also what makes @nestjs/bullmq discover the @Processor classes.
        BullModule.registerQueue({ name: NOTIFICATIONS_QUEUE }),
        BullModule.registerQueue({ name: VOUCHERS_QUEUE }),
        BullModule.registerQueue({ name: BILLING_QUEUE }),
        BullModule.registerQueue({ name: OUTBOX_QUEUE }),
      ],
      providers: [
        ...withJobLocks(config, [NotificationsProcessor, BillingProcessor, VouchersProcessor, OutboxProcessor]),
        OutboxRelayLoop,
        JobSchedulers,
      ],
    };
  }
}
