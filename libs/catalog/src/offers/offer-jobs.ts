/**
 * Job written to the outbox (queue NOTIFICATIONS_QUEUE) for each structure whose offers were
 * suspended over a cap, by a lowered cap (`capHistoryId`, a price_cap_history row) or by one of its
 * places moving to a département with a lower cap (`placeMoveId`, a place_departement_changes row).
 * Ids only: the processor re-reads the event and the structure's offers still suspended.
 */
export const OFFERS_SUSPENDED_OVER_CAP_JOB = 'offers-suspended-over-cap';

export type OffersSuspendedOverCapJob = { structureId: string } & ({ capHistoryId: string } | { placeMoveId: string });

/** What caused a suspension: the event a notice refers to. */
export type SuspensionEvent = { capHistoryId: string } | { placeMoveId: string };
