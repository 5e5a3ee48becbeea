// Messages to speakers through a real SMTP server: content and language, the calendar
// object (time zone, UID, a rising SEQUENCE), retries while the server is down, a refused
// recipient, and who gets reminders.
import ical from 'node-ical';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../src/jobs/outbox.job.ts';
import { booking, createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';
import { type Received, startSmtp } from './smtp.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedBasics>>;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let outbox: Outbox;

beforeEach(async () => {
  smtp = await startSmtp({ refuse: (address) => address.startsWith('refused@') });
  t = await createTestApp({ SIARAN_SMTP_URL: smtp.url, SIARAN_MAIL_FROM: 'Siaran RRI <siaran@rri.test>', SIARAN_MAIL_RETRY_BASE_SEC: '0' });
  s = await seedBasics(t);
  await t.db.updateTable('speakers').set({ language: 'en' }).where('id', '=', s.elyanie.id).execute();
  await t.db.updateTable('stations').set({ studio_address: 'Jl. M. Husni Thamrin No. 1, Palangka Raya', dial_in: '+62 536 322 1234' }).where('id', '=', s.station.id).execute();
  outbox = new Outbox(t.db, t.config);
});
afterEach(async () => {
  await outbox.stop();
  await t.close();
  await smtp.stop();
});

const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const to = (address: string) => smtp.received.filter((m) => m.to.includes(address));
const calendarOf = (m: Received) => {
  const part = m.parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  const text = part ? part.content.toString('utf8') : '';
  const event = Object.values(ical.sync.parseICS(text)).find((c: any) => c.type === 'VEVENT') as any;
  return { text, event };
};
const messages = async (query = '') => (await t.call('GET', `/api/messages${query}`, { token: t.coordinator })).json.items as any[];

async function book(extra: Record<string, unknown> = {}, date = day(5)) {
  return t.create('/api/dialogues', {
    ...booking(s.station.id, `${date}T09:00`, `${date}T10:00`),
    title: 'Literasi Digital',
    participants: [
      { speakerId: s.suliwati.id, role: 'speaker' },
      { speakerId: s.elyanie.id, role: 'speaker' },
    ],
    ...extra,
  });
}

describe('invitations, changes and cancellations', () => {
  it("invites each person in their language, with the station's time, the studio and their link, and an iCal REQUEST", async () => {
    const d = await book();
    expect((await messages('?status=pending')).map((m) => m.kind)).toEqual(['invitation', 'invitation']);
    const run = await outbox.run();
    expect(run.sent).toBe(2);

    const [id] = to('suli@example.id') as [Received];
    expect(id.parsed.subject).toBe('Undangan dialog: Literasi Digital');
    expect(id.parsed.text).toContain('Yth. Suliwati');
    expect(id.parsed.text).toContain('09.00–10.00 WIB');
    expect(id.parsed.text).toContain('Jl. M. Husni Thamrin No. 1');
    expect(id.parsed.text).toContain('+62 536 322 1234');
    expect(id.parsed.html).toContain('<strong>Literasi Digital</strong>');
    const link = (await t.call('GET', `/api/speakers/${s.suliwati.id}/link`, { token: t.coordinator })).json.url;
    expect(id.parsed.text).toContain(link);
    expect((await t.call('GET', `/api/me`, { token: link.split('/s/')[1] })).status).toBe(200);

    const [en] = to('ely@example.id') as [Received];
    expect(en.parsed.subject).toBe('Invitation to a dialogue: Literasi Digital');
    expect(en.parsed.text).toContain('Dear Elyanie');
    expect(en.parsed.text).toContain('09:00–10:00 WIB');

    const { text, event } = calendarOf(id);
    expect(text).toContain('METHOD:REQUEST');
    expect(text).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Asia\/Jakarta/);
    expect(text).toMatch(/DTSTART;TZID=Asia\/Jakarta:\d{8}T090000/);
    expect(event.uid).toBe(`${d.id}@siaran`);
    expect(new Date(event.start).toISOString()).toBe(d.startsAt);
    // The station feed carries the same UID, so calendars see one event.
    await t.call('POST', `/api/dialogues/${d.id}/announce`, { token: t.coordinator });
    expect((await t.call('GET', '/calendar/stations/rri-palangka-raya.ics')).text).toContain(`UID:${d.id}@siaran`);
    expect(id.parsed.messageId).toBe((await messages()).find((m) => m.toEmail === 'suli@example.id').messageId);
  });

  it('tells of a move with a higher SEQUENCE, and of a cancellation with METHOD:CANCEL; a declined person hears nothing', async () => {
    const d = await book();
    await outbox.run();
    const first = calendarOf(to('suli@example.id')[0] as Received).event;
    const elyToken = await t.speakerToken(s.elyanie.id);
    await t.call('POST', `/api/me/dialogues/${d.id}/response`, { token: elyToken, body: { response: 'declined' } });

    await t.call('PATCH', `/api/dialogues/${d.id}`, { token: t.coordinator, body: { startsAt: `${day(6)}T13:00` } });
    await outbox.run();
    const moved = to('suli@example.id')[1] as Received;
    expect(moved.parsed.subject).toBe('Perubahan jadwal: Literasi Digital');
    expect(moved.parsed.text).toContain('13.00–14.00 WIB');
    const second = calendarOf(moved).event;
    expect(second.uid).toBe(first.uid);
    expect(Number(second.sequence)).toBeGreaterThan(Number(first.sequence));

    await t.call('PATCH', `/api/dialogues/${d.id}`, { token: t.coordinator, body: { status: 'cancelled', note: 'Narasumber berhalangan' } });
    await outbox.run();
    const cancelled = to('suli@example.id')[2] as Received;
    expect(cancelled.parsed.subject).toBe('Dialog dibatalkan: Literasi Digital');
    const third = calendarOf(cancelled);
    expect(third.text).toContain('METHOD:CANCEL');
    expect(Number(third.event.sequence)).toBeGreaterThan(Number(second.sequence));
    expect(to('ely@example.id').map((m) => m.parsed.subject)).toEqual(['Invitation to a dialogue: Literasi Digital']);
    // No reminder for a cancelled dialogue, even when its time comes.
    expect((await outbox.run(new Date(Date.parse(d.startsAt) - 3_600_000))).remindersQueued).toBe(0);
  });

  it('invites a newcomer, and sends a cancellation to a person taken off', async () => {
    const d = await book();
    await outbox.run();
    await t.call('PATCH', `/api/dialogues/${d.id}`, {
      token: t.coordinator,
      body: { participants: [{ speakerId: s.suliwati.id, role: 'speaker' }, { speakerId: s.host.id, role: 'host' }] },
    });
    await outbox.run();
    expect(to('rahmat@example.id').map((m) => m.parsed.subject)).toEqual(['Undangan dialog: Literasi Digital']);
    expect(to('rahmat@example.id')[0]?.parsed.text).toContain('pembawa acara');
    expect(to('ely@example.id').map((m) => m.parsed.subject)).toEqual(['Invitation to a dialogue: Literasi Digital', 'Dialogue cancelled: Literasi Digital']);
    expect(to('suli@example.id')).toHaveLength(1);
  });
});

