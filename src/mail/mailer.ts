// Sending one e-mail over SMTP: the only module that knows nodemailer exists. The outbox
// (src/messages/) decides what to send and when; this says whether the server took it, and
// whether a refusal is for good (a 5xx answer: retrying cannot help) or for now.
import nodemailer from 'nodemailer';

export type OutgoingMail = {
  /** Fixed when the message was queued: every attempt carries the same one. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** An iTIP calendar object (METHOD:REQUEST or CANCEL), sent as text/calendar. */
  ics: { content: string; method: 'REQUEST' | 'CANCEL' } | null;
};

export type SendOutcome = { ok: true } | { ok: false; permanent: boolean; error: string };

export type Mailer = { send: (mail: OutgoingMail) => Promise<SendOutcome>; close: () => void };

export function smtpMailer(url: string, from: string): Mailer {
  // One connection per message: the outbox sends a few at a time, and a pooled connection
  // would outlive a server that went away between runs.
  const transport = nodemailer.createTransport(url, { from });
  return {
    async send(mail) {
      try {
        await transport.sendMail({
          messageId: mail.messageId,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          ...(mail.ics && {
            icalEvent: { method: mail.ics.method, filename: 'undangan.ics', content: mail.ics.content },
          }),
        });
        return { ok: true };
      } catch (error) {
        const e = error as { responseCode?: number; message?: string; code?: string };
        const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
        return { ok: false, permanent, error: `${e.code ?? 'error'}${e.responseCode ? ` ${e.responseCode}` : ''}: ${e.message ?? String(error)}`.slice(0, 1000) };
      }
    },
    close: () => transport.close(),
  };
}
