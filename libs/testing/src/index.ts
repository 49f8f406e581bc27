export { assertServicesReachable } from './services-check';
export {
  TEST_PASSWORD,
  createOrganisation,
  createUser,
  uniqueEmail,
  type OrganisationRow,
  type UserRow,
} from './factories';
export { ownRedis, type OwnedRedis } from './owned-redis';
export { startTestApi, type LoggedIn, type TestApi } from './test-api';
export { startSmtpSink, type SinkMessage, type SmtpSink } from './smtp-sink';
export { createTestDatabase, type TestDatabase } from './test-database';
export { databaseUrl, isolatedName, testConfig } from './test-env';
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
export {
  startStripeTestServer,
  type RecordedStripeRequest,
  type SignedStripeEvent,
  type StripeFailure,
  type StripeTestServer,
} from './stripe-test-server';
export { startBillingTestKit, type BillingTestKit } from './stripe-billing-kit';
export {
  createBooking,
  openEveryDay,
  parisDayFromNow,
  parisInstant,
  type BookingRow,
} from './booking-factories';
export { tableChecksums } from './table-checksums';
export { createClosure, createRedemption } from './tenant-factories';
export { createTenant, createTenantWorld, tenantBooking, type Tenant, type TenantWorld } from './tenant-world';
