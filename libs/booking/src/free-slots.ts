import { overlaps, type GeneratedSlot, type Interval } from './slot-generation';

export interface FreeSlot extends GeneratedSlot {
  remaining: number;
}

/**
 * The bookable slots among `slots` (in order): not started at `now`, not covered by a closure, and
 * with capacity left once the booked count of that start (ms → count, from slot_occupancy) is taken.
 */
export function freeSlots(slots: GeneratedSlot[], closures: Interval[], booked: Map<number, number>, now: Date): FreeSlot[] {
  return slots
    .filter((slot) => slot.startsAt > now && !closures.some((closure) => overlaps(slot, closure)))
    .map((slot) => ({ ...slot, remaining: Math.max(0, slot.capacity - (booked.get(slot.startsAt.getTime()) ?? 0)) }))
    .filter((slot) => slot.remaining > 0);
}
