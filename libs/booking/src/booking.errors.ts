import { DomainError } from '@passerelle/common';

/** Also the answer to anyone who may not see the booking: whether it exists is not theirs to know. */
export const bookingNotFound = () => new DomainError('BOOKING_NOT_FOUND', 'not_found', 'Rendez-vous introuvable.');

export const offerNotFound = () => new DomainError('OFFER_NOT_FOUND', 'not_found', 'Offre introuvable.');

export const closureNotFound = () => new DomainError('CLOSURE_NOT_FOUND', 'not_found', 'Fermeture introuvable.');

export const invalidOpeningRules = (message: string) => new DomainError('INVALID_OPENING_RULES', 'invalid_input', message);

export const invalidPeriod = (message: string) => new DomainError('INVALID_PERIOD', 'invalid_input', message);

export const beneficiaryRequired = () =>
  new DomainError(
    'BENEFICIARY_REQUIRED',
    'invalid_input',
    'Indiquez le nom et le numéro de téléphone de la personne accompagnée (beneficiary.name, beneficiary.phone).',
  );

export const offerNotBookable = () =>
  new DomainError('OFFER_NOT_BOOKABLE', 'business_rule', "Cette offre n'est pas ouverte à la réservation.");

export const slotNotAvailable = () =>
  new DomainError('SLOT_NOT_AVAILABLE', 'business_rule', "Ce créneau n'existe pas, est passé ou est fermé.");

export const slotFull = () => new DomainError('SLOT_FULL', 'conflict', 'Ce créneau est complet.');

export const alreadyBooked = () =>
  new DomainError('ALREADY_BOOKED', 'conflict', 'Cette personne a déjà un rendez-vous sur ce créneau.');

export const illegalTransition = (from: string, action: string) =>
  new DomainError('ILLEGAL_TRANSITION', 'conflict', `Impossible : le rendez-vous est « ${from} ».`, { currentStatus: from, action });

export const cancellationDeadlinePassed = (deadlineMinutes: number) =>
  new DomainError(
    'CANCELLATION_DEADLINE_PASSED',
    'business_rule',
    `Il est trop tard pour annuler en ligne (au plus tard ${deadlineMinutes} minutes avant le rendez-vous) : appelez le lieu.`,
    { deadlineMinutes },
  );

export const bookingNotStarted = () =>
  new DomainError('BOOKING_NOT_STARTED', 'business_rule', "Le rendez-vous n'a pas encore commencé.");

export const reasonRequired = () =>
  new DomainError('CANCEL_REASON_REQUIRED', 'invalid_input', "Indiquez la raison de l'annulation (reason).");
