// What announcing makes public, for every role and status (as test/auth/matrix.test.ts
// does for the routes): announced dialogues only, with confirmed people only, and never a
// contact detail, in the API, the pages (home, station, programme, dialogue) and the feeds.
import ical from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';
import { browser } from '../pages/helpers.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedBasics>>;
const ids: Record<string, string> = {};

const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

type Caller = 'anonymous' | 'outsider' | 'participant' | 'coordinator' | 'admin';
const callers: Caller[] = ['anonymous', 'outsider', 'participant', 'coordinator', 'admin'];
const tokens: Partial<Record<Caller, string>> = {};

// Every status a dialogue can be in, with the announcement on or off where that differs.
// Each has the same three people: Suliwati confirms, Elyanie declines, the host Rahmat
// (the "participant" caller) does not answer. The published one has its own guest, Budi.
const UNANNOUNCED = ['unannounced', 'draft', 'withdrawn', 'cancelledUnannounced', 'pastCancelled', 'aired'];

beforeAll(async () => {
  t = await createTestApp();
  s = await seedBasics(t);
  const people = [
    { speakerId: s.suliwati.id, role: 'speaker' },
    { speakerId: s.elyanie.id, role: 'speaker' },
    { speakerId: s.host.id, role: 'host' },
  ];
  const book = async (name: string, offset: number, status: 'draft' | 'scheduled' = 'scheduled', participants = people) => {
    const d = await t.create('/api/dialogues', {
      title: `Dialog ${name}`, stationId: s.station.id, programId: s.program.id, startsAt: `${day(offset)}T09:00`, endsAt: `${day(offset)}T10:00`, participants, status,
    });
    ids[name] = d.id;
    return d;
  };
  const patch = async (name: string, body: unknown) => {
    const res = await t.call('PATCH', `/api/dialogues/${ids[name]}`, { token: t.coordinator, body });
    expect(res.status, res.text).toBe(200);
  };
  const announce = async (name: string) => expect((await t.call('POST', `/api/dialogues/${ids[name]}/announce`, { token: t.coordinator })).status).toBe(200);
  const answer = async (name: string) => {
    await t.call('POST', `/api/me/dialogues/${ids[name]}/response`, { token: await t.speakerToken(s.suliwati.id), body: { response: 'confirmed' } });
    await t.call('POST', `/api/me/dialogues/${ids[name]}/response`, { token: await t.speakerToken(s.elyanie.id), body: { response: 'declined' } });
  };
  await book('announced', 1);
  await book('unannounced', 2);
  await book('draft', 3, 'draft');
  await book('cancelled', 4);
  await book('withdrawn', 5);
  await book('cancelledUnannounced', 6);
  await book('pastCancelled', -2);
  await book('aired', -3);
  const budi = await t.create('/api/speakers', { name: 'Budi Santoso', email: 'budi@example.id', phone: '0812 999 777' });
  await book('published', -4, 'scheduled', [{ speakerId: s.suliwati.id, role: 'speaker' }, { speakerId: budi.id, role: 'speaker' }]);
  for (const name of Object.keys(ids)) await answer(name);
  for (const name of ['announced', 'cancelled', 'withdrawn', 'pastCancelled', 'aired', 'published']) await announce(name);
  expect((await t.call('POST', `/api/dialogues/${ids.draft}/announce`, { token: t.coordinator })).status).toBe(409);
  await t.call('DELETE', `/api/dialogues/${ids.withdrawn}/announce`, { token: t.coordinator });
  for (const name of ['cancelled', 'cancelledUnannounced', 'pastCancelled']) await patch(name, { status: 'cancelled', note: 'Batal' });
  await patch('aired', { status: 'aired' });
  await patch('published', { status: 'aired' });
  await patch('published', { status: 'published' });
  const stranger = await t.create('/api/speakers', { name: 'Orang Lain', email: 'lain@example.id' });
  tokens.outsider = await t.speakerToken(stranger.id);
  tokens.participant = await t.speakerToken(s.host.id);
  tokens.coordinator = t.coordinator;
  tokens.admin = t.admin;
});
afterAll(() => t.close());

const contacts = ['suli@example.id', 'ely@example.id', 'rahmat@example.id', 'budi@example.id', '+62 811 000', '811000', '0812 999 777', '812999777'];
const noContacts = (text: string, where: string) => contacts.forEach((c) => expect(text, `${where}: ${c}`).not.toContain(c));
const titles = (names: string[]) => names.map((n) => `Dialog ${n}`).sort();
const isPublic = (caller: Caller) => caller === 'anonymous' || caller === 'outsider';

