import ical from 'node-ical';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { booking, createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedBasics>>;
beforeEach(async () => {
  t = await createTestApp();
  s = await seedBasics(t);
});
afterEach(() => t.close());

const soon = (days: number, hour: string) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10) + `T${hour}`;

describe('calendars', () => {
  it('describes the people in Indonesian: "(pembawa acara)", never "(host)"', async () => {
    await t.create('/api/dialogues', {
      ...booking(s.station.id, soon(3, '09:00'), soon(3, '10:00')),
      participants: [{ speakerId: s.suliwati.id, role: 'speaker' }, { speakerId: s.host.id, role: 'host' }],
    });
    const token = await t.speakerToken(s.suliwati.id);
    const events = Object.values(ical.sync.parseICS((await t.call('GET', `/calendar/speakers/${token}.ics`)).text)).filter((c: any) => c.type === 'VEVENT') as any[];
    expect(events[0].description).toContain('Suliwati (narasumber)');
    expect(events[0].description).toContain('Rahmat (pembawa acara)');
    expect(events[0].description).not.toMatch(/\((host|speaker|moderator)\)/);
  });

  it("gives a speaker's own dialogues by their link, in the station's time zone", async () => {
    const mine = await t.create('/api/dialogues', {
      ...booking(s.other.id, soon(3, '09:00'), soon(3, '10:00')),
      title: 'Dialog Jayapura',
      participants: [{ speakerId: s.suliwati.id, role: 'speaker' }],
    });
    await t.create('/api/dialogues', { ...booking(s.station.id, soon(4, '09:00'), soon(4, '10:00')), title: 'Bukan punya saya' });
    const token = await t.speakerToken(s.suliwati.id);
    const res = await t.call('GET', `/calendar/speakers/${token}.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(res.text).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Asia\/Jayapura/);
    expect(res.text).toMatch(/DTSTART;TZID=Asia\/Jayapura:\d{8}T090000/);

    const events = Object.values(ical.sync.parseICS(res.text)).filter((c: any) => c.type === 'VEVENT') as any[];
    expect(events).toHaveLength(1);
    expect(events[0].summary).toBe('Dialog Jayapura');
    expect(new Date(events[0].start).toISOString()).toBe(mine.startsAt);
    expect(new Date(events[0].end).toISOString()).toBe(mine.endsAt);
  });

  it('marks a cancelled dialogue as cancelled so calendar apps remove it', async () => {
    const d = await t.create('/api/dialogues', { ...booking(s.station.id, soon(3, '09:00'), soon(3, '10:00')), participants: [{ speakerId: s.suliwati.id, role: 'speaker' }] });
    await t.call('PATCH', `/api/dialogues/${d.id}`, { token: t.coordinator, body: { status: 'cancelled' } });
    const token = await t.speakerToken(s.suliwati.id);
    const res = await t.call('GET', `/calendar/speakers/${token}.ics`);
    expect(res.text).toContain('STATUS:CANCELLED');
  });

  it('stops serving a revoked link', async () => {
    const token = await t.speakerToken(s.suliwati.id);
    await t.call('DELETE', `/api/speakers/${s.suliwati.id}/link`, { token: t.coordinator });
    expect((await t.call('GET', `/calendar/speakers/${token}.ics`)).status).toBe(404);
  });

  it("gives a station's calendar with what the caller may see", async () => {
    const d = await t.create('/api/dialogues', booking(s.station.id, soon(-2, '09:00'), soon(-2, '10:00')));
    await t.create('/api/dialogues', booking(s.station.id, soon(5, '09:00'), soon(5, '10:00')));
    await t.call('PATCH', `/api/dialogues/${d.id}`, { token: t.coordinator, body: { status: 'aired' } });
    await t.call('PATCH', `/api/dialogues/${d.id}`, { token: t.coordinator, body: { status: 'published' } });
    const count = (text: string) => (text.match(/BEGIN:VEVENT/g) ?? []).length;
    const publicFeed = await t.call('GET', `/calendar/stations/${s.station.slug}.ics`);
    expect(count(publicFeed.text)).toBe(1);
    expect(publicFeed.text).toMatch(/DTSTART;TZID=Asia\/Jakarta:\d{8}T090000/);
    const coordinatorFeed = await t.call('GET', `/calendar/stations/${s.station.slug}.ics`, { token: t.coordinator });
    expect(count(coordinatorFeed.text)).toBe(2);
    expect((await t.call('GET', '/calendar/stations/nowhere.ics')).status).toBe(404);
  });
});
