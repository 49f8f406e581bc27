import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Role } from '@passerelle/identity';

export const IS_PUBLIC = 'passerelle:isPublic';
export const REQUIRED_ROLES = 'passerelle:requiredRoles';

/** Opens a route to callers without a token. Every other route requires one (deny by default). */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension('x-public', true));

/** Restricts a route to callers holding one of these roles; object-level checks stay in services. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(REQUIRED_ROLES, roles), ApiExtension('x-roles', roles));
