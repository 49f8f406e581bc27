import { startTestApi, type TestApi } from '@passerelle/testing';
import { createProgram, funderStaff, issueCodes, redeem, structureWithOffer } from './vouchers-test-kit';

describe('GET /programs/{id}/stats', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('counts issued, assigned, redeemed and expired vouchers in count and money, by procedure, département and month', async () => {
    const { funderId, staff } = await funderStaff(api);
    const prescriber = await api.loginAs('prescriber', { organisationId: funderId });
    const program = await createProgram(api, staff, { faceValueCents: 1500, budgetCents: 30_000 });
    const codes = await issueCodes(api, staff, program.id, 10);
    for (const code of codes.slice(0, 3)) {
      await api.app.inject({
        method: 'POST',
        url: `/vouchers/${code}/assign`,
        headers: prescriber.headers,
        payload: { beneficiaryName: 'Josette', beneficiaryPhone: '+33612345678' },
      });
    }
    const gironde = await structureWithOffer(api);
    const paris = await structureWithOffer(api, { postcode: '75011', procedureCode: 'caf-prime-activite' });
    await redeem(api, gironde.mediator, codes[0]!, (await gironde.booking()).id);
    await redeem(api, gironde.mediator, codes[3]!, (await gironde.booking()).id);
    const undone = (await redeem(api, paris.mediator, codes[4]!, (await paris.booking()).id)).json();
    await redeem(api, paris.mediator, codes[5]!, (await paris.booking()).id);
    await api.app.inject({ method: 'POST', url: `/redemptions/${undone.id}/undo`, headers: paris.mediator.headers });
    await api.dataSource.query(`UPDATE vouchers SET status = 'expired', expired_at = now() WHERE code = ANY($1)`, [codes.slice(8)]);
    // One redemption dated in another month (Paris time) to split the months.
    await api.dataSource.query(
      `UPDATE voucher_redemptions r SET redeemed_at = '2026-01-15T10:00:00Z' FROM vouchers v WHERE v.id = r.voucher_id AND v.code = $1`,
      [codes[3]],
    );

    const response = await api.app.inject({ method: 'GET', url: `/programs/${program.id}/stats`, headers: staff.headers });
    expect(response.statusCode).toBe(200);
    const stats = response.json();
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' }).format(new Date());
    expect(stats).toEqual({
      programId: program.id,
      budgetCents: 30_000,
      issuedCents: 15_000,
      budgetLeftCents: 15_000,
      totals: {
        issued: { count: 10, cents: 15_000 },
        assigned: { count: 3, cents: 4_500 },
        redeemed: { count: 3, cents: 4_500 },
        expired: { count: 2, cents: 3_000 },
        cancelled: { count: 0, cents: 0 },
      },
      byProcedure: [
        { procedureCode: 'caf-prime-activite', count: 1, cents: 1_500 },
        { procedureCode: 'carte-grise-changement-titulaire', count: 2, cents: 3_000 },
      ],
      byDepartement: [
        { departement: '33', count: 2, cents: 3_000 },
        { departement: '75', count: 1, cents: 1_500 },
      ],
      byMonth: [
        { month: '2026-01', count: 1, cents: 1_500 },
        { month: month.slice(0, 7), count: 2, cents: 3_000 },
      ],
    });

    const csv = await api.app.inject({ method: 'GET', url: `/programs/${program.id}/stats.csv`, headers: staff.headers });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('section,key,count,amount_cents');
    expect(lines).toEqual(
      expect.arrayContaining(['budget,left,0,15000', 'total,redeemed,3,4500', 'departement,75,1,1500', 'month,2026-01,1,1500']),
    );
  });
});
