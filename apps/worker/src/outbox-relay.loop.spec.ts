import { Logger } from '@nestjs/common';
import { loadConfig } from '@passerelle/config';
import type { OutboxRelay } from '@passerelle/outbox';
import { OutboxRelayLoop } from './outbox-relay.loop';

/** A relay whose batches finish when the test says so (the real one is covered by the e2e specs). */
function controllableRelay() {
  const pending: Array<(relayed: number) => void> = [];
  let calls = 0;
  const relay = {
    relayBatch: () =>
      new Promise<number>((resolve) => {
        calls++;
        pending.push(resolve);
      }),
  };
  return { relay: relay as unknown as OutboxRelay, pending, calls: () => calls };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 10_000) throw new Error('condition not met');
    await sleep(10);
  }
}

describe(OutboxRelayLoop.name, () => {
  const config = loadConfig({ OUTBOX_RELAY_INTERVAL_MS: '50' });
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(true));

  it('never overlaps batches, goes again at once after a full batch, and waits for the running batch on stop', async () => {
    const { relay, pending, calls } = controllableRelay();
    const sut = new OutboxRelayLoop(relay, config);
    sut.onApplicationBootstrap();
    await until(() => calls() === 1);

    await sleep(200); // several intervals: still one batch, since the first has not finished
    expect(calls()).toBe(1);

    pending.shift()!(100); // a full batch: more are waiting
    await until(() => calls() === 2);
    pending.shift()!(0);
    await until(() => calls() === 3);

    let stopped = false;
    const stopping = sut.onModuleDestroy().then(() => {
      stopped = true;
    });
    await sleep(100);
    expect(stopped).toBe(false);
    pending.shift()!(0);
    await stopping;
    await sleep(200);
    expect(calls()).toBe(3);
  });

  it('keeps going after a failed batch', async () => {
    let calls = 0;
    const relay = {
      relayBatch: async () => {
        calls++;
        if (calls === 1) throw new Error('database away');
        return 0;
      },
    } as unknown as OutboxRelay;
    const sut = new OutboxRelayLoop(relay, config);
    sut.onApplicationBootstrap();
    await until(() => calls >= 2);
    await sut.onModuleDestroy();
  });
});
