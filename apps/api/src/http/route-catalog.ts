import type { FastifyInstance } from 'fastify';

export interface RouteEntry {
  method: string;
  path: string;
}

const catalogs = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Starts recording every route registered on this instance (call before the app initialises). */
export function recordRoutes(instance: FastifyInstance): void {
  const routes: RouteEntry[] = [];
  catalogs.set(instance, routes);
  instance.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      // HEAD mirrors GET; OPTIONS * is the CORS preflight handler.
      if (method !== 'HEAD' && method !== 'OPTIONS') routes.push({ method, path: route.url });
    }
  });
}

/** The routes the app serves, as `METHOD /path` with Fastify's `:param` syntax. */
export function listRoutes(instance: FastifyInstance): RouteEntry[] {
  return [...(catalogs.get(instance) ?? [])];
}
