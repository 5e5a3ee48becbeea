// Sends the outbox (src/messages/): every run queues the reminders now due, then offers
// each due message to the SMTP server once. Accepted: sent. Refused for good (5xx, e.g. an
// unknown recipient): failed with the server's answer, and the others go on. Down or
// refusing for now: retried after base × 2^attempts, up to the retry limit, then failed.
// The Message-ID was fixed when the message was queued, so a message the server accepted
// just before a crash goes again after the restart with the same Message-ID, never with a
// new one. Without SIARAN_SMTP_URL nothing is sent: the console offers WhatsApp instead.
//
// Passes run on a tick shared by the cluster, but a pass slower than the tick can still meet
// the next tick's pass on another instance. So each message is claimed before it is sent: one
// UPDATE moves its next attempt a lease ahead (SIARAN_JOB_LEASE_SEC) only if no other pass
// moved it first, and the claim is renewed every third of the lease while the send lasts. A
// claim whose process died runs out with the lease, and the message is due again.
import type { Config } from '../config.ts';
import { type Db, nowIso } from '../db/connection.ts';
import type { Message } from '../db/schema.ts';
import { type Mailer, smtpMailer } from '../mail/mailer.ts';
import * as messages from '../messages/messages.repository.ts';
import { queueDigests, queueDueReminders, reminderStillWanted } from '../messages/messages.service.ts';
import { renewalEvery } from './queue.ts';
import type { SideJob } from './scheduler.ts';

const BATCH = 50;

export type OutboxRun = { remindersQueued: number; sent: number; retrying: number; failed: number; withdrawn: number };

export class Outbox {
  private readonly mailer: Mailer | null;
  private running: Promise<OutboxRun> | null = null;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly config: Config,
    mailer?: Mailer | null,
  ) {
    this.mailer = mailer !== undefined ? mailer : config.mail.smtpUrl ? smtpMailer(config.mail.smtpUrl, config.mail.from) : null;
  }

  /** One pass; a call while a pass runs joins it rather than sending the same messages twice. */
  run(now = new Date()): Promise<OutboxRun> {
    this.running ??= this.pass(now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(now: Date): Promise<OutboxRun> {
    const result: OutboxRun = { remindersQueued: 0, sent: 0, retrying: 0, failed: 0, withdrawn: 0 };
    result.remindersQueued = await queueDueReminders(this.db, this.config, now);
    if (!this.mailer) return result;
    for (const message of await messages.dueMessages(this.db, now.toISOString(), BATCH)) {
      if (this.stopped) break;
      const claim = await this.claim(message.id, message.next_attempt_at);
      if (!claim) continue;
      try {
        await this.offer(this.mailer, message, result);
      } finally {
        claim.release();
      }
    }
    return result;
  }

  /** Takes a due message for this pass, or null when another pass took it; renewed until released. */
  private async claim(id: string, due: string): Promise<{ release: () => void } | null> {
    const leaseMs = this.config.capture.leaseMs;
    let held = new Date(Date.now() + leaseMs).toISOString();
    if (!(await messages.moveNextAttempt(this.db, id, due, held))) return null;
    const renewal = setInterval(() => {
      const next = new Date(Date.now() + leaseMs).toISOString();
      messages.moveNextAttempt(this.db, id, held, next).then(
        (renewed) => void (renewed && (held = next)),
        (err) => console.error('perpanjangan klaim kotak keluar gagal', err),
      );
    }, renewalEvery(leaseMs));
    renewal.unref();
    return { release: () => clearInterval(renewal) };
  }

  /** Offers one claimed message to the SMTP server and records what became of it. */
  private async offer(mailer: Mailer, message: Message, result: OutboxRun): Promise<void> {
    if (message.kind === 'reminder' && message.dialogue_id && message.speaker_id) {
      const startsAt = message.idempotency_key.split(':').slice(3, -1).join(':');
      if (!(await reminderStillWanted(this.db, message.dialogue_id, message.speaker_id, startsAt))) {
        await messages.setStatus(this.db, message.id, ['pending'], 'cancelled', nowIso());
        result.withdrawn++;
        return;
      }
    }
    const outcome = await mailer.send({
      messageId: message.message_id,
      to: message.to_email as string,
      subject: message.subject,
      text: message.text_body,
      html: message.html_body,
      ics: message.ics ? { content: message.ics, method: message.kind === 'cancellation' ? 'CANCEL' : 'REQUEST' } : null,
    });
    if (outcome.ok) {
      await messages.markSent(this.db, message.id, nowIso());
      result.sent++;
      return;
    }
    const { retries, retryBaseMs } = this.config.mail;
    const giveUp = outcome.permanent || message.attempts + 1 > retries;
    await messages.recordFailure(this.db, message.id, {
      status: giveUp ? 'failed' : 'pending',
      nextAttemptAt: new Date(Date.now() + retryBaseMs * 2 ** message.attempts).toISOString(),
      error: outcome.error,
    });
    if (giveUp) result.failed++;
    else result.retrying++;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
    this.mailer?.close();
  }
}

/**
 * The coordinators' daily digest: queued on its own schedule (SIARAN_DIGEST_SCHEDULE), sent by
 * the outbox's next pass; a day whose digest time passed while Siaran was down gets it at start.
 */
export function digestJob(db: Db, config: Config): SideJob {
  return { name: 'digest', schedule: config.mail.digestSchedule, run: () => queueDigests(db, config), stop: async () => undefined, catchUp: true };
}
