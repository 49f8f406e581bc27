import { DomainError } from '@passerelle/common';
import { formatEuros } from '../euros';

/** Also the answer to non-members: whether the offer exists is not theirs to know. */
export const offerNotFound = () => new DomainError('OFFER_NOT_FOUND', 'not_found', 'Offre introuvable.');

/** Same code and message as the structures context, so a place never leaks across tenants. */
export const offerPlaceNotFound = () => new DomainError('PLACE_NOT_FOUND', 'not_found', 'Lieu introuvable.');

export const offerStructureNotFound = () => new DomainError('STRUCTURE_NOT_FOUND', 'not_found', 'Structure introuvable.');

export const offerProcedureNotFound = (code: string) =>
  new DomainError('PROCEDURE_NOT_FOUND', 'not_found', 'Démarche introuvable.', { procedureCode: code });

export const invalidPricing = (message: string) => new DomainError('INVALID_PRICING', 'invalid_input', message);

export const forbidden = () => new DomainError('FORBIDDEN', 'forbidden', 'Action non autorisée.');

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

const MODALITY_WORDS: Record<string, string> = {
  on_site: 'sur place',
  phone: 'par téléphone',
  video: 'en visio',
  at_home: 'à domicile',
  itinerant: 'en itinérance',
};

export const modalityNotAtPlace = (modality: string, placeModalities: readonly string[]) =>
  new DomainError(
    'MODALITY_NOT_AT_PLACE',
    'business_rule',
    `Ce lieu ne propose pas d'accompagnement ${MODALITY_WORDS[modality] ?? modality} : choisissez une modalité du lieu ` +
      `(${placeModalities.map((value) => MODALITY_WORDS[value] ?? value).join(', ')}) ou ajoutez-la d'abord au lieu.`,
    { modality, placeModalities: [...placeModalities] },
  );

export const modalityInUse = (offers: { id: string; modality: string }[]) =>
  new DomainError(
    'MODALITY_IN_USE',
    'conflict',
    `Des offres de ce lieu utilisent une modalité que vous retirez (${[...new Set(offers.map((offer) => MODALITY_WORDS[offer.modality] ?? offer.modality))].join(', ')}) : ` +
      'changez d’abord leur modalité ou déplacez-les vers un autre lieu.',
    { offerIds: offers.map((offer) => offer.id), modalities: [...new Set(offers.map((offer) => offer.modality))] },
  );
