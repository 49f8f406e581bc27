import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@passerelle/config';
import { dataSourceOptions } from './data-source';
import { DatabaseHealth } from './database-health';
import { TransactionRunner } from './transaction-runner';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config),
        autoLoadEntities: true,
        // Boot checks reachability first and says what to do; no silent retry loop here.
        retryAttempts: 0,
      }),
    }),
  ],
  providers: [TransactionRunner, DatabaseHealth],
  exports: [TransactionRunner, DatabaseHealth],
})
export class DatabaseModule {}
