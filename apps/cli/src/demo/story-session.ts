import { randomBytes } from 'node:crypto';
import type { AccountView } from '@passerelle/identity';
import type { JourneyHttp } from './journey-http';

/** A person logged in through the API, with what they typed to get there. */
export interface Session {
  email: string;
  password: string;
  token: string;
  account: AccountView;
}

/** A fresh password per account: the log check then looks for values nobody else would print. */
export function newPassword(): string {
  return `pw-${randomBytes(12).toString('base64url')}`;
}

export async function logIn(http: JourneyHttp, email: string, password: string): Promise<Session> {
  const { accessToken } = await http.json<{ accessToken: string }>('POST', '/auth/login', { body: { email, password }, expect: [200] });
  const account = await http.json<AccountView>('GET', '/me', { token: accessToken });
  return { email, password, token: accessToken, account };
}

/** The person as a new account: an admin creates it (`POST /admin/users` or a funder's members), then they log in. */
export async function createAccount(
  http: JourneyHttp,
  path: string,
  token: string,
  person: { email: string; displayName: string; role: string },
): Promise<Session> {
  const password = newPassword();
  await http.json('POST', path, { token, body: { ...person, password }, expect: [201] });
  return logIn(http, person.email, password);
}
