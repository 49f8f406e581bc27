import { Journey, type StateOf, type StepNameOf } from './journey';
import { withFunding } from './story-funding';
import { withInvoicing } from './story-invoicing';
import { withMediation } from './story-mediation';
import { withVisit } from './story-visit';

/**
 * Issue 7's journey, played by the journey test and by `npm run demo`: funding, mediation, a visit
 * paid by a voucher, invoicing. Each `with…` appends its steps; the next ones (invoice PDF,
 * payment and its webhook, payout, statements, reconciliation) are appended the same way:
 * `withPayment(withInvoicing(…))`, their steps reading what these return.
 */
export const passerelleStory = () => withInvoicing(withVisit(withMediation(withFunding(Journey.begin()))));

export type PasserelleStory = ReturnType<typeof passerelleStory>;
export type StoryState = StateOf<PasserelleStory>;
export type StoryStepName = StepNameOf<PasserelleStory>;
