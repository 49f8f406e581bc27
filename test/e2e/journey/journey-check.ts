import type { SmtpSink, StripeTestServer } from '@passerelle/testing';
import type { StoryState } from '../../../apps/cli/src/demo/passerelle-story';

/** What a step's check can look at besides the story's state: the mail and Stripe the apps talk to. */
export interface JourneyWorld {
  sink: SmtpSink;
  stripe: StripeTestServer;
}

export type JourneyCheck = (state: StoryState, world: JourneyWorld) => void | Promise<void>;

/** The VAT the platform charges on its fee in this test (the apps get it through the environment). */
export const FEE_VAT_BP = 2000;

/** Integer rounding half up of a × bp / 10,000 (amounts here are positive). */
const applyBp = (cents: number, bp: number): number => Math.floor((cents * bp + 5000) / 10_000);

/**
 * The invoice of the journey's one redeemed voucher, computed from the program's own figures (never
 * read from the platform): face value (owed to the structure), operator fee, VAT on the fee.
 */
export function expectedInvoice(program: { faceValueCents: number; operatorFeeBp: number }) {
  const faceValue = 1 * program.faceValueCents;
  const fee = applyBp(faceValue, program.operatorFeeBp);
  const vat = applyBp(fee, FEE_VAT_BP);
  return { faceValue, fee, vat, net: faceValue + fee, gross: faceValue + fee + vat };
}
