// The coordinators' daily digest through a real SMTP server: who has not answered for the
// dialogues of the next three days, per the stations each coordinator looks after, in their
// language, once a day however often it is queued.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { Outbox } from '../../src/jobs/outbox.job.ts';
import { queueDigests } from '../../src/messages/messages.service.ts';
import { createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';
import { startSmtp } from './smtp.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedBasics>>;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let outbox: Outbox;

beforeEach(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ SIARAN_SMTP_URL: smtp.url, SIARAN_PUBLIC_URL: 'https://siaran.example.id' });
  s = await seedBasics(t);
  // No reminders: this is about the digest alone.
  for (const station of [s.station, s.other]) await t.call('PATCH', `/api/stations/${station.id}`, { token: t.coordinator, body: { reminderHours: [] } });
  outbox = new Outbox(t.db, t.config);
});
afterEach(async () => {
  await outbox.stop();
  await t.close();
  await smtp.stop();
});

const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const to = (address: string) => smtp.received.filter((m) => m.to.includes(address));

async function book(title: string, stationId: string, date: string, people: [string, string][]) {
  return t.create('/api/dialogues', {
    title, stationId, startsAt: `${date}T09:00`, endsAt: `${date}T10:00`,
    participants: people.map(([speakerId, role]) => ({ speakerId, role })),
  });
}

