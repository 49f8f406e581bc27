import { DataSource } from 'typeorm';
import {
  TEST_PASSWORD,
  createOffer,
  createOrganisation,
  createPlace,
  createStructure,
  createUser,
  openEveryDay,
  type OfferRow,
  type UserRow,
} from '@passerelle/testing';

/** A plain DataSource on a test database, for the factories and for reading rows. */
export async function openDataSource(url: string): Promise<DataSource> {
  const dataSource = new DataSource({ type: 'postgres', url, extra: { max: 4 } });
  return dataSource.initialize();
}

/** An active funded offer open every day 09:00–12:00 with room for `capacity` people a slot. */
export async function openOffer(dataSource: DataSource, capacity: number): Promise<OfferRow> {
  const organisation = await createOrganisation(dataSource, 'structure');
  const structure = await createStructure(dataSource, { organisationId: organisation.id });
  const place = await createPlace(dataSource, structure.id);
  const offer = await createOffer(dataSource, { id: place.id, structure_id: structure.id });
  await openEveryDay(dataSource, offer.id, { capacity });
  return offer;
}

export interface Session {
  user: UserRow;
  accessToken: string;
  refreshToken: string;
}

export async function postJson(url: string, body: unknown, accessToken?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(accessToken && { authorization: `Bearer ${accessToken}` }) },
    body: JSON.stringify(body),
  });
}

/** Logs a user in over HTTP (a factory-made one unless its password is given). */
export async function login(apiUrl: string, user: UserRow, password = TEST_PASSWORD): Promise<Session> {
  const response = await postJson(`${apiUrl}/auth/login`, { email: user.email, password });
  if (response.status !== 200) throw new Error(`login of ${user.email}: ${response.status} ${await response.text()}`);
  return { user, ...((await response.json()) as { accessToken: string; refreshToken: string }) };
}

/** Beneficiary accounts, logged in over HTTP. */
export async function beneficiaries(dataSource: DataSource, apiUrl: string, count: number): Promise<Session[]> {
  const users = await Promise.all(Array.from({ length: count }, () => createUser(dataSource, { role: 'beneficiary' })));
  return Promise.all(users.map((user) => login(apiUrl, user)));
}

export async function health(apiUrl: string): Promise<{ status: number; body: { postgres?: string; redis?: string } }> {
  const response = await fetch(`${apiUrl}/health`);
  return { status: response.status, body: (await response.json()) as { postgres?: string; redis?: string } };
}
