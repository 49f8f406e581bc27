import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { OFFERS_SUSPENDED_OVER_CAP_JOB, PlaceService, PriceCapService } from '@passerelle/catalog';
import type { Actor } from '@passerelle/identity';
import {
  actorFor,
  createOffer,
  createOrganisation,
  createPlace,
  createStructure,
  createUser,
  eventually,
  startTestWorker,
  type SmtpSink,
  type TestWorker,
} from '@passerelle/testing';

describe('worker: offers suspended over a cap, the structure is told', () => {
  let worker: TestWorker;
  let dataSource: DataSource;
  let sink: SmtpSink;
  let queue: Queue;
  let admin: Actor;

  beforeAll(async () => {
    worker = await startTestWorker();
    ({ dataSource, sink, notifications: queue } = worker);
    admin = actorFor((await createUser(dataSource, { role: 'admin' })).id, 'admin');
  });
  afterAll(() => worker?.close());

  const mailsTo = (address: string) => sink.messages.filter((message) => message.to.includes(address.toLowerCase()));
  const logRows = (like: string) =>
    dataSource.query('SELECT recipient_user_id, status, attempts FROM notification_log WHERE dedup_key LIKE $1 ORDER BY dedup_key', [
      like,
    ]) as Promise<{ recipient_user_id: string | null; status: string; attempts: number }[]>;
  const completed = async (jobId: string) => ((await queue.getJobState(jobId)) === 'completed' ? queue.getJob(jobId) : undefined);

  async function structureWithMembers(count: number) {
    const organisation = await createOrganisation(dataSource, 'structure', 'EPN Roquette');
    const members = [];
    for (let index = 0; index < count; index++) members.push(await createUser(dataSource, { role: 'mediator', organisationId: organisation.id }));
    const structure = await createStructure(dataSource, { organisationId: organisation.id });
    const place = await createPlace(dataSource, structure.id, { name: 'Espace <Roquette>' });
    await dataSource.query("UPDATE places SET emails = '{accueil@roquette.example}' WHERE id = $1", [place.id]);
    return { structure, place, members };
  }

  it('a lowered cap: each member gets one French email listing the offers and the cap, sent once however often the job runs', async () => {
    const { structure, place, members } = await structureWithMembers(2);
    const above = await createOffer(dataSource, place, { procedureCode: 'carte-grise-duplicata', priceCents: 4500 });
    await createOffer(dataSource, place, { procedureCode: 'carte-grise-duplicata', priceCents: 2500 });
    const change = await worker.app.get(PriceCapService).setCap(admin, 'carte-grise-duplicata', { maxPriceCents: 3000, reason: 'Arrêté du 1er décembre' });
    expect(change.suspendedOffers).toBe(1);

    const mails = await eventually(async () => {
      const received = members.map((member) => mailsTo(member.email)[0]);
      return received.every(Boolean) ? received : undefined;
    }, 'both members’ emails');
    const [title] = (await dataSource.query("SELECT title FROM procedures WHERE code = 'carte-grise-duplicata'")).map((row: { title: string }) => row.title);
    for (const mail of mails) {
      expect(mail!.subject).toBe('Offres suspendues : leur prix dépasse le prix plafond');
      for (const text of ['Bonjour,', 'EPN Roquette', title, 'maintenant de 30,00 € TTC', 'Arrêté du 1er décembre', 'votre prix 45,00 €, plafond 30,00 €', 'Espace <Roquette>', '/offres', 'Les rendez-vous déjà pris gardent leur prix']) {
        expect(mail!.text).toContain(text);
      }
      expect(mail!.text).not.toContain('25,00 €');
      expect(mail!.html).toContain('Espace &lt;Roquette&gt;');
      expect(mail!.html).toContain('<li>');
    }
    expect(mailsTo('accueil@roquette.example')).toHaveLength(0);
    await eventually(async () => (await logRows(`%:cap:${change.historyId}:%`)).every((row) => row.status === 'sent') || undefined, 'the log rows');
    expect((await logRows(`%:cap:${change.historyId}:%`)).map((row) => [row.recipient_user_id, row.status, row.attempts]).sort()).toEqual(
      members.map((member) => [member.id, 'sent', 1]).sort(),
    );

    // The job again, twice at once (a retry, a relay that ran twice): nothing more is sent.
    const again = await Promise.all(
      [1, 2].map(() => queue.add(OFFERS_SUSPENDED_OVER_CAP_JOB, { capHistoryId: change.historyId, structureId: structure.id }, { jobId: randomUUID() })),
    );
    for (const job of again) expect((await eventually(() => completed(job.id!), 'the repeated job'))!.returnvalue).toBe('done');
    for (const member of members) expect(mailsTo(member.email)).toHaveLength(1);
    expect(await dataSource.query('SELECT id FROM offers WHERE id = $1 AND status = $2 AND price_cents = 4500', [above.id, 'suspended_over_cap'])).toHaveLength(1);
  });

  it('a place moved to a département with a lower cap: the members are told which place and offers', async () => {
    const { structure, place, members } = await structureWithMembers(1);
    await worker.app.get(PriceCapService).setCap(admin, 'permis-conduire-renouvellement', { maxPriceCents: 2000, departement: '29', reason: 'Plafond breton' });
    await createOffer(dataSource, place, { procedureCode: 'permis-conduire-renouvellement', priceCents: 2400 });
    await worker.app
      .get(PlaceService)
      .update(actorFor(members[0]!.id, 'mediator', structure.id), place.id, { postcode: '29000', inseeCode: '29232', commune: 'Quimper' });

    const mail = await eventually(async () => mailsTo(members[0]!.email)[0], 'the move notice');
    expect(mail.text).toContain('Votre lieu « Espace <Roquette> » est maintenant dans le département 29 (avant : 75)');
    expect(mail.text).toContain('votre prix 24,00 €, plafond 20,00 €');
  });

  it('a structure without members is written to at its places’ contact address; an event with nothing left suspended sends nothing', async () => {
    const structure = await createStructure(dataSource, { name: 'Association importée' });
    const place = await createPlace(dataSource, structure.id, { name: 'Médiathèque' });
    await dataSource.query("UPDATE places SET emails = '{Contact@Mediatheque.example}' WHERE id = $1", [place.id]);
    const offer = await createOffer(dataSource, place, { procedureCode: 'declaration-revenus', priceCents: 5000 });
    const change = await worker.app.get(PriceCapService).setCap(admin, 'declaration-revenus', { maxPriceCents: 4000, reason: 'Plafond national' });

    const mail = await eventually(async () => mailsTo('contact@mediatheque.example')[0], 'the notice to the place');
    expect(mail.text).toContain('Association importée');
    const placeLog = `%:cap:${change.historyId}:${structure.id}:email:place:contact@mediatheque.example`;
    // The row is marked sent once the SMTP server has answered, just after the sink has the mail.
    await eventually(async () => (await logRows(placeLog)).every((row) => row.status === 'sent') || undefined, 'the log row');
    expect(await logRows(placeLog)).toEqual([
      { recipient_user_id: null, status: 'sent', attempts: 1 },
    ]);

    // The mediator lowered the price since: a (late) job for that event re-reads and sends nothing.
    await dataSource.query("UPDATE offers SET status = 'active', price_cents = 3900 WHERE id = $1", [offer.id]);
    const other = await structureWithMembers(1);
    const late = await queue.add(OFFERS_SUSPENDED_OVER_CAP_JOB, { capHistoryId: change.historyId, structureId: other.structure.id }, { jobId: randomUUID() });
    expect((await eventually(() => completed(late.id!), 'the late job'))!.returnvalue).toBe('skipped');
    const unknown = await queue.add(OFFERS_SUSPENDED_OVER_CAP_JOB, { placeMoveId: randomUUID(), structureId: structure.id }, { jobId: randomUUID() });
    expect((await eventually(() => completed(unknown.id!), 'the job of an unknown move'))!.returnvalue).toBe('skipped');
    expect(mailsTo(other.members[0]!.email)).toHaveLength(0);
  });
});
