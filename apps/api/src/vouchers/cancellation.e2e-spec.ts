import { startTestApi, type TestApi } from '@passerelle/testing';
import { createProgram, funderStaff, issueBatch, issueCodes, redeem, structureWithOffer } from './vouchers-test-kit';

describe('POST /vouchers/{code}/cancel', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('cancels an unused voucher of the funder: it answers 410 from then on and its value returns to the budget', async () => {
    const { staff } = await funderStaff(api);
    const other = await funderStaff(api);
    const program = await createProgram(api, staff, { faceValueCents: 1000, budgetCents: 2000 });
    const [lost, used] = await issueCodes(api, staff, program.id, 2);
    const cancel = (caller = staff, code = lost!) =>
      api.app.inject({ method: 'POST', url: `/vouchers/${code}/cancel`, headers: caller.headers });

    expect((await cancel(other.staff)).statusCode).toBe(404);
    const cancelled = await cancel();
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', programId: program.id, releasedCents: 1000 });
    expect((await cancel()).json().code).toBe('VOUCHER_CANCELLED');

    const { mediator, booking } = await structureWithOffer(api);
    const refused = await redeem(api, mediator, lost!, (await booking()).id);
    expect([refused.statusCode, refused.json().code]).toEqual([410, 'VOUCHER_CANCELLED']);
    expect((await redeem(api, mediator, used!, (await booking()).id)).statusCode).toBe(201);
    expect((await cancel(staff, used!)).json().code).toBe('VOUCHER_ALREADY_REDEEMED');

    // The budget was full; the cancelled voucher's value can be issued again, once.
    expect((await issueBatch(api, staff, program.id, 1)).statusCode).toBe(201);
    expect((await issueBatch(api, staff, program.id, 1)).statusCode).toBe(422);
    const stats = (await api.app.inject({ method: 'GET', url: `/programs/${program.id}/stats`, headers: staff.headers })).json();
    expect(stats.totals.cancelled).toEqual({ count: 1, cents: 1000 });
    const audit = await api.dataSource.query(
      `SELECT a.action FROM audit_log a JOIN vouchers v ON a.object_id = v.id::text WHERE v.code = $1`,
      [lost],
    );
    expect(audit).toEqual([{ action: 'voucher.cancelled' }]);
  });
});
