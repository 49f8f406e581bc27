import {
  createCompletedBooking,
  createCredential,
  createFunder,
  createOffer,
  createPlace,
  createStructure,
  createUser,
  type LoggedIn,
  type TestApi,
} from '@passerelle/testing';

/** A funder organisation with its finance staff member logged in. */
export async function funderStaff(api: TestApi): Promise<{ funderId: string; staff: LoggedIn }> {
  const { id: funderId } = await createFunder(api.dataSource);
  return { funderId, staff: await api.loginAs('funder', { organisationId: funderId }) };
}

export const programBody = (extra: object = {}) => ({
  name: 'Pass numérique Gironde',
  faceValueCents: 1000,
  budgetCents: 100_000,
  validFrom: '2020-01-01',
  validUntil: '2099-12-31',
  graceDays: 31,
  eligibleProcedureCodes: [],
  eligibleCategoryCodes: [],
  eligibleDepartements: [],
  requiredCredentials: [],
  operatorFeeBp: 400,
  ...extra,
});

export async function createProgram(api: TestApi, staff: LoggedIn, extra: object = {}): Promise<{ id: string; [key: string]: unknown }> {
  const response = await api.app.inject({ method: 'POST', url: '/programs', headers: staff.headers, payload: programBody(extra) });
  if (response.statusCode !== 201) throw new Error(`program not created: ${response.body}`);
  return response.json();
}

export const issueBatch = (api: TestApi, staff: LoggedIn, programId: string, count: number) =>
  api.app.inject({ method: 'POST', url: `/programs/${programId}/batches`, headers: staff.headers, payload: { count } });

/** Issues a batch and returns its codes (normalised, as stored). */
export async function issueCodes(api: TestApi, staff: LoggedIn, programId: string, count: number): Promise<string[]> {
  const response = await issueBatch(api, staff, programId, count);
  if (response.statusCode !== 201) throw new Error(`batch not issued: ${response.body}`);
  const rows: { code: string }[] = await api.dataSource.query('SELECT code FROM vouchers WHERE batch_id = $1 ORDER BY code', [
    response.json().id,
  ]);
  return rows.map((row) => row.code);
}

/**
 * A structure (with a verified APTIC credential unless told otherwise) in the postcode's département,
 * an offer for the procedure, `mediators` logged-in members, and a factory of completed bookings.
 */
export async function structureWithOffer(
  api: TestApi,
  options: { postcode?: string; procedureCode?: string; credential?: string | null; mediators?: number } = {},
) {
  const first = await api.loginAs('mediator');
  const structure = await createStructure(api.dataSource, { organisationId: first.user.organisationId! });
  const mediators = [first];
  for (let i = 1; i < (options.mediators ?? 1); i++) mediators.push(await api.loginAs('mediator', { organisationId: structure.id }));
  // A postcode of another département comes without Bordeaux's INSEE code (which would decide the département).
  const where = options.postcode ? { postcode: options.postcode } : { postcode: '33000', commune: 'Bordeaux', inseeCode: '33063' };
  const place = await createPlace(api.dataSource, structure.id, where);
  const procedureCode = options.procedureCode ?? 'carte-grise-changement-titulaire';
  const offerRow = await createOffer(api.dataSource, { id: place.id, structure_id: structure.id }, { procedureCode });
  if (options.credential !== null) {
    const admin = await createUser(api.dataSource, { role: 'admin' });
    await createCredential(api.dataSource, structure.id, admin.id, { kind: options.credential ?? 'aptic' });
  }
  const offer = { id: offerRow.id, structureId: structure.id, placeId: place.id, procedureCode };
  return {
    mediator: first,
    mediators,
    structure,
    place,
    booking: (extra: Parameters<typeof createCompletedBooking>[2] = {}) => createCompletedBooking(api.dataSource, offer, extra),
  };
}

let keyCounter = 0;

export const redeem = (api: TestApi, caller: LoggedIn, code: string, bookingId: string, key = `key-${process.pid}-${++keyCounter}`) =>
  api.app.inject({
    method: 'POST',
    url: '/vouchers/redeem',
    headers: { ...caller.headers, 'idempotency-key': key },
    payload: { code, bookingId },
  });
