import { hasRole, type Actor } from '@passerelle/identity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The funders whose invoices the actor may read: null for all (admin), none for other roles. */
export function invoiceScopeOf(actor: Actor): string[] | null {
  if (hasRole(actor, 'admin')) return null;
  if (!hasRole(actor, 'funder')) return [];
  return actor.memberships.filter((m) => m.kind === 'funder').map((m) => m.organisationId);
}
