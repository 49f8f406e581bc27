import type { OrganisationKind, Role } from './roles';

export interface ActorMembership {
  organisationId: string;
  kind: OrganisationKind;
}

/**
 * Who is acting: passed first to every service method that acts for a person, so each method
 * can check access to the objects it touches (not only the caller's role).
 */
export interface Actor {
  userId: string;
  roles: Role[];
  memberships: ActorMembership[];
  sessionId: string;
  /** Where the request came from, for the audit log. */
  ip?: string;
  requestId?: string;
}

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.includes(role);
}

export function isMemberOf(actor: Actor, organisationId: string): boolean {
  return actor.memberships.some((membership) => membership.organisationId === organisationId);
}
