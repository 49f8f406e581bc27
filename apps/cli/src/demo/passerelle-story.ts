import { Journey, type StateOf, type StepNameOf } from './journey';
import { withFunding } from './story-funding';
import { withInvoiceDocuments } from './story-documents';
import { withInvoicing } from './story-invoicing';
import { withMediation } from './story-mediation';
import { withPayment } from './story-payment';
import { withReconciliation } from './story-reconciliation';
import { withVisit } from './story-visit';

/**
 * Issue 7's journey, played by the journey test and by `npm run demo`: funding, mediation, a visit
 * paid by a voucher, invoicing, the invoice's documents, its payment, the structure's payout and
 * the reconciliation of the ledger with all of it.
 * Each `with…` appends its steps, reading what the earlier ones returned.
 */
export const passerelleStory = () =>
  withReconciliation(withPayment(withInvoiceDocuments(withInvoicing(withVisit(withMediation(withFunding(Journey.begin())))))));

export type PasserelleStory = ReturnType<typeof passerelleStory>;
export type StoryState = StateOf<PasserelleStory>;
export type StoryStepName = StepNameOf<PasserelleStory>;
