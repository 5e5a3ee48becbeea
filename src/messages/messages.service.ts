// The outbox: messages to people, queued in the transaction of the change that causes them
// and sent later by src/jobs/outbox.job.ts.
//
// Design:
// - A message is composed when it is queued (the notice says the time as it was changed
//   to) and stored whole: subject, text, HTML and its calendar object. Without SMTP it stays
//   pending, and the console offers it for WhatsApp by hand.
// - `idempotency_key` names the cause (an invitation for this person at this SEQUENCE, a
//   reminder for this start time and lead time), so replaying a cause queues nothing new;
//   `message_id` is fixed at insert, so every attempt, also after a crash between the SMTP
//   server's "accepted" and our "sent", carries the same Message-ID and receivers drop the
//   copy.
// - Reminders are queued by the job shortly before they are due, from the participants of
//   that moment: a person removed or who declined is not reminded, and a cancelled dialogue
//   has no reminders. A reminder still pending when that changes is cancelled before sending.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { ensureSpeakerLink } from '../auth/auth.service.ts';
import type { Config } from '../config.ts';
import { type Db, type Trx, nowIso } from '../db/connection.ts';
import type { MessageKind, MessageStatus } from '../db/schema.ts';
import { AppError, type Localized, notFound, said, THINGS } from '../errors.ts';
import { page } from '../http/schemas.ts';
import { composeDigest, composeSpeakerMessage, type DialogueFacts, type DigestDialogue, type SpeakerMessageKind } from './messages.compose.ts';
import * as repo from './messages.repository.ts';

/** What queuing needs of the settings: links, the link key, the sender. */
export type MessageSettings = Pick<Config, 'publicUrl' | 'mediaDir' | 'mail'>;

export type Notice = { speakerId: string; kind: SpeakerMessageKind; reminderHours?: number };

/** "Siaran <siaran@rri.id>" → the organizer of the calendar objects. */
export function organizerOf(from: string): { name: string; email: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  return match ? { name: match[1] || 'Siaran', email: match[2] as string } : { name: 'Siaran', email: from.trim() };
}

const messageIdFor = (settings: MessageSettings, id: string) => {
  const host = new URL(settings.publicUrl).hostname || 'siaran.local';
  return `<${id}@${host}>`;
};

async function dialogueFacts(trx: Db | Trx, dialogueId: string): Promise<DialogueFacts | null> {
  const row = await trx
    .selectFrom('dialogues')
    .innerJoin('stations', 'stations.id', 'dialogues.station_id')
    .select([
      'dialogues.id', 'dialogues.title', 'dialogues.description', 'dialogues.starts_at', 'dialogues.ends_at', 'dialogues.sequence',
      'stations.timezone', 'stations.name as station_name', 'stations.studio_address', 'stations.dial_in',
    ])
    .where('dialogues.id', '=', dialogueId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id, title: row.title, description: row.description, startsAt: row.starts_at, endsAt: row.ends_at, timezone: row.timezone,
    sequence: row.sequence, stationName: row.station_name, studioAddress: row.studio_address, dialIn: row.dial_in,
  };
}

/** Queues one message a notice, for people with an email or a phone; call inside the change's transaction. */
export async function queueNotices(trx: Trx, settings: MessageSettings, dialogueId: string, notices: Notice[]): Promise<void> {
  if (notices.length === 0) return;
  const facts = await dialogueFacts(trx, dialogueId);
  if (!facts) return;
  const people = await trx
    .selectFrom('speakers')
    .leftJoin('dialogue_participants as dp', (join) => join.onRef('dp.speaker_id', '=', 'speakers.id').on('dp.dialogue_id', '=', dialogueId))
    .select(['speakers.id', 'speakers.name', 'speakers.email', 'speakers.phone', 'speakers.language', 'dp.role'])
    .where('speakers.id', 'in', notices.map((n) => n.speakerId))
    .execute();
  const now = nowIso();
  for (const notice of notices) {
    const person = people.find((p) => p.id === notice.speakerId);
    if (!person || (!person.email && !person.phone)) continue;
    // What this notice makes stale and has not gone out yet is withdrawn: a cancellation
    // supersedes everything before it, a change the earlier changes (with their old time).
    const stale: MessageKind[] = notice.kind === 'cancellation' ? ['invitation', 'change', 'reminder'] : notice.kind === 'change' ? ['change'] : [];
    if (stale.length > 0) await repo.cancelPending(trx, dialogueId, stale, [person.id]);
    const link = notice.kind === 'cancellation' ? null : await ensureSpeakerLink(trx, settings, person.id);
    const composed = composeSpeakerMessage(
      notice.kind,
      facts,
      { name: person.name, email: person.email, language: person.language, role: person.role ?? 'speaker' },
      link,
      organizerOf(settings.mail.from),
    );
    const cause =
      notice.kind === 'reminder'
        ? `reminder:${dialogueId}:${person.id}:${facts.startsAt}:${notice.reminderHours ?? 0}`
        : `${notice.kind}:${dialogueId}:${person.id}:${facts.sequence}`;
    const id = randomUUID();
    await repo.insertMessage(trx, {
      id,
      idempotency_key: cause,
      message_id: messageIdFor(settings, id),
      kind: notice.kind,
      dialogue_id: dialogueId,
      speaker_id: person.id,
      user_id: null,
      to_email: person.email,
      to_phone: person.phone,
      language: person.language,
      subject: composed.subject,
      text_body: composed.text,
      html_body: composed.html,
      ics: composed.ics,
      status: 'pending',
      next_attempt_at: now,
      last_error: null,
      created_at: now,
      sent_at: null,
    });
  }
}

