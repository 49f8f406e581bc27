import { startTestApi, type TestApi } from '@passerelle/testing';
import { createProgram, funderStaff, issueCodes, redeem, structureWithOffer } from './vouchers-test-kit';

describe('POST /vouchers/redeem under concurrency', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('redeems one code exactly once out of 1,000 parallel attempts by 5 mediators, half replaying one key', async () => {
    const { staff } = await funderStaff(api);
    const program = await createProgram(api, staff);
    const [code] = await issueCodes(api, staff, program.id, 1);
    const { mediators, booking } = await structureWithOffer(api, { mediators: 5 });
    const bookings: { id: string }[] = [];
    for (let i = 0; i < 10; i++) bookings.push(await booking());

    // Even attempts: the same key and booking (a client retrying); odd ones: their own key, one of 10 bookings.
    const attempts = Array.from({ length: 1000 }, (_, i) =>
      i % 2 === 0
        ? redeem(api, mediators[i % 5]!, code!, bookings[0]!.id, 'shared-retry-key')
        : redeem(api, mediators[i % 5]!, code!, bookings[i % 10]!.id, `own-key-${i}`),
    );
    const responses = await Promise.all(attempts);

    const [redemptions] = await api.dataSource.query(
      `SELECT count(*)::int AS n, min(r.idempotency_key) AS key FROM voucher_redemptions r JOIN vouchers v ON v.id = r.voucher_id WHERE v.code = $1`,
      [code],
    );
    expect(redemptions.n).toBe(1);
    const created = responses.filter((response) => response.statusCode === 201);
    const conflicts = responses.filter((response) => response.statusCode === 409);
    const others = responses.filter((r) => r.statusCode !== 201 && r.statusCode !== 409).slice(0, 3).map((r) => `${r.statusCode} ${r.body}`);
    expect(others).toEqual([]);
    expect(created.length + conflicts.length).toBe(1000);
    // Every success is the one redemption: the winner, and every replay of its key when it was the shared one.
    const winner = created[0]!.json();
    expect(created.every((response) => response.json().id === winner.id)).toBe(true);
    expect(created).toHaveLength(redemptions.key === 'shared-retry-key' ? 500 : 1);
    expect(new Set(conflicts.map((response) => response.json().code))).toEqual(new Set(['VOUCHER_ALREADY_REDEEMED']));
    const [voucher] = await api.dataSource.query('SELECT status FROM vouchers WHERE code = $1', [code]);
    expect(voucher.status).toBe('redeemed');
    const [audit] = await api.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'voucher.redeemed'`);
    expect(audit.n).toBe(1);
  });

  it('keeps the per-person limit when one person’s vouchers are redeemed in parallel', async () => {
    const { staff } = await funderStaff(api);
    const program = await createProgram(api, staff, { perBeneficiaryLimit: 2 });
    const codes = await issueCodes(api, staff, program.id, 12);
    const { mediators, booking } = await structureWithOffer(api, { mediators: 3 });
    const person = await api.loginAs('beneficiary');
    const bookings: { id: string }[] = [];
    for (let i = 0; i < 12; i++) bookings.push(await booking({ beneficiaryUserId: person.user.id }));

    const responses = await Promise.all(codes.map((code, i) => redeem(api, mediators[i % 3]!, code, bookings[i]!.id)));
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([...Array(2).fill(201), ...Array(10).fill(422)]);
    expect(new Set(responses.filter((r) => r.statusCode === 422).map((r) => r.json().reason))).toEqual(new Set(['BENEFICIARY_LIMIT_REACHED']));
    const [count] = await api.dataSource.query('SELECT count(*)::int AS n FROM voucher_redemptions WHERE program_id = $1', [program.id]);
    expect(count.n).toBe(2);
  });
});