describe('messages not yet sent when a newer one supersedes them', () => {
  it('withdraws an older change notice when the dialogue moves again, and everything pending when it is cancelled', async () => {
    const d = await book();
    const move = (date: string) => t.call('PATCH', `/api/dialogues/${d.id}`, { token: t.coordinator, body: { startsAt: `${date}T09:00` } });
    await move(day(6));
    await move(day(7));
    const states = async () => (await messages(`?dialogue=${d.id}`)).filter((m) => m.toEmail === 'suli@example.id').map((m) => `${m.kind} ${m.status}`).sort();
    expect(await states()).toEqual(['change cancelled', 'change pending', 'invitation pending']);
    await t.call('PATCH', `/api/dialogues/${d.id}`, { token: t.coordinator, body: { status: 'cancelled', note: 'Batal' } });
    expect(await states()).toEqual(['cancellation pending', 'change cancelled', 'change cancelled', 'invitation cancelled']);
    await outbox.run();
    expect(to('suli@example.id').map((m) => m.parsed.subject)).toEqual(['Dialog dibatalkan: Literasi Digital']);
  });
});

describe('deleting a dialogue people were told of', () => {
  it('is refused until it is cancelled and the cancellations have gone out, so nobody keeps a dialogue that is off', async () => {
    const d = await book();
    const del = (lang = '') => t.call('DELETE', `/api/dialogues/${d.id}${lang}`, { token: t.coordinator });
    await outbox.run();
    const refused = await del();
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toContain('batalkan dialognya');
    expect((await del('?lang=en')).json.error.message).toContain('cancel it so that they hear it is off');

    await t.call('PATCH', `/api/dialogues/${d.id}`, { token: t.coordinator, body: { status: 'cancelled', note: 'Batal' } });
    expect((await del()).status).toBe(409);
    await outbox.run();
    expect(to('suli@example.id').map((m) => m.parsed.subject)).toEqual(['Undangan dialog: Literasi Digital', 'Dialog dibatalkan: Literasi Digital']);
    expect((await del()).status).toBe(204);

    // Nothing sent yet (no mail server, or not yet its turn): the invitations go with it.
    const unsent = await book({}, day(8));
    expect((await t.call('DELETE', `/api/dialogues/${unsent.id}`, { token: t.coordinator })).status).toBe(204);
    expect(await messages(`?dialogue=${unsent.id}`)).toEqual([]);
  });
});