/**
 * Queues the reminders due now: for each scheduled dialogue starting within its station's
 * largest lead time, the smallest lead time already reached, for everyone who has not
 * declined. Replays queue nothing new (the idempotency key).
 */
export async function queueDueReminders(db: Db, settings: MessageSettings, now = new Date()): Promise<number> {
  const stations = await db.selectFrom('stations').select(['id', 'reminder_hours']).execute();
  let queued = 0;
  for (const station of stations) {
    const hours = (JSON.parse(station.reminder_hours) as number[]).filter((h) => h > 0).sort((a, b) => a - b);
    const longest = hours.at(-1);
    if (longest === undefined) continue;
    const dialogues = await db
      .selectFrom('dialogues')
      .select(['id', 'starts_at'])
      .where('station_id', '=', station.id)
      .where('status', '=', 'scheduled')
      .where('starts_at', '>', now.toISOString())
      .where('starts_at', '<=', new Date(now.getTime() + longest * 3_600_000).toISOString())
      .execute();
    for (const d of dialogues) {
      const untilStart = (Date.parse(d.starts_at) - now.getTime()) / 3_600_000;
      const lead = hours.find((h) => untilStart <= h) as number;
      const people = await db
        .selectFrom('dialogue_participants')
        .select('speaker_id')
        .where('dialogue_id', '=', d.id)
        .where('response', '!=', 'declined')
        .execute();
      await db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        await queueNotices(trx, settings, d.id, people.map((p) => ({ speakerId: p.speaker_id, kind: 'reminder' as const, reminderHours: lead })));
        const after = await trx.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        queued += Number(after.n) - Number(before.n);
      });
    }
  }
  return queued;
}

/**
 * Queues each coordinator's digest of today (the server's date): the scheduled dialogues
 * starting in the next three days on the stations they look after (all, when they have
 * none set), with the people who have not answered. Nobody unanswered: no digest. The
 * idempotency key names the account and the day, so however often this runs, and from
 * however many processes, each coordinator gets one digest a day.
 */
