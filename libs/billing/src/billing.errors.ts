import { DomainError } from '@passerelle/common';

export const paymentsByBankTransfer = () =>
  new DomainError(
    'PAYOUTS_BY_BANK_TRANSFER',
    'conflict',
    "Les paiements en ligne ne sont pas activés sur cette plateforme : les versements aux structures se font par virement bancaire.",
  );

export const onlinePaymentsDisabled = () =>
  new DomainError(
    'ONLINE_PAYMENTS_DISABLED',
    'conflict',
    'Les paiements en ligne ne sont pas activés sur cette plateforme : réglez par virement sur le compte indiqué sur la facture.',
  );

export const paymentProviderUnavailable = (detail: string) =>
  new DomainError('PAYMENT_PROVIDER_UNAVAILABLE', 'unavailable', 'Le prestataire de paiement ne répond pas ; réessayez plus tard.', {
    detail,
  });

export const stripeWebhooksDisabled = () =>
  new DomainError('STRIPE_WEBHOOKS_DISABLED', 'unavailable', "Les webhooks Stripe ne sont pas configurés (STRIPE_WEBHOOK_SECRET).");

export const stripeSignatureInvalid = () =>
  new DomainError('STRIPE_SIGNATURE_INVALID', 'invalid_input', 'Signature Stripe absente ou invalide.');

export const stripeEventInvalid = () =>
  new DomainError('STRIPE_EVENT_INVALID', 'invalid_input', "Événement Stripe illisible (identifiant ou type manquant).");

export const invoiceAlreadyExists = () =>
  new DomainError('INVOICE_ALREADY_EXISTS', 'conflict', 'Une facture existe déjà pour ce financeur, ce programme et cette période.');

export const invoiceInvalid = (reason: string) => new DomainError('INVOICE_INVALID', 'invalid_input', reason);

export const invoicingForbidden = () => new DomainError('FORBIDDEN', 'forbidden', 'Action non autorisée.');

export const invoicingPeriodInvalid = () =>
  new DomainError('INVOICING_PERIOD_INVALID', 'invalid_input', 'La période est un mois au format AAAA-MM.');

export const invoiceNotFound = () => new DomainError('INVOICE_NOT_FOUND', 'not_found', 'Facture introuvable.');

export const invoiceAlreadyCredited = () =>
  new DomainError('INVOICE_ALREADY_CREDITED', 'conflict', 'Cette facture a déjà été annulée par un avoir : il ne reste rien à créditer.');

export const creditNoteNotCreditable = () =>
  new DomainError('CREDIT_NOTE_NOT_CREDITABLE', 'conflict', "Un avoir ne se corrige pas par un avoir : émettez une nouvelle facture si besoin.");

export const creditReasonInvalid = () =>
  new DomainError('CREDIT_NOTE_REASON_INVALID', 'invalid_input', "Le motif de l'avoir est obligatoire (500 caractères au plus).");
export const invoiceNotPayable = () =>
  new DomainError('INVOICE_NOT_PAYABLE', 'business_rule', "Cette pièce ne se paie pas (avoir, ou facture annulée par un avoir).");

export const invoiceAlreadyPaid = () => new DomainError('INVOICE_ALREADY_PAID', 'conflict', 'Cette facture est déjà entièrement payée.');

export const paymentExceedsAmountDue = (amountDueCents: number) =>
  new DomainError('PAYMENT_EXCEEDS_AMOUNT_DUE', 'business_rule', 'Le montant dépasse le reste à payer de la facture.', { amountDueCents });

export const paymentReferenceConflict = () =>
  new DomainError(
    'PAYMENT_REFERENCE_CONFLICT',
    'conflict',
    'Un paiement de cette référence est déjà enregistré sur cette facture, avec un autre montant ou une autre date.',
  );

export const paymentDateInvalid = () =>
  new DomainError('PAYMENT_DATE_INVALID', 'invalid_input', 'La date de réception est une date valide (AAAA-MM-JJ), pas dans le futur.');

export const reconciliationPeriodInvalid = () =>
  new DomainError('RECONCILIATION_PERIOD_INVALID', 'invalid_input', 'Les bornes sont des dates AAAA-MM-JJ, la première au plus tard la seconde.');

export const payoutLineNotFound = () => new DomainError('PAYOUT_LINE_NOT_FOUND', 'not_found', 'Ligne de versement introuvable.');

/** `paidBy` and `reference`: how it was paid (the Stripe transfer id, or the bank transfer's reference and day). */
export const payoutLineAlreadyPaid = (details: { paidBy: 'stripe' | 'bank_transfer'; reference: string | null; paidOn: string | null }) =>
  new DomainError(
    'PAYOUT_LINE_ALREADY_PAID',
    'conflict',
    'Ce versement est déjà payé (par Stripe, ou par un virement enregistré sous une autre référence ou à une autre date).',
    details,
  );

export const payoutLineTransferInProgress = () =>
  new DomainError(
    'PAYOUT_LINE_TRANSFER_IN_PROGRESS',
    'conflict',
    "Un virement Stripe de ce versement est en cours : l'enregistrer aussi comme payé par banque paierait la structure deux fois.",
  );

export const payoutDateInvalid = () =>
  new DomainError('PAYOUT_DATE_INVALID', 'invalid_input', "La date du virement est une date valide (AAAA-MM-JJ), pas dans le futur.");

export const creditNoteLineInvalid = (position: number, why: string) =>
  new DomainError('CREDIT_NOTE_LINE_INVALID', 'business_rule', `Ligne n° ${position} : ${why}`, { position });

export const creditNoteExceedsInvoice = (position: number, remainingQuantity: number) =>
  new DomainError('CREDIT_NOTE_EXCEEDS_INVOICE', 'conflict', `La ligne n° ${position} ne peut plus être créditée que de ${remainingQuantity} pass.`, {
    position,
    remainingQuantity,
  });

/** Re-billing vouchers whose invoice is paid would plan their payout a second time, on the next invoice. */
export const creditNoteRebillAfterPayout = () =>
  new DomainError(
    'CREDIT_NOTE_REBILL_AFTER_PAYOUT',
    'conflict',
    "Cette facture est payée et ses versements aux structures sont prévus : ses pass ne peuvent plus être refacturés (créditez sans refacturation).",
  );

export const creditNoteVoucherInvalid = (position: number, voucherId: string) =>
  new DomainError('CREDIT_NOTE_VOUCHER_INVALID', 'business_rule', `Le pass ${voucherId} ne figure pas sur la ligne n° ${position} de la facture.`, {
    position,
    voucherId,
  });
