export { assertServicesReachable } from './services-check';
export { eventually } from './eventually';
export {
  TEST_PASSWORD,
  createOrganisation,
  createUser,
  uniqueEmail,
  type OrganisationRow,
  type UserRow,
} from './factories';
export { ownRedis, type OwnedRedis } from './owned-redis';
export { ownPostgres, type OwnedPostgres } from './owned-postgres';
export { freePort } from './free-port';
export { ensureAppsBuilt, startApiProcess, startWorkerProcess, type ApiProcess, type AppProcess, type ProcessExit } from './app-processes';
export { startTestApi, type LoggedIn, type TestApi } from './test-api';
export { startSmtpSink, type SinkMessage, type SmtpSink } from './smtp-sink';
export { createTestDatabase, type TestDatabase } from './test-database';
export { actorFor, startTestWorker, type TestWorker } from './test-worker';
export { databaseUrl, isolatedName, testConfig, testEnvironment } from './test-env';
export {
  createCredential,
  createOffer,
  createPlace,
  createStructure,
  validSiret,
  type OfferRow,
  type PlaceRow,
  type StructureRow,
} from './catalog-factories';
export { createCompletedBooking, createFunder, createProgramWithVouchers } from './voucher-factories';
export { redeemVouchers, type FactoryRedemption, type RedemptionSite } from './redemption-factories';
export {
  startStripeTestServer,
  type RecordedStripeRequest,
  type SignedStripeEvent,
  type StripeFailure,
  type StripeTestServer,
} from './stripe-test-server';
export { startBillingTestKit, type BillingTestKit } from './stripe-billing-kit';
export { createTestInvoice, redeemVouchersOnBookings, type TestInvoice } from './billing-factories';
export {
  createBooking,
  createClosure,
  openEveryDay,
  parisDayFromNow,
  parisInstant,
  type BookingRow,
} from './booking-factories';
export { pdfText, pdfTextLines } from './pdf-text';
export { ciiCents, en16931Violations, readCii, type CiiBreakdown, type CiiInvoice, type CiiLine } from './cii-invoice';
export { createInvoicedProgram, type InvoicedProgram } from './invoice-factories';
export { DEBOURS_WORDING, flat, startInvoicedFunder, type InvoicedFunder } from './invoiced-funder';
export { tableChecksums } from './table-checksums';
export { createPaidInvoice, createTenant, createTenantWorld, tenantBooking, type Tenant, type TenantWorld } from './tenant-world';
