import { DomainError } from '@passerelle/common';
import { REFERENCE_ALPHABET, newBookingReference } from './booking-reference';
import { nextStatus, type BookingAction } from './booking-state';

describe('booking state machine', () => {
  const actions: BookingAction[] = ['cancel', 'complete', 'no_show'];

  it('moves a confirmed booking to cancelled, completed or no_show', () => {
    expect(actions.map((action) => nextStatus('confirmed', action))).toEqual(['cancelled', 'completed', 'no_show']);
  });

  it.each(['cancelled', 'completed', 'no_show'] as const)('moves a %s booking nowhere (409 ILLEGAL_TRANSITION)', (status) => {
    for (const action of actions) {
      let thrown: unknown;
      try {
        nextStatus(status, action);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DomainError);
      expect(thrown).toMatchObject({ code: 'ILLEGAL_TRANSITION', kind: 'conflict', details: { currentStatus: status, action } });
    }
  });
});

describe('booking reference', () => {
  it('uses 8 characters of an alphabet without look-alikes, in two groups', () => {
    expect(REFERENCE_ALPHABET).not.toMatch(/[01OIL]/);
    const references = Array.from({ length: 500 }, newBookingReference);
    for (const reference of references) expect(reference).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    expect(new Set(references).size).toBe(500);
  });
});
