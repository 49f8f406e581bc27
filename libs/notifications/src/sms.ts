import { Injectable, Logger } from '@nestjs/common';

export interface SmsMessage {
  /** E.164 */
  to: string;
  text: string;
}

/** Port for sending SMS; an abstract class so that it doubles as the Nest injection token. */
export abstract class SmsSender {
  abstract send(message: SmsMessage): Promise<void>;
}

/**
 * Default adapter while no SMS provider is contracted: the message goes to the application log,
 * and the sender records it in notification_log (channel 'sms') like any delivery.
 */
@Injectable()
export class LogSmsSender extends SmsSender {
  private readonly logger = new Logger('SMS');

  async send(message: SmsMessage): Promise<void> {
    // The number is masked: logs are not the place for personal data.
    this.logger.log({ to: `${message.to.slice(0, 4)}…${message.to.slice(-2)}`, text: message.text }, 'SMS (log adapter)');
  }
}
