import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '@passerelle/common';

@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override handleRequest<T>(error: unknown, user: T | false): T {
    if (error) throw error;
    // passport-local refuses a body without email or password before our strategy runs.
    if (!user) throw new DomainError('VALIDATION_FAILED', 'invalid_input', 'email and password are required.');
    return user;
  }
}
