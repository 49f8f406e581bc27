import { FoundationExtensions1795392000000 } from './1795392000000-foundation-extensions';
import { Identity1795392000100 } from './1795392000100-identity';
import { AuditLog1795392000200 } from './1795392000200-audit-log';
import { Outbox1795392000300 } from './1795392000300-outbox';
import { NotificationLog1795392000400 } from './1795392000400-notification-log';
import { Catalog1795392000500 } from './1795392000500-catalog';
import { ProcedureCatalog1795392000600 } from './1795392000600-procedure-catalog';
import { OfferSearch1795392000700 } from './1795392000700-offer-search';
import { Booking1795392000800 } from './1795392000800-booking';
import { OutboxJobControl1795392000810 } from './1795392000810-outbox-job-control';
import { Vouchers1795392000900 } from './1795392000900-vouchers';
import { Billing1795392001000 } from './1795392001000-billing';
import { PlaceDepartementChanges1795392001100 } from './1795392001100-place-departement-changes';
import { PlaceMovesByImport1795392001101 } from './1795392001101-place-moves-by-import';
import { CreditNotes1795392001200 } from './1795392001200-credit-notes';
import { Payments1795392001300 } from './1795392001300-payments';
import { LedgerAccrualsAndInvoiceKeys1795392001400 } from './1795392001400-ledger-accruals-and-invoice-keys';
import { PayoutBankTransfers1795392001600 } from './1795392001600-payout-bank-transfers';
import { PartialCreditNotes1795392001700 } from './1795392001700-partial-credit-notes';
import { HotVoucherLifecycle1795392001800 } from './1795392001800-hot-voucher-lifecycle';
import { OfferPlaceStructure1795392001900 } from './1795392001900-offer-place-structure';
import { OutboxPruning1795392001901 } from './1795392001901-outbox-pruning';

/** Every migration, in order. A new migration is added here in the same commit. */
export const migrations = [
  FoundationExtensions1795392000000,
  Identity1795392000100,
  AuditLog1795392000200,
  Outbox1795392000300,
  NotificationLog1795392000400,
  Catalog1795392000500,
  ProcedureCatalog1795392000600,
  OfferSearch1795392000700,
  Booking1795392000800,
  OutboxJobControl1795392000810,
  Vouchers1795392000900,
  Billing1795392001000,
  PlaceDepartementChanges1795392001100,
  PlaceMovesByImport1795392001101,
  CreditNotes1795392001200,
  Payments1795392001300,
  LedgerAccrualsAndInvoiceKeys1795392001400,
  PayoutBankTransfers1795392001600,
  PartialCreditNotes1795392001700,
  HotVoucherLifecycle1795392001800,
  OfferPlaceStructure1795392001900,
  OutboxPruning1795392001901,
];
