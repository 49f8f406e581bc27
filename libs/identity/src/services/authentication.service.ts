import { Injectable } from '@nestjs/common';
import { AuditService } from '@passerelle/audit';
import { TransactionRunner } from '@passerelle/database';
import { OutboxWriter, NOTIFICATIONS_QUEUE } from '@passerelle/outbox';
import { emailAlreadyRegistered, invalidCredentials } from '../identity.errors';
import { UserRepository } from '../repositories/user.repository';
import type { Role } from '../roles';
import { LoginThrottle } from './login-throttle.service';
import { PasswordHasher } from './password-hasher.service';
import { SessionService, type RequestOrigin, type TokenPair } from './session.service';

/** A user whose password has just been checked, before a session is opened. */
export interface AuthenticatedUser {
  id: string;
  roles: Role[];
}

export interface Registration {
  email: string;
  password: string;
  displayName: string;
}

/** Self sign-up (beneficiaries only) and password login. */
@Injectable()
export class AuthenticationService {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly sessions: SessionService,
    private readonly transactions: TransactionRunner,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditService,
  ) {}

  async register(input: Registration, origin: RequestOrigin): Promise<{ userId: string } & TokenPair> {
    const passwordHash = await this.hasher.hash(input.password);
    return this.transactions.run(async (tx) => {
      const user = await this.users.insertIfEmailFree(
        { email: input.email, passwordHash, displayName: input.displayName, roles: ['beneficiary'] },
        tx,
      );
      if (!user) throw emailAlreadyRegistered();
      await this.audit.record(
        { userId: user.id, roles: user.roles, ...origin },
        { action: 'user.registered', objectType: 'user', objectId: user.id },
        tx,
      );
      await this.outbox.add(tx, { queue: NOTIFICATIONS_QUEUE, name: 'welcome-email', payload: { userId: user.id } });
      const pair = await this.sessions.open(user, origin, tx);
      return { userId: user.id, ...pair };
    });
  }

  /** Checks a password login; every failure looks the same and counts against the IP and the account. */
  async verifyCredentials(email: string, password: string, ip: string): Promise<AuthenticatedUser> {
    await this.throttle.beforeAttempt(email, ip);
    const user = await this.users.findByEmail(email);
    const valid = user ? await this.hasher.verify(user.passwordHash, password) : await this.hasher.verifyAgainstNothing(password);
    if (!user || !valid || user.status !== 'active') {
      await this.throttle.recordFailure(email);
      throw invalidCredentials();
    }
    await this.throttle.recordSuccess(email);
    return { id: user.id, roles: user.roles };
  }

  login(user: AuthenticatedUser, origin: RequestOrigin): Promise<TokenPair> {
    return this.sessions.open(user, origin);
  }
}
