import { randomUUID } from 'node:crypto';
import {
  TEST_PASSWORD,
  createCompletedBooking,
  createClosure,
  createCredential,
  createOffer,
  createPlace,
  createProgramWithVouchers,
  redeemVouchers,
  createStructure,
  createBooking,
  createTestInvoice,
  createPaidInvoice,
  parisDayFromNow,
  parisInstant,
  tenantBooking,
  uniqueEmail,
  validSiret,
  type StripeTestServer,
  type TenantWorld,
  type TestApi,
} from '@passerelle/testing';

export interface CellRequest {
  url: string;
  payload?: object | string;
  headers?: Record<string, string>;
}

export interface RecipeContext {
  api: TestApi;
  world: TenantWorld;
  stripe: StripeTestServer;
  /** A number unique to this call (distinct slots, names). */
  serial: number;
}

export interface Recipe {
  /** A valid request on tenant a's objects; called once per cell, so what it mutates is fresh. */
  build(context: RecipeContext): Promise<CellRequest> | CellRequest;
  /** The cell's caller is a new account of its role (the request ends or spends its session). */
  freshCaller?: boolean;
}

const PROCEDURE = 'carte-grise-changement-titulaire';
const OTHER_PROCEDURE = 'carte-grise-duplicata';

const freshPlace = ({ api, world }: RecipeContext) => createPlace(api.dataSource, world.a.structureId);
async function freshOffer(context: RecipeContext) {
  return createOffer(context.api.dataSource, await freshPlace(context));
}
async function freshProgram({ api, world }: RecipeContext, status: 'active' | 'paused' = 'active') {
  const { programId, codes } = await createProgramWithVouchers(api.dataSource, {
    funderId: world.a.funderId,
    createdBy: world.a.funder.user.id,
    validFrom: '2020-01-01',
    validUntil: '2099-12-31',
    count: 1,
  });
  await api.dataSource.query('UPDATE voucher_programs SET budget_cents = budget_cents + 100000, status = $2 WHERE id = $1', [programId, status]);
  return { programId, code: codes[0]! };
}
const freshCode = async (context: RecipeContext) => (await freshProgram(context)).code;
const completed = ({ api, world }: RecipeContext) => createCompletedBooking(api.dataSource, world.a.offer);
async function startedBooking({ api, world }: RecipeContext) {
  return createBooking(api.dataSource, world.a.offer, { startsAt: new Date(Date.now() - 3_600_000 - Math.floor(Math.random() * 1e9)) });
}
/** A new invoice of tenant a's funder (one voucher redeemed at its structure): paying or crediting it changes it. */
const freshInvoice = ({ api, world }: RecipeContext) =>
  createTestInvoice(api, { funderId: world.a.funderId, structures: [{ structureId: world.a.structureId, vouchers: 1 }] });
/** A payout line of tenant a's structure waiting for the operator's bank transfer (a fresh invoice, paid by bank). */
const freshPayoutLine = async (context: RecipeContext) => (await createPaidInvoice(context.api, context.world.admin, context.world.a)).payoutLineId;
const body = (url: string, payload: object): CellRequest => ({ url, payload });

