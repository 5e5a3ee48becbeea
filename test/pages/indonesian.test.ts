// Issue 13: no English and no raw instants where people read Indonesian. A dialogue goes
// through a realistic life (booked, moved, people changed, captured, published, unpublished,
// an airing undone, a transcript, corrections accepted and rejected), then every console page,
// the speaker's portal, form errors for each kind of field and the API's errors are read in
// the default language, and what is English (by our own English texts, less the words our
// Indonesian uses too: test/helpers/english.ts) or an ISO instant is counted. Zero is the bar.
import { DateTime } from 'luxon';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LEASE_LOST } from '../../src/jobs/capture.job.ts';
import { INTERRUPTED_BY_KILL } from '../../src/jobs/runs.repository.ts';
import { createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';
import { englishVocabulary, type Leak, leaksIn, visibleText } from '../helpers/english.ts';
import { attachAudio, browser, csrfOf } from './helpers.ts';

let t: TestApp;
afterAll(() => t?.close());

const VTT = `WEBVTT

00:00:00.500 --> 00:00:03.000
<v Rahmat>Selamat pagi, pendengar RRI Palangka Raya.

00:00:03.000 --> 00:00:06.000
<v Suliwati>KIM membantu menyebarluaskan informasi kepada masyarakat desa.

00:00:06.000 --> 00:00:09.000
<v Elyanie>Kami juga melawan hoaks bersama warga.
`;

type Read = { where: string; text: string };
const reads: Read[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const s = await seedBasics(t);
  const coordinator = browser(t, { session: t.coordinator });
  const api = async (method: string, url: string, body?: unknown, token = t.coordinator) => {
    const res = await t.call(method, url, { token, body });
    if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${res.text}`);
    return res.json;
  };
  const zone = 'Asia/Jakarta';
  const day = DateTime.now().setZone(zone).minus({ days: 2 }).toFormat('yyyy-MM-dd');

  // A dialogue's life, through every kind of history entry.
  const d = await api('POST', '/api/dialogues', {
    title: 'Peran KIM Daerah',
    stationId: s.station.id,
    programId: s.program.id,
    startsAt: `${day}T08:00`,
    endsAt: `${day}T09:00`,
    participants: [{ speakerId: s.suliwati.id, role: 'speaker' }],
    topics: ['kim'],
  });
  await api('PATCH', `/api/dialogues/${d.id}`, { startsAt: `${day}T09:00`, endsAt: `${day}T10:00`, title: 'Peran KIM Daerah Sebagai Mitra' });
  await api('PATCH', `/api/dialogues/${d.id}`, {
    participants: [
      { speakerId: s.suliwati.id, role: 'speaker' },
      { speakerId: s.elyanie.id, role: 'speaker' },
      { speakerId: s.host.id, role: 'host' },
    ],
  });
  await api('PATCH', `/api/dialogues/${d.id}`, { status: 'scheduled' });
  await attachAudio(t, d.id, 10);
  await api('PATCH', `/api/dialogues/${d.id}`, { status: 'published' });
  await api('PATCH', `/api/dialogues/${d.id}`, { status: 'aired' });
  await api('PATCH', `/api/dialogues/${d.id}`, { status: 'scheduled', note: 'rekaman salah dialog' });
  await api('PATCH', `/api/dialogues/${d.id}`, { status: 'aired' });
  const imported = await t.call('PUT', `/api/dialogues/${d.id}/transcript`, { token: t.coordinator, rawBody: VTT, headers: { 'content-type': 'text/vtt' } });
  expect(imported.status).toBe(201);
  const segments = (await api('GET', `/api/dialogues/${d.id}/transcript`)).segments;
  const speaker = await t.speakerToken(s.suliwati.id);
  const propose = (segment: number, text: string) => api('POST', '/api/me/corrections', { segmentId: segments[segment].id, text, note: 'salah dengar' }, speaker);
  const accepted = await propose(1, 'KIM membantu menyebarluaskan informasi ke masyarakat desa.');
  const rejected = await propose(2, 'Kami melawan hoaks.');
  await propose(0, 'Selamat pagi, pendengar setia RRI Palangka Raya.');
  await api('POST', `/api/corrections/${accepted.id}/accept`);
  await api('POST', `/api/corrections/${rejected.id}/reject`, { reason: 'Baris ini diucapkan Elyanie, bukan Anda.' });

  // An upcoming dialogue, announced and withdrawn, with invitations in the outbox.
  const next = DateTime.now().setZone(zone).plus({ days: 3 }).toFormat('yyyy-MM-dd');
  const upcoming = await api('POST', '/api/dialogues', {
    title: 'Literasi Digital',
    stationId: s.station.id,
    startsAt: `${next}T09:00`,
    endsAt: `${next}T10:00`,
    status: 'scheduled',
    participants: [{ speakerId: s.suliwati.id, role: 'speaker' }, { speakerId: s.host.id, role: 'host' }],
  });
  await api('POST', `/api/me/dialogues/${upcoming.id}/response`, { response: 'confirmed' }, speaker);
  await api('POST', `/api/dialogues/${upcoming.id}/announce`);
  await api('DELETE', `/api/dialogues/${upcoming.id}/announce`);

  // Job runs whose reasons the dialogue page shows: a capture that found no recording, one of
  // a dialogue not yet over, and runs that a kill and a lost lease interrupted.
  const unrecorded = await api('POST', '/api/dialogues', { title: 'Tanpa Rekaman', stationId: s.station.id, startsAt: `${day}T13:00`, endsAt: `${day}T14:00`, status: 'scheduled' });
  await api('POST', `/api/dialogues/${unrecorded.id}/capture`);
  await api('POST', `/api/dialogues/${upcoming.id}/capture`);
  await t.jobs.idle();
  const interrupted = (reason: string) => ({ job: 'capture', dialogue_id: unrecorded.id, trigger: 'schedule' as const, started_at: new Date().toISOString(), finished_at: new Date().toISOString(), outcome: 'failed' as const, reason, attempt: 1 });
  await t.db.insertInto('job_runs').values([interrupted(`${INTERRUPTED_BY_KILL}; taken up again as run 7`), interrupted(LEASE_LOST)]).execute();

  const page = async (url: string) => {
    const res = await coordinator.get(url);
    reads.push({ where: `GET ${url} (${res.status})`, text: visibleText(res.html) });
    return res.html;
  };
  const monday = DateTime.fromISO(day).startOf('week').toISODate();
  await page('/console');
  await page(`/console?station=${s.station.id}&week=${monday}`);
  const dialoguePage = await page(`/console/dialogues/${d.id}`);
  await page(`/console/dialogues/${upcoming.id}`);
  await page(`/console/dialogues/${unrecorded.id}`);
  await page('/console/dialogues/new');
  await page('/console/corrections');
  await page('/console/messages');
  await page('/console/glossary');
  await page(`/console/speakers/${s.suliwati.id}/link`);
  await page(`/console/dialogues/${d.id}/transcript/edit`);
  await page('/console/dialogues/tidak-ada');
  const portal = browser(t);
  for (const url of [`/s/${speaker}`, `/s/${speaker}/dialog/${d.id}`]) {
    const res = await portal.get(url);
    reads.push({ where: `GET /s/… (${res.status})`, text: visibleText(res.html) });
  }

  // Form errors, for each kind of field the console's forms have.
  const csrf = csrfOf(dialoguePage);
  const post = async (url: string, form: Record<string, string | string[]>) => {
    const res = await coordinator.post(url, { _csrf: csrf, ...form });
    reads.push({ where: `POST ${url} (${res.status})`, text: visibleText(res.html) });
  };
  await post('/console/dialogues', {
    title: 'x'.repeat(400),
    description: 'y'.repeat(5000),
    stationId: 'tidak-ada',
    programId: 'tidak-ada',
    startsAt: 'kemarin',
    endsAt: '2031-13-45T99:00',
    person: ['tidak-ada', s.suliwati.id],
    role: ['bos', 'speaker'],
    topics: ['tidak-ada'],
    status: 'aneh',
  });
  await post('/console/dialogues', { title: '', stationId: s.station.id, startsAt: `${next}T11:00`, endsAt: `${next}T12:00`, repeat: 'on', count: 'banyak' });
  await post('/console/dialogues', { title: 'Bentrok', stationId: s.station.id, startsAt: `${next}T09:30`, endsAt: `${next}T10:30`, person: [s.suliwati.id], role: ['speaker'] });
  await post(`/console/dialogues/${d.id}`, { title: 'Peran KIM', startsAt: `${day}T10:00`, endsAt: `${day}T09:00` });
  await post(`/console/dialogues/${d.id}/status`, { status: 'cancelled' });
  await post(`/console/dialogues/${upcoming.id}/status`, { status: 'aired' });

  // Errors of the API, in its default language: validation of every kind, references to
  // nothing, refusals of the life cycle, of files and of edits.
  const error = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}, rawBody?: string) => {
    const res = await t.call(method, url, { token: t.coordinator, body, rawBody, headers });
    expect(res.status, `${method} ${url}`).toBeGreaterThanOrEqual(400);
    const fields = (res.json?.error?.details?.fields ?? []).map((f: { path: string; message: string }) => f.message);
    // What an API client must write back ("speaker", "2021-09-08T09:00") is quoted: it is the
    // API's own vocabulary, not prose to translate.
    const said = [res.json?.error?.message, ...fields].join(' | ');
    reads.push({ where: `${method} ${url} (${res.status})`, text: said.replace(/"[^"]*"/g, '""') });
  };
  await error('GET', '/api/dialogues?limit=banyak');
  await error('GET', '/api/dialogues?station=tidak-ada');
  await error('GET', '/api/jobs?job=capture&kind=transcribe');
  await error('POST', '/api/dialogues', { title: 5, stationId: s.station.id, startsAt: 'kemarin', endsAt: `${next}T12:00`, status: 'aneh', participants: [{ speakerId: s.host.id, role: 'bos' }], extra: 1 });
  await error('POST', '/api/dialogues', { title: 'Tahun 1900', stationId: s.station.id, startsAt: '1900-01-01T09:00', endsAt: '1900-01-01T10:00' });
  await error('POST', '/api/stations', { name: '', slug: 'Bukan Slug', timezone: 'Mars/Pangkalan' });
  await error('POST', '/api/speakers', { name: 'Tanpa Surel', email: 'bukan-surel', phone: 'telepon' });
  await error('GET', '/api/dialogues/tidak-ada');
  await error('PATCH', `/api/dialogues/${upcoming.id}`, { status: 'published' });
  await error('PATCH', `/api/dialogues/${d.id}`, { status: 'scheduled' });
  await error('PUT', `/api/dialogues/${upcoming.id}/transcript`, undefined, { 'content-type': 'text/vtt' }, VTT);
  await error('PUT', `/api/dialogues/${d.id}/transcript`, undefined, { 'content-type': 'text/vtt' }, 'WEBVTT\n\n00:01.000 -> 00:02.000\nHalo\n');
  await error('PUT', `/api/dialogues/${d.id}/transcript`, undefined, { 'content-type': 'text/vtt' }, VTT.replace('00:00:09.000', '00:01:09.000'));
  await error('PUT', `/api/dialogues/${d.id}/transcript`, undefined, { 'content-type': 'application/pdf' }, '%PDF');
  await error('POST', `/api/dialogues/${d.id}/transcript/edits`, { baseVersion: 1, operations: [{ op: 'text', segmentId: segments[0].id, text: 'x' }] });
  const latest = (await api('GET', `/api/dialogues/${d.id}/transcript`)).version.version;
  await error('POST', `/api/dialogues/${d.id}/transcript/edits`, { baseVersion: latest, operations: [{ op: 'replace', find: 'gajah', replace: 'kancil' }] });
  await error('POST', `/api/dialogues/${d.id}/transcript/edits`, { baseVersion: latest, operations: [{ op: 'speaker', fromSegmentId: segments[0].id, toSegmentId: segments[0].id, speakerId: 'tidak-ada' }] });
  await error('GET', `/api/dialogues/${d.id}/transcript?version=99`);
  await error('POST', `/api/corrections/${rejected.id}/accept`);
  await error('GET', `/api/speakers/${s.elyanie.id}/link`);
  await error('POST', `/api/stations/${s.station.id}/glossary`, { term: '' });
  const messages = (await api('GET', `/api/messages?dialogue=${upcoming.id}`)).items;
  await api('POST', `/api/messages/${messages[0].id}/cancel`);
  await error('POST', `/api/messages/${messages[0].id}/cancel`);
  await error('POST', `/api/dialogues/${d.id}/announce`);
}, 240_000);

it('shows no English and no raw instants in Indonesian pages, forms and errors', () => {
  const english = englishVocabulary();
  // The vocabulary is our English: it knows the words the issue found.
  for (const word of ['aired', 'expected', 'received', 'attached', 'scheduled']) expect(english.has(word), word).toBe(true);
  expect(reads.length).toBeGreaterThan(40);
  // … and they say the right thing: "abc" for a number is not a missing field, the speaker
  // reads why a correction was turned down, the history names announcing.
  const read = (where: RegExp) => reads.filter((r) => where.test(r.where)).map((r) => r.text).join(' ');
  expect(read(/limit=banyak/)).toContain('harus berupa angka');
  expect(read(/^GET \/s\//)).toContain('Baris ini diucapkan Elyanie, bukan Anda.');
  expect(read(/^GET \/console\/dialogues\/[0-9a-f-]{36} /)).toMatch(/Diumumkan[\s\S]*Pengumuman ditarik/);
  // Why job runs ended, in words and local times: "… untuk Sabtu, 5 Desember 2026, 12.59–14.01 WIB".
  const runs = read(/^GET \/console\/dialogues\/[0-9a-f-]{36} /);
  expect(runs).toMatch(/tidak ada rekaman untuk \S+, \d+ \S+ \d{4}, 12\.59–14\.01 WIB/);
  expect(runs).toMatch(/belum usai: rentangnya berakhir \S+, \d+ \S+ \d{4} pukul 10\.01 WIB/);
  expect(runs).toContain('terputus: prosesnya berhenti sebelum pekerjaannya selesai; diulang sebagai pekerjaan #7');
  expect(runs).toContain('terputus: masa pegangnya habis selama render, dan worker lain mengambil alih');
  const leaks: Leak[] = reads.flatMap((r) => leaksIn(r.where, r.text, english));
  if (leaks.length > 0) console.log(leaks.map((l) => `${l.where}: ${l.kind} "${l.found}" in …${l.context}…`).join('\n'));
  expect(leaks).toEqual([]);
});
