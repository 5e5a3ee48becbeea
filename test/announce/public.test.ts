// What announcing makes public, for every role and status (as test/auth/matrix.test.ts
// does for the archive): announced dialogues only, with confirmed people only, and never a
// contact detail, in the API, the pages and the station's calendar feed.
import ical from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';
import { browser } from '../pages/helpers.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedBasics>>;
const ids: Record<string, string> = {};
let outsider: string;

const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestApp();
  s = await seedBasics(t);
  const people = [
    { speakerId: s.suliwati.id, role: 'speaker' },
    { speakerId: s.elyanie.id, role: 'speaker' },
    { speakerId: s.host.id, role: 'host' },
  ];
  const book = async (name: string, offset: number, status: 'draft' | 'scheduled' = 'scheduled') => {
    const d = await t.create('/api/dialogues', {
      title: `Dialog ${name}`, stationId: s.station.id, startsAt: `${day(offset)}T09:00`, endsAt: `${day(offset)}T10:00`, participants: people, status,
    });
    ids[name] = d.id;
    return d;
  };
  await book('announced', 1);
  await book('unannounced', 2);
  await book('draft', 3, 'draft');
  await book('cancelled', 4);
  await book('withdrawn', 5);
  for (const name of ['announced', 'cancelled', 'withdrawn']) {
    expect((await t.call('POST', `/api/dialogues/${ids[name]}/announce`, { token: t.coordinator })).status).toBe(200);
  }
  expect((await t.call('POST', `/api/dialogues/${ids.draft}/announce`, { token: t.coordinator })).status).toBe(409);
  await t.call('DELETE', `/api/dialogues/${ids.withdrawn}/announce`, { token: t.coordinator });
  await t.call('PATCH', `/api/dialogues/${ids.cancelled}`, { token: t.coordinator, body: { status: 'cancelled' } });
  // Suliwati confirms, Elyanie declines, the host does not answer.
  await t.call('POST', `/api/me/dialogues/${ids.announced}/response`, { token: await t.speakerToken(s.suliwati.id), body: { response: 'confirmed' } });
  await t.call('POST', `/api/me/dialogues/${ids.announced}/response`, { token: await t.speakerToken(s.elyanie.id), body: { response: 'declined' } });
  const stranger = await t.create('/api/speakers', { name: 'Orang Lain', email: 'lain@example.id' });
  outsider = await t.speakerToken(stranger.id);
});
afterAll(() => t.close());

const contacts = ['suli@example.id', 'ely@example.id', 'rahmat@example.id', '+62 811 000', '811000'];
const noContacts = (text: string) => contacts.forEach((c) => expect(text).not.toContain(c));

describe.each([
  ['anonymous', () => undefined],
  ['a speaker of other dialogues', () => outsider],
])('as %s', (_who, token) => {
  it('lists announced and announced-then-cancelled dialogues only, with confirmed people only', async () => {
    const res = await t.call('GET', `/api/dialogues?station=${s.station.id}`, { token: token() });
    expect(res.status).toBe(200);
    const byTitle = Object.fromEntries(res.json.items.map((d: any) => [d.title, d]));
    expect(Object.keys(byTitle).sort()).toEqual(['Dialog announced', 'Dialog cancelled']);
    expect(byTitle['Dialog announced'].participants.map((p: any) => p.name)).toEqual(['Suliwati']);
    expect(byTitle['Dialog announced'].announcedAt).toBeTruthy();
    expect(byTitle['Dialog cancelled'].status).toBe('cancelled');
    noContacts(res.text);
    for (const hidden of ['unannounced', 'draft', 'withdrawn']) {
      expect((await t.call('GET', `/api/dialogues/${ids[hidden]}`, { token: token() })).status).toBe(404);
    }
    // The people of an announced dialogue: the confirmed one, without contacts; the others not at all.
    expect((await t.call('GET', `/api/speakers/${s.suliwati.id}`, { token: token() })).json.email ?? null).toBeNull();
    expect((await t.call('GET', `/api/speakers/${s.elyanie.id}`, { token: token() })).status).toBe(404);
    expect((await t.call('GET', `/api/speakers/${s.host.id}`, { token: token() })).status).toBe(404);
  });

  it('gives the same in the station calendar, which needs no sign-in', async () => {
    const res = await t.call('GET', '/calendar/stations/rri-palangka-raya.ics', { token: token() });
    expect(res.status).toBe(200);
    const events = Object.values(ical.sync.parseICS(res.text)).filter((c: any) => c.type === 'VEVENT') as any[];
    expect(events.map((e) => e.summary).sort()).toEqual(['Dialog announced', 'Dialog cancelled']);
    const announced = events.find((e) => e.summary === 'Dialog announced');
    expect(announced.uid).toBe(`${ids.announced}@siaran`);
    expect(announced.description).toContain('Suliwati');
    expect(announced.description).not.toContain('Elyanie');
    expect(announced.description).not.toContain('Rahmat');
    expect(events.find((e) => e.summary === 'Dialog cancelled').status).toBe('CANCELLED');
    noContacts(res.text);
  });
});

describe('the pages', () => {
  it("shows announced dialogues on the home page and the station's week, never people who have not confirmed", async () => {
    for (const url of ['/', '/stations/rri-palangka-raya', `/dialog/${ids.announced}`]) {
      const page = await browser(t).get(url);
      expect(page.status, url).toBe(200);
      expect(page.html).toContain('Dialog announced');
      expect(page.html).not.toContain('Dialog unannounced');
      expect(page.html).not.toContain('Dialog draft');
      expect(page.html).not.toContain('Dialog withdrawn');
      expect(page.html).not.toContain('Elyanie');
      expect(page.html).not.toContain('Rahmat');
      noContacts(page.html);
    }
    const station = await browser(t).get('/stations/rri-palangka-raya');
    expect(station.html).toContain('Dialog cancelled');
    expect(station.html).toContain('Dibatalkan');
    expect(station.html).toContain('href="/calendar/stations/rri-palangka-raya.ics"');
    expect((await browser(t).get('/stations/nowhere')).status).toBe(404);
  });

  it('shows a coordinator everything, and a participant their own dialogue whole', async () => {
    const all = await t.call('GET', `/api/dialogues?station=${s.station.id}`, { token: t.coordinator });
    expect(all.json.items).toHaveLength(5);
    const own = await t.call('GET', `/api/dialogues/${ids.announced}`, { token: await t.speakerToken(s.host.id) });
    expect(own.json.participants).toHaveLength(3);
  });

  it("announces a programme's dialogues once scheduled when the programme asks for it", async () => {
    const program = await t.create('/api/programs', { stationId: s.station.id, title: 'Warta Desa', announceWhenScheduled: true });
    expect(program.announceWhenScheduled).toBe(true);
    const d = await t.create('/api/dialogues', { title: 'Otomatis', stationId: s.station.id, programId: program.id, startsAt: `${day(6)}T09:00`, endsAt: `${day(6)}T10:00` });
    expect(d.announcedAt).toBeTruthy();
    const draft = await t.create('/api/dialogues', { title: 'Masih draf', stationId: s.station.id, programId: program.id, startsAt: `${day(6)}T11:00`, endsAt: `${day(6)}T12:00`, status: 'draft' });
    expect(draft.announcedAt).toBeNull();
    const scheduled = await t.call('PATCH', `/api/dialogues/${draft.id}`, { token: t.coordinator, body: { status: 'scheduled' } });
    expect(scheduled.json.announcedAt).toBeTruthy();
  });
});
