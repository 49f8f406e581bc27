import { hasRole, type Actor } from '@passerelle/identity';

/** The funders whose invoices the actor may read: null for all (admin), none for other roles. */
export function invoiceScopeOf(actor: Actor): string[] | null {
  if (hasRole(actor, 'admin')) return null;
  if (!hasRole(actor, 'funder')) return [];
  return actor.memberships.filter((m) => m.kind === 'funder').map((m) => m.organisationId);
}
