// Issue 13, "Filters that silently match nothing": slugs work wherever the public uses
// them, and a reference to nothing is a 400 naming the filter.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { booking, createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof seedBasics>>;
beforeEach(async () => {
  t = await createTestApp();
  s = await seedBasics(t);
  const d = await t.create('/api/dialogues', { ...booking(s.station.id, '2021-09-08T09:00', '2021-09-08T10:00'), programId: s.program.id });
  await t.call('PATCH', `/api/dialogues/${d.id}`, { token: t.coordinator, body: { status: 'aired' } });
  await t.call('PATCH', `/api/dialogues/${d.id}`, { token: t.coordinator, body: { status: 'published' } });
});
afterEach(() => t.close());

describe('filters by reference', () => {
  it('takes a station or programme slug as well as its id', async () => {
    for (const query of [`station=${s.station.slug}`, `station=${s.station.id}`, `program=${s.program.slug}`, `program=${s.program.id}`]) {
      const res = await t.call('GET', `/api/dialogues?${query}`);
      expect(res.status, query).toBe(200);
      expect(res.json.items, query).toHaveLength(1);
    }
    expect((await t.call('GET', `/api/dialogues?station=${s.other.slug}`)).json.items).toEqual([]);
  });

  it('answers 400 naming the filter for a station, programme, person or topic that does not exist', async () => {
    for (const [name, value] of [['station', 'nope'], ['program', 'nope'], ['speaker', 'nope'], ['topic', 'nope']]) {
      const res = await t.call('GET', `/api/dialogues?${name}=${value}`);
      expect(res.status, name).toBe(400);
      expect(res.json.error.details.fields[0].path, name).toBe(name);
    }
  });

  it('does the same in search', async () => {
    expect((await t.call('GET', `/api/search?q=dialog&station=${s.station.slug}`)).status).toBe(200);
    const res = await t.call('GET', '/api/search?q=dialog&station=nope');
    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe('Tidak ada stasiun dengan id atau slug nope.');
  });
});

describe('fields the console edits', () => {
  it("keeps a station's studio address and dial-in, and a person's photo and language", async () => {
    const station = await t.call('PATCH', `/api/stations/${s.station.id}`, { token: t.coordinator, body: { studioAddress: 'Jl. M. Husni Thamrin 1, Palangka Raya', dialIn: '+62 536 322 1234' } });
    expect(station.json).toMatchObject({ studioAddress: 'Jl. M. Husni Thamrin 1, Palangka Raya', dialIn: '+62 536 322 1234' });
    const person = await t.call('PATCH', `/api/speakers/${s.elyanie.id}`, { token: t.coordinator, body: { photoUrl: 'https://example.id/elyanie.jpg', language: 'en' } });
    expect(person.json).toMatchObject({ photoUrl: 'https://example.id/elyanie.jpg', language: 'en' });
    expect((await t.call('PATCH', `/api/speakers/${s.elyanie.id}`, { token: t.coordinator, body: { photoUrl: 'javascript:alert(1)' } })).status).toBe(400);
  });
});
