import { isWellFormedCode } from '@passerelle/vouchers';
import { startTestApi, type TestApi } from '@passerelle/testing';
import { createProgram, funderStaff, issueBatch } from './vouchers-test-kit';

describe('voucher batches', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('issues N unique well-formed codes, charges the budget and audits the batch', async () => {
    const { staff } = await funderStaff(api);
    const program = await createProgram(api, staff, { faceValueCents: 1000, budgetCents: 50_000 });
    const response = await issueBatch(api, staff, program.id, 30);
    expect(response.statusCode).toBe(201);
    const batch = response.json();
    expect(batch).toMatchObject({ programId: program.id, size: 30, faceValueCents: 1000, totalCents: 30_000 });

    const rows: { code: string; status: string }[] = await api.dataSource.query('SELECT code, status FROM vouchers WHERE batch_id = $1', [batch.id]);
    expect(rows).toHaveLength(30);
    expect(new Set(rows.map((row) => row.code)).size).toBe(30);
    expect(rows.every((row) => isWellFormedCode(row.code) && row.status === 'issued')).toBe(true);

    const after = await api.app.inject({ method: 'GET', url: `/programs/${program.id}`, headers: staff.headers });
    expect(after.json()).toMatchObject({ issuedCents: 30_000, budgetLeftCents: 20_000 });

    const over = await issueBatch(api, staff, program.id, 21);
    expect(over.statusCode).toBe(422);
    expect(over.json()).toMatchObject({ code: 'BUDGET_EXCEEDED', requestedCents: 21_000, budgetLeftCents: 20_000 });
    expect((await issueBatch(api, staff, program.id, 20)).statusCode).toBe(201);

    const audit = await api.dataSource.query(`SELECT action, details FROM audit_log WHERE object_id = $1`, [batch.id]);
    expect(audit).toEqual([{ action: 'voucher_batch.issued', details: { programId: program.id, size: 30, totalCents: 30_000 } }]);
  });

  it('never overspends the budget under concurrent batch requests at the edge', async () => {
    const { staff } = await funderStaff(api);
    // Room for exactly 10 batches of 7 (70 vouchers out of a 75-voucher budget).
    const program = await createProgram(api, staff, { faceValueCents: 1000, budgetCents: 75_000 });
    const responses = await Promise.all(Array.from({ length: 40 }, () => issueBatch(api, staff, program.id, 7)));
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(10);
    expect(statuses.filter((status) => status === 422)).toHaveLength(30);
    const [totals] = await api.dataSource.query(
      `SELECT p.issued_cents::int AS issued, p.budget_cents::int AS budget, count(v.id)::int AS vouchers,
              coalesce(sum(v.face_value_cents), 0)::int AS value
         FROM voucher_programs p LEFT JOIN vouchers v ON v.program_id = p.id WHERE p.id = $1 GROUP BY p.id`,
      [program.id],
    );
    expect(totals).toEqual({ issued: 70_000, budget: 75_000, vouchers: 70, value: 70_000 });
  });

  it('refuses batches of a paused program, and of other funders’ programs', async () => {
    const { staff } = await funderStaff(api);
    const other = await funderStaff(api);
    const program = await createProgram(api, staff);
    const foreign = await issueBatch(api, other.staff, program.id, 1);
    expect(foreign.statusCode).toBe(404);
    await api.app.inject({ method: 'POST', url: `/programs/${program.id}/pause`, headers: staff.headers });
    const paused = await issueBatch(api, staff, program.id, 1);
    expect(paused.statusCode).toBe(422);
    expect(paused.json().code).toBe('PROGRAM_PAUSED');
    expect((await issueBatch(api, staff, program.id, 0)).statusCode).toBe(400);
    expect((await issueBatch(api, staff, program.id, 5001)).statusCode).toBe(400);
  });

  it('serves the batch as CSV and as a printable PDF with one QR code per voucher, to its funder only', async () => {
    const { staff } = await funderStaff(api);
    const other = await funderStaff(api);
    const program = await createProgram(api, staff, { name: 'Pass numérique, Gironde', validUntil: '2099-12-31' });
    const batch = (await issueBatch(api, staff, program.id, 10)).json();

    const csv = await api.app.inject({ method: 'GET', url: `/batches/${batch.id}/vouchers.csv`, headers: staff.headers });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('code,face_value_cents,program,valid_from,valid_until,status');
    expect(lines).toHaveLength(11);
    expect(lines[1]).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4},1000,"Pass numérique, Gironde",2020-01-01,2099-12-31,issued$/);

    const pdf = await api.app.inject({ method: 'GET', url: `/batches/${batch.id}/vouchers.pdf`, headers: staff.headers });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.rawPayload;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // Eight vouchers a page: 10 vouchers make 2 pages.
    expect(bytes.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(2);

    for (const url of [`/batches/${batch.id}/vouchers.csv`, `/batches/${batch.id}/vouchers.pdf`]) {
      const response = await api.app.inject({ method: 'GET', url, headers: other.staff.headers });
      expect({ url, status: response.statusCode, code: response.json().code }).toEqual({ url, status: 404, code: 'BATCH_NOT_FOUND' });
    }
  });
});
