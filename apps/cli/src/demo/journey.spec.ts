import { Journey, type JourneyContext } from './journey';
import { JourneyHttp, Secrets } from './journey-http';

describe('Journey', () => {
  const said: string[] = [];
  const context: JourneyContext = {
    http: new JourneyHttp('http://127.0.0.1:9', new Secrets()),
    secrets: new Secrets(),
    createFirstAdmin: () => Promise.resolve(),
    rail: { kind: 'bank_transfer' },
    say: (line) => said.push(line),
  };

  it('plays the steps in order, each seeing what the earlier ones returned; appending leaves the original as it was', async () => {
    const base = Journey.begin()
      .step('one', async () => ({ a: 1 }))
      .step('two', async ({ a }) => ({ b: a + 1 }));
    const longer = base.step('three', async ({ a, b }) => ({ c: a + b }));
    expect(await longer.play(context)).toEqual({ a: 1, b: 2, c: 3 });
    expect(base.steps.map((step) => step.name)).toEqual(['one', 'two']);
    expect(said).toEqual(['▸ one', '▸ two', '▸ three']);
  });

  it('names the failing step and refuses two steps of one name', async () => {
    const failing = Journey.begin().step('pay', async () => {
      throw new Error('card declined');
    });
    await expect(failing.play(context)).rejects.toThrow('step "pay" failed: card declined');
    expect(() => failing.step('pay', async () => ({}))).toThrow(/already has a step named "pay"/);
  });
});

describe('Secrets', () => {
  it('finds the recorded values in a text, ignoring values too short to be secrets', () => {
    const secrets = new Secrets();
    secrets.add('pw-abcdefgh', 'short', '7KQM-WX3T-P9CE');
    expect(secrets.foundIn('login {"email":"a@b"} code 7KQM-WX3T-P9CE')).toEqual(['7KQM-WX3T-P9CE']);
    expect(secrets.all()).toEqual(['pw-abcdefgh', '7KQM-WX3T-P9CE']);
  });
});
