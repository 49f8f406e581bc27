/** One email, rendered: both parts are always sent so that every mail client shows something readable. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface SendOptions {
  /** Aborting closes the SMTP connection: the message is then not delivered (or, at worst, delivered once more later). */
  signal?: AbortSignal;
}

/**
 * Port for sending email. An abstract class so that it doubles as the Nest injection token; the
 * real adapter is SmtpMailer (tests point it at a local SMTP sink rather than replacing it).
 */
export abstract class Mailer {
  abstract send(message: MailMessage, options?: SendOptions): Promise<void>;
}
