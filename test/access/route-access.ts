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

  // catalog: structures, places, credentials

  // catalog: offers, price caps

  // catalog: search

  // catalog: open data
};

/** Swagger UI's own pages and assets, served outside Nest controllers. */
export const DOCUMENTATION_UI = /^\/docs(\/|$)/;
