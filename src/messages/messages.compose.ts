// The words of the messages to speakers and coordinators, in Indonesian or English, as
// plain text and HTML, and the calendar object each invitation, change or cancellation
// carries. The event has the same UID as in the iCal feeds (`<dialogue id>@siaran`) and
// the dialogue's SEQUENCE, so a calendar app updates or removes the event it already has.
import icalGenerator, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { html as htmlTag } from 'hono/html';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { Language, MessageKind, ParticipantRole } from '../db/schema.ts';
import { formatters } from '../pages/i18n.ts';

export type DialogueFacts = {
  id: string;
  title: string;
  description: string | null;
  startsAt: string;
  endsAt: string;
  timezone: string;
  sequence: number;
  stationName: string;
  studioAddress: string | null;
  dialIn: string | null;
};

export type Recipient = { name: string; email: string | null; language: Language; role: ParticipantRole };

export type Composed = { subject: string; text: string; html: string; ics: string | null };

const words = {
  id: {
    role: { speaker: 'narasumber', host: 'pembawa acara', moderator: 'moderator' },
    subject: {
      invitation: (t: string) => `Undangan dialog: ${t}`,
      reminder: (t: string) => `Pengingat: ${t}`,
      change: (t: string) => `Perubahan jadwal: ${t}`,
      cancellation: (t: string) => `Dialog dibatalkan: ${t}`,
    },
    greeting: (name: string) => `Yth. ${name},`,
    lead: {
      invitation: (role: string, station: string) => `Anda diundang sebagai ${role} dalam dialog di ${station}:`,
      reminder: (role: string, station: string) => `Mengingatkan dialog di ${station} yang Anda ikuti sebagai ${role}:`,
      change: (_role: string, station: string) => `Jadwal dialog di ${station} berubah. Waktu yang baru:`,
      cancellation: (_role: string, station: string) => `Dialog di ${station} ini dibatalkan:`,
    },
    when: 'Waktu',
    where: 'Tempat',
    dialIn: 'Sambungan telepon',
    answer: 'Konfirmasi hadir atau tidak melalui tautan pribadi Anda:',
    noLink: 'Mintalah tautan pribadi Anda kepada koordinator untuk menjawab undangan ini.',
    closing: 'Terima kasih.',
  },
  en: {
    role: { speaker: 'speaker', host: 'host', moderator: 'moderator' },
    subject: {
      invitation: (t: string) => `Invitation to a dialogue: ${t}`,
      reminder: (t: string) => `Reminder: ${t}`,
      change: (t: string) => `Schedule change: ${t}`,
      cancellation: (t: string) => `Dialogue cancelled: ${t}`,
    },
    greeting: (name: string) => `Dear ${name},`,
    lead: {
      invitation: (role: string, station: string) => `You are invited as ${role} to a dialogue on ${station}:`,
      reminder: (role: string, station: string) => `A reminder of the dialogue on ${station} you take part in as ${role}:`,
      change: (_role: string, station: string) => `The dialogue on ${station} has moved. The new time:`,
      cancellation: (_role: string, station: string) => `This dialogue on ${station} is cancelled:`,
    },
    when: 'When',
    where: 'Where',
    dialIn: 'Dial-in',
    answer: 'Confirm or decline with your personal link:',
    noLink: 'Ask the coordinator for your personal link to answer this invitation.',
    closing: 'Thank you.',
  },
} as const;

export type SpeakerMessageKind = Exclude<MessageKind, 'digest'>;

/** The calendar object of a message: METHOD:REQUEST, or CANCEL for a cancellation. */
export function messageCalendar(d: DialogueFacts, to: Recipient, method: 'REQUEST' | 'CANCEL', organizer: { name: string; email: string }): string {
  const calendar = icalGenerator({
    prodId: { company: 'Siaran', product: 'siaran', language: 'ID' },
    method: method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    timezone: { name: null, generator: (tz: string) => tzlib_get_ical_block(tz)[0] ?? null },
  });
  calendar.createEvent({
    id: `${d.id}@siaran`,
    sequence: d.sequence,
    start: DateTime.fromISO(d.startsAt).setZone(d.timezone),
    end: DateTime.fromISO(d.endsAt).setZone(d.timezone),
    timezone: d.timezone,
    summary: d.title,
    location: d.studioAddress ?? d.stationName,
    description: d.description ?? '',
    status: method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer,
    attendees: to.email
      ? [{ name: to.name, email: to.email, role: ICalAttendeeRole.REQ, status: ICalAttendeeStatus.NEEDSACTION, rsvp: false }]
      : [],
  });
  return calendar.toString();
}

