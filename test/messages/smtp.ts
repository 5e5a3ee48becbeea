// A real SMTP server in the test process (smtp-server), keeping what it receives parsed by
// mailparser; it can refuse chosen recipients, hold its answer to a message it has read
// (so a sender can be killed between our "received" and its "accepted"), and be stopped
// and started on the same port.
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type Received = { parsed: ParsedMail; raw: string; to: string[] };

export async function startSmtp(opts: { refuse?: (address: string) => boolean; port?: number; beforeAccepting?: (message: Received) => Promise<void> } = {}) {
  const received: Received[] = [];
  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (opts.refuse?.(address.address)) {
          const error = new Error('Mailbox unknown') as Error & { responseCode: number };
          error.responseCode = 550;
          return callback(error);
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const message = { raw, parsed: await simpleParser(raw), to: session.envelope.rcptTo.map((r) => r.address) };
          received.push(message);
          await opts.beforeAccepting?.(message);
          callback();
        });
      },
    });
  let server = make();
  const listen = (port: number) => new Promise<number>((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port)));
  const port = await listen(opts.port ?? 0);
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    restart: async () => {
      server = make();
      await listen(port);
    },
  };
}
