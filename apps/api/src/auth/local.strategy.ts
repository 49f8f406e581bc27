import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-local';
import { AuthenticationService } from '@passerelle/identity';
import { createValidationPipe } from '../http/validation.pipe';
import { LoginDto } from '../identity/dto/login.dto';

const loginValidation = createValidationPipe();

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly authentication: AuthenticationService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  /** Guards run before pipes: the body is validated here, as the pipe would, before any lookup. */
  async validate(request: FastifyRequest) {
    const { email, password } = (await loginValidation.transform(request.body, { type: 'body', metatype: LoginDto })) as LoginDto;
    return this.authentication.verifyCredentials(email, password, request.ip);
  }
}
