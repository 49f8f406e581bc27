import { DomainError } from '@passerelle/common';

export const forbidden = () => new DomainError('FORBIDDEN', 'forbidden', 'Action non autorisée.');

/** Also the answer to other funders: whether the funder or program exists is not theirs to know. */
export const funderNotFound = () => new DomainError('FUNDER_NOT_FOUND', 'not_found', 'Financeur introuvable.');
export const funderSiretTaken = () =>
  new DomainError('FUNDER_ALREADY_REGISTERED', 'conflict', 'Un financeur avec ce SIRET existe déjà.');
export const funderRequired = () =>
  new DomainError('FUNDER_REQUIRED', 'invalid_input', 'Indiquez le financeur (funderId) : vous êtes membre de plusieurs.');
export const programNotFound = () => new DomainError('PROGRAM_NOT_FOUND', 'not_found', 'Dispositif introuvable.');
export const batchNotFound = () => new DomainError('BATCH_NOT_FOUND', 'not_found', 'Carnet introuvable.');
export const invalidProgram = (message: string) => new DomainError('INVALID_PROGRAM', 'invalid_input', message);
export const programPaused = () =>
  new DomainError('PROGRAM_PAUSED', 'business_rule', 'Ce dispositif est suspendu par son financeur.', { reason: 'PROGRAM_PAUSED' });
export const budgetExceeded = (requestedCents: number, leftCents: number) =>
  new DomainError('BUDGET_EXCEEDED', 'business_rule', 'Le budget du dispositif ne permet pas d’émettre autant de chèques.', {
    requestedCents,
    budgetLeftCents: leftCents,
  });

/** Unknown code, malformed code, or a code of another funder: all the same answer. */
export const voucherNotFound = () => new DomainError('VOUCHER_NOT_FOUND', 'not_found', 'Code de chèque inconnu.');
export const voucherAlreadyRedeemed = () =>
  new DomainError('VOUCHER_ALREADY_REDEEMED', 'conflict', 'Ce chèque a déjà été utilisé.');
export const voucherAlreadyAssigned = () =>
  new DomainError('VOUCHER_ALREADY_ASSIGNED', 'conflict', 'Ce chèque a déjà été remis à une personne.');
export const bookingAlreadyRedeemed = () =>
  new DomainError('BOOKING_ALREADY_REDEEMED', 'conflict', 'Un chèque a déjà été utilisé pour ce rendez-vous.');
export const voucherExpired = () => new DomainError('VOUCHER_EXPIRED', 'gone', 'Ce chèque a expiré.');
export const voucherCancelled = () => new DomainError('VOUCHER_CANCELLED', 'gone', 'Ce chèque a été annulé.');
export const idempotencyKeyReused = () =>
  new DomainError(
    'IDEMPOTENCY_KEY_REUSED',
    'conflict',
    'Cette clé d’idempotence a déjà servi pour un autre chèque ou un autre rendez-vous.',
  );
export const bookingNotFound = () => new DomainError('BOOKING_NOT_FOUND', 'not_found', 'Rendez-vous introuvable.');
export const redemptionNotFound = () => new DomainError('REDEMPTION_NOT_FOUND', 'not_found', 'Utilisation introuvable.');
export const undoWindowClosed = () =>
  new DomainError('UNDO_WINDOW_CLOSED', 'business_rule', 'Une utilisation ne peut être annulée que dans les 24 heures.', {
    reason: 'UNDO_WINDOW_CLOSED',
  });
export const redemptionInvoiced = () =>
  new DomainError('REDEMPTION_INVOICED', 'conflict', 'Ce chèque est déjà facturé : son utilisation ne peut plus être annulée.');
export const redemptionAlreadyUndone = () =>
  new DomainError('REDEMPTION_ALREADY_UNDONE', 'conflict', 'Cette utilisation a déjà été annulée.');
export const wrongCodesRateLimited = (retryAfterSeconds: number) =>
  new DomainError('VOUCHER_ATTEMPTS_RATE_LIMITED', 'rate_limited', 'Trop de codes erronés. Réessayez plus tard.', {
    retryAfterSeconds,
  });

/** Why a voucher cannot pay for this booking; `reason` is the stable sub-code clients switch on. */
export type IneligibilityReason =
  | 'PROGRAM_PAUSED'
  | 'NOT_YET_VALID'
  | 'BOOKING_NOT_COMPLETED'
  | 'PROCEDURE_NOT_ELIGIBLE'
  | 'DEPARTEMENT_NOT_ELIGIBLE'
  | 'CREDENTIAL_MISSING'
  | 'BENEFICIARY_LIMIT_REACHED'
  | 'BENEFICIARY_MISMATCH';

const INELIGIBILITY_MESSAGES: Record<IneligibilityReason, string> = {
  PROGRAM_PAUSED: 'Le dispositif de ce chèque est suspendu.',
  NOT_YET_VALID: 'Ce chèque n’est pas encore valable.',
  BOOKING_NOT_COMPLETED: 'Le rendez-vous doit être marqué comme réalisé avant d’utiliser le chèque.',
  PROCEDURE_NOT_ELIGIBLE: 'Cette démarche n’est pas prise en charge par ce chèque.',
  DEPARTEMENT_NOT_ELIGIBLE: 'Ce chèque n’est pas valable dans le département de ce lieu.',
  CREDENTIAL_MISSING: 'Votre structure n’a pas le label exigé par ce dispositif.',
  BENEFICIARY_LIMIT_REACHED: 'Cette personne a atteint le nombre de chèques autorisé par le dispositif.',
  BENEFICIARY_MISMATCH: 'Ce chèque a été remis à une autre personne.',
};

export const voucherNotEligible = (reason: IneligibilityReason, details: Record<string, unknown> = {}) =>
  new DomainError('VOUCHER_NOT_ELIGIBLE', 'business_rule', INELIGIBILITY_MESSAGES[reason], { reason, ...details });
