import { generateSlots, parisDayBounds, type OpeningRule } from './slot-generation';

const rule = (weekday: number, startTime: string, endTime: string, extra: Partial<OpeningRule> = {}): OpeningRule => ({
  weekday,
  startTime,
  endTime,
  capacity: 1,
  validFrom: null,
  validUntil: null,
  ...extra,
});
const iso = (slots: { startsAt: Date }[]) => slots.map((slot) => slot.startsAt.toISOString());

describe('slot generation in Europe/Paris', () => {
  it('keeps 09:00 Paris across the March change (UTC+1 on Saturday, UTC+2 on Sunday)', () => {
    const slots = generateSlots([rule(6, '09:00', '10:00'), rule(7, '09:00', '10:00')], 60, '2026-03-28', '2026-03-29');
    expect(iso(slots)).toEqual(['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z']);
  });

  it('has no slot at 02:00 on the last Sunday of March (that hour does not exist): 01:00–04:00 holds two hours', () => {
    const slots = generateSlots([rule(7, '01:00', '04:00')], 60, '2026-03-29', '2026-03-29');
    expect(iso(slots)).toEqual(['2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z']);
  });

  it('holds four hours in 01:00–04:00 on the last Sunday of October (02:00 happens twice), never overlapping', () => {
    const slots = generateSlots([rule(7, '01:00', '04:00'), rule(6, '09:00', '10:00')], 60, '2026-10-24', '2026-10-25');
    expect(iso(slots)).toEqual([
      '2026-10-24T07:00:00.000Z',
      '2026-10-24T23:00:00.000Z',
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ]);
  });

  it('cuts ranges in slots of the offer duration, drops the remainder, honours validity dates and capacity', () => {
    const slots = generateSlots(
      [rule(1, '09:00', '10:40', { capacity: 5 }), rule(1, '14:00', '15:00', { validFrom: '2026-12-14' })],
      45,
      '2026-12-07',
      '2026-12-14',
    );
    expect(iso(slots)).toEqual([
      '2026-12-07T08:00:00.000Z',
      '2026-12-07T08:45:00.000Z',
      '2026-12-14T08:00:00.000Z',
      '2026-12-14T08:45:00.000Z',
      '2026-12-14T13:00:00.000Z',
    ]);
    expect(slots[0]).toMatchObject({ capacity: 5, endsAt: new Date('2026-12-07T08:45:00.000Z') });
  });

  it('knows a Paris day is 23 h long in March and 25 h in October', () => {
    const hours = (day: string) => {
      const { startsAt, endsAt } = parisDayBounds(day);
      return (endsAt.getTime() - startsAt.getTime()) / 3_600_000;
    };
    expect([hours('2026-03-29'), hours('2026-10-25'), hours('2026-12-01')]).toEqual([23, 25, 24]);
  });
});
