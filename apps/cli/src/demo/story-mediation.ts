import type { OpeningRule } from '@passerelle/booking';
import type { CredentialView, OfferView, PlaceView, StructureView } from '@passerelle/catalog';
import { parisDate } from './drop-in-slot';
import type { Journey } from './journey';
import { createAccount, type Session } from './story-session';
import { PROCEDURE } from './story-funding';

const weekdays = (ranges: [string, string][], days: number[], validFrom: string): OpeningRule[] =>
  days.flatMap((weekday) => ranges.map(([startTime, endTime]) => ({ weekday, startTime, endTime, capacity: 1, validFrom, validUntil: null })));

export const withMediation = <S extends { admin: Session }, N extends string>(journey: Journey<S, N>) =>
  journey
    .step('a mediator creates a structure and a place', async ({ admin }, { http }) => {
      const mediator = await createAccount(http, '/admin/users', admin.token, {
        email: 'lea.martin@epn-bastide.example',
        displayName: 'Léa Martin',
        role: 'mediator',
      });
      const structure = await http.json<StructureView>('POST', '/structures', {
        token: mediator.token,
        body: { name: 'EPN de la Bastide', siret: '73282932000074' },
        expect: [201],
      });
      const place = await http.json<PlaceView>('POST', `/structures/${structure.id}/places`, {
        token: mediator.token,
        body: {
          name: 'Espace public numérique de la Bastide',
          address: '12 avenue Thiers',
          postcode: '33100',
          commune: 'Bordeaux',
          inseeCode: '33063',
          latitude: 44.8412,
          longitude: -0.5594,
          modalities: ['on_site', 'phone'],
          phone: '+33556000000',
        },
        expect: [201],
      });
      return { mediator, structure, place };
    })
    .step('the mediator declares an APTIC credential and the admin verifies it', async ({ admin, mediator, structure }, { http }) => {
      const declared = await http.json<CredentialView>('POST', `/structures/${structure.id}/credentials`, {
        token: mediator.token,
        body: { kind: 'aptic', evidence: 'https://www.aptic.fr/attestations/epn-bastide-2026.pdf' },
        expect: [201],
      });
      const credential = await http.json<CredentialView>('POST', `/admin/structures/${structure.id}/credentials/${declared.id}/verify`, {
        token: admin.token,
        body: { reason: 'Attestation APTIC vérifiée' },
        expect: [200],
      });
      return { credential };
    })
    .step('the mediator publishes a funded and a commercial offer', async ({ mediator, place }, { http }) => {
      const publish = (body: object) => http.json<OfferView>('POST', '/offers', { token: mediator.token, body, expect: [201] });
      const fundedOffer = await publish({ placeId: place.id, procedureCode: PROCEDURE, modality: 'on_site', durationMinutes: 30, pricing: { kind: 'funded' } });
      const commercialOffer = await publish({
        placeId: place.id,
        procedureCode: PROCEDURE,
        modality: 'phone',
        durationMinutes: 45,
        pricing: { kind: 'commercial', priceCents: 3500 },
      });
      return { fundedOffer, commercialOffer };
    })
    .step('the mediator sets the opening hours', async ({ mediator, fundedOffer, commercialOffer }, { http }) => {
      // The weekly hours start tomorrow: today's visit is the drop-in session the story opens later.
      const from = parisDate(new Date(), 1);
      const fundedRules = weekdays([['09:00', '12:00'], ['14:00', '17:00']], [1, 2, 3, 4, 5], from);
      const commercialRules = weekdays([['14:00', '18:00']], [2, 4], from);
      for (const [offer, rules] of [[fundedOffer, fundedRules], [commercialOffer, commercialRules]] as const) {
        await http.json('PUT', `/offers/${offer.id}/opening-rules`, { token: mediator.token, body: { rules }, expect: [200] });
      }
      return { fundedRules };
    });
