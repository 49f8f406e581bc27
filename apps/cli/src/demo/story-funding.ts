import type { BatchView, ProgramView } from '@passerelle/vouchers';
import { parisDate } from './drop-in-slot';
import type { Journey } from './journey';
import { createAccount, logIn, newPassword } from './story-session';

export const PROCEDURE = 'carte-grise-changement-titulaire';

/** Step names are what the demo prints and what the test keys its checks on. */
export const withFunding = <S extends object, N extends string>(journey: Journey<S, N>) =>
  journey
    .step('the first admin is created from the command line', async (_state, { http, createFirstAdmin }) => {
      const email = 'admin@passerelle.example';
      const password = newPassword();
      await createFirstAdmin(email, password);
      return { admin: await logIn(http, email, password) };
    })
    .step('the admin sets the price cap of the procedure', async ({ admin }, { http }) => {
      const change = await http.json<{ cap: { maxPriceCents: number; departement: string | null } }>(
        'PUT',
        `/admin/price-caps/${PROCEDURE}`,
        { token: admin.token, body: { maxPriceCents: 4500, reason: 'Tarif de référence 2026' }, expect: [200] },
      );
      return { priceCap: change.cap };
    })
    .step('the admin registers a funder, its finance officer and a prescriber', async ({ admin }, { http }) => {
      const funder = await http.json<{ id: string; legalName: string }>('POST', '/admin/funders', {
        token: admin.token,
        body: {
          legalName: 'Département de la Gironde',
          siret: '22330001300016',
          sector: 'public',
          billingAddress: '1 esplanade Charles-de-Gaulle, 33074 Bordeaux Cedex',
          chorusServiceCode: 'SERVICE-INCLUSION',
          chorusCommitmentNumber: 'EJ-2026-0042',
        },
        expect: [201],
      });
      const members = `/admin/funders/${funder.id}/members`;
      const funderStaff = await createAccount(http, members, admin.token, {
        email: 'finances@gironde.example',
        displayName: 'Claire Fontaine (finances)',
        role: 'funder',
      });
      const prescriber = await createAccount(http, members, admin.token, {
        email: 'ccas@gironde.example',
        displayName: 'Karim Haddad (CCAS)',
        role: 'prescriber',
      });
      return { funder, funderStaff, prescriber };
    })
    .step('the funder creates a program', async ({ funderStaff }, { http }) => {
      const today = new Date();
      const program = await http.json<ProgramView>('POST', '/programs', {
        token: funderStaff.token,
        body: {
          name: 'Pass numérique Gironde 2026',
          faceValueCents: 2500,
          budgetCents: 250_000,
          validFrom: parisDate(today),
          validUntil: parisDate(today, 365),
          graceDays: 31,
          eligibleProcedureCodes: [PROCEDURE],
          eligibleCategoryCodes: [],
          eligibleDepartements: ['33'],
          requiredCredentials: ['aptic'],
          // 3.5 % of 25,00 € is 87.5 cents: the invoice shows how the fee is rounded.
          operatorFeeBp: 350,
        },
        expect: [201],
      });
      return { program };
    })
    .step('the funder issues a batch and downloads its codes', async ({ funderStaff, program }, { http, secrets }) => {
      const batch = await http.json<BatchView>('POST', `/programs/${program.id}/batches`, {
        token: funderStaff.token,
        body: { count: 10 },
        expect: [201],
      });
      const csv = await http.send('GET', `/batches/${batch.id}/vouchers.csv`, { token: funderStaff.token });
      const codes = csv.text
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[0]!);
      // Codes are bearer values: printed or typed, with or without their dashes.
      for (const code of codes) secrets.add(code, code.replace(/-/g, ''));
      return { batch, codes };
    });

