import type { Actor } from '@passerelle/identity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The funder organisations the caller is a member of. */
export function funderIdsOf(actor: Actor): string[] {
  return actor.memberships.filter((membership) => membership.kind === 'funder').map((membership) => membership.organisationId);
}
