import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@passerelle/common';
import type { Actor, Role } from '@passerelle/identity';
import { REQUIRED_ROLES } from './access.decorators';

/** Global, after JwtAuthGuard: enforces @Roles(); routes without it accept any authenticated role. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required || required.length === 0) return true;
    const actor = context.switchToHttp().getRequest<{ user?: Actor }>().user;
    if (actor && actor.roles.some((role) => required.includes(role))) return true;
    throw new DomainError('FORBIDDEN', 'forbidden', 'Your role does not allow this action.');
  }
}
