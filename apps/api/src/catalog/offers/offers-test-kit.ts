import { createPlace, createStructure, type LoggedIn, type TestApi } from '@passerelle/testing';

/** A mediator with a structure and a place in the given postcode's département (Paris 11e by default). */
export async function mediatorWithPlace(api: TestApi, postcode = '75011') {
  const mediator = await api.loginAs('mediator');
  const structure = await createStructure(api.dataSource, { organisationId: mediator.user.organisationId! });
  const place = await createPlace(api.dataSource, structure.id, { postcode });
  return { mediator, structure, place };
}

export const offerBody = (placeId: string, procedureCode: string, priceCents: number | null, extra: object = {}) => ({
  placeId,
  procedureCode,
  modality: 'on_site',
  durationMinutes: 45,
  pricing: priceCents === null ? { kind: 'funded' } : { kind: 'commercial', priceCents },
  ...extra,
});

export const postOffer = (api: TestApi, caller: LoggedIn, payload: object) =>
  api.app.inject({ method: 'POST', url: '/offers', headers: caller.headers, payload });

export const patchOffer = (api: TestApi, caller: LoggedIn, id: string, payload: object) =>
  api.app.inject({ method: 'PATCH', url: `/offers/${id}`, headers: caller.headers, payload });

export const putCap = (
  api: TestApi,
  admin: LoggedIn,
  procedureCode: string,
  maxPriceCents: number,
  departement?: string,
  reason = 'Tarif de référence',
) =>
  api.app.inject({
    method: 'PUT',
    url: `/admin/price-caps/${procedureCode}`,
    headers: admin.headers,
    payload: { maxPriceCents, reason, ...(departement !== undefined && { departement }) },
  });

export async function statusOf(api: TestApi, offerId: string): Promise<{ status: string; price_cents: string | null }> {
  const [row] = await api.dataSource.query('SELECT status, price_cents FROM offers WHERE id = $1', [offerId]);
  return row;
}
