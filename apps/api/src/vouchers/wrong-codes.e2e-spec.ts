import { WRONG_CODES_PER_ORGANISATION, WRONG_CODES_PER_USER, checkCharacter, generateCode } from '@passerelle/vouchers';
import { startTestApi, type TestApi } from '@passerelle/testing';
import { createProgram, funderStaff, issueCodes, redeem, structureWithOffer } from './vouchers-test-kit';

/** A well-formed code (right check character) that was never issued. */
const unissued = () => {
  const payload = generateCode().slice(0, 11);
  return payload + checkCharacter(payload);
};

describe('wrong voucher codes are rate limited', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('per person, then per structure, even for a right code once the limit is reached', async () => {
    const { staff } = await funderStaff(api);
    const program = await createProgram(api, staff);
    const [valid] = await issueCodes(api, staff, program.id, 1);
    const perUser = WRONG_CODES_PER_USER.points;
    const mediatorCount = WRONG_CODES_PER_ORGANISATION.points / perUser + 1;
    const { mediators, booking } = await structureWithOffer(api, { mediators: mediatorCount });
    const target = await booking();

    const first = mediators[0]!;
    for (let i = 0; i < perUser; i++) {
      const response = await redeem(api, first, i % 2 ? unissued() : 'NOT-A-CODE', target.id);
      expect(response.statusCode).toBe(404);
    }
    const audited = await api.dataSource.query(
      `SELECT object_id, details FROM audit_log WHERE action = 'voucher.wrong_code' AND actor_user_id = $1`,
      [first.user.id],
    );
    expect(audited).toHaveLength(perUser);
    expect(audited[0]).toEqual({ object_id: mediators[0]!.user.organisationId, details: { during: 'redeem' } });
    const blocked = await redeem(api, first, valid!, target.id);
    expect([blocked.statusCode, blocked.json().code]).toEqual([429, 'VOUCHER_ATTEMPTS_RATE_LIMITED']);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);

    // The others use up what is left of the structure's allowance; then nobody there may try.
    for (const mediator of mediators.slice(1, -1)) {
      for (let i = 0; i < perUser; i++) expect((await redeem(api, mediator, unissued(), target.id)).statusCode).toBe(404);
    }
    const last = mediators.at(-1)!;
    const structureBlocked = await redeem(api, last, valid!, target.id);
    expect([structureBlocked.statusCode, structureBlocked.json().code]).toEqual([429, 'VOUCHER_ATTEMPTS_RATE_LIMITED']);

    // Another structure is not affected.
    const elsewhere = await structureWithOffer(api);
    expect((await redeem(api, elsewhere.mediator, valid!, (await elsewhere.booking()).id)).statusCode).toBe(201);
  });

  it('per prescriber when assigning', async () => {
    const { funderId } = await funderStaff(api);
    const prescriber = await api.loginAs('prescriber', { organisationId: funderId });
    const assign = (code: string) =>
      api.app.inject({
        method: 'POST',
        url: `/vouchers/${code}/assign`,
        headers: prescriber.headers,
        payload: { beneficiaryName: 'Josette', beneficiaryPhone: '+33612345678' },
      });
    for (let i = 0; i < WRONG_CODES_PER_USER.points; i++) expect((await assign(unissued())).statusCode).toBe(404);
    expect((await assign(unissued())).statusCode).toBe(429);
  });
});