describe("coordinators' daily digest", () => {
  it('lists, per coordinator and in their language, the people who have not answered for the next three days, once a day', async () => {
    // Dewi looks after Jayapura only and reads English; the seeded coordinator and admin look after every station.
    const dewi = await t.call('POST', '/api/users', {
      token: t.admin,
      body: { email: 'dewi@rri.id', name: 'Dewi', password: 'dewi-password', language: 'en', stationIds: [s.other.id] },
    });
    expect(dewi.status, dewi.text).toBe(201);
    expect(dewi.json).toMatchObject({ language: 'en', stationIds: [s.other.id] });
    const gone = await t.call('POST', '/api/users', { token: t.admin, body: { email: 'gone@rri.id', name: 'Gone', password: 'gone-password' } });
    await t.call('PATCH', `/api/users/${gone.json.id}`, { token: t.admin, body: { disabled: true } });

    const soon = await book('Literasi Digital', s.station.id, day(2), [[s.suliwati.id, 'speaker'], [s.elyanie.id, 'speaker'], [s.host.id, 'host']]);
    await t.call('POST', `/api/me/dialogues/${soon.id}/response`, { token: await t.speakerToken(s.suliwati.id), body: { response: 'confirmed' } });
    await t.call('POST', `/api/me/dialogues/${soon.id}/response`, { token: await t.speakerToken(s.elyanie.id), body: { response: 'declined' } });
    await book('Papua Membaca', s.other.id, day(1), [[s.suliwati.id, 'speaker']]);
    await book('Terlalu Jauh', s.station.id, day(6), [[s.elyanie.id, 'speaker']]);
    const cancelled = await book('Batal', s.station.id, day(1), [[s.elyanie.id, 'speaker']]);
    await t.call('PATCH', `/api/dialogues/${cancelled.id}`, { token: t.coordinator, body: { status: 'cancelled', note: 'Batal' } });
    await outbox.run();
    smtp.received.length = 0;

    const now = new Date();
    expect(await queueDigests(t.db, t.config, now)).toBe(3);
    expect(await queueDigests(t.db, t.config, new Date(now.getTime() + 60_000))).toBe(0);
    expect((await outbox.run()).sent).toBe(3);

    const [coord] = to('coord@test.id');
    expect(coord?.parsed.subject).toBe('Belum menjawab: 2 orang untuk dialog tiga hari ke depan');
    const text = coord?.parsed.text ?? '';
    expect(text).toContain('Yth. Koordinator');
    expect(text).toContain('Literasi Digital — RRI Palangka Raya');
    expect(text).toContain('- Rahmat (pembawa acara): rahmat@example.id');
    expect(text).toContain('- Suliwati (narasumber): suli@example.id, +62 811 000');
    expect(text).toContain(`https://siaran.example.id/console/dialogues/${soon.id}`);
    expect(text).toMatch(/Waktu: \w+, \d+ \w+ \d{4}, 09\.00–10\.00 WIB/);
    expect(text).toMatch(/Waktu: \w+, \d+ \w+ \d{4}, 09\.00–10\.00 WIT/);
    // Papua Membaca is sooner, so it comes first; the confirmed, the declined, the cancelled and the far are left out.
    expect(text.indexOf('Papua Membaca')).toBeLessThan(text.indexOf('Literasi Digital'));
    for (const absent of ['Elyanie', 'Terlalu Jauh', 'Batal']) expect(text).not.toContain(absent);
    expect(coord?.parsed.html).toContain('<li>Rahmat (pembawa acara): rahmat@example.id</li>');
    expect(coord?.parsed.attachments).toHaveLength(0);

    const [english] = to('dewi@rri.id');
    expect(english?.parsed.subject).toBe('Not answered yet: 1 person for the dialogues of the next three days');
    expect(english?.parsed.text).toContain('Dear Dewi');
    expect(english?.parsed.text).toContain('- Suliwati (speaker): suli@example.id, +62 811 000');
    expect(english?.parsed.text).not.toContain('Literasi Digital');
    expect(to('admin@test.id')).toHaveLength(1);
    expect(to('gone@rri.id')).toHaveLength(0);

    const listed = (await t.call('GET', '/api/messages?status=sent', { token: t.coordinator })).json.items.filter((m: any) => m.kind === 'digest');
    expect(listed.map((m: any) => m.recipientName).sort()).toEqual(['Admin', 'Dewi', 'Koordinator']);

    // The next day brings the next digest (not to Dewi: her only dialogue has begun by then); once everyone answered, none.
    expect(await queueDigests(t.db, t.config, new Date(now.getTime() + 86_400_000))).toBe(2);
    await t.call('POST', `/api/me/dialogues/${soon.id}/response`, { token: await t.speakerToken(s.host.id), body: { response: 'confirmed' } });
    expect(await queueDigests(t.db, t.config, new Date(now.getTime() + 2 * 86_400_000))).toBe(0);
  });

  it('takes the stations and language of an account through the accounts API, checked', async () => {
    const coord = (await t.call('GET', '/api/users', { token: t.admin })).json.items.find((u: any) => u.email === 'coord@test.id');
    expect(coord).toMatchObject({ language: 'id', stationIds: [] });
    const patch = (body: unknown, lang = '') => t.call('PATCH', `/api/users/${coord.id}${lang}`, { token: t.admin, body });
    const unknown = await patch({ stationIds: [s.station.id, 'nowhere'] });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.details.fields).toEqual([{ path: 'stationIds.1', message: 'Tidak ada stasiun dengan id nowhere.' }]);
    expect((await patch({ stationIds: ['nowhere'] }, '?lang=en')).json.error.details.fields[0].message).toBe('No station with the id nowhere.');
    expect((await patch({ stationIds: [s.station.id, s.station.id] })).json.error.details.fields).toEqual([{ path: 'stationIds', message: 'setiap stasiun paling banyak sekali' }]);
    expect((await patch({ language: 'fr' })).status).toBe(400);
    expect((await t.call('PATCH', `/api/users/${coord.id}`, { token: t.coordinator, body: { language: 'en' } })).status).toBe(403);
    const changed = await patch({ language: 'en', stationIds: [s.station.id] });
    expect(changed.json).toMatchObject({ language: 'en', stationIds: [s.station.id] });
    expect((await patch({ stationIds: [] })).json.stationIds).toEqual([]);
  });

  it('runs on its own schedule, checked at start', () => {
    expect(loadConfig({ SIARAN_MEDIA_DIR: t.dir }).mail.digestSchedule).toBe('0 7 * * *');
    expect(() => loadConfig({ SIARAN_MEDIA_DIR: t.dir, SIARAN_DIGEST_SCHEDULE: 'every morning' })).toThrow(ConfigError);
    expect(() => loadConfig({ SIARAN_MEDIA_DIR: t.dir, SIARAN_DIGEST_SCHEDULE: 'every morning' })).toThrow(/SIARAN_DIGEST_SCHEDULE/);
  });
});
