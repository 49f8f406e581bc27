/**
 * Job written to the outbox (queue NOTIFICATIONS_QUEUE) for each structure whose offers a lowered cap
 * suspended. Ids only: the processor re-reads the history row and the structure's suspended offers.
 */
export const OFFERS_SUSPENDED_OVER_CAP_JOB = 'offers-suspended-over-cap';

export interface OffersSuspendedOverCapJob {
  capHistoryId: string;
  structureId: string;
}
