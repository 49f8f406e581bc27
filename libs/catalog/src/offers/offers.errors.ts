import { DomainError } from '@passerelle/common';

/** Also the answer to non-members: whether the offer exists is not theirs to know. */
export const offerNotFound = () => new DomainError('OFFER_NOT_FOUND', 'not_found', 'Offre introuvable.');

/** Same code and message as the structures context, so a place never leaks across tenants. */
export const offerPlaceNotFound = () => new DomainError('PLACE_NOT_FOUND', 'not_found', 'Lieu introuvable.');

export const offerStructureNotFound = () => new DomainError('STRUCTURE_NOT_FOUND', 'not_found', 'Structure introuvable.');

export const offerProcedureNotFound = (code: string) =>
  new DomainError('PROCEDURE_NOT_FOUND', 'not_found', 'Démarche introuvable.', { procedureCode: code });

export const invalidPricing = (message: string) => new DomainError('INVALID_PRICING', 'invalid_input', message);

export const forbidden = () => new DomainError('FORBIDDEN', 'forbidden', 'Action non autorisée.');

/** "45,00 €": the cap as people read it, from integer cents (no floats). */
export function formatEuros(cents: number): string {
  const euros = Math.trunc(cents / 100).toLocaleString('fr-FR').replace(/\s/g, '\u00a0');
  return `${euros},${String(cents % 100).padStart(2, '0')}\u00a0€`;
}

export const priceAboveCap = (priceCents: number, maxPriceCents: number, departement: string | null) =>
  new DomainError(
    'PRICE_ABOVE_CAP',
    'business_rule',
    `Le prix (${formatEuros(priceCents)}) dépasse le prix plafond de ${formatEuros(maxPriceCents)} TTC fixé pour cette démarche ` +
      (departement ? `dans le département ${departement}.` : 'au niveau national.'),
    { maxPriceCents, departement, priceCents },
  );

export const offerSuspendedOverCap = () =>
  new DomainError(
    'OFFER_SUSPENDED_OVER_CAP',
    'business_rule',
    "Cette offre est suspendue car son prix dépasse le prix plafond : indiquez un prix inférieur ou égal au plafond pour la réactiver.",
  );
