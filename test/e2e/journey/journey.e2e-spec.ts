import { join } from 'node:path';
import {
  createTestDatabase,
  ensureAppsBuilt,
  eventually,
  isolatedName,
  startApiProcess,
  startSmtpSink,
  startStripeTestServer,
  startWorkerProcess,
  testEnvironment,
  type ApiProcess,
  type AppProcess,
  type SmtpSink,
  type StripeTestServer,
  type TestDatabase,
} from '@passerelle/testing';
import { runCreateAdmin } from '../../../apps/cli/src/demo/first-admin';
import { playStep, type JourneyContext } from '../../../apps/cli/src/demo/journey';
import { JourneyHttp, Secrets } from '../../../apps/cli/src/demo/journey-http';
import { passerelleStory, type StoryState, type StoryStepName } from '../../../apps/cli/src/demo/passerelle-story';
import { PROCEDURE } from '../../../apps/cli/src/demo/story-funding';
import { parisMonth } from '../../../apps/cli/src/demo/drop-in-slot';
import { expectedInvoice, FEE_VAT_BP, type JourneyCheck } from './journey-check';
import { paymentChecks } from './payment-checks';
import { stripeRail } from './stripe-rail';
const CODE = /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/;
const REFERENCE = /^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/;

/**
 * What each step must have achieved, checked right after it. Keyed by the story's step names: a
 * step appended to the story (payment, payouts…) does not compile here until it has its check.
 */
