import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@passerelle/config';
import { OutboxRelay } from '@passerelle/outbox';

const BATCH_SIZE = 100;

/**
 * Relays committed outbox messages to BullMQ every OUTBOX_RELAY_INTERVAL_MS. A setTimeout chain, not
 * setInterval: a slow batch delays the next one instead of overlapping it. A full batch means more
 * are waiting, so the next one starts at once. Several workers may run this side by side: the relay
 * locks rows with SKIP LOCKED.
 */
@Injectable()
export class OutboxRelayLoop implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelayLoop.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private failing = false;

  constructor(
    private readonly relay: OutboxRelay,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  /** Stops scheduling and waits for the batch in progress, before the database and Redis close. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
      });
    }, delayMs);
  }

  private async tick(): Promise<void> {
    let next = this.config.worker.outboxRelayIntervalMs;
    try {
      const relayed = await this.relay.relayBatch(BATCH_SIZE);
      if (relayed === BATCH_SIZE) next = 0;
      if (this.failing) this.logger.log('outbox relay recovered');
      this.failing = false;
    } catch (error) {
      // Most likely PostgreSQL is away; say so once, not every interval.
      if (!this.failing) this.logger.error({ reason: (error as Error).message }, 'outbox relay failed; retrying');
      this.failing = true;
    }
    this.schedule(next);
  }
}
