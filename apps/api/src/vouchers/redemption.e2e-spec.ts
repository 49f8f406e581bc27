import { DateTime } from 'luxon';
import { InvoicingRunService } from '@passerelle/billing';
import { checkCharacter, formatCode } from '@passerelle/vouchers';
import { startTestApi, type LoggedIn, type TestApi } from '@passerelle/testing';
import { createProgram, funderStaff, issueCodes, redeem, structureWithOffer } from './vouchers-test-kit';

describe('POST /vouchers/redeem', () => {
  let api: TestApi;
  let staff: LoggedIn;

  beforeAll(async () => {
    api = await startTestApi();
    staff = (await funderStaff(api)).staff;
  });
  afterAll(() => api.close());

  const gironde = (extra: object = {}) =>
    createProgram(api, staff, {
      eligibleProcedureCodes: ['carte-grise-changement-titulaire'],
      eligibleDepartements: ['33'],
      requiredCredentials: ['aptic'],
      ...extra,
    });
  const voucherStatus = async (code: string) =>
    ((await api.dataSource.query('SELECT status FROM vouchers WHERE code = $1', [code]))[0] as { status: string }).status;

  it('redeems once against a completed booking, replays the same key, and answers 409 to anything else', async () => {
    const program = await gironde();
    const [code] = await issueCodes(api, staff, program.id, 1);
    const { mediator, structure, booking } = await structureWithOffer(api);
    const first = await booking();
    const printed = formatCode(code!).toLowerCase().replace(/-/g, ' ');

    const redeemed = await redeem(api, mediator, printed, first.id, 'key-1');
    expect(redeemed.statusCode).toBe(201);
    expect(redeemed.json()).toMatchObject({
      code: formatCode(code!),
      programId: program.id,
      bookingId: first.id,
      structureId: structure.id,
      faceValueCents: 1000,
      undoneAt: null,
    });
    expect(await voucherStatus(code!)).toBe('redeemed');

    const replay = await redeem(api, mediator, code!, first.id, 'key-1');
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toEqual(redeemed.json());

    const second = await booking();
    const otherBooking = await redeem(api, mediator, code!, second.id, 'key-2');
    expect(otherBooking.statusCode).toBe(409);
    expect(otherBooking.json().code).toBe('VOUCHER_ALREADY_REDEEMED');
    const sameBookingNewKey = await redeem(api, mediator, code!, first.id, 'key-3');
    expect(sameBookingNewKey.statusCode).toBe(409);
    const reusedKey = await redeem(api, mediator, code!, second.id, 'key-1');
    expect(reusedKey.statusCode).toBe(409);
    expect(reusedKey.json().code).toBe('IDEMPOTENCY_KEY_REUSED');

    const rows = await api.dataSource.query(
      'SELECT count(*)::int AS n FROM voucher_redemptions r JOIN vouchers v ON v.id = r.voucher_id WHERE v.code = $1',
      [code],
    );
    expect(rows[0].n).toBe(1);
    const audit = await api.dataSource.query(
      `SELECT a.action, a.actor_user_id FROM audit_log a JOIN vouchers v ON a.object_id = v.id::text WHERE v.code = $1`,
      [code],
    );
    expect(audit).toEqual([{ action: 'voucher.redeemed', actor_user_id: mediator.user.id }]);
  });

  it('requires an Idempotency-Key header', async () => {
    const { mediator, booking } = await structureWithOffer(api);
    const response = await api.app.inject({
      method: 'POST',
      url: '/vouchers/redeem',
      headers: mediator.headers,
      payload: { code: 'AAAA-AAAA-AAAA', bookingId: (await booking()).id },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('IDEMPOTENCY_KEY_REQUIRED');
  });

  it('answers 404 to unknown codes and to bookings of other structures', async () => {
    const program = await gironde();
    const [code] = await issueCodes(api, staff, program.id, 1);
    const { mediator, booking } = await structureWithOffer(api);
    const other = await structureWithOffer(api);
    const mine = await booking();

    // A well-formed code nobody issued, then a typo (its check character catches it).
    const unknown = await redeem(api, mediator, `ABCDEFGHJKL${checkCharacter('ABCDEFGHJKL')}`, mine.id);
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'VOUCHER_NOT_FOUND']);
    const typo = code!.slice(0, 3) + (code![3] === 'A' ? 'B' : 'A') + code!.slice(4);
    expect((await redeem(api, mediator, typo, mine.id)).statusCode).toBe(404);

    const notMine = await redeem(api, other.mediator, code!, mine.id);
    expect([notMine.statusCode, notMine.json().code]).toEqual([404, 'BOOKING_NOT_FOUND']);
    expect(await voucherStatus(code!)).toBe('issued');
  });

  it('answers 410 to expired and cancelled vouchers, and to vouchers past their grace period', async () => {
    const program = await gironde();
    const [expired, cancelled] = await issueCodes(api, staff, program.id, 2);
    await api.dataSource.query(`UPDATE vouchers SET status = 'expired', expired_at = now() WHERE code = $1`, [expired]);
    await api.dataSource.query(`UPDATE vouchers SET status = 'cancelled' WHERE code = $1`, [cancelled]);
    const past = await gironde({ validFrom: '2020-01-01', validUntil: '2020-12-31', graceDays: 31 });
    const [late] = await issueCodes(api, staff, past.id, 1);
    const { mediator, booking } = await structureWithOffer(api);
    for (const [code, expected] of [
      [expired, 'VOUCHER_EXPIRED'],
      [cancelled, 'VOUCHER_CANCELLED'],
      [late, 'VOUCHER_EXPIRED'],
    ] as const) {
      const response = await redeem(api, mediator, code!, (await booking()).id);
      expect({ status: response.statusCode, code: response.json().code }).toEqual({ status: 410, code: expected });
    }
  });

  it('answers 422 with the reason when the voucher cannot pay for this booking', async () => {
    const program = await gironde({ perBeneficiaryLimit: 1 });
    const codes = await issueCodes(api, staff, program.id, 10);
    const inGironde = await structureWithOffer(api);
    const inParis = await structureWithOffer(api, { postcode: '75011' });
    const otherProcedure = await structureWithOffer(api, { procedureCode: 'caf-prime-activite' });
    const unlabelled = await structureWithOffer(api, { credential: null });
    const wrongLabel = await structureWithOffer(api, { credential: 'france_services' });
    const beneficiary = await api.loginAs('beneficiary');

    const cases: [string, LoggedIn, () => Promise<{ id: string }>][] = [
      ['BOOKING_NOT_COMPLETED', inGironde.mediator, () => inGironde.booking({ status: 'confirmed' })],
      ['DEPARTEMENT_NOT_ELIGIBLE', inParis.mediator, () => inParis.booking()],
      ['PROCEDURE_NOT_ELIGIBLE', otherProcedure.mediator, () => otherProcedure.booking()],
      ['CREDENTIAL_MISSING', unlabelled.mediator, () => unlabelled.booking()],
      ['CREDENTIAL_MISSING', wrongLabel.mediator, () => wrongLabel.booking()],
    ];
    for (const [index, [reason, mediator, makeBooking]] of cases.entries()) {
      const response = await redeem(api, mediator, codes[index]!, (await makeBooking()).id);
      expect({ reason, status: response.statusCode, body: response.json() }).toMatchObject({
        reason,
        status: 422,
        body: { code: 'VOUCHER_NOT_ELIGIBLE', reason },
      });
    }

    // One voucher per person in this program: the second one for the same person is refused.
    const ok = await redeem(api, inGironde.mediator, codes[5]!, (await inGironde.booking({ beneficiaryUserId: beneficiary.user.id })).id);
    expect(ok.statusCode).toBe(201);
    const limit = await redeem(api, inGironde.mediator, codes[6]!, (await inGironde.booking({ beneficiaryUserId: beneficiary.user.id })).id);
    expect(limit.json()).toMatchObject({ code: 'VOUCHER_NOT_ELIGIBLE', reason: 'BENEFICIARY_LIMIT_REACHED' });

    await api.app.inject({ method: 'POST', url: `/programs/${program.id}/pause`, headers: staff.headers });
    const paused = await redeem(api, inGironde.mediator, codes[7]!, (await inGironde.booking()).id);
    expect(paused.json()).toMatchObject({ code: 'VOUCHER_NOT_ELIGIBLE', reason: 'PROGRAM_PAUSED' });

    const future = await gironde({ validFrom: '2098-01-01', validUntil: '2098-12-31' });
    const [early] = await issueCodes(api, staff, future.id, 1);
    const notYet = await redeem(api, inGironde.mediator, early!, (await inGironde.booking()).id);
    expect(notYet.json()).toMatchObject({ code: 'VOUCHER_NOT_ELIGIBLE', reason: 'NOT_YET_VALID' });

    expect(await voucherStatus(codes[0]!)).toBe('issued');
  });

  it('takes a whole category when the program lists categories, and any place when it lists no département', async () => {
    const program = await createProgram(api, staff, { eligibleCategoryCodes: ['social'] });
    const [code] = await issueCodes(api, staff, program.id, 1);
    const caf = await structureWithOffer(api, { procedureCode: 'caf-prime-activite', postcode: '75011', credential: null });
    expect((await redeem(api, caf.mediator, code!, (await caf.booking()).id)).statusCode).toBe(201);
  });

  it('accepts one voucher per booking', async () => {
    const program = await gironde();
    const [a, b] = await issueCodes(api, staff, program.id, 2);
    const { mediator, booking } = await structureWithOffer(api);
    const only = await booking();
    expect((await redeem(api, mediator, a!, only.id)).statusCode).toBe(201);
    const second = await redeem(api, mediator, b!, only.id);
    expect([second.statusCode, second.json().code]).toEqual([409, 'BOOKING_ALREADY_REDEEMED']);
    expect(await voucherStatus(b!)).toBe('issued');
  });

  describe('undo', () => {
    const undo = (caller: LoggedIn, id: string) => api.app.inject({ method: 'POST', url: `/redemptions/${id}/undo`, headers: caller.headers });

    it('puts the voucher back within 24 h for the same structure, and audits it', async () => {
      const program = await gironde();
      const [code] = await issueCodes(api, staff, program.id, 1);
      const { mediator, mediators, booking } = await structureWithOffer(api, { mediators: 2 });
      const other = await structureWithOffer(api);
      const first = await booking();
      const redemption = (await redeem(api, mediator, code!, first.id, 'undo-key')).json();

      expect((await undo(other.mediator, redemption.id)).statusCode).toBe(404);
      const undone = await undo(mediators[1]!, redemption.id);
      expect(undone.statusCode).toBe(200);
      expect(undone.json().undoneAt).not.toBeNull();
      expect(await voucherStatus(code!)).toBe('issued');
      // Replaying the first request's key returns its (now undone) result and redeems nothing.
      const replay = await redeem(api, mediator, code!, first.id, 'undo-key');
      expect([replay.statusCode, replay.json().id, replay.json().undoneAt]).toEqual([201, redemption.id, undone.json().undoneAt]);
      expect(await voucherStatus(code!)).toBe('issued');
      expect((await undo(mediator, redemption.id)).json().code).toBe('REDEMPTION_ALREADY_UNDONE');

      const again = await redeem(api, mediator, code!, (await booking()).id);
      expect(again.statusCode).toBe(201);
      const audit = await api.dataSource.query(
        `SELECT a.action FROM audit_log a JOIN vouchers v ON a.object_id = v.id::text WHERE v.code = $1 ORDER BY a.id`,
        [code],
      );
      expect(audit.map((row: { action: string }) => row.action)).toEqual(['voucher.redeemed', 'voucher.redemption_undone', 'voucher.redeemed']);
    });

    it('refuses after 24 h, and once the voucher is invoiced', async () => {
      const program = await gironde();
      const [old, invoiced] = await issueCodes(api, staff, program.id, 2);
      const { mediator, booking } = await structureWithOffer(api);
      const oldRedemption = (await redeem(api, mediator, old!, (await booking()).id)).json();
      await api.dataSource.query(`UPDATE voucher_redemptions SET redeemed_at = now() - interval '25 hours' WHERE id = $1`, [oldRedemption.id]);
      const late = await undo(mediator, oldRedemption.id);
      expect([late.statusCode, late.json().code]).toEqual([422, 'UNDO_WINDOW_CLOSED']);

      const invoicedRedemption = (await redeem(api, mediator, invoiced!, (await booking()).id)).json();
      // The month's invoicing run invoices it (with the other redeemed vouchers of this file).
      await api.app.get(InvoicingRunService).run('system', DateTime.now().setZone('Europe/Paris').toFormat('yyyy-MM'), new Date(Date.now() + 60_000));
      expect(await voucherStatus(invoiced!)).toBe('invoiced');
      const refused = await undo(mediator, invoicedRedemption.id);
      expect([refused.statusCode, refused.json().code]).toEqual([409, 'REDEMPTION_INVOICED']);
    });
  });
});