describe.each(callers)('as %s', (caller) => {
  const call = (url: string, accept = 'application/json') => t.call('GET', url, { token: tokens[caller], headers: { accept } });

  it('the API lists announced dialogues (cancelled ones marked) and the archive, with confirmed people only, never a contact detail', async () => {
    const res = await call(`/api/dialogues?station=${s.station.id}&limit=100`);
    expect(res.status).toBe(200);
    const byTitle = Object.fromEntries(res.json.items.map((d: any) => [d.title, d]));
    if (isPublic(caller)) {
      expect(Object.keys(byTitle).sort()).toEqual(titles(['announced', 'cancelled', 'pastCancelled', 'published']));
      expect(byTitle['Dialog announced'].participants.map((p: any) => p.name)).toEqual(['Suliwati']);
      expect(byTitle['Dialog cancelled'].participants.map((p: any) => p.name)).toEqual(['Suliwati']);
      expect(byTitle['Dialog cancelled'].status).toBe('cancelled');
      for (const hidden of UNANNOUNCED.filter((n) => n !== 'pastCancelled')) {
        expect((await call(`/api/dialogues/${ids[hidden]}`)).status, hidden).toBe(404);
      }
      expect((await call(`/api/dialogues/${ids.announced}`)).json.participants.map((p: any) => p.name)).toEqual(['Suliwati']);
      // The people: the confirmed one, without contacts; the others not at all.
      const suli = await call(`/api/speakers/${s.suliwati.id}`);
      expect(suli.status).toBe(200);
      expect(suli.json.email ?? null).toBeNull();
      expect((await call(`/api/speakers/${s.elyanie.id}`)).status).toBe(404);
      expect((await call(`/api/speakers/${s.host.id}`)).status).toBe(404);
    } else {
      // A participant sees their own dialogues whole; coordinators see everything.
      expect(Object.keys(byTitle).sort()).toEqual(titles(Object.keys(ids)));
      expect(byTitle['Dialog announced'].participants).toHaveLength(3);
    }
    if (caller !== 'coordinator' && caller !== 'admin') noContacts(res.text, 'GET /api/dialogues');
  });

  it("the station's calendar holds the announced and published dialogues, confirmed people only, never a contact detail", async () => {
    const res = await call('/calendar/stations/rri-palangka-raya.ics', 'text/calendar');
    expect(res.status).toBe(200);
    noContacts(res.text, 'station calendar');
    const events = Object.values(ical.sync.parseICS(res.text)).filter((c: any) => c.type === 'VEVENT') as any[];
    const summaries = events.map((e) => e.summary as string);
    expect(summaries).toContain('Dialog announced');
    expect(summaries).toContain('Dialog published');
    const announced = events.find((e) => e.summary === 'Dialog announced');
    expect(announced.uid).toBe(`${ids.announced}@siaran`);
    expect(events.find((e) => e.summary === 'Dialog cancelled').status).toBe('CANCELLED');
    if (caller === 'anonymous' || caller === 'outsider') {
      expect(summaries.sort()).toEqual(titles(['announced', 'cancelled', 'published']));
      expect(announced.description).toContain('Suliwati');
      expect(announced.description).not.toContain('Elyanie');
      expect(announced.description).not.toContain('Rahmat');
    }
  });

  it("the home page, the station's page and the programme's page show announced dialogues only, confirmed people only, never a contact detail", async () => {
    for (const url of ['/', '/stations/rri-palangka-raya', `/browse?program=${s.program.slug}`, `/dialog/${ids.announced}`, `/feeds/${s.program.slug}.xml`]) {
      const page = await call(url, 'text/html');
      expect(page.status, url).toBe(200);
      noContacts(page.text, url);
      if (!url.startsWith('/feeds/')) expect(page.text, url).toContain('Dialog announced');
      // They preview what is not public yet (the same marks the public checks look for).
      if (!isPublic(caller)) {
        if (url === '/') expect(page.text).toContain('Dialog unannounced<');
        continue;
      }
      for (const hidden of UNANNOUNCED) expect(page.text, `${url}: ${hidden}`).not.toContain(`Dialog ${hidden}<`);
      expect(page.text, url).not.toContain('Elyanie');
      expect(page.text, url).not.toContain('Rahmat');
    }
    // The published dialogue is in the archive and the podcast, not among what is coming.
    const programme = (await call(`/browse?program=${s.program.slug}`, 'text/html')).text;
    const [ahead, archive] = programme.split('id="results-heading"') as [string, string];
    expect(ahead).toContain('Dialog announced');
    expect(ahead).toContain('Dialog cancelled');
    expect(ahead).not.toContain('Dialog published');
    expect(archive).toContain('Dialog published');
    expect(archive).not.toContain('Dialog announced');
    const feed = (await call(`/feeds/${s.program.slug}.xml`, 'application/rss+xml')).text;
    expect(feed).not.toContain('Dialog announced');
    for (const hidden of UNANNOUNCED) expect(feed).not.toContain(`Dialog ${hidden}<`);
    // A person's page: the confirmed one without contacts; the others are nobody's business.
    const suli = await call(`/speakers/${s.suliwati.id}`, 'text/html');
    expect(suli.status).toBe(200);
    noContacts(suli.text, 'person page');
    expect((await call(`/speakers/${s.elyanie.id}`, 'text/html')).status).toBe(isPublic(caller) ? 404 : 200);
    // Search is the archive's: published dialogues only, whoever asks.
    const found = (await call('/search?q=Dialog', 'text/html')).text;
    expect(found).toContain('Dialog published<');
    noContacts(found, 'search');
    if (isPublic(caller)) for (const hidden of [...UNANNOUNCED, 'announced', 'cancelled']) expect(found, hidden).not.toContain(`Dialog ${hidden}<`);
    if (isPublic(caller)) {
      const station = (await call('/stations/rri-palangka-raya', 'text/html')).text;
      expect(station).toContain('Dialog cancelled');
      expect(station).toContain('Dibatalkan');
      expect(station).toContain('href="/calendar/stations/rri-palangka-raya.ics"');
    }
  });
});

describe('the pages', () => {
  it('answer 404 for a station that does not exist', async () => {
    expect((await browser(t).get('/stations/nowhere')).status).toBe(404);
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
