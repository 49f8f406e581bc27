import { startTestApi, type TestApi } from '@passerelle/testing';

describe('GET /procedures', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('lists the seeded categories in order, each with its procedures, without a token', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/procedures' });
    expect(response.statusCode).toBe(200);
    const categories = response.json();
    expect(categories).toHaveLength(10);
    expect(categories[0]).toMatchObject({ code: 'papiers', label: expect.any(String) });
    const procedures = categories.flatMap((category: { procedures: unknown[] }) => category.procedures);
    expect(procedures.length).toBeGreaterThanOrEqual(12);
    for (const category of categories) expect(category.procedures.length).toBeGreaterThan(0);
  });

  it('gives the carte grise change of owner with its documents checklist, duration and official site', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/procedures?category=transports' });
    expect(response.statusCode).toBe(200);
    const [transports] = response.json();
    expect(response.json()).toHaveLength(1);
    const carteGrise = transports.procedures.find((p: { code: string }) => p.code === 'carte-grise-changement-titulaire');
    expect(carteGrise).toMatchObject({
      categoryCode: 'transports',
      officialUrl: 'https://immatriculation.ants.gouv.fr/',
      typicalDurationMinutes: 45,
    });
    expect(carteGrise.documents).toEqual(
      expect.arrayContaining([
        { label: expect.stringContaining('Certificat de cession'), providedBy: 'seller_and_buyer', maxAgeDays: null, condition: null },
        { label: 'Code de cession donné par le vendeur', providedBy: 'seller', maxAgeDays: 15, condition: null },
        expect.objectContaining({ label: expect.stringContaining('contrôle technique'), maxAgeDays: 183, condition: expect.any(String) }),
      ]),
    );
  });

  it('serves one procedure by code, and 404 PROCEDURE_NOT_FOUND for an unknown one', async () => {
    const found = await api.app.inject({ method: 'GET', url: '/procedures/carte-grise-changement-titulaire' });
    expect(found.statusCode).toBe(200);
    expect(found.json()).toMatchObject({ code: 'carte-grise-changement-titulaire', category: { code: 'transports' } });
    expect(found.json().documents.length).toBeGreaterThanOrEqual(8);

    const missing = await api.app.inject({ method: 'GET', url: '/procedures/nope-nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('PROCEDURE_NOT_FOUND');
  });

  it('answers 404 for an unknown category and 400 for a malformed one', async () => {
    const unknown = await api.app.inject({ method: 'GET', url: '/procedures?category=astronautique' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('PROCEDURE_CATEGORY_NOT_FOUND');
    const malformed = await api.app.inject({ method: 'GET', url: '/procedures?category=%27%3B--' });
    expect(malformed.statusCode).toBe(400);
  });
});
