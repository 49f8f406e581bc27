import type { Actor } from '@passerelle/identity';

/** The funder organisations the caller is a member of. */
export function funderIdsOf(actor: Actor): string[] {
  return actor.memberships.filter((membership) => membership.kind === 'funder').map((membership) => membership.organisationId);
}
