import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { TRANSCRIPT_VTT, browser, csrfOf, seedArchive } from './helpers.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedArchive>>;
beforeAll(async () => {
  t = await createTestApp();
  s = await seedArchive(t);
});
afterAll(() => t.close());

const coordinator = () => browser(t, { session: t.coordinator });

const bookingForm = (csrf: string, extra: Record<string, string | string[]> = {}) => ({
  _csrf: csrf,
  title: 'Literasi Digital untuk KIM',
  description: '',
  stationId: s.station.id,
  programId: s.program.id,
  startsAt: '2031-09-10T09:30',
  endsAt: '2031-09-10T10:30',
  person: [s.elyanie.id, s.suliwati.id, ''],
  role: ['speaker', 'host', 'speaker'],
  topics: ['kim'],
  status: 'scheduled',
  ...extra,
});

describe('signing in', () => {
  it('sends a browser without a session to the sign-in form, and signs in with it', async () => {
    const anonymous = browser(t);
    const redirect = await anonymous.get('/console/dialogues/new');
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get('location')).toBe('/console/login?next=%2Fconsole%2Fdialogues%2Fnew');

    const wrong = await anonymous.post('/console/login', { email: 'coord@test.id', password: 'nope', next: '/console' });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('Email atau kata sandi salah');

    const ok = await anonymous.post('/console/login', { email: 'coord@test.id', password: 'coord-password', next: '/console/dialogues/new' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/console/dialogues/new');
    const cookie = ok.headers.get('set-cookie') as string;
    expect(cookie).toMatch(/siaran_session=[\w-]+;.*HttpOnly/i);

    const session = /siaran_session=([\w-]+)/.exec(cookie)?.[1] as string;
    const form = await browser(t, { session }).get('/console/dialogues/new');
    expect(form.status).toBe(200);
    expect(form.html).toContain('<label for="title">Tema</label>');

    // Sign-in never sends the browser off to another site.
    const away = await anonymous.post('/console/login', { email: 'coord@test.id', password: 'coord-password', next: 'https://evil.example/' });
    expect(away.headers.get('location')).toBe('/console');
  });

  it('refuses a sign-in form posted from another site', async () => {
    const res = await browser(t).post('/console/login', { email: 'coord@test.id', password: 'coord-password' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('keeps speakers and the public out of the console', async () => {
    const token = await t.speakerToken(s.host.id);
    const res = await browser(t, { session: token }).get('/console');
    expect(res.status).toBe(303);
  });
});

describe('booking with the form', () => {
  it('explains a conflict in words in the form, keeps what was typed, and books nothing', async () => {
    const form = await coordinator().get(`/console/dialogues/new?station=${s.station.id}&date=2031-09-10`);
    expect(form.html).toContain('value="2031-09-10T09:00"');
    const res = await coordinator().post('/console/dialogues', bookingForm(csrfOf(form.html)));
    expect(res.status).toBe(409);
    expect(res.html).toContain('Slot ini bentrok');
    expect(res.html).toContain(`Stasiun sudah memakai slot ini untuk «${s.upcoming.title}» (Rabu, 10 September 2031, 09.00–10.00 WIB, RRI Palangka Raya).`);
    expect(res.html).toContain(`Suliwati sudah dijadwalkan di «${s.upcoming.title}»`);
    expect(res.html).toContain(`href="/console/dialogues/${s.upcoming.id}"`);
    expect(res.html).toContain('value="Literasi Digital untuk KIM"');
    const list = await t.call('GET', '/api/dialogues?from=2031-09-01T00:00&to=2031-09-30T00:00', { token: t.coordinator });
    expect(list.json.items.map((d: any) => d.title)).not.toContain('Literasi Digital untuk KIM');
  });

  it('opens this week at the bare /console, the same week as "Minggu ini"', async () => {
    const bare = await coordinator().get('/console');
    const thisWeek = await coordinator().get(`/console?station=${s.station.id}`);
    const monday = /name="week" value="(\d{4}-\d\d-\d\d)"/;
    expect(monday.exec(bare.html)?.[1]).toBe(monday.exec(thisWeek.html)?.[1]);
    const today = new Date();
    const shown = new Date(`${monday.exec(bare.html)?.[1]}T12:00:00Z`);
    expect(Math.abs(today.getTime() - shown.getTime())).toBeLessThan(8 * 86_400_000);
  });

  it('books at a free slot and shows the booking in the week of its station', async () => {
    const form = await coordinator().get('/console/dialogues/new');
    const res = await coordinator().post('/console/dialogues', bookingForm(csrfOf(form.html), { startsAt: '2031-09-10T13:00', endsAt: '2031-09-10T14:00' }));
    expect(res.status).toBe(303);
    const id = /\/console\/dialogues\/([\w-]+)\?done=saved/.exec(res.headers.get('location') as string)?.[1] as string;
    const booked = await t.call('GET', `/api/dialogues/${id}`, { token: t.coordinator });
    expect(booked.json).toMatchObject({ startsAt: '2031-09-10T06:00:00.000Z', topics: ['kim'], status: 'scheduled' });
    expect(booked.json.participants.map((p: any) => [p.name, p.role]).sort()).toEqual([['Elyanie', 'speaker'], ['Suliwati', 'host']]);

    const week = await coordinator().get(`/console?station=${s.station.id}&week=2031-09-11`);
    expect(week.html).toContain('value="2031-09-08"');
    expect(week.html).toContain('<span class="when">13.00–14.00</span> <span class="what">Literasi Digital untuk KIM</span>');
    expect(week.html).toContain(`<span class="when">09.00–10.00</span> <span class="what">${s.upcoming.title}</span>`);
    // The heading says which dates the week holds.
    expect(week.html).toMatch(/<h1>Minggu Sen, 8 Sep–Min, 14 Sep 2031 · /);
  });

  it('books a weekly series from the form', async () => {
    const form = await coordinator().get('/console/dialogues/new');
    const res = await coordinator().post(
      '/console/dialogues',
      bookingForm(csrfOf(form.html), { title: 'Seri Mingguan', startsAt: '2032-01-07T09:00', endsAt: '2032-01-07T10:00', repeat: 'weekly', count: '3' }),
    );
    expect(res.status).toBe(303);
    const list = await t.call('GET', '/api/dialogues?from=2032-01-01T00:00&to=2032-02-01T00:00', { token: t.coordinator });
    expect(list.json.items.filter((d: any) => d.title === 'Seri Mingguan')).toHaveLength(3);
  });

  it('lists invalid fields instead of failing', async () => {
    const form = await coordinator().get('/console/dialogues/new');
    const res = await coordinator().post('/console/dialogues', bookingForm(csrfOf(form.html), { title: '', startsAt: 'kemarin', endsAt: '2031-13-45T99:00' }));
    expect(res.status).toBe(400);
    expect(res.html).toContain('Periksa isian berikut');
    expect(res.html).toContain('title');
    expect(res.html).toContain('startsAt');
  });

  it('refuses a booking form from another site or without its token', async () => {
    const form = await coordinator().get('/console/dialogues/new');
    const foreign = await coordinator().post('/console/dialogues', bookingForm(csrfOf(form.html), { title: 'Palsu', startsAt: '2033-01-01T09:00', endsAt: '2033-01-01T10:00' }), {
      origin: 'https://evil.example',
    });
    expect(foreign.status).toBe(403);
    const tokenless = await coordinator().post('/console/dialogues', bookingForm('', { title: 'Palsu', startsAt: '2033-01-01T09:00', endsAt: '2033-01-01T10:00' }));
    expect(tokenless.status).toBe(403);
    const list = await t.call('GET', '/api/dialogues?from=2033-01-01T00:00', { token: t.coordinator });
    expect(list.json.items).toHaveLength(0);
  });
});

describe("a dialogue's page in the console", () => {
  it('reschedules, publishes and cancels with its forms and keeps the history', async () => {
    const d = await t.create('/api/dialogues', { title: 'Untuk Dipindah', stationId: s.other.id, startsAt: '2031-05-01T09:00', endsAt: '2031-05-01T10:00' });
    const page = await coordinator().get(`/console/dialogues/${d.id}`);
    expect(page.html).toContain('value="2031-05-01T09:00"');
    const csrf = csrfOf(page.html);
    const moved = await coordinator().post(`/console/dialogues/${d.id}`, { _csrf: csrf, title: 'Untuk Dipindah', startsAt: '2031-05-02T09:00', endsAt: '2031-05-02T10:00' });
    expect(moved.status).toBe(303);
    const cancelled = await coordinator().post(`/console/dialogues/${d.id}/status`, { _csrf: csrf, status: 'cancelled', note: 'narasumber berhalangan' });
    expect(cancelled.status).toBe(303);
    const after = await coordinator().get(`/console/dialogues/${d.id}?done=saved`);
    expect(after.html).toContain('Tersimpan.');
    expect(after.html).toContain('Dibatalkan');
    expect(after.html).toContain('narasumber berhalangan');
    expect(after.html).toContain('Dijadwal ulang');
    // The history in words and station time: no raw values, ids or instants (issue 13).
    const history = after.html.slice(after.html.indexOf('id="history-heading"')).replace(/<[^>]+>/g, ' ');
    expect(history).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    expect(history).not.toMatch(/\b(created|scheduled|rescheduled|system:capture|audio attached)\b/);
    expect(history).toMatch(/Dibuat\s+Terjadwal, \w+, \d+ \w+ \d{4}, \d\d\.\d\d–\d\d\.\d\d WIT/);

    const illegal = await coordinator().post(`/console/dialogues/${d.id}/status`, { _csrf: csrf, status: 'published' });
    expect(illegal.status).toBe(409);
    expect(illegal.html).toContain('Dialog yang dibatalkan tidak dapat menjadi diterbitkan.');
  });

  it('uploads a transcript file and reports what it stored', async () => {
    const page = await coordinator().get(`/console/dialogues/${s.published.id}`);
    const body = new FormData();
    body.append('_csrf', csrfOf(page.html));
    body.append('file', new File([TRANSCRIPT_VTT], 'dialog.vtt', { type: 'application/octet-stream' }));
    const res = await t.app.request(`/console/dialogues/${s.published.id}/transcript`, {
      method: 'POST',
      headers: { cookie: `siaran_session=${t.coordinator}`, origin: 'http://localhost' },
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/Transkrip tersimpan sebagai versi \d+\./);

    const junk = new FormData();
    junk.append('_csrf', csrfOf(page.html));
    junk.append('file', new File(['WEBVTT\n\nbukan waktu --> juga bukan\nteks'], 'rusak.vtt', { type: 'text/vtt' }));
    const bad = await t.app.request(`/console/dialogues/${s.published.id}/transcript`, {
      method: 'POST',
      headers: { cookie: `siaran_session=${t.coordinator}`, origin: 'http://localhost' },
      body: junk,
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('role="alert"');
  });

  it('makes a personal link for a participant', async () => {
    const page = await coordinator().get(`/console/speakers/${s.host.id}/link?dialogue=${s.published.id}`);
    const res = await coordinator().post(`/console/speakers/${s.host.id}/link`, { _csrf: csrfOf(page.html), dialogueId: s.published.id, confirm: 'yes' });
    expect(res.status).toBe(303);
    const shown = await coordinator().get(res.headers.get('location') as string);
    const url = /id="current-link" readonly="" value="([^"]+)"/.exec(shown.html)?.[1] as string;
    const portal = await browser(t).get(new URL(url).pathname);
    expect(portal.html).toContain('<h1>Rahmat</h1>');
  });
});

describe('reviewing corrections', () => {
  it('accepts a correction, after which the public search finds the corrected words', async () => {
    const token = await t.speakerToken(s.elyanie.id);
    const transcript = await t.call('GET', `/api/dialogues/${s.published.id}/transcript`);
    const line = transcript.json.segments.find((x: any) => x.text.startsWith('Kami juga melawan'));
    const proposed = await t.call('POST', '/api/me/corrections', { token, body: { segmentId: line.id, text: 'Kami juga melawan hoaks tentang vaksinasi bersama warga Kalimantan.' } });
    expect(proposed.status).toBe(201);

    const list = await coordinator().get('/console/corrections');
    expect(list.html).toContain('Kami juga melawan hoaks tentang vaksinasi bersama warga Kalimantan.');
    expect(list.html).toContain('Elyanie');
    const accepted = await coordinator().post(`/console/corrections/${proposed.json.id}/accept`, { _csrf: csrfOf(list.html) });
    expect(accepted.status).toBe(303);
    expect((await coordinator().get(accepted.headers.get('location') as string)).html).toContain('Koreksi diterima');

    const again = await coordinator().post(`/console/corrections/${proposed.json.id}/accept`, { _csrf: csrfOf(list.html) });
    expect(again.status).toBe(409);

    const found = await browser(t).get('/search?q=vaksinasi');
    expect(found.html).toContain(`href="/dialog/${s.published.id}#t=75"`);
  });
});
