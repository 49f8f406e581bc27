import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type SendMailOptions, type Transporter } from 'nodemailer';
import { AppConfig } from '@passerelle/config';
import { Mailer, type MailMessage, type SendOptions } from './mailer';

/**
 * nodemailer's defaults wait up to 2 minutes to connect and 10 minutes on a silent socket. The
 * welcome email holds a row lock while it talks to the server, so a stuck server must fail fast;
 * the job is retried later anyway.
 */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** Sends through the SMTP server of SMTP_URL (smtp:// or smtps://, credentials in the URL), from MAIL_FROM. */
@Injectable()
export class SmtpMailer extends Mailer implements OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(config: AppConfig) {
    super();
    // One connection per message (no pool): nothing stays open between jobs, nothing to reconnect.
    this.transport = createTransport({ url: config.mail.smtpUrl, ...TIMEOUTS }, { from: config.mail.from });
  }

  async send(message: MailMessage, options: SendOptions = {}): Promise<void> {
    // nodemailer 10 honours `signal` (closes the connection on abort); @types/nodemailer 8 predates it.
    const mail: SendMailOptions & { signal?: AbortSignal } = { ...message, signal: options.signal };
    await this.transport.sendMail(mail);
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