const checks: Record<StoryStepName, JourneyCheck> = {
  'the first admin is created from the command line': ({ admin }) => {
    expect(admin.account.roles).toEqual(['admin']);
  },
  'the admin sets the price cap of the procedure': ({ priceCap }) => {
    expect(priceCap).toMatchObject({ maxPriceCents: 4500, departement: null });
  },
  'the admin registers a funder, its finance officer and a prescriber': ({ funder, funderStaff, prescriber }) => {
    for (const [session, role] of [[funderStaff, 'funder'], [prescriber, 'prescriber']] as const) {
      expect(session.account.roles).toEqual([role]);
      expect(session.account.memberships).toEqual([expect.objectContaining({ organisationId: funder.id, kind: 'funder' })]);
    }
  },
  'the funder creates a program': ({ program, funder }) => {
    expect(program).toMatchObject({ funderId: funder.id, faceValueCents: 2500, budgetCents: 250_000, issuedCents: 0, operatorFeeBp: 350 });
  },
  'the funder issues a batch and downloads its codes': ({ batch, codes }) => {
    expect(batch).toMatchObject({ size: 10, totalCents: 25_000 });
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(CODE);
  },
  'a mediator creates a structure and a place': ({ mediator, structure, place }) => {
    expect(mediator.account.roles).toEqual(['mediator']);
    expect(structure.name).toBe('EPN de la Bastide');
    expect(place.departement).toBe('33');
  },
  'the mediator declares an APTIC credential and the admin verifies it': ({ credential }) => {
    expect(credential).toMatchObject({ kind: 'aptic', status: 'verified' });
  },
  'the mediator publishes a funded and a commercial offer': ({ fundedOffer, commercialOffer, priceCap }) => {
    expect(fundedOffer).toMatchObject({ status: 'active', pricing: { kind: 'funded', priceCents: null } });
    expect(commercialOffer).toMatchObject({ status: 'active', pricing: { kind: 'commercial', priceCents: 3500 } });
    expect(commercialOffer.pricing.priceCents!).toBeLessThanOrEqual(priceCap.maxPriceCents);
  },
  'the mediator sets the opening hours': ({ fundedRules }) => {
    expect(fundedRules).toHaveLength(10);
  },
  'a beneficiary signs up': async ({ beneficiary }, { sink }) => {
    expect(beneficiary.account.roles).toEqual(['beneficiary']);
    await eventually(async () => sink.messages.some((message) => message.to.includes(beneficiary.email)), 'the welcome email', 60_000);
  },
  'the beneficiary finds the offers near her': ({ searchResults, fundedOffer, commercialOffer }) => {
    const found = Object.fromEntries(searchResults.map((item) => [item.id, item.pricing]));
    expect(found[fundedOffer.id]).toMatchObject({ kind: 'funded' });
    expect(found[commercialOffer.id]).toMatchObject({ kind: 'commercial', priceCents: 3500 });
  },
  'the mediator opens a five-minute drop-in session starting shortly': ({ dropInOffer, fundedOffer, slot }) => {
    expect(dropInOffer).toMatchObject({ placeId: fundedOffer.placeId, durationMinutes: 5, pricing: { kind: 'funded' } });
    expect(slot.remaining).toBe(1);
  },
  'the beneficiary books the slot': ({ booking, beneficiary, dropInOffer, slot }) => {
    expect(booking).toMatchObject({
      offerId: dropInOffer.id,
      startsAt: slot.startsAt,
      status: 'confirmed',
      price: { kind: 'funded', priceCents: 0 },
      beneficiary: { userId: beneficiary.account.id },
    });
    expect(booking.reference).toMatch(REFERENCE);
  },
  'the beneficiary receives the confirmation mail': ({ confirmationMail, booking }) => {
    expect(confirmationMail?.subject).toBe(`Rendez-vous confirmé – ${booking.reference}`);
    expect(confirmationMail?.text).toContain('Espace public numérique de la Bastide');
  },
  'the prescriber hands a voucher to the beneficiary': ({ voucher, codes, beneficiary }) => {
    expect(voucher).toMatchObject({ code: codes[0], status: 'assigned', beneficiary: { userId: beneficiary.account.id } });
  },
  'the appointment takes place and the mediator marks it done': ({ completedBooking, booking }) => {
    expect(completedBooking).toMatchObject({ id: booking.id, status: 'completed' });
  },
  'the mediator redeems the voucher': ({ redemption, replayed, booking, structure, program, codes }) => {
    expect(redemption).toMatchObject({ code: codes[0], bookingId: booking.id, structureId: structure.id, programId: program.id, faceValueCents: 2500 });
    expect(replayed).toEqual(redemption);
  },
  'the admin runs the invoicing of the month': ({ invoicingRun, program, redemption }) => {
    expect(invoicingRun.period).toBe(parisMonth(new Date(redemption.redeemedAt)));
    expect(invoicingRun.failed).toEqual([]);
    expect(invoicingRun.created).toEqual([expect.objectContaining({ programId: program.id })]);
  },
  'the funder finds the invoice': ({ invoice, invoicingRun, program, structure, funder }) => {
    const { faceValue, fee, vat } = expectedInvoice(program);
    expect({ faceValue, fee, vat }).toEqual({ faceValue: 2500, fee: 88, vat: 18 });
    expect(invoice).toMatchObject({
      number: invoicingRun.created[0]!.number,
      funderId: funder.id,
      programId: program.id,
      status: 'issued',
      totalNetCents: faceValue + fee,
      totalVatCents: vat,
      totalGrossCents: faceValue + fee + vat,
      amountPaidCents: 0,
    });
    expect(invoice.number).toMatch(/^PAS-\d{4}-\d{6}$/);
    expect(invoicingRun.created[0]!.totalGrossCents).toBe(faceValue + fee + vat);
    expect(invoice.lines).toEqual([
      expect.objectContaining({ structureId: structure.id, procedureCode: PROCEDURE, quantity: 1, unitPriceCents: 2500, netCents: faceValue, vatCategory: 'E', vatRateBp: 0 }),
      expect.objectContaining({ quantity: 1, netCents: fee, vatCategory: 'S', vatRateBp: FEE_VAT_BP }),
    ]);
  },
  "the funder reads the program's usage": ({ stats, invoice, invoicingRun }) => {
    const invoicedFaceValue = invoice.lines.filter((line) => line.structureId !== null).reduce((sum, line) => sum + line.netCents, 0);
    expect(stats).toEqual({
      programId: invoice.programId,
      budgetCents: 250_000,
      issuedCents: 25_000,
      budgetLeftCents: 225_000,
      totals: {
        issued: { count: 10, cents: 25_000 },
        assigned: { count: 1, cents: 2500 },
        redeemed: { count: 1, cents: invoicedFaceValue },
        expired: { count: 0, cents: 0 },
        cancelled: { count: 0, cents: 0 },
      },
      byProcedure: [{ procedureCode: PROCEDURE, count: 1, cents: invoicedFaceValue }],
      byDepartement: [{ departement: '33', count: 1, cents: invoicedFaceValue }],
      byMonth: [{ month: invoicingRun.period, count: 1, cents: invoicedFaceValue }],
    });
  },
  ...paymentChecks,
};

