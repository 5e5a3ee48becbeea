import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';
import { type Basics, airedDialogue, upload } from '../transcripts/helpers.ts';

// Issue 16: a glossary per station (and one for every station), through the API, and
// search meeting acronyms with their expansions and compounds with their parts.
let t: TestApp;
let s: Basics;
let own: any;
let elsewhere: any;

const search = async (q: string) => (await t.call('GET', `/api/search?q=${encodeURIComponent(q)}`)).json.items.map((i: any) => i.snippet);

beforeAll(async () => {
  t = await createTestApp();
  s = await seedBasics(t);
  own = await airedDialogue(t, s, 'published', { title: 'Dialog Interaktif' });
  expect(
    (await upload(t, own.id, 'Rahmat: Dinas Komunikasi dan Informatika hadir hari ini.\n\nSuliwati: Kominfo menyebarluaskan informasi ke desa.\n\nElyanie: Anggota KIM di Kalteng aktif.\n', 'text/plain'))
      .status,
  ).toBe(201);
  const program = await t.create('/api/programs', { stationId: s.other.id, title: 'Suara Papua' });
  elsewhere = await t.create('/api/dialogues', {
    title: 'Dialog Lain', stationId: s.other.id, programId: program.id, startsAt: '2021-11-03T09:00', endsAt: '2021-11-03T10:00',
    participants: [{ speakerId: s.elyanie.id, role: 'speaker' }],
  });
  for (const status of ['aired', 'published']) await t.call('PATCH', `/api/dialogues/${elsewhere.id}`, { token: t.coordinator, body: { status } });
  expect((await upload(t, elsewhere.id, 'Elyanie: Fakultas Komunikasi dan Informatika membuka pendaftaran.\n\nElyanie: Kelompok Informasi Masyarakat berkumpul.\n', 'text/plain')).status).toBe(201);
});

afterAll(() => t.close());

describe('the glossary API', () => {
  it('lists, adds and deletes a station’s terms, for coordinators only', async () => {
    const url = `/api/stations/${s.station.id}/glossary`;
    expect((await t.call('GET', url)).status).toBe(401);
    expect((await t.call('POST', url, { body: { term: 'X' } })).status).toBe(401);
    const added = await t.call('POST', url, { token: t.coordinator, body: { term: 'Kominfo', expansion: 'Komunikasi dan Informatika' } });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ stationId: s.station.id, term: 'Kominfo', expansion: 'Komunikasi dan Informatika' });
    expect((await t.call('POST', url, { token: t.coordinator, body: { term: 'kominfo' } })).status).toBe(409);
    const empty = await t.call('POST', url, { token: t.coordinator, body: { term: '  ' } });
    expect(empty.status).toBe(400);
    expect(empty.json.error.code).toBeTruthy();
    const temp = await t.call('POST', url, { token: t.coordinator, body: { term: 'Kalteng', expansion: null } });
    expect(temp.status).toBe(201);
    expect((await t.call('GET', url, { token: t.coordinator })).json.items.map((i: any) => i.term)).toEqual(['Kalteng', 'Kominfo']);
    expect((await t.call('DELETE', `${url}/${temp.json.id}`, { token: t.coordinator })).status).toBe(204);
    expect((await t.call('DELETE', `${url}/${temp.json.id}`, { token: t.coordinator })).status).toBe(404);
    // A term of one station cannot be deleted through another.
    expect((await t.call('DELETE', `/api/stations/${s.other.id}/glossary/${added.json.id}`, { token: t.coordinator })).status).toBe(404);
    expect((await t.call('GET', '/api/stations/nope/glossary', { token: t.coordinator })).status).toBe(404);
    const shared = await t.call('POST', '/api/glossary', { token: t.coordinator, body: { term: 'KIM', expansion: 'Kelompok Informasi Masyarakat' } });
    expect(shared.status).toBe(201);
    expect(shared.json.stationId).toBeNull();
    expect((await t.call('GET', '/api/glossary', { token: t.coordinator })).json.items).toHaveLength(1);
  });
});

describe('search with the glossary and compounds', () => {
  it('finds the expansion from the acronym and back, within the station whose glossary says so', async () => {
    expect(await search('kominfo')).toEqual([
      '<mark>Kominfo</mark> menyebarluaskan informasi ke desa.',
      'Dinas <mark>Komunikasi</mark> <mark>dan</mark> <mark>Informatika</mark> hadir hari ini.',
    ]);
    const back = await search('komunikasi dan informatika');
    expect(back).toContain('<mark>Kominfo</mark> menyebarluaskan informasi ke desa.');
    expect(back).toContain('Fakultas <mark>Komunikasi</mark> <mark>dan</mark> <mark>Informatika</mark> membuka pendaftaran.');
  });

  it('uses a term of every station everywhere', async () => {
    const kim = await search('kim');
    expect(kim).toContain('Anggota <mark>KIM</mark> di Kalteng aktif.');
    expect(kim).toContain('<mark>Kelompok</mark> <mark>Informasi</mark> <mark>Masyarakat</mark> berkumpul.');
  });

  it('finds a compound from either of its parts', async () => {
    expect(await search('sebar')).toEqual(['Kominfo <mark>menyebarluaskan</mark> informasi ke desa.']);
    expect(await search('luas')).toEqual(['Kominfo <mark>menyebarluaskan</mark> informasi ke desa.']);
  });
});
