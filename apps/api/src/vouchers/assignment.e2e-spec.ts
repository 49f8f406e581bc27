import { formatCode } from '@passerelle/vouchers';
import { startTestApi, type LoggedIn, type TestApi } from '@passerelle/testing';
import { createProgram, funderStaff, issueCodes, redeem, structureWithOffer } from './vouchers-test-kit';

describe('POST /vouchers/{code}/assign', () => {
  let api: TestApi;
  let funderId: string;
  let staff: LoggedIn;
  let prescriber: LoggedIn;

  beforeAll(async () => {
    api = await startTestApi();
    ({ funderId, staff } = await funderStaff(api));
    prescriber = await api.loginAs('prescriber', { organisationId: funderId });
  });
  afterAll(() => api.close());

  const assign = (caller: LoggedIn, code: string, payload: object) =>
    api.app.inject({ method: 'POST', url: `/vouchers/${encodeURIComponent(code)}/assign`, headers: caller.headers, payload });

  it('hands a voucher to a person by name and phone, once, and shows the prescriber when it is used', async () => {
    const program = await createProgram(api, staff);
    const [code] = await issueCodes(api, staff, program.id, 1);
    const assigned = await assign(prescriber, formatCode(code!), { beneficiaryName: 'Josette Martin', beneficiaryPhone: '+33612345678' });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toMatchObject({
      code: formatCode(code!),
      status: 'assigned',
      programId: program.id,
      beneficiary: { userId: null, name: 'Josette Martin', phone: '+33612345678' },
      redeemedAt: null,
    });
    const twice = await assign(prescriber, code!, { beneficiaryName: 'Autre', beneficiaryPhone: '+33600000000' });
    expect([twice.statusCode, twice.json().code]).toEqual([409, 'VOUCHER_ALREADY_ASSIGNED']);

    const { mediator, booking } = await structureWithOffer(api);
    expect((await redeem(api, mediator, code!, (await booking()).id)).statusCode).toBe(201);
    const mine = await api.app.inject({ method: 'GET', url: '/vouchers/assigned', headers: prescriber.headers });
    expect(mine.json()).toEqual([expect.objectContaining({ code: formatCode(code!), status: 'redeemed', redeemedAt: expect.any(String) })]);

    const audit = await api.dataSource.query(
      `SELECT a.action, a.details FROM audit_log a JOIN vouchers v ON a.object_id = v.id::text WHERE v.code = $1 ORDER BY a.id`,
      [code],
    );
    expect(audit[0]).toEqual({ action: 'voucher.assigned', details: { programId: program.id, beneficiaryUserId: null } });
  });

  it('hands a voucher to an account, which must then be the booking’s person', async () => {
    const program = await createProgram(api, staff);
    const [code] = await issueCodes(api, staff, program.id, 1);
    const person = await api.loginAs('beneficiary');
    const someoneElse = await api.loginAs('beneficiary');
    expect((await assign(prescriber, code!, { beneficiaryUserId: person.user.id })).statusCode).toBe(200);
    const { mediator, booking } = await structureWithOffer(api);
    const wrongPerson = await redeem(api, mediator, code!, (await booking({ beneficiaryUserId: someoneElse.user.id })).id);
    expect(wrongPerson.json()).toMatchObject({ code: 'VOUCHER_NOT_ELIGIBLE', reason: 'BENEFICIARY_MISMATCH' });
    expect((await redeem(api, mediator, code!, (await booking({ beneficiaryUserId: person.user.id })).id)).statusCode).toBe(201);
  });

  it('checks every field given, account id next to a name and phone or the reverse (42 there used to reach SQL: a 500), and assigns nothing', async () => {
    const program = await createProgram(api, staff);
    const [code] = await issueCodes(api, staff, program.id, 1);
    const person = await api.loginAs('beneficiary');
    for (const payload of [
      { beneficiaryName: 'Josette Martin', beneficiaryPhone: '+33612345678', beneficiaryUserId: 42 },
      { beneficiaryName: 'Josette Martin', beneficiaryPhone: '+33612345678', beneficiaryUserId: 'not-a-uuid' },
      { beneficiaryUserId: person.user.id, beneficiaryName: [] },
      { beneficiaryUserId: person.user.id, beneficiaryPhone: 'pas un numéro' },
    ]) {
      const response = await assign(prescriber, code!, payload);
      expect({ payload, status: response.statusCode, code: response.json().code }).toEqual({ payload, status: 400, code: 'VALIDATION_FAILED' });
    }
    const [voucher] = await api.dataSource.query('SELECT status FROM vouchers WHERE code = $1', [code]);
    expect(voucher.status).toBe('issued');
  });

  it('answers 404 to prescribers of other funders, and to unknown people', async () => {
    const program = await createProgram(api, staff);
    const [code] = await issueCodes(api, staff, program.id, 1);
    const other = await funderStaff(api);
    const outsider = await api.loginAs('prescriber', { organisationId: other.funderId });
    const foreign = await assign(outsider, code!, { beneficiaryName: 'X', beneficiaryPhone: '+33612345678' });
    expect([foreign.statusCode, foreign.json().code]).toEqual([404, 'VOUCHER_NOT_FOUND']);
    const nobody = await assign(prescriber, code!, { beneficiaryUserId: '00000000-0000-4000-8000-000000000000' });
    expect([nobody.statusCode, nobody.json().code]).toEqual([404, 'BENEFICIARY_NOT_FOUND']);
    const incomplete = await assign(prescriber, code!, { beneficiaryName: 'Sans téléphone' });
    expect(incomplete.statusCode).toBe(400);
  });

  it('refuses used, expired and paused-program vouchers', async () => {
    const program = await createProgram(api, staff);
    const [used, expired] = await issueCodes(api, staff, program.id, 2);
    const { mediator, booking } = await structureWithOffer(api);
    await redeem(api, mediator, used!, (await booking()).id);
    await api.dataSource.query(`UPDATE vouchers SET status = 'expired', expired_at = now() WHERE code = $1`, [expired]);
    const person = { beneficiaryName: 'Josette', beneficiaryPhone: '+33612345678' };
    expect((await assign(prescriber, used!, person)).json().code).toBe('VOUCHER_ALREADY_REDEEMED');
    expect((await assign(prescriber, expired!, person)).statusCode).toBe(410);

    const paused = await createProgram(api, staff);
    const [code] = await issueCodes(api, staff, paused.id, 1);
    await api.app.inject({ method: 'POST', url: `/programs/${paused.id}/pause`, headers: staff.headers });
    expect((await assign(prescriber, code!, person)).json().code).toBe('PROGRAM_PAUSED');
  });
});