/** Waiting for the drop-in slot takes 20–80 s, under 7 minutes just before midnight (Paris). */
const stepTimeout = (name: StoryStepName): number => (name === 'the appointment takes place and the mediator marks it done' ? 10 * 60_000 : 5 * 60_000);

describe('the journey: API and worker as separate processes, the story over HTTP only', () => {
  const story = passerelleStory();
  const secrets = new Secrets();
  let db: TestDatabase;
  let sink: SmtpSink;
  let stripe: StripeTestServer;
  let api: ApiProcess;
  let worker: AppProcess;
  let context: JourneyContext;
  let state = {} as StoryState;
  let broken: string | null = null;

  beforeAll(async () => {
    [db, sink, stripe] = await Promise.all([createTestDatabase(), startSmtpSink(), startStripeTestServer()]);
    secrets.add(stripe.secretKey, stripe.webhookSecret);
    const env = testEnvironment(db.name, isolatedName('redis'), {
      ...stripe.env(),
      SMTP_URL: sink.url,
      OUTBOX_RELAY_INTERVAL_MS: '50',
      INVOICE_FEE_VAT_RATE_BP: String(FEE_VAT_BP),
    });
    [api, worker] = await Promise.all([startApiProcess(env, 240_000), startWorkerProcess(env, 240_000)]);
    context = {
      http: new JourneyHttp(api.url, secrets),
      secrets,
      createFirstAdmin: (email, password) => runCreateAdmin(join(ensureAppsBuilt(), 'apps/cli/src/create-admin.js'), env, email, password),
      rail: stripeRail(stripe, api.url),
      mailbox: {
        waitFor: (to, subject) =>
          eventually(async () => sink.messages.find((message) => message.to.includes(to) && subject.test(message.subject)), `a mail to ${to}`, 60_000),
      },
      say: () => undefined,
    };
  }, 360_000);

  afterAll(async () => {
    await Promise.all([api?.kill('SIGKILL'), worker?.kill('SIGKILL')]);
    await Promise.all([sink?.close(), stripe?.close()]);
    await db?.drop();
  });

  for (const step of story.steps) {
    const name = step.name as StoryStepName;
    it(
      name,
      async () => {
        if (broken) throw new Error(`not played: step "${broken}" failed before`);
        broken = name;
        state = await playStep(step, state, context);
        await checks[name](state, { sink, stripe });
        broken = null;
      },
      stepTimeout(name),
    );
  }

  it('leaves no password, token, voucher code, IBAN or client secret in the logs of the API and the worker', () => {
    // The intents' client secrets went from Stripe to the API, even where the funder never saw one.
    for (const intent of stripe.state.paymentIntents.values()) secrets.add(intent.client_secret as string);
    // The check can fail: the logs hold the story's requests, and the story handled many secrets.
    expect(api.output()).toMatch(/"path":"\/admin\/invoicing-runs"/);
    expect(secrets.all().length).toBeGreaterThan(25);
    expect(secrets.foundIn(`${api.output()}\n${worker.output()}`)).toEqual([]);
  });
});
