import { startTestApi, type TestApi } from '@passerelle/testing';
import { AuditService } from './audit.service';

describe('audit log', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('records who did what to which object, when and from where', async () => {
    const audit = api.app.get(AuditService);
    await audit.record(
      { userId: null, roles: ['system'], ip: '192.0.2.7', requestId: 'req-1234567' },
      { action: 'demo.checked', objectType: 'thing', objectId: 'T-1', details: { why: 'test' } },
    );
    const [entry] = await audit.historyOf('thing', 'T-1');
    expect(entry).toMatchObject({
      actorUserId: null,
      actorRoles: ['system'],
      action: 'demo.checked',
      objectType: 'thing',
      objectId: 'T-1',
      ip: '192.0.2.7',
      requestId: 'req-1234567',
      details: { why: 'test' },
    });
    expect(entry!.occurredAt).toBeInstanceOf(Date);
    expect(Number.isSafeInteger(entry!.id)).toBe(true);
  });

  it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused', async () => {
    await api.app.get(AuditService).record({ userId: null, roles: [] }, { action: 'demo.kept', objectType: 'thing' });
    const count = async () => (await api.dataSource.query('SELECT count(*)::int AS n FROM audit_log'))[0].n;
    const before = await count();
    await expect(api.dataSource.query("UPDATE audit_log SET action = 'demo.changed'")).rejects.toThrow(/append-only/);
    await expect(api.dataSource.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(api.dataSource.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect(await count()).toBe(before);
  });
});
