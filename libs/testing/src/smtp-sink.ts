import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface SinkMessage {
  /** Envelope recipients (RCPT TO). */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
}

export interface SmtpSink {
  url: string;
  port: number;
  /** Messages the sink acknowledged (250), in order. */
  messages: SinkMessage[];
  /** Resolves with the messages once at least `count` have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<SinkMessage[]>;
  /** From now on, read messages but keep the sender waiting for the final reply until release(). */
  hold(): void;
  /** Resolves once `count` messages are being held. */
  waitForHeld(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves once the sender of every held message has hung up (killed, say): those will never be delivered. */
  waitForHeldHangUp(timeoutMs?: number): Promise<void>;
  /**
   * Answers the held messages and stops holding. A message whose sender hung up meanwhile was never
   * acknowledged, so, as with a real server, it is not delivered.
   */
  release(): void;
  close(): Promise<void>;
}

interface Held {
  session: SMTPServerSession;
  message: SinkMessage;
  reply: (error?: Error | null) => void;
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`SMTP sink: timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A real SMTP server on 127.0.0.1 (no TLS, no auth) that keeps what it receives, for tests. */
export async function startSmtpSink(options: { port?: number } = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const held: Held[] = [];
  const closedSessions = new Set<string>();
  let holding = false;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 1000,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const message: SinkMessage = {
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: parsed.html || '',
          };
          if (holding) {
            held.push({ session, message, reply: callback });
          } else {
            messages.push(message);
            callback();
          }
        })
        .catch((error: Error) => callback(error));
    },
    onClose(session) {
      closedSessions.add(session.id);
    },
  });
  server.on('error', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    async waitFor(count, timeoutMs = 30_000) {
      await until(() => messages.length >= count, timeoutMs, `${count} message(s) (got ${messages.length})`);
      return messages;
    },
    hold() {
      holding = true;
    },
    async waitForHeld(count, timeoutMs = 30_000) {
      await until(() => held.length >= count, timeoutMs, `${count} held message(s)`);
    },
    async waitForHeldHangUp(timeoutMs = 30_000) {
      await until(() => held.every(({ session }) => closedSessions.has(session.id)), timeoutMs, 'the senders of the held messages to hang up');
    },
    release() {
      holding = false;
      for (const { session, message, reply } of held.splice(0)) {
        if (closedSessions.has(session.id)) continue;
        messages.push(message);
        reply();
      }
    },
    close() {
      holding = false;
      // Answer what is still held so that those sessions end now rather than at the close timeout.
      for (const { reply } of held.splice(0)) reply(new Error('SMTP sink closing'));
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