/** How to call each route for real. A route the app serves without a recipe fails the matrix. */
export const RECIPES: Record<string, Recipe> = {
  'GET /health': { build: () => ({ url: '/health' }) },
  'GET /openapi.json': { build: () => ({ url: '/openapi.json' }) },
  'GET /openapi.yaml': { build: () => ({ url: '/openapi.yaml' }) },
  'POST /auth/register': { build: () => body('/auth/register', { email: uniqueEmail('reg'), password: TEST_PASSWORD, displayName: 'Camille' }) },
  'POST /auth/login': { build: ({ world }) => body('/auth/login', { email: world.a.beneficiary.user.email, password: TEST_PASSWORD }) },
  'POST /auth/refresh': { build: async ({ api }) => body('/auth/refresh', { refreshToken: (await api.loginAs('beneficiary')).refreshToken }) },
  'POST /auth/logout': { build: () => ({ url: '/auth/logout' }), freshCaller: true },
  'GET /me': { build: () => ({ url: '/me' }) },
  'POST /admin/users': { build: () => body('/admin/users', { email: uniqueEmail('adm'), password: TEST_PASSWORD, displayName: 'Ada', role: 'beneficiary' }) },

  'GET /procedures': { build: () => ({ url: '/procedures' }) },
  'GET /procedures/{code}': { build: () => ({ url: `/procedures/${PROCEDURE}` }) },

  'POST /structures': { build: () => body('/structures', { name: 'EPN de test', siret: validSiret() }), freshCaller: true },
  'GET /structures/{id}': { build: ({ world }) => ({ url: `/structures/${world.a.structureId}` }) },
  'PATCH /structures/{id}': { build: ({ world, serial }) => body(`/structures/${world.a.structureId}`, { name: `EPN ${serial}` }) },
  'POST /structures/{id}/places': {
    build: ({ world }) =>
      body(`/structures/${world.a.structureId}/places`, { name: 'Annexe', address: '1 rue de la Paix', postcode: '75002', commune: 'Paris', modalities: ['on_site'] }),
  },
  'GET /structures/{id}/places': { build: ({ world }) => ({ url: `/structures/${world.a.structureId}/places` }) },
  'GET /places/{id}': { build: ({ world }) => ({ url: `/places/${world.a.placeId}` }) },
  'PATCH /places/{id}': { build: ({ world, serial }) => body(`/places/${world.a.placeId}`, { name: `Lieu ${serial}` }) },
  'POST /structures/{id}/credentials': {
    build: ({ world }) => body(`/structures/${world.a.structureId}/credentials`, { kind: 'aidants_connect', evidence: 'https://example.org/preuve.pdf' }),
  },
  'GET /structures/{id}/credentials': { build: ({ world }) => ({ url: `/structures/${world.a.structureId}/credentials` }) },
  'POST /admin/structures/{id}/credentials/{credentialId}/verify': {
    build: async ({ api, world }) => {
      const structure = await createStructure(api.dataSource);
      const { id } = await createCredential(api.dataSource, structure.id, world.admin.user.id, { kind: 'conseiller_numerique', status: 'pending' });
      return body(`/admin/structures/${structure.id}/credentials/${id}/verify`, {});
    },
  },
  'POST /admin/structures/{id}/credentials/{credentialId}/reject': {
    build: async ({ api, world }) => {
      const structure = await createStructure(api.dataSource);
      const { id } = await createCredential(api.dataSource, structure.id, world.admin.user.id, { kind: 'siv_habilitation', status: 'pending' });
      return body(`/admin/structures/${structure.id}/credentials/${id}/reject`, { reason: 'Pièce illisible' });
    },
  },
  'POST /admin/structures/{id}/credentials/{credentialId}/revoke': {
    build: async ({ api, world }) => {
      const structure = await createStructure(api.dataSource);
      const { id } = await createCredential(api.dataSource, structure.id, world.admin.user.id, { kind: 'siv_habilitation' });
      return body(`/admin/structures/${structure.id}/credentials/${id}/revoke`, { reason: 'Habilitation retirée' });
    },
  },

  'POST /offers': {
    build: async (context) =>
      body('/offers', { placeId: (await freshPlace(context)).id, procedureCode: PROCEDURE, modality: 'on_site', durationMinutes: 45, pricing: { kind: 'funded' } }),
  },
  'PATCH /offers/{id}': { build: async (context) => body(`/offers/${(await freshOffer(context)).id}`, { durationMinutes: 60 }) },
  'GET /offers/{id}': { build: ({ world }) => ({ url: `/offers/${world.a.offer.id}` }) },
  'GET /structures/{id}/offers': { build: ({ world }) => ({ url: `/structures/${world.a.structureId}/offers` }) },
  'PUT /admin/price-caps/{procedureCode}': { build: () => body(`/admin/price-caps/${OTHER_PROCEDURE}`, { maxPriceCents: 100_000, reason: 'Tarif de référence' }) },
  'GET /admin/price-caps/{procedureCode}/history': { build: () => ({ url: `/admin/price-caps/${PROCEDURE}/history` }) },
  'GET /price-caps': { build: () => ({ url: '/price-caps' }) },
  'GET /offers/search': { build: () => ({ url: `/offers/search?procedure=${PROCEDURE}&postcode=75011` }) },
  'GET /open-data/places.csv': { build: () => ({ url: '/open-data/places.csv' }) },

  'POST /admin/funders': {
    build: () =>
      body('/admin/funders', { legalName: 'Fondation de test', siret: validSiret(), sector: 'private', billingAddress: '1 rue de Rivoli, 75001 Paris' }),
  },
  'POST /admin/funders/{id}/members': {
    build: ({ world }) => body(`/admin/funders/${world.a.funderId}/members`, { email: uniqueEmail('member'), password: TEST_PASSWORD, displayName: 'Dominique', role: 'prescriber' }),
  },
  'POST /programs': {
    build: () =>
      body('/programs', {
        name: 'Pass numérique',
        faceValueCents: 1000,
        budgetCents: 100_000,
        validFrom: '2020-01-01',
        validUntil: '2099-12-31',
        graceDays: 0,
        eligibleProcedureCodes: [],
        eligibleCategoryCodes: [],
        eligibleDepartements: [],
        requiredCredentials: [],
        operatorFeeBp: 400,
      }),
  },
  'GET /programs': { build: () => ({ url: '/programs' }) },
  'GET /programs/{id}': { build: ({ world }) => ({ url: `/programs/${world.a.programId}` }) },
  'POST /programs/{id}/pause': { build: async (context) => ({ url: `/programs/${(await freshProgram(context)).programId}/pause` }) },
  'POST /programs/{id}/resume': { build: async (context) => ({ url: `/programs/${(await freshProgram(context, 'paused')).programId}/resume` }) },
  'POST /programs/{id}/batches': { build: async (context) => body(`/programs/${(await freshProgram(context)).programId}/batches`, { count: 2 }) },
  'GET /programs/{id}/stats': { build: ({ world }) => ({ url: `/programs/${world.a.programId}/stats` }) },
  'GET /programs/{id}/stats.csv': { build: ({ world }) => ({ url: `/programs/${world.a.programId}/stats.csv` }) },
  'GET /batches/{id}/vouchers.csv': { build: ({ world }) => ({ url: `/batches/${world.a.batchId}/vouchers.csv` }) },
  'GET /batches/{id}/vouchers.pdf': { build: ({ world }) => ({ url: `/batches/${world.a.batchId}/vouchers.pdf` }) },
  'POST /vouchers/{code}/assign': {
    build: async (context) => body(`/vouchers/${await freshCode(context)}/assign`, { beneficiaryName: 'Josette Martin', beneficiaryPhone: '+33612345678' }),
  },
  'POST /vouchers/{code}/cancel': { build: async (context) => ({ url: `/vouchers/${await freshCode(context)}/cancel` }) },
  'GET /vouchers/assigned': { build: () => ({ url: '/vouchers/assigned' }) },
  'POST /vouchers/redeem': {
    build: async (context) => ({
      url: '/vouchers/redeem',
      payload: { code: await freshCode(context), bookingId: (await completed(context)).id },
      headers: { 'idempotency-key': randomUUID() },
    }),
  },
  'POST /redemptions/{id}/undo': {
    build: async (context) => {
      const [redemption] = await redeemVouchers(context.api.dataSource, {
        codes: [await freshCode(context)],
        on: { bookingIds: [(await completed(context)).id] },
        redeemedBy: context.world.a.mediator.user.id,
      });
      return { url: `/redemptions/${redemption!.id}/undo` };
    },
  },

  'POST /webhooks/stripe': {
    build: ({ stripe, world }) => {
      const signed = stripe.signedEvent('customer.created', { id: `cus_${world.a.funderId.slice(0, 8)}`, object: 'customer' });
      return { url: '/webhooks/stripe', payload: signed.payload, headers: { 'content-type': 'application/json', 'stripe-signature': signed.signature } };
    },
  },
  'POST /structures/{id}/payout-account': { build: ({ world }) => ({ url: `/structures/${world.a.structureId}/payout-account` }) },
  'GET /structures/{id}/payout-account': { build: ({ world }) => ({ url: `/structures/${world.a.structureId}/payout-account` }) },

  'PUT /offers/{id}/opening-rules': {
    build: async (context) => body(`/offers/${(await freshOffer(context)).id}/opening-rules`, { rules: [{ weekday: 1, startTime: '09:00', endTime: '12:00', capacity: 1 }] }),
  },
  'GET /offers/{id}/opening-rules': { build: ({ world }) => ({ url: `/offers/${world.a.offer.id}/opening-rules` }) },
  'GET /offers/{id}/slots': { build: ({ world }) => ({ url: `/offers/${world.a.offer.id}/slots?from=${parisDayFromNow(1)}&to=${parisDayFromNow(3)}` }) },
  'POST /offers/{id}/closures': {
    build: async (context) => {
      const day = parisDayFromNow(40);
      return body(`/offers/${(await freshOffer(context)).id}/closures`, { startsAt: parisInstant(day, '09:00'), endsAt: parisInstant(day, '12:00'), reason: 'Congés' });
    },
  },
  'GET /offers/{id}/closures': { build: ({ world }) => ({ url: `/offers/${world.a.offer.id}/closures` }) },
  'DELETE /closures/{id}': { build: async ({ api, world }) => ({ url: `/closures/${await createClosure(api.dataSource, world.a.offer.id, world.a.mediator.user.id)}` }) },
  'POST /bookings': {
    build: ({ world, serial }) =>
      body('/bookings', {
        offerId: world.a.offer.id,
        startsAt: parisInstant(parisDayFromNow(30 + (serial % 60)), ['09:00', '09:45', '10:30'][Math.floor(serial / 60) % 3]!).toISOString(),
        beneficiary: { name: 'Josette Martin', phone: `06 12 34 ${String(serial % 100).padStart(2, '0')} 78` },
      }),
  },
  'GET /bookings': { build: () => ({ url: `/bookings?day=${parisDayFromNow(3)}` }) },
  'GET /bookings/{id}': { build: ({ world }) => ({ url: `/bookings/${world.a.bookingId}` }) },
  'POST /bookings/{id}/cancel': { build: async ({ api, world }) => body(`/bookings/${(await tenantBooking(api, world.a)).id}/cancel`, { reason: 'Imprévu' }) },
  'POST /bookings/{id}/complete': { build: async (context) => ({ url: `/bookings/${(await startedBooking(context)).id}/complete` }) },
  'POST /bookings/{id}/no-show': { build: async (context) => ({ url: `/bookings/${(await startedBooking(context)).id}/no-show` }) },
  'POST /admin/invoicing-runs': { build: () => body('/admin/invoicing-runs', { period: '2026-08' }) },
  'GET /invoices': { build: () => ({ url: '/invoices' }) },
  'GET /invoices/{id}': { build: ({ world }) => ({ url: `/invoices/${world.a.invoiceId}` }) },
  'GET /invoices/{id}/pdf': { build: ({ world }) => ({ url: `/invoices/${world.a.invoiceId}/pdf` }) },
  'GET /invoices/{id}/cii.xml': { build: ({ world }) => ({ url: `/invoices/${world.a.invoiceId}/cii.xml` }) },
  'POST /invoices/{id}/payment': { build: async (context) => ({ url: `/invoices/${(await freshInvoice(context)).invoiceId}/payment` }) },
  'POST /admin/invoices/{id}/mark-paid': {
    build: async (context) => {
      const invoice = await freshInvoice(context);
      return body(`/admin/invoices/${invoice.invoiceId}/mark-paid`, { amountCents: invoice.totalGrossCents, reference: `VIR-${context.serial}`, receivedOn: parisDayFromNow(-1) });
    },
  },
  'POST /admin/invoices/{id}/credit-notes': {
    build: async (context) => body(`/admin/invoices/${(await freshInvoice(context)).invoiceId}/credit-notes`, { reason: 'Pass contestés par le financeur' }),
  },
  'GET /structures/{id}/statements': { build: ({ world }) => ({ url: `/structures/${world.a.structureId}/statements` }) },
  'GET /admin/reconciliation': { build: () => ({ url: '/admin/reconciliation' }) },
  'GET /admin/payout-lines': { build: () => ({ url: '/admin/payout-lines?status=pending' }) },
  'POST /admin/payout-lines/{id}/mark-paid': {
    build: async (context) => body(`/admin/payout-lines/${await freshPayoutLine(context)}/mark-paid`, { reference: `VIR-VERS-${context.serial}`, paidOn: parisDayFromNow(-1) }),
  },
};
