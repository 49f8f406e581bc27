import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@passerelle/audit';
import { AppConfig } from '@passerelle/config';
import { OutboxModule } from '@passerelle/outbox';
import { AuthSessionEntity } from './entities/auth-session.entity';
import { MembershipEntity } from './entities/membership.entity';
import { OrganisationEntity } from './entities/organisation.entity';
import { RefreshTokenEntity } from './entities/refresh-token.entity';
import { UserEntity } from './entities/user.entity';
import { OrganisationRepository } from './repositories/organisation.repository';
import { SessionRepository } from './repositories/session.repository';
import { UserRepository } from './repositories/user.repository';
import { AccountService } from './services/account.service';
import { AuthenticationService } from './services/authentication.service';
import { LoginThrottle } from './services/login-throttle.service';
import { PasswordHasher } from './services/password-hasher.service';
import { SessionService } from './services/session.service';
import { TokenService } from './services/token.service';
import { OrganisationDirectory } from './services/organisation-directory.service';
import { UserDirectory } from './services/user-directory.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity, MembershipEntity, OrganisationEntity, AuthSessionEntity, RefreshTokenEntity]),
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.auth.jwtSecret,
        signOptions: { algorithm: 'HS256', issuer: 'passerelle', audience: 'passerelle-api' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'passerelle', audience: 'passerelle-api' },
      }),
    }),
    AuditModule,
    OutboxModule,
  ],
  providers: [
    UserRepository,
    OrganisationRepository,
    SessionRepository,
    PasswordHasher,
    TokenService,
    LoginThrottle,
    SessionService,
    AuthenticationService,
    AccountService,
    UserDirectory,
    OrganisationDirectory,
  ],
  exports: [AuthenticationService, SessionService, AccountService, UserDirectory, OrganisationDirectory],
})
export class IdentityModule {}
