import { StructureDirectory } from '@passerelle/catalog';
import { createCredential, startTestApi, validSiret, type LoggedIn, type TestApi } from '@passerelle/testing';

describe('credentials', () => {
  let api: TestApi;
  let mediator: LoggedIn;
  let admin: LoggedIn;
  let structureId: string;

  beforeAll(async () => {
    api = await startTestApi();
    mediator = await api.loginAs('mediator');
    admin = await api.loginAs('admin');
    const created = await api.app.inject({
      method: 'POST',
      url: '/structures',
      headers: mediator.headers,
      payload: { name: 'France Services Quimper', siret: validSiret() },
    });
    structureId = created.json().id;
  });
  afterAll(() => api.close());

  const declare = (payload: object, who = mediator) =>
    api.app.inject({ method: 'POST', url: `/structures/${structureId}/credentials`, headers: who.headers, payload });
  const decide = (credentialId: string, decision: 'verify' | 'reject' | 'revoke', payload: object = {}, who = admin) =>
    api.app.inject({
      method: 'POST',
      url: `/admin/structures/${structureId}/credentials/${credentialId}/${decision}`,
      headers: who.headers,
      payload,
    });
  const auditOf = (credentialId: string) =>
    api.dataSource.query('SELECT action, actor_user_id, details FROM audit_log WHERE object_type = $1 AND object_id = $2 ORDER BY id', [
      'credential',
      credentialId,
    ]);

  it('lets a member declare a pending credential that does not count yet', async () => {
    const response = await declare({ kind: 'aptic', evidence: 'https://example.org/aptic.pdf', expiresOn: '2099-12-31' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ structureId, kind: 'aptic', status: 'pending', active: false, expiresOn: '2099-12-31' });
    const bad = await declare({ kind: 'label_rouge', evidence: 'x' });
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    const past = await declare({ kind: 'aptic', evidence: 'ref 123', expiresOn: '2001-01-01' });
    expect([past.statusCode, past.json().code]).toEqual([422, 'CREDENTIAL_EXPIRED']);
    const stranger = await api.loginAs('mediator');
    const foreign = await declare({ kind: 'aptic', evidence: 'ref' }, stranger);
    expect([foreign.statusCode, foreign.json().code]).toEqual([404, 'STRUCTURE_NOT_FOUND']);
  });

  it('verifies then revokes with a reason, each decision audited, and reports active accordingly', async () => {
    const directory = api.app.get(StructureDirectory);
    const credential = (await declare({ kind: 'siv_habilitation', evidence: 'Habilitation SIV n° 123456' })).json();
    expect(await directory.hasActiveCredential(structureId, ['siv_habilitation'])).toBe(false);

    const verified = await decide(credential.id, 'verify');
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ status: 'verified', active: true, decidedAt: expect.any(String) });
    expect(await directory.hasActiveCredential(structureId, ['siv_habilitation'])).toBe(true);
    expect(await directory.hasActiveCredential(structureId, ['france_services'])).toBe(false);

    const revoked = await decide(credential.id, 'revoke', { reason: 'Habilitation retirée par la préfecture' });
    expect(revoked.json()).toMatchObject({ status: 'revoked', active: false, decisionReason: 'Habilitation retirée par la préfecture' });
    expect(await directory.hasActiveCredential(structureId, ['siv_habilitation'])).toBe(false);

    expect(await auditOf(credential.id)).toEqual([
      expect.objectContaining({ action: 'credential.declared', actor_user_id: mediator.user.id }),
      expect.objectContaining({ action: 'credential.verified', actor_user_id: admin.user.id, details: expect.objectContaining({ from: 'pending', to: 'verified' }) }),
      expect.objectContaining({
        action: 'credential.revoked',
        actor_user_id: admin.user.id,
        details: expect.objectContaining({ from: 'verified', to: 'revoked', reason: 'Habilitation retirée par la préfecture' }),
      }),
    ]);
  });

  it('rejects with a mandatory reason, audited, and refuses wrong transitions with 409', async () => {
    const credential = (await declare({ kind: 'france_services', evidence: 'https://example.org/fs.pdf' })).json();
    const noReason = await decide(credential.id, 'reject', {});
    expect([noReason.statusCode, noReason.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    const revokePending = await decide(credential.id, 'revoke', { reason: 'trop tôt' });
    expect(revokePending.json()).toMatchObject({ status: 409, code: 'CREDENTIAL_STATE_CONFLICT', credentialStatus: 'pending' });

    const rejected = await decide(credential.id, 'reject', { reason: 'Attestation illisible' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', active: false, decisionReason: 'Attestation illisible' });
    const [, entry] = await auditOf(credential.id);
    expect(entry).toMatchObject({ action: 'credential.rejected', details: { reason: 'Attestation illisible', from: 'pending' } });

    for (const decision of ['verify', 'reject', 'revoke'] as const) {
      const response = await decide(credential.id, decision, { reason: 'encore' });
      expect({ decision, status: response.statusCode, code: response.json().code }).toEqual({
        decision,
        status: 409,
        code: 'CREDENTIAL_STATE_CONFLICT',
      });
    }
    expect(await auditOf(credential.id)).toHaveLength(2);
  });

  it('is forbidden to non-admins, and 404 for a credential of another structure', async () => {
    const credential = (await declare({ kind: 'aidants_connect', evidence: 'ref AC-42' })).json();
    for (const role of ['mediator', 'beneficiary', 'funder', 'prescriber'] as const) {
      const response = await decide(credential.id, 'verify', {}, role === 'mediator' ? mediator : await api.loginAs(role));
      expect({ role, status: response.statusCode }).toEqual({ role, status: 403 });
    }
    const elsewhere = await api.loginAs('mediator');
    const other = (
      await api.app.inject({ method: 'POST', url: '/structures', headers: elsewhere.headers, payload: { name: 'Autre', siret: validSiret() } })
    ).json();
    const wrongStructure = await api.app.inject({
      method: 'POST',
      url: `/admin/structures/${other.id}/credentials/${credential.id}/verify`,
      headers: admin.headers,
      payload: {},
    });
    expect([wrongStructure.statusCode, wrongStructure.json().code]).toEqual([404, 'CREDENTIAL_NOT_FOUND']);
    const withoutBody = await api.app.inject({
      method: 'POST',
      url: `/admin/structures/${structureId}/credentials/${credential.id}/verify`,
      headers: admin.headers,
    });
    expect(withoutBody.json()).toMatchObject({ status: 'verified' });
  });

  it('stops counting an expired verified credential: active=false, and the directory agrees', async () => {
    const directory = api.app.get(StructureDirectory);
    const fresh = await api.app.inject({ method: 'POST', url: '/structures', headers: mediator.headers, payload: { name: 'Expirée', siret: validSiret() } });
    const id = fresh.json().id;
    await createCredential(api.dataSource, id, admin.user.id, { kind: 'aptic', expiresOn: '2020-06-30' });
    const today = await createCredential(api.dataSource, id, admin.user.id, { kind: 'conseiller_numerique', status: 'verified' });
    await api.dataSource.query('UPDATE credentials SET expires_on = current_date WHERE id = $1', [today.id]);

    const list = await api.app.inject({ method: 'GET', url: `/structures/${id}/credentials`, headers: mediator.headers });
    expect(list.json().map((c: { kind: string; status: string; active: boolean }) => [c.kind, c.status, c.active])).toEqual([
      ['aptic', 'verified', false],
      ['conseiller_numerique', 'verified', true],
    ]);
    expect(await directory.hasActiveCredential(id, ['aptic'])).toBe(false);
    expect(await directory.hasActiveCredential(id)).toBe(true);
    const adminList = await api.app.inject({ method: 'GET', url: `/structures/${id}/credentials`, headers: admin.headers });
    expect(adminList.json()).toHaveLength(2);
  });
});
