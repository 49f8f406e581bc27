import type { Role } from '@passerelle/identity';

/**
 * The guard decision of every route: 'public', 'any' (any authenticated role) or the roles allowed.
 * A route the app serves that is missing here fails route-access.e2e-spec.ts: decide, then add it.
 */
export type Access = 'public' | 'any' | Role[];

export const ROUTE_ACCESS: Record<string, Access> = {
  'GET /health': 'public',
  'GET /openapi.json': 'public',
  'GET /openapi.yaml': 'public',
  'POST /auth/register': 'public',
  'POST /auth/login': 'public',
  'POST /auth/refresh': 'public',
  'POST /auth/logout': 'any',
  'GET /me': 'any',
  'POST /admin/users': ['admin'],
  // catalog: procedures
  'GET /procedures': 'public',
  'GET /procedures/{code}': 'public',

  // catalog: structures, places, credentials
  'POST /structures': ['mediator'],
  'GET /structures/{id}': ['mediator', 'admin'],
  'PATCH /structures/{id}': ['mediator'],
  'POST /structures/{id}/places': ['mediator'],
  'GET /structures/{id}/places': ['mediator', 'admin'],
  'GET /places/{id}': ['mediator', 'admin'],
  'PATCH /places/{id}': ['mediator'],
  'POST /structures/{id}/credentials': ['mediator'],
  'GET /structures/{id}/credentials': ['mediator', 'admin'],
  'POST /admin/structures/{id}/credentials/{credentialId}/verify': ['admin'],
  'POST /admin/structures/{id}/credentials/{credentialId}/reject': ['admin'],
  'POST /admin/structures/{id}/credentials/{credentialId}/revoke': ['admin'],

  // catalog: offers, price caps
  'POST /offers': ['mediator'],
  'PATCH /offers/{id}': ['mediator'],
  'GET /offers/{id}': ['mediator', 'admin'],
  'GET /structures/{id}/offers': ['mediator', 'admin'],
  'PUT /admin/price-caps/{procedureCode}': ['admin'],
  'GET /admin/price-caps/{procedureCode}/history': ['admin'],
  'GET /price-caps': 'public',

  // catalog: search
  'GET /offers/search': 'public',

  // catalog: open data
  'GET /open-data/places.csv': 'public',

  // vouchers: funders, programs, batches, assignment, redemption, stats
  'POST /admin/funders': ['admin'],
  'POST /admin/funders/{id}/members': ['admin'],
  'POST /programs': ['funder'],
  'GET /programs': ['funder'],
  'GET /programs/{id}': ['funder'],
  'POST /programs/{id}/pause': ['funder'],
  'POST /programs/{id}/resume': ['funder'],
  'POST /programs/{id}/batches': ['funder'],
  'GET /programs/{id}/stats': ['funder'],
  'GET /programs/{id}/stats.csv': ['funder'],
  'GET /batches/{id}/vouchers.csv': ['funder'],
  'GET /batches/{id}/vouchers.pdf': ['funder'],
  'POST /vouchers/{code}/assign': ['prescriber'],
  'POST /vouchers/{code}/cancel': ['funder'],
  'GET /vouchers/assigned': ['prescriber'],
  'POST /vouchers/redeem': ['mediator'],
  'POST /redemptions/{id}/undo': ['mediator'],
  // billing
  'POST /webhooks/stripe': 'public',
  'POST /structures/{id}/payout-account': ['mediator'],
  'GET /structures/{id}/payout-account': ['mediator'],
  'GET /structures/{id}/statements': ['mediator', 'admin'],
  'POST /invoices/{id}/payment': ['funder'],
  'POST /admin/invoices/{id}/mark-paid': ['admin'],
  'GET /admin/reconciliation': ['admin'],
  'GET /admin/payout-lines': ['admin'],
  'POST /admin/payout-lines/{id}/mark-paid': ['admin'],
  // booking: availability, bookings
  'PUT /offers/{id}/opening-rules': ['mediator'],
  'GET /offers/{id}/opening-rules': 'public',
  'GET /offers/{id}/slots': 'public',
  'POST /offers/{id}/closures': ['mediator'],
  'GET /offers/{id}/closures': ['mediator'],
  'DELETE /closures/{id}': ['mediator'],
  'POST /bookings': ['beneficiary', 'prescriber', 'mediator'],
  'GET /bookings': ['beneficiary', 'prescriber', 'mediator'],
  'GET /bookings/{id}': ['beneficiary', 'prescriber', 'mediator'],
  'POST /bookings/{id}/cancel': ['beneficiary', 'prescriber', 'mediator'],
  'POST /bookings/{id}/complete': ['mediator'],
  'POST /bookings/{id}/no-show': ['mediator'],
  'POST /admin/invoicing-runs': ['admin'],
  'GET /invoices': ['funder', 'admin'],
  'GET /invoices/{id}': ['funder', 'admin'],
  'GET /invoices/{id}/pdf': ['funder', 'admin'],
  'GET /invoices/{id}/cii.xml': ['funder', 'admin'],
  'POST /admin/invoices/{id}/credit-notes': ['admin'],
};

/** Swagger UI's own pages and assets, served outside Nest controllers. */
export const DOCUMENTATION_UI = /^\/docs(\/|$)/;
