import { startTestApi, type TestApi } from '@passerelle/testing';
import { createProgram, funderStaff, programBody } from './vouchers-test-kit';

describe('funders and programs', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('lets an admin register a public funder and its members, who then act for it', async () => {
    const admin = await api.loginAs('admin');
    const created = await api.app.inject({
      method: 'POST',
      url: '/admin/funders',
      headers: admin.headers,
      payload: {
        legalName: 'Département de la Gironde',
        siret: '223 300 013 00016',
        sector: 'public',
        billingAddress: '1 esplanade Charles de Gaulle, 33074 Bordeaux Cedex',
        chorusServiceCode: 'SERVICE-INCLUSION',
        chorusCommitmentNumber: 'EJ-2027-0042',
      },
    });
    expect(created.statusCode).toBe(201);
    const funder = created.json();
    expect(funder).toMatchObject({ siret: '22330001300016', sector: 'public', chorusServiceCode: 'SERVICE-INCLUSION' });

    const again = await api.app.inject({
      method: 'POST',
      url: '/admin/funders',
      headers: admin.headers,
      payload: { legalName: 'Doublon', siret: '22330001300016', sector: 'private', billingAddress: 'ailleurs' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('FUNDER_ALREADY_REGISTERED');

    const member = await api.app.inject({
      method: 'POST',
      url: `/admin/funders/${funder.id}/members`,
      headers: admin.headers,
      payload: { email: 'finance@gironde.example', password: 'correct horse battery', displayName: 'Finance', role: 'funder' },
    });
    expect(member.statusCode).toBe(201);
    expect(member.json()).toMatchObject({ roles: ['funder'], memberships: [{ organisationId: funder.id, kind: 'funder' }] });

    const login = await api.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'finance@gironde.example', password: 'correct horse battery' },
    });
    const program = await api.app.inject({
      method: 'POST',
      url: '/programs',
      headers: { authorization: `Bearer ${login.json().accessToken}` },
      payload: programBody(),
    });
    expect(program.statusCode).toBe(201);
    expect(program.json().funderId).toBe(funder.id);

    const unknownFunder = await api.app.inject({
      method: 'POST',
      url: '/admin/funders/00000000-0000-4000-8000-000000000000/members',
      headers: admin.headers,
      payload: { email: 'x@gironde.example', password: 'correct horse battery', displayName: 'X', role: 'prescriber' },
    });
    expect(unknownFunder.statusCode).toBe(404);
    expect(unknownFunder.json().code).toBe('FUNDER_NOT_FOUND');
  });

  it('drops Chorus fields for private funders and refuses malformed input', async () => {
    const admin = await api.loginAs('admin');
    const privateFunder = await api.app.inject({
      method: 'POST',
      url: '/admin/funders',
      headers: admin.headers,
      payload: { legalName: 'Fondation Lien', siret: '12345678900011', sector: 'private', billingAddress: 'Paris', chorusServiceCode: 'X' },
    });
    expect(privateFunder.statusCode).toBe(201);
    expect(privateFunder.json().chorusServiceCode).toBeNull();
    const bad = await api.app.inject({
      method: 'POST',
      url: '/admin/funders',
      headers: admin.headers,
      payload: { legalName: 'X', siret: '123', sector: 'public', billingAddress: 'Paris' },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('creates a program with its rules, computing the redeemable window in Europe/Paris', async () => {
    const { funderId, staff } = await funderStaff(api);
    const program = await createProgram(api, staff, {
      validFrom: '2027-01-01',
      validUntil: '2027-12-31',
      graceDays: 31,
      eligibleProcedureCodes: ['carte-grise-changement-titulaire'],
      eligibleCategoryCodes: ['social'],
      eligibleDepartements: ['33', '2A'],
      requiredCredentials: ['aptic'],
      perBeneficiaryLimit: 5,
    });
    expect(program).toMatchObject({
      funderId,
      faceValueCents: 1000,
      budgetCents: 100_000,
      issuedCents: 0,
      budgetLeftCents: 100_000,
      redeemableFrom: '2026-12-31T23:00:00.000Z',
      // 31/12/2027 + 31 days of grace: accepted until the end of 31/01/2028, Paris time.
      redeemableUntil: '2028-01-31T23:00:00.000Z',
      eligibleDepartements: ['33', '2A'],
      requiredCredentials: ['aptic'],
      operatorFeeBp: 400,
      perBeneficiaryLimit: 5,
      status: 'active',
    });
    const audit = await api.dataSource.query(`SELECT action FROM audit_log WHERE object_id = $1`, [program.id]);
    expect(audit).toEqual([{ action: 'program.created' }]);
  });

  it('refuses programs with unknown procedures, categories or labels, or a budget below one voucher', async () => {
    const { staff } = await funderStaff(api);
    const cases = [
      { eligibleProcedureCodes: ['demarche-inconnue'] },
      { eligibleCategoryCodes: ['inconnue'] },
      { budgetCents: 500 },
      { validFrom: '2027-02-01', validUntil: '2027-01-01' },
    ];
    for (const extra of cases) {
      const response = await api.app.inject({ method: 'POST', url: '/programs', headers: staff.headers, payload: programBody(extra) });
      expect({ extra, status: response.statusCode, code: response.json().code }).toEqual({ extra, status: 400, code: 'INVALID_PROGRAM' });
    }
    const badLabel = await api.app.inject({
      method: 'POST',
      url: '/programs',
      headers: staff.headers,
      payload: programBody({ requiredCredentials: ['inconnu'] }),
    });
    expect(badLabel.statusCode).toBe(400);
  });

  it('lets only its own funder read, pause and resume a program: another funder gets 404', async () => {
    const { staff } = await funderStaff(api);
    const other = await funderStaff(api);
    const program = await createProgram(api, staff);

    for (const url of [`/programs/${program.id}`, `/programs/${program.id}/stats`, `/programs/${program.id}/stats.csv`]) {
      const response = await api.app.inject({ method: 'GET', url, headers: other.staff.headers });
      expect({ url, status: response.statusCode, code: response.json().code }).toEqual({ url, status: 404, code: 'PROGRAM_NOT_FOUND' });
    }
    const otherPause = await api.app.inject({ method: 'POST', url: `/programs/${program.id}/pause`, headers: other.staff.headers });
    expect(otherPause.statusCode).toBe(404);
    const otherList = await api.app.inject({ method: 'GET', url: '/programs', headers: other.staff.headers });
    expect(otherList.json()).toEqual([]);

    const paused = await api.app.inject({ method: 'POST', url: `/programs/${program.id}/pause`, headers: staff.headers });
    expect(paused.statusCode).toBe(200);
    expect(paused.json().status).toBe('paused');
    const resumed = await api.app.inject({ method: 'POST', url: `/programs/${program.id}/resume`, headers: staff.headers });
    expect(resumed.json().status).toBe('active');
    const mine = await api.app.inject({ method: 'GET', url: '/programs', headers: staff.headers });
    expect(mine.json().map((p: { id: string }) => p.id)).toEqual([program.id]);
    const audit = await api.dataSource.query(`SELECT action FROM audit_log WHERE object_id = $1 ORDER BY occurred_at, id`, [program.id]);
    expect(audit.map((row: { action: string }) => row.action)).toEqual(['program.created', 'program.paused', 'program.resumed']);
  });
});
