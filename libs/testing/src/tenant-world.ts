import { randomInt } from 'node:crypto';
import { InvoicingRunService } from '@passerelle/billing';
import { createTestInvoice } from './billing-factories';
import { parisDayFromNow, parisInstant, createBooking, createClosure, openEveryDay } from './booking-factories';
import { createCredential, createOffer, createPlace, createStructure } from './catalog-factories';
import { redeemVouchers } from './redemption-factories';
import type { LoggedIn, TestApi } from './test-api';
import { createCompletedBooking, createFunder, createProgramWithVouchers } from './voucher-factories';

/** One structure and one funder with their people and a real object of every kind. */
export interface Tenant {
  mediator: LoggedIn;
  funder: LoggedIn;
  prescriber: LoggedIn;
  beneficiary: LoggedIn;
  structureId: string;
  placeId: string;
  /** Funded, open every day 09:00–12:00 (Paris), on 'carte-grise-changement-titulaire'. */
  offer: { id: string; structureId: string; placeId: string; procedureCode: string };
  /** A pending credential ('france_services'); the structure also holds a verified 'aptic' one. */
  credentialId: string;
  closureId: string;
  funderId: string;
  programId: string;
  batchId: string;
  /** Issued vouchers of the program, unused. */
  voucherCodes: string[];
  /** A confirmed booking of the beneficiary in three days, made by the prescriber. */
  bookingId: string;
  completedBookingId: string;
  /** A redemption made now by the mediator (undoable). */
  redemptionId: string;
  /** An invoice of the funder (a redemption of September 2026, invoiced). */
  invoiceId: string;
  /** The structure's payout line of another invoice of the funder, paid by bank: pending, bank_transfer. */
  payoutLineId: string;
}

export interface TenantWorld {
  admin: LoggedIn;
  a: Tenant;
  b: Tenant;
}

/** A confirmed future booking of the tenant's beneficiary, made by its prescriber (a random minute of the morning). */
export function tenantBooking(api: TestApi, tenant: Pick<Tenant, 'offer' | 'beneficiary' | 'prescriber'>) {
  const startsAt = parisInstant(parisDayFromNow(3 + randomInt(20)), '09:00');
  startsAt.setMinutes(startsAt.getMinutes() + randomInt(180));
  return createBooking(api.dataSource, tenant.offer, {
    startsAt,
    beneficiaryUserId: tenant.beneficiary.user.id,
    bookedBy: tenant.prescriber.user.id,
    bookedAs: 'prescriber',
  });
}

export async function createTenant(api: TestApi, admin: LoggedIn): Promise<Omit<Tenant, 'invoiceId' | 'payoutLineId'>> {
  const { dataSource } = api;
  const mediator = await api.loginAs('mediator');
  const structureId = (await createStructure(dataSource, { organisationId: mediator.user.organisationId! })).id;
  const place = await createPlace(dataSource, structureId);
  const offerRow = await createOffer(dataSource, place);
  await openEveryDay(dataSource, offerRow.id, { capacity: 5 });
  const offer = { id: offerRow.id, structureId, placeId: place.id, procedureCode: 'carte-grise-changement-titulaire' };
  await createCredential(dataSource, structureId, admin.user.id, { kind: 'aptic' });
  const credentialId = (await createCredential(dataSource, structureId, admin.user.id, { kind: 'france_services', status: 'pending' })).id;
  const closureId = await createClosure(dataSource, offer.id, mediator.user.id);

  const funderId = (await createFunder(dataSource)).id;
  const funder = await api.loginAs('funder', { organisationId: funderId });
  const prescriber = await api.loginAs('prescriber', { organisationId: funderId });
  const beneficiary = await api.loginAs('beneficiary');
  const { programId, codes } = await createProgramWithVouchers(dataSource, {
    funderId,
    createdBy: funder.user.id,
    validFrom: '2020-01-01',
    validUntil: '2099-12-31',
    count: 20,
  });
  const [{ id: batchId }] = await dataSource.query('SELECT id FROM voucher_batches WHERE program_id = $1', [programId]);

  const tenant = { mediator, funder, prescriber, beneficiary, structureId, placeId: place.id, offer, credentialId, closureId, funderId, programId, batchId };
  const bookingId = (await tenantBooking(api, tenant)).id;
  const completedBookingId = (await createCompletedBooking(dataSource, offer)).id;
  const redeemedOn = (await createCompletedBooking(dataSource, offer)).id;
  const [redemption] = await redeemVouchers(dataSource, { codes: [codes.pop()!], on: { bookingIds: [redeemedOn] }, redeemedBy: mediator.user.id });
  return { ...tenant, voucherCodes: codes, bookingId, completedBookingId, redemptionId: redemption!.id };
}

/** Two tenants and an admin; each funder has an invoice (one redemption of September 2026) and another paid by bank (its payout line pending). */
export async function createTenantWorld(api: TestApi): Promise<TenantWorld> {
  const admin = await api.loginAs('admin');
  const tenants = [await createTenant(api, admin), await createTenant(api, admin)];
  for (const tenant of tenants) {
    await redeemVouchers(api.dataSource, {
      codes: [tenant.voucherCodes.pop()!],
      on: { bookingIds: [(await createCompletedBooking(api.dataSource, tenant.offer)).id] },
      redeemedBy: tenant.mediator.user.id,
      redeemedAt: new Date('2026-09-10T10:00:00+02:00'),
    });
  }
  const run = await api.app.get(InvoicingRunService).run('system', '2026-09', new Date('2026-10-01T06:00:00+02:00'));
  const invoiced = tenants.map((tenant) => {
    const invoice = run.created.find((created) => created.programId === tenant.programId);
    if (!invoice) throw new Error(`no invoice for program ${tenant.programId}: ${JSON.stringify(run)}`);
    return { ...tenant, invoiceId: invoice.invoiceId };
  });
  // One after the other: each invoicing run invoices every program it finds.
  const withLines: Tenant[] = [];
  for (const tenant of invoiced) withLines.push({ ...tenant, payoutLineId: (await createPaidInvoice(api, admin, tenant)).payoutLineId });
  const [a, b] = withLines as [Tenant, Tenant];
  return { admin, a, b };
}

/**
 * A new invoice of the tenant's funder for one voucher redeemed at its structure, paid in full by a
 * bank transfer the admin records: the structure's payout line waits for the operator's transfer.
 */
export async function createPaidInvoice(api: TestApi, admin: LoggedIn, tenant: Pick<Tenant, 'funderId' | 'structureId'>) {
  const invoice = await createTestInvoice(api, { funderId: tenant.funderId, structures: [{ structureId: tenant.structureId, vouchers: 1 }] });
  const paid = await api.app.inject({
    method: 'POST',
    url: `/admin/invoices/${invoice.invoiceId}/mark-paid`,
    headers: admin.headers,
    payload: { amountCents: invoice.totalGrossCents, reference: `VIR-${invoice.number}`, receivedOn: '2026-11-20' },
  });
  if (paid.statusCode !== 200) throw new Error(`paying ${invoice.number}: ${paid.statusCode} ${paid.body}`);
  const [line]: { id: string }[] = await api.dataSource.query('SELECT id FROM payout_lines WHERE invoice_id = $1', [invoice.invoiceId]);
  return { ...invoice, payoutLineId: line!.id };
}