export function composeSpeakerMessage(
  kind: SpeakerMessageKind,
  d: DialogueFacts,
  to: Recipient,
  linkUrl: string | null,
  organizer: { name: string; email: string },
): Composed {
  const w = words[to.language];
  const f = formatters(to.language);
  const when = f.span(d.startsAt, d.endsAt, d.timezone);
  const lines: [string, string][] = [[w.when, when]];
  if (kind !== 'cancellation') {
    lines.push([w.where, d.studioAddress ?? d.stationName]);
    if (d.dialIn) lines.push([w.dialIn, d.dialIn]);
  }
  const askToAnswer = kind === 'invitation' || kind === 'change';
  const answer = askToAnswer ? (linkUrl ? `${w.answer}\n${linkUrl}` : w.noLink) : null;
  const lead = w.lead[kind](w.role[to.role], d.stationName);
  const text = [
    w.greeting(to.name),
    '',
    lead,
    '',
    d.title,
    ...lines.map(([k, v]) => `${k}: ${v}`),
    ...(answer ? ['', answer] : linkUrl && kind === 'reminder' ? ['', linkUrl] : []),
    '',
    w.closing,
  ].join('\n');
  // hono/html escapes every interpolated value.
  const html = htmlTag`<!doctype html><html lang="${to.language}"><body>
<p>${w.greeting(to.name)}</p>
<p>${lead}</p>
<p><strong>${d.title}</strong></p>
<table>${lines.map(([k, v]) => htmlTag`<tr><th align="left">${k}</th><td>${v}</td></tr>`)}</table>
${askToAnswer ? (linkUrl ? htmlTag`<p>${w.answer} <a href="${linkUrl}">${linkUrl}</a></p>` : htmlTag`<p>${w.noLink}</p>`) : ''}
${!askToAnswer && linkUrl && kind === 'reminder' ? htmlTag`<p><a href="${linkUrl}">${linkUrl}</a></p>` : ''}
<p>${w.closing}</p>
</body></html>`.toString();
  const ics = to.email ? messageCalendar(d, to, kind === 'cancellation' ? 'CANCEL' : 'REQUEST', organizer) : null;
  return { subject: w.subject[kind](d.title), text, html, ics };
}

export type DigestPerson = { name: string; role: ParticipantRole; email: string | null; phone: string | null };
export type DigestDialogue = { id: string; title: string; startsAt: string; endsAt: string; timezone: string; stationName: string; people: DigestPerson[] };

const digestWords = {
  id: {
    subject: (n: number) => `Belum menjawab: ${n} orang untuk dialog tiga hari ke depan`,
    lead: 'Peserta berikut belum menjawab undangan untuk dialog dalam tiga hari ke depan. Mohon hubungi mereka:',
    noContact: 'tanpa email atau telepon',
  },
  en: {
    subject: (n: number) => `Not answered yet: ${n} ${n === 1 ? 'person' : 'people'} for the dialogues of the next three days`,
    lead: 'These participants have not answered their invitation to a dialogue in the next three days. Please get in touch with them:',
    noContact: 'no email or phone',
  },
} as const;

/**
 * A coordinator's daily digest: the dialogues of the next three days (by start) with the
 * people who have not answered and how to reach them, each dialogue linked to its console page.
 */
export function composeDigest(language: Language, name: string, dialogues: DigestDialogue[], publicUrl: string): Composed {
  const w = { ...words[language], ...digestWords[language] };
  const f = formatters(language);
  const count = new Set(dialogues.flatMap((d) => d.people.map((p) => p.name))).size;
  const contact = (p: DigestPerson) => [p.email, p.phone].filter(Boolean).join(', ') || w.noContact;
  const linkOf = (d: DigestDialogue) => new URL(`/console/dialogues/${d.id}`, publicUrl).toString();
  const text = [
    w.greeting(name),
    '',
    w.lead,
    ...dialogues.flatMap((d) => [
      '',
      `${d.title} — ${d.stationName}`,
      `${w.when}: ${f.span(d.startsAt, d.endsAt, d.timezone)}`,
      linkOf(d),
      ...d.people.map((p) => `- ${p.name} (${w.role[p.role]}): ${contact(p)}`),
    ]),
    '',
    w.closing,
  ].join('\n');
  const html = htmlTag`<!doctype html><html lang="${language}"><body>
<p>${w.greeting(name)}</p>
<p>${w.lead}</p>
${dialogues.map(
  (d) => htmlTag`<h2><a href="${linkOf(d)}">${d.title}</a></h2>
<p>${d.stationName} · ${f.span(d.startsAt, d.endsAt, d.timezone)}</p>
<ul>${d.people.map((p) => htmlTag`<li>${p.name} (${w.role[p.role]}): ${contact(p)}</li>`)}</ul>`,
)}
<p>${w.closing}</p>
</body></html>`.toString();
  return { subject: w.subject(count), text, html, ics: null };
}
