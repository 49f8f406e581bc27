import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '@passerelle/config';
import { SessionService, type AccessTokenClaims, type Actor } from '@passerelle/identity';
import { originOf } from './current-actor.decorator';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly sessions: SessionService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.auth.jwtSecret,
      algorithms: ['HS256'],
      issuer: 'passerelle',
      audience: 'passerelle-api',
      passReqToCallback: true,
    });
  }

  /** The signature is valid; the session must still be live and the user active. */
  validate(request: FastifyRequest, claims: AccessTokenClaims): Promise<Actor> {
    return this.sessions.resolveActor(claims.sub, claims.sid, originOf(request));
  }
}
