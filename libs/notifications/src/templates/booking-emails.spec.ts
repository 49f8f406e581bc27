import { bookingSms, frenchDateTime, renderBookingCancelled, renderBookingConfirmation } from './booking-emails';

const data = {
  reference: 'K7PM-3QXA',
  startsAt: new Date('2026-12-07T08:00:00Z'),
  procedureTitle: 'Changer le titulaire d’une carte grise',
  placeName: 'Espace <numérique>',
  placeAddress: '12 rue de la Roquette, 75011 Paris',
  placePhone: '01 23 45 67 89',
  checklist: [
    { label: 'Pièce d’identité', condition: null, maxAgeDays: null },
    { label: 'Justificatif de domicile', condition: null, maxAgeDays: 180 },
  ],
  bookingsUrl: 'https://passerelle.example/rendez-vous',
  cancellationDeadlineMinutes: 120,
};

describe('booking messages', () => {
  it('writes dates in French, in Paris time (winter and summer)', () => {
    expect(frenchDateTime(data.startsAt)).toBe('lundi 7 décembre 2026 à 9 h 00');
    expect(frenchDateTime(new Date('2027-06-01T07:30:00Z'))).toBe('mardi 1 juin 2027 à 9 h 30');
  });

  it('says when, where, the reference, what to bring and how to cancel, in both parts', () => {
    const mail = renderBookingConfirmation(data);
    expect(mail.subject).toBe('Rendez-vous confirmé – K7PM-3QXA');
    for (const expected of ['lundi 7 décembre 2026 à 9 h 00', '12 rue de la Roquette', 'K7PM-3QXA', 'Pièce d’identité', 'Justificatif de domicile (de moins de 180 jours)', '2 heures avant', data.bookingsUrl]) {
      expect(mail.text).toContain(expected);
    }
    expect(mail.html).toContain('Espace &lt;numérique&gt;');
    expect(mail.html).toContain('<li>Justificatif de domicile (de moins de 180 jours)</li>');
  });

  it('gives the reason of a cancellation, and a short SMS with the reference', () => {
    expect(renderBookingCancelled({ ...data, cancelReason: 'Médiatrice absente' }).text).toContain('Raison : Médiatrice absente');
    const sms = bookingSms('confirmation', data);
    expect(sms).toContain('K7PM-3QXA');
    expect(sms).toContain('Pièce d’identité ; Justificatif de domicile');
  });
});
