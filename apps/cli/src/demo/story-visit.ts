import { randomUUID } from 'node:crypto';
import type { BookingView } from '@passerelle/booking';
import type { OfferView } from '@passerelle/catalog';
import type { AssignedVoucherView, RedemptionView } from '@passerelle/vouchers';
import { DROP_IN_MINUTES, dropInSlot } from './drop-in-slot';
import type { Journey, ReceivedMail } from './journey';
import { JourneyHttpError } from './journey-http';
import { PROCEDURE } from './story-funding';
import { logIn, newPassword, type Session } from './story-session';
import { sleep } from './story-wait';

type Before = {
  mediator: Session;
  prescriber: Session;
  fundedOffer: OfferView;
  codes: string[];
};

export const withVisit = <S extends Before, N extends string>(journey: Journey<S, N>) =>
  journey
    .step('a beneficiary signs up', async (_state, { http }) => {
      const email = 'josette.durand@example.org';
      const password = newPassword();
      await http.json('POST', '/auth/register', { body: { email, password, displayName: 'Josette Durand' }, expect: [201] });
      return { beneficiary: await logIn(http, email, password) };
    })
    .step('the beneficiary finds the offers near her', async ({ fundedOffer }, { http }) => {
      const query = new URLSearchParams({ procedure: PROCEDURE, lat: '44.8378', lon: '-0.5792', radiusKm: '10' });
      const page = await http.json<{ items: { id: string; pricing: { kind: string; priceCents: number | null } }[] }>(
        'GET',
        `/offers/search?${query}`,
      );
      if (!page.items.some((item) => item.id === fundedOffer.id)) throw new Error('the funded offer is not in the search results');
      return { searchResults: page.items };
    })
    .step('the mediator opens a five-minute drop-in session starting shortly', async ({ mediator, fundedOffer }, { http }) => {
      // Its own offer, as short as the API allows: the story waits for its slot to start.
      const dropInOffer = await http.json<OfferView>('POST', '/offers', {
        token: mediator.token,
        body: { placeId: fundedOffer.placeId, procedureCode: PROCEDURE, modality: 'on_site', durationMinutes: DROP_IN_MINUTES, pricing: { kind: 'funded' } },
        expect: [201],
      });
      const dropIn = dropInSlot(new Date(), dropInOffer.durationMinutes);
      await http.json('PUT', `/offers/${dropInOffer.id}/opening-rules`, { token: mediator.token, body: { rules: [dropIn.rule] }, expect: [200] });
      const day = dropIn.rule.validFrom!;
      const slots = await http.json<{ startsAt: string; remaining: number }[]>('GET', `/offers/${dropInOffer.id}/slots?from=${day}&to=${day}`);
      const slot = slots.find((candidate) => new Date(candidate.startsAt).getTime() === dropIn.startsAt.getTime());
      if (!slot) throw new Error(`no free slot at ${dropIn.startsAt.toISOString()} in ${JSON.stringify(slots)}`);
      return { dropInOffer, slot };
    })
    .step('the beneficiary books the slot', async ({ beneficiary, dropInOffer, slot }, { http }) => {
      const booking = await http.json<BookingView>('POST', '/bookings', {
        token: beneficiary.token,
        body: { offerId: dropInOffer.id, startsAt: slot.startsAt },
        expect: [201],
      });
      return { booking };
    })
    .step('the beneficiary receives the confirmation mail', async ({ beneficiary, booking }, { mailbox, say }) => {
      if (!mailbox) {
        say('  (the worker sends it to SMTP_URL; open your mail catcher to read it)');
        return { confirmationMail: null as ReceivedMail | null };
      }
      return { confirmationMail: (await mailbox.waitFor(beneficiary.email, new RegExp(booking.reference))) as ReceivedMail | null };
    })
    .step('the prescriber hands a voucher to the beneficiary', async ({ prescriber, beneficiary, codes }, { http }) => {
      const code = codes[0]!;
      const assigned = await http.json<AssignedVoucherView>('POST', `/vouchers/${code}/assign`, {
        token: prescriber.token,
        body: { beneficiaryUserId: beneficiary.account.id },
        expect: [200],
      });
      return { voucher: assigned };
    })
    .step('the appointment takes place and the mediator marks it done', async ({ mediator, booking }, { http, say }) => {
      const startsAt = new Date(booking.startsAt).getTime();
      if (Date.now() < startsAt) say(`  waiting for the appointment at ${booking.startsAt} (${Math.ceil((startsAt - Date.now()) / 1000)} s)`);
      await sleep(Math.max(0, startsAt - Date.now()));
      // The API's clock decides: retry while it says "not started yet" (a second of drift at most).
      for (let attempt = 1; ; attempt++) {
        try {
          const completed = await http.json<BookingView>('POST', `/bookings/${booking.id}/complete`, { token: mediator.token, expect: [200] });
          return { completedBooking: completed };
        } catch (error) {
          const notStarted = error instanceof JourneyHttpError && error.status === 422 && error.body.includes('BOOKING_NOT_STARTED');
          if (!notStarted || attempt >= 30) throw error;
          await sleep(1000);
        }
      }
    })
    .step('the mediator redeems the voucher', async ({ mediator, booking, voucher }, { http }) => {
      const key = randomUUID();
      const redeem = () =>
        http.json<RedemptionView>('POST', '/vouchers/redeem', {
          token: mediator.token,
          headers: { 'idempotency-key': key },
          body: { code: voucher.code, bookingId: booking.id },
          expect: [201],
        });
      const redemption = await redeem();
      // A lost answer is retried with the same key: the platform answers the same, and redeems once.
      const replayed = await redeem();
      return { redemption, replayed };
    });
