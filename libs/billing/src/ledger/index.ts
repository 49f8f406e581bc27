/** `@passerelle/billing/ledger`: the ledger's entry point for other contexts (it imports nothing else of billing). */
export { LedgerModule } from './ledger.module';
export { Ledger, type FunderBalance } from './ledger.service';
export { creditNoteIssued, invoiceIssued, paymentReceived, redemptionAccrued, redemptionReversed, transferSent } from './journals';
export { LEDGER_ACCOUNTS, type JournalInput, type JournalKind, type LedgerAccount, type LedgerEntryInput } from './ledger.types';