export async function queueDigests(db: Db, settings: MessageSettings, now = new Date()): Promise<number> {
  const day = DateTime.fromJSDate(now).toISODate();
  const unanswered = await db
    .selectFrom('dialogue_participants as dp')
    .innerJoin('dialogues', 'dialogues.id', 'dp.dialogue_id')
    .innerJoin('stations', 'stations.id', 'dialogues.station_id')
    .innerJoin('speakers', 'speakers.id', 'dp.speaker_id')
    .select([
      'dialogues.id', 'dialogues.title', 'dialogues.starts_at', 'dialogues.ends_at', 'dialogues.station_id', 'stations.name as station_name', 'stations.timezone',
      'speakers.name', 'speakers.email', 'speakers.phone', 'dp.role',
    ])
    .where('dialogues.status', '=', 'scheduled')
    .where('dp.response', '=', 'pending')
    .where('dialogues.starts_at', '>', now.toISOString())
    .where('dialogues.starts_at', '<=', new Date(now.getTime() + 3 * 86_400_000).toISOString())
    .orderBy('dialogues.starts_at')
    .orderBy('dialogues.id')
    .orderBy('speakers.name')
    .execute();
  if (unanswered.length === 0) return 0;
  const dialogues: (DigestDialogue & { stationId: string })[] = [];
  for (const row of unanswered) {
    let d = dialogues.at(-1);
    if (d?.id !== row.id) {
      d = { id: row.id, title: row.title, startsAt: row.starts_at, endsAt: row.ends_at, timezone: row.timezone, stationName: row.station_name, stationId: row.station_id, people: [] };
      dialogues.push(d);
    }
    d.people.push({ name: row.name, role: row.role, email: row.email, phone: row.phone });
  }
  const coordinators = await db.selectFrom('users').select(['id', 'name', 'email', 'language']).where('disabled_at', 'is', null).execute();
  const looksAfter = await db.selectFrom('station_coordinators').select(['user_id', 'station_id']).execute();
  let queued = 0;
  for (const user of coordinators) {
    const stations = new Set(looksAfter.filter((x) => x.user_id === user.id).map((x) => x.station_id));
    const theirs = dialogues.filter((d) => stations.size === 0 || stations.has(d.stationId));
    if (theirs.length === 0) continue;
    const composed = composeDigest(user.language, user.name, theirs, settings.publicUrl);
    const id = randomUUID();
    const at = nowIso();
    const result = await repo.insertMessage(db, {
      id,
      idempotency_key: `digest:${user.id}:${day}`,
      message_id: messageIdFor(settings, id),
      kind: 'digest',
      dialogue_id: null,
      speaker_id: null,
      user_id: user.id,
      to_email: user.email,
      to_phone: null,
      language: user.language,
      subject: composed.subject,
      text_body: composed.text,
      html_body: composed.html,
      ics: null,
      status: 'pending',
      next_attempt_at: at,
      last_error: null,
      created_at: at,
      sent_at: null,
    });
    queued += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return queued;
}

/** Whether a queued reminder still has a reason to go: the dialogue is scheduled and the person has not declined nor left. */
export async function reminderStillWanted(db: Db, dialogueId: string, speakerId: string, startsAt: string): Promise<boolean> {
  const row = await db
    .selectFrom('dialogues')
    .innerJoin('dialogue_participants as dp', 'dp.dialogue_id', 'dialogues.id')
    .select(['dialogues.status', 'dialogues.starts_at', 'dp.response'])
    .where('dialogues.id', '=', dialogueId)
    .where('dp.speaker_id', '=', speakerId)
    .executeTakeFirst();
  return Boolean(row && row.status === 'scheduled' && row.response !== 'declined' && row.starts_at === startsAt);
}

export type MessageJson = ReturnType<typeof toMessageJson>;

export function toMessageJson(m: repo.MessageRow) {
  return {
    id: m.id,
    kind: m.kind,
    status: m.status,
    dialogueId: m.dialogue_id,
    dialogueTitle: m.dialogue_title,
    speakerId: m.speaker_id,
    speakerName: m.speaker_name,
    recipientName: m.speaker_name ?? m.user_name,
    toEmail: m.to_email,
    toPhone: m.to_phone,
    language: m.language,
    subject: m.subject,
    text: m.text_body,
    messageId: m.message_id,
    attempts: m.attempts,
    nextAttemptAt: m.status === 'pending' ? m.next_attempt_at : null,
    lastError: m.last_error,
    createdAt: m.created_at,
    sentAt: m.sent_at,
    whatsappUrl: whatsappUrl(m.to_phone, m.text_body),
  };
}

/**
 * International digits for wa.me: "+62 811-000" → 62811000; an Indonesian "0811…" → 62811…;
 * null when nothing dialable is left.
 */
export function whatsappNumber(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '');
  const international = phone.trim().startsWith('+') ? digits : digits.startsWith('00') ? digits.slice(2) : digits.startsWith('0') ? `62${digits.slice(1)}` : digits;
  return international.length >= 8 && international.length <= 15 ? international : null;
}

export function whatsappUrl(phone: string | null, text: string): string | null {
  const number = whatsappNumber(phone);
  return number ? `https://wa.me/${number}?text=${encodeURIComponent(text)}` : null;
}

export async function listMessages(db: Db, filter: { status?: MessageStatus; dialogueId?: string }, cursor: { key: string; id: string } | null, limit: number) {
  const rows = await repo.listMessages(db, filter, cursor, limit);
  const result = page(rows, limit, (m) => [m.created_at, m.id]);
  return { items: result.items.map(toMessageJson), nextCursor: result.nextCursor };
}

async function oneMessage(db: Db, id: string) {
  const [row] = await repo.listMessages(db, { id }, null, 1);
  if (!row) throw notFound(THINGS.message, id);
  return toMessageJson(row);
}

/** A message's state in a sentence ("This message is …"). */
const MESSAGE_STATES: Record<MessageStatus, Localized> = {
  pending: said('masih menunggu dikirim', 'pending'),
  sent: said('sudah terkirim', 'sent'),
  failed: said('gagal terkirim', 'failed'),
  cancelled: said('sudah dibatalkan', 'cancelled'),
};

/** A failed or cancelled message goes back to the queue, with the same Message-ID. */
export async function resendMessage(db: Db, id: string) {
  const message = await repo.findMessage(db, id);
  if (!message) throw notFound(THINGS.message, id);
  const result = await repo.setStatus(db, id, ['failed', 'cancelled'], 'pending', nowIso());
  if (Number(result.numUpdatedRows) === 0) {
    throw new AppError(
      409,
      'not_resendable',
      said(`Pesan ini ${MESSAGE_STATES[message.status].id}; hanya pesan yang gagal atau dibatalkan yang dikirim ulang.`, `This message is ${message.status}; only failed or cancelled messages are sent again.`),
    );
  }
  return oneMessage(db, id);
}

export async function cancelMessage(db: Db, id: string) {
  const message = await repo.findMessage(db, id);
  if (!message) throw notFound(THINGS.message, id);
  const result = await repo.setStatus(db, id, ['pending', 'failed'], 'cancelled', nowIso());
  if (Number(result.numUpdatedRows) === 0) {
    throw new AppError(409, 'not_cancellable', said(`Pesan ini ${MESSAGE_STATES[message.status].id}; tidak dapat dibatalkan lagi.`, `This message is ${message.status}; it can no longer be cancelled.`));
  }
  return oneMessage(db, id);
}
