import { DROP_IN_MINUTES, dropInSlot, parisDate, parisMonth } from './drop-in-slot';

describe('dropInSlot', () => {
  it('starts at the next whole Paris minute at least 20 s away, in a one-day rule of one slot', () => {
    // 2026-12-01 is a Tuesday; Paris is UTC+1 in winter.
    const slot = dropInSlot(new Date('2026-12-01T09:00:45Z'), DROP_IN_MINUTES);
    expect(slot.startsAt.toISOString()).toBe('2026-12-01T09:02:00.000Z');
    expect(slot.rule).toEqual({ weekday: 2, startTime: '10:02', endTime: '10:07', capacity: 1, validFrom: '2026-12-01', validUntil: '2026-12-01' });
    expect(dropInSlot(new Date('2026-12-01T09:00:40Z'), DROP_IN_MINUTES).startsAt.toISOString()).toBe('2026-12-01T09:01:00.000Z');
  });

  it('uses the Paris offset of the day (summer time)', () => {
    const slot = dropInSlot(new Date('2026-07-06T08:00:00Z'), 45);
    expect(slot.startsAt.toISOString()).toBe('2026-07-06T08:01:00.000Z');
    expect(slot.rule).toMatchObject({ weekday: 1, startTime: '10:01', endTime: '10:46', validFrom: '2026-07-06' });
  });

  it('keeps the last slot that ends by 23:59, then moves to 00:00 the next day', () => {
    expect(dropInSlot(new Date('2026-12-01T22:53:40Z'), DROP_IN_MINUTES).rule).toMatchObject({ startTime: '23:54', endTime: '23:59' });
    const slot = dropInSlot(new Date('2026-12-01T22:53:41Z'), DROP_IN_MINUTES);
    expect(slot.startsAt.toISOString()).toBe('2026-12-01T23:00:00.000Z');
    expect(slot.rule).toMatchObject({ weekday: 3, startTime: '00:00', endTime: '00:05', validFrom: '2026-12-02', validUntil: '2026-12-02' });
  });

  it('never waits more than seven minutes for a drop-in slot, whatever the time of day', () => {
    for (let now = Date.parse('2026-12-01T21:00:00Z'); now < Date.parse('2026-12-02T01:00:00Z'); now += 13_000) {
      const wait = dropInSlot(new Date(now), DROP_IN_MINUTES).startsAt.getTime() - now;
      expect(wait).toBeGreaterThanOrEqual(20_000);
      expect(wait).toBeLessThan(7 * 60_000);
    }
  });
});

describe('Paris calendar helpers', () => {
  it('name the Paris day and month of an instant', () => {
    expect(parisDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(parisDate(new Date('2026-12-31T12:00:00Z'), 1)).toBe('2027-01-01');
    expect(parisMonth(new Date('2026-11-30T23:30:00Z'))).toBe('2026-12');
  });
});