describe('delivery', () => {
  it('retries while the server is down and delivers each message exactly once when it is back', async () => {
    await smtp.stop();
    await book();
    const down = await outbox.run();
    expect(down).toMatchObject({ sent: 0, retrying: 2 });
    const pending = await messages('?status=pending');
    expect(pending.every((m) => m.attempts === 1 && /ECONNREFUSED/.test(m.lastError))).toBe(true);
    expect(smtp.received).toHaveLength(0);

    await smtp.restart();
    expect((await outbox.run()).sent).toBe(2);
    expect((await outbox.run()).sent).toBe(0);
    expect(smtp.received).toHaveLength(2);
    const ids = smtp.received.map((m) => m.parsed.messageId);
    expect(new Set(ids).size).toBe(2);
    expect((await messages('?status=sent')).map((m) => m.messageId).sort()).toEqual([...ids].sort());
  });

  it('records a refused recipient as failed and goes on with the others; a resend goes back to the queue', async () => {
    const refused = await t.create('/api/speakers', { name: 'Budi', email: 'refused@example.id' });
    await book({ participants: [{ speakerId: refused.id, role: 'speaker' }, { speakerId: s.suliwati.id, role: 'speaker' }] });
    const run = await outbox.run();
    expect(run).toMatchObject({ sent: 1, failed: 1 });
    const [failed] = await messages('?status=failed');
    expect(failed.toEmail).toBe('refused@example.id');
    expect(failed.lastError).toContain('550');
    expect(to('suli@example.id')).toHaveLength(1);

    const again = await t.call('POST', `/api/messages/${failed.id}/resend`, { token: t.coordinator });
    expect(again.json.status).toBe('pending');
    expect((await t.call('POST', `/api/messages/${failed.id}/resend`, { token: t.coordinator })).status).toBe(409);
    const cancelled = await t.call('POST', `/api/messages/${failed.id}/cancel`, { token: t.coordinator });
    expect(cancelled.json.status).toBe('cancelled');
    expect((await outbox.run()).sent).toBe(0);
  });

  it('is for coordinators only', async () => {
    expect((await t.call('GET', '/api/messages')).status).toBe(401);
    expect((await t.call('GET', '/api/messages', { token: await t.speakerToken(s.suliwati.id) })).status).toBe(403);
    expect((await t.call('POST', '/api/messages/nothing/resend', { token: t.coordinator })).status).toBe(404);
  });
});

describe('reminders', () => {
  it('reminds 24 h and 2 h before, never a person who declined or was removed, once each', async () => {
    const d = await book({
      participants: [
        { speakerId: s.suliwati.id, role: 'speaker' },
        { speakerId: s.elyanie.id, role: 'speaker' },
        { speakerId: s.host.id, role: 'host' },
      ],
    });
    await outbox.run();
    smtp.received.length = 0;
    await t.call('POST', `/api/me/dialogues/${d.id}/response`, { token: await t.speakerToken(s.elyanie.id), body: { response: 'declined' } });
    await t.call('PATCH', `/api/dialogues/${d.id}`, {
      token: t.coordinator,
      body: { participants: [{ speakerId: s.suliwati.id, role: 'speaker' }, { speakerId: s.elyanie.id, role: 'speaker' }] },
    });
    await outbox.run();
    smtp.received.length = 0;

    const start = Date.parse(d.startsAt);
    expect((await outbox.run(new Date(start - 30 * 3_600_000))).remindersQueued).toBe(0);
    const dayBefore = await outbox.run(new Date(start - 23 * 3_600_000));
    expect(dayBefore).toMatchObject({ remindersQueued: 1, sent: 1 });
    expect((await outbox.run(new Date(start - 22 * 3_600_000))).remindersQueued).toBe(0);
    expect((await outbox.run(new Date(start - 1.5 * 3_600_000))).remindersQueued).toBe(1);
    expect(smtp.received.map((m) => [m.to[0], m.parsed.subject])).toEqual([
      ['suli@example.id', 'Pengingat: Literasi Digital'],
      ['suli@example.id', 'Pengingat: Literasi Digital'],
    ]);
  });
});

