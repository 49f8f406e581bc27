import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig, ConfigModule } from '@passerelle/config';
import { DatabaseModule } from '@passerelle/database';
import { IdentityModule } from '@passerelle/identity';
import { RedisModule } from '@passerelle/redis';
import { BookingHttpModule } from './booking/booking.http-module';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { BillingHttpModule } from './billing/billing.http-module';
import { JwtStrategy } from './auth/jwt.strategy';
import { LocalStrategy } from './auth/local.strategy';
import { RolesGuard } from './auth/roles.guard';
import { OffersHttpModule } from './catalog/offers.http-module';
import { OpenDataHttpModule } from './catalog/open-data.http-module';
import { ProceduresHttpModule } from './catalog/procedures.http-module';
import { SearchHttpModule } from './catalog/search.http-module';
import { StructuresHttpModule } from './catalog/structures.http-module';
import { HealthController } from './health/health.controller';
import { ApiRateLimitGuard } from './http/api-rate-limit.guard';
import { httpLoggerOptions } from './http/http-logger';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { AdminUsersController } from './identity/admin-users.controller';
import { AuthController } from './identity/auth.controller';
import { MeController } from './identity/me.controller';
import { VouchersHttpModule } from './vouchers/vouchers.http-module';

@Module({})
export class ApiModule {
  /** `logDestination` defaults to stdout; tests pass a stream to read the lines back. */
  static forRoot(config: AppConfig, logDestination?: DestinationStream): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(httpLoggerOptions(config, logDestination)),
        DatabaseModule,
        RedisModule,
        PassportModule,
        IdentityModule,
        ProceduresHttpModule,
        StructuresHttpModule,
        OffersHttpModule,
        SearchHttpModule,
        OpenDataHttpModule,
        VouchersHttpModule,
        BillingHttpModule,
        BookingHttpModule,
      ],
      controllers: [HealthController, AuthController, MeController, AdminUsersController],
      providers: [
        JwtStrategy,
        LocalStrategy,
        // Order matters: budget first, then who you are, then what your role allows.
        { provide: APP_GUARD, useClass: ApiRateLimitGuard },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
