import { createOffer, createPlace, createStructure, openEveryDay, type LoggedIn, type TestApi } from '@passerelle/testing';

/** A mediator, their structure and place, and an offer open every day 09:00–12:00 at `capacity`. */
export async function openOffer(api: TestApi, options: { capacity?: number; priceCents?: number | null; durationMinutes?: number } = {}) {
  const mediator = await api.loginAs('mediator');
  const structure = await createStructure(api.dataSource, { organisationId: mediator.user.organisationId! });
  const place = await createPlace(api.dataSource, structure.id);
  const offer = await createOffer(api.dataSource, { id: place.id, structure_id: structure.id }, {
    priceCents: options.priceCents ?? null,
    durationMinutes: options.durationMinutes ?? 45,
  });
  await openEveryDay(api.dataSource, offer.id, { capacity: options.capacity ?? 1 });
  return { mediator, structure, place, offer };
}

export const postBooking = (api: TestApi, caller: LoggedIn, payload: object) =>
  api.app.inject({ method: 'POST', url: '/bookings', headers: caller.headers, payload });

export const bookingAction = (api: TestApi, caller: LoggedIn, bookingId: string, action: 'cancel' | 'complete' | 'no-show', payload: object = {}) =>
  api.app.inject({ method: 'POST', url: `/bookings/${bookingId}/${action}`, headers: caller.headers, payload });