describe("the station's reminder settings", () => {
  it('reads, sets and checks reminderHours, studioAddress and dialIn through the stations API, and reminds at the hours set', async () => {
    const station = (await t.call('GET', `/api/stations/${s.station.id}`)).json;
    expect(station).toMatchObject({ reminderHours: [24, 2], studioAddress: 'Jl. M. Husni Thamrin No. 1, Palangka Raya', dialIn: '+62 536 322 1234' });
    const created = await t.create('/api/stations', { name: 'RRI Ambon', timezone: 'Asia/Jayapura', reminderHours: [1, 72], studioAddress: 'Jl. Pattimura', dialIn: '0911 123' });
    expect(created).toMatchObject({ reminderHours: [72, 1], studioAddress: 'Jl. Pattimura', dialIn: '0911 123' });

    const patch = (body: unknown, lang = '') => t.call('PATCH', `/api/stations/${s.station.id}${lang}`, { token: t.coordinator, body });
    for (const [body, field, id, en] of [
      [{ reminderHours: [0] }, 'reminderHours.0', 'paling kecil 1', 'at least 1'],
      [{ reminderHours: [5, 5] }, 'reminderHours', 'setiap jarak waktu paling banyak sekali', 'each lead time at most once'],
      [{ reminderHours: [1, 2, 3, 4, 5, 6] }, 'reminderHours', 'paling banyak 5 butir', 'at most 5 items'],
      [{ reminderHours: [1.5] }, 'reminderHours.0', 'harus berupa bilangan bulat', 'must be a whole number'],
      [{ reminderHours: 24 }, 'reminderHours', 'harus berupa daftar', 'must be an array'],
      [{ dialIn: 'x'.repeat(201) }, 'dialIn', 'paling banyak 200 karakter', 'at most 200 characters'],
    ] as const) {
      const res = await patch(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.details.fields).toContainEqual({ path: field, message: id });
      expect((await patch(body, '?lang=en')).json.error.details.fields).toContainEqual({ path: field, message: en });
    }
    expect((await t.call('GET', `/api/stations/${s.station.id}`)).json.reminderHours).toEqual([24, 2]);
    expect((await t.call('PATCH', `/api/stations/${s.station.id}`, { body: { reminderHours: [1] } })).status).toBe(401);

    const set = await patch({ reminderHours: [3, 48] });
    expect(set.status).toBe(200);
    expect(set.json.reminderHours).toEqual([48, 3]);
    const d = await book();
    await outbox.run();
    smtp.received.length = 0;
    const start = Date.parse(d.startsAt);
    expect((await outbox.run(new Date(start - 47 * 3_600_000))).remindersQueued).toBe(2);
    expect((await outbox.run(new Date(start - 20 * 3_600_000))).remindersQueued).toBe(0);
    expect((await outbox.run(new Date(start - 2.5 * 3_600_000))).remindersQueued).toBe(2);
    expect(smtp.received).toHaveLength(4);
    // The speaker's own calendar has its alarms at the same hours.
    const feed = (await t.call('GET', `/calendar/speakers/${await t.speakerToken(s.suliwati.id)}.ics`)).text;
    expect(feed).toContain('TRIGGER:-P2D');
    expect(feed).toContain('TRIGGER:-PT3H');

    expect((await patch({ reminderHours: [] })).json.reminderHours).toEqual([]);
    expect((await outbox.run(new Date(start - 1 * 3_600_000))).remindersQueued).toBe(0);
  });
});
