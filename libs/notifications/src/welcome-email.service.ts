import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@passerelle/config';
import { TransactionRunner } from '@passerelle/database';
import { UserDirectory } from '@passerelle/identity';
import { Mailer, type SendOptions } from './mailer';
import { NotificationLogRepository } from './notification-log.repository';
import { renderWelcomeEmail } from './templates/welcome-email';

export const WELCOME_EMAIL_TEMPLATE = 'welcome';

/** What a call did; a failed delivery is not an outcome, it throws (the job is retried). */
export type WelcomeEmailOutcome = 'sent' | 'already-sent' | 'no-recipient';

export function welcomeEmailDedupKey(userId: string): string {
  return `welcome-email:${userId}`;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}

@Injectable()
export class WelcomeEmailService {
  private readonly logger = new Logger(WelcomeEmailService.name);

  constructor(
    private readonly users: UserDirectory,
    private readonly log: NotificationLogRepository,
    private readonly transactions: TransactionRunner,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
  ) {}

  /**
   * Sends the welcome email to `userId` at most once, however many times and however concurrently
   * it is called (jobs run at least once). The notification_log row is locked while the message goes
   * out, so a second delivery waits, then sees 'sent' and stops. On failure the attempt is recorded
   * and the error rethrown for BullMQ to retry. A crash after the SMTP server accepted the message
   * but before the commit can still send it twice: that window is inherent to SMTP.
   */
  async send(userId: string, options: SendOptions = {}): Promise<WelcomeEmailOutcome> {
    const contact = await this.users.findContact(userId);
    if (!contact) {
      // Deleted or disabled since sign-up: nobody to welcome, and retrying would not change that.
      this.logger.warn({ userId }, 'welcome email skipped: no active user with this id');
      return 'no-recipient';
    }
    const dedupKey = welcomeEmailDedupKey(userId);
    await this.log.ensure({ dedupKey, channel: 'email', template: WELCOME_EMAIL_TEMPLATE, recipientUserId: userId });

    const result = await this.transactions.run(async (tx) => {
      const entry = await this.log.lockByDedupKey(dedupKey, tx);
      if (!entry) throw new Error(`notification_log row ${dedupKey} vanished`);
      if (entry.status === 'sent') return { outcome: 'already-sent' as const };
      const message = renderWelcomeEmail({ email: contact.email, displayName: contact.displayName, appUrl: this.config.http.publicBaseUrl });
      try {
        await this.mailer.send({ to: contact.email, ...message }, options);
      } catch (error) {
        // Committed with the transaction (not rolled back): the row keeps the story of each attempt.
        await this.log.recordFailure(entry.id, describe(error), tx);
        return { outcome: 'failed' as const, error, attempt: entry.attempts + 1 };
      }
      await this.log.markSent(entry.id, tx);
      return { outcome: 'sent' as const };
    });

    if (result.outcome === 'failed') {
      this.logger.warn({ userId, attempt: result.attempt, reason: describe(result.error) }, 'welcome email not sent; will retry');
      throw result.error;
    }
    if (result.outcome === 'sent') this.logger.log({ userId }, 'welcome email sent');
    return result.outcome;
  }
}
