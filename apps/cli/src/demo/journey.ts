import type { JourneyHttp, Secrets } from './journey-http';
import type { PaymentRail } from './payment-rail';

/** A message the story expects someone to receive (the test reads its SMTP sink). */
export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

/** What a story step may use besides the API: everything else goes through HTTP. */
export interface JourneyContext {
  http: JourneyHttp;
  /** Every password, token, voucher code, IBAN and client secret the story handles, for the "nothing in the logs" check. */
  secrets: Secrets;
  /** Creates the platform's first admin the way an operator does, from the command line. */
  createFirstAdmin(email: string, password: string): Promise<void>;
  /** Where the story can read the mail it sends; absent when it goes to a real mail catcher (the demo). */
  mailbox?: { waitFor(to: string, subject: RegExp): Promise<ReceivedMail> };
  /** Stripe (the test's test server) or plain bank transfers (the demo). */
  rail: PaymentRail;
  /** Progress lines (the demo prints them, the test ignores them). */
  say(line: string): void;
}

export interface JourneyStep {
  readonly name: string;
  run(state: object, context: JourneyContext): Promise<object>;
}

/**
 * A story as an ordered list of named steps over a growing state: each step reads what earlier
 * steps returned and returns what later ones need (merged into the state). `step()` returns a new,
 * longer journey, so later steps (payment, payouts, reconciliation) are appended with
 * `story.step(name, run)` without touching the earlier ones; the names are kept in the type, so
 * a table keyed by step name (the test's checks) fails to compile when a step is added without a check.
 */
export class Journey<State extends object, Names extends string = never> {
  private constructor(readonly steps: readonly JourneyStep[]) {}

  static begin(): Journey<object> {
    return new Journey([]);
  }

  step<Name extends string, Added extends object>(
    name: Name,
    run: (state: State, context: JourneyContext) => Promise<Added>,
  ): Journey<State & Added, Names | Name> {
    if (this.steps.some((step) => step.name === name)) throw new Error(`the journey already has a step named "${name}"`);
    return new Journey([...this.steps, { name, run: run as JourneyStep['run'] }]);
  }

  /** Plays every step in order (the demo); the test plays them one by one with `playStep`. */
  async play(context: JourneyContext): Promise<State> {
    let state = {} as State;
    for (const step of this.steps) state = await playStep(step, state, context);
    return state;
  }
}

/** One step: its result merged into the state; a failure names the step. */
export async function playStep<State extends object>(step: JourneyStep, state: State, context: JourneyContext): Promise<State> {
  context.say(`▸ ${step.name}`);
  try {
    return { ...state, ...(await step.run(state, context)) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`step "${step.name}" failed: ${message}`, { cause: error });
  }
}

/** The state type and the step names of a journey. */
export type StateOf<J> = J extends Journey<infer State, string> ? State : never;
export type StepNameOf<J> = J extends Journey<object, infer Names> ? Names : never;
