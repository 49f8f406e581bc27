import { hasRole, isMemberOf, type Actor } from '@passerelle/identity';

/** Members of the structure read and write its offers; admins only read them. */
export const canReadStructureOffers = (actor: Actor, structureId: string) =>
  hasRole(actor, 'admin') || isMemberOf(actor, structureId);

export const canWriteStructureOffers = (actor: Actor, structureId: string) =>
  hasRole(actor, 'mediator') && isMemberOf(actor, structureId);
