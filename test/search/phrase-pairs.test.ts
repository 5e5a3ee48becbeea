import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedBasics, type TestApp } from '../helpers/app.ts';
import { type Basics, airedDialogue, upload } from '../transcripts/helpers.ts';

// Phrases are found through their pairs of adjacent terms (src/search/phrase-pairs.ts):
// the answers must be those of comparing positions, on both databases.
const LINES = [
  'Rahmat: Dana desa untuk desa wisata dibahas hari ini.',
  'Suliwati: Dana desa wisata dibagikan setiap tahun.',
  'Elyanie: Nomor antrean 12 3 sudah dipanggil.',
  'Rahmat: Pemandu wisata desa dilatih bulan depan.',
];

let t: TestApp;
let s: Basics;
let lineIds: string[];

beforeAll(async () => {
  t = await createTestApp();
  s = await seedBasics(t);
  const d = await airedDialogue(t, s, 'published', { title: 'Membangun Desa dari Pinggiran' });
  expect((await upload(t, d.id, `${LINES.join('\n\n')}\n`, 'text/plain')).status).toBe(201);
  lineIds = (await t.call('GET', `/api/dialogues/${d.id}/transcript`, { token: t.coordinator })).json.segments.map((x: any) => x.id);
});
afterAll(() => t.close());

/** The lines found, by their place in LINES. */
async function found(q: string, params: Record<string, string> = {}): Promise<number[]> {
  const res = await t.call('GET', `/api/search?${new URLSearchParams({ q, ...params })}`);
  expect(res.status, res.text).toBe(200);
  return res.json.items.filter((h: any) => h.kind === 'segment').map((h: any) => lineIds.indexOf(h.segmentId)).sort();
}

describe('phrases through pairs of adjacent terms', () => {
  it('finds two words adjacent and in order only', async () => {
    expect(await found('"desa wisata"')).toEqual([0, 1]);
    expect(await found('"wisata desa"')).toEqual([3]);
    expect(await found('"dana wisata"')).toEqual([]);
  });

  it('finds a longer phrase only where its words follow each other, not where its pairs are apart', async () => {
    // Line 0 holds "dana desa" and "desa wisata", but not "dana desa wisata".
    expect(await found('"dana desa wisata"')).toEqual([1]);
    expect(await found('"desa untuk desa wisata"')).toEqual([0]);
  });

  it('keeps pairs of different words apart when their letters run together the same', async () => {
    // "12 3" and "1 23" both read "123" once the space goes.
    expect(await found('"12 3"')).toEqual([2]);
    expect(await found('"1 23"')).toEqual([]);
    expect(await found('"123"')).toEqual([]);
  });

  it('finds affixed forms of a phrase, excludes phrases and combines them with filters', async () => {
    expect(await found('"desa-desa wisata"')).toEqual([]);
    expect(await found('"pemanduan wisata"')).toEqual([3]);
    expect(await found('desa -"desa wisata"')).toEqual([3]);
    expect(await found('"desa wisata"', { station: s.station.id })).toEqual([0, 1]);
    expect(await found('"desa wisata"', { station: s.other.id })).toEqual([]);
  });

  it('finds a phrase in a title', async () => {
    const res = await t.call('GET', `/api/search?${new URLSearchParams({ q: '"membangun desa"' })}`);
    expect(res.json.items.map((h: any) => h.kind)).toEqual(['dialogue']);
  });
});
