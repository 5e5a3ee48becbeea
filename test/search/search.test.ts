import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WINDOW } from '../../src/search/search.service.ts';
import { createTestApp, onPostgres, seedBasics, type TestApp } from '../helpers/app.ts';
import { type Basics, airedDialogue, upload } from '../transcripts/helpers.ts';

// A small archive written for these tests. Dialogue A (published) speaks of KIM and
// spreading information in several affixed forms; B (published, another station and
// topic) of hoaxes and covid-19; C (aired, not published) is Suliwati's alone.
const A = [
  'WEBVTT', '',
  '00:00.000 --> 00:10.000', '<v Rahmat>Selamat pagi pendengar, hari ini kita membahas peran KIM.', '',
  '00:10.000 --> 00:20.000', '<v Suliwati>KIM bertugas menyebarluaskan informasi pembangunan kepada masyarakat desa.', '',
  '12:34.100 --> 12:41.500', '<v Elyanie>Penyebarluasan informasi yang benar adalah cara terbaik melawan hoaks.', '',
  '13:00.000 --> 13:10.000', '<v Suliwati>Informasi itu disebarluaskan melalui radio, papan pengumuman dan media sosial.', '',
  '14:00.000 --> 14:10.000', '<v Elyanie>Kami melakukan pembinaan KIM setiap bulan dan membina pengurusnya.', '',
  '15:00.000 --> 15:10.000', '<v Rahmat>Pemerintah daerah mendukung diseminasi informasi sampai ke pelosok.', '',
].join('\n');
const B = [
  'Elyanie: Hoaks tentang covid-19 menyebar cepat di media sosial.',
  'Elyanie: Vaksinasi covid-19 aman dan gratis untuk seluruh masyarakat.',
  'Elyanie: Jangan sebarkan pesan yang belum jelas sumbernya, apalagi <b>pesan berantai</b> & hoaks.',
].join('\n\n');
const C = 'Suliwati: Rencana penyebarluasan informasi tahun depan masih dibahas.\n';

let t: TestApp;
let s: Basics;
let a: any;
let b: any;
let c: any;
let other: any;
let line: (dialogue: any, index: number) => Promise<string>;
let tokens: { suliwati: string; elyanie: string };

beforeAll(async () => {
  t = await createTestApp();
  s = await seedBasics(t);
  a = await airedDialogue(t, s, 'published');
  other = await t.create('/api/programs', { stationId: s.other.id, title: 'Suara Papua' });
  b = await t.create('/api/dialogues', {
    title: 'Tangkal Hoaks Bersama', stationId: s.other.id, programId: other.id, startsAt: '2021-11-03T09:00', endsAt: '2021-11-03T10:00',
    participants: [{ speakerId: s.elyanie.id, role: 'speaker' }], topics: ['hoaks'],
  });
  for (const status of ['aired', 'published']) await t.call('PATCH', `/api/dialogues/${b.id}`, { token: t.coordinator, body: { status } });
  c = await t.create('/api/dialogues', {
    title: 'Rencana Kerja Seksi', stationId: s.station.id, startsAt: '2022-01-05T09:00', endsAt: '2022-01-05T10:00',
    participants: [{ speakerId: s.suliwati.id, role: 'speaker' }],
  });
  await t.call('PATCH', `/api/dialogues/${c.id}`, { token: t.coordinator, body: { status: 'aired' } });
  for (const [d, file, type] of [[a, A, 'text/vtt'], [b, B, 'text/plain'], [c, C, 'text/plain']] as const) {
    const res = await upload(t, d.id, file, type);
    if (res.status !== 201) throw new Error(res.text);
  }
  const cache = new Map<string, any[]>();
  line = async (dialogue, index) => {
    if (!cache.has(dialogue.id)) cache.set(dialogue.id, (await t.call('GET', `/api/dialogues/${dialogue.id}/transcript`, { token: t.coordinator })).json.segments);
    return (cache.get(dialogue.id) as any[])[index].id;
  };
  tokens = { suliwati: await t.speakerToken(s.suliwati.id), elyanie: await t.speakerToken(s.elyanie.id) };
});
afterAll(() => t.close());

async function search(q: string, params: Record<string, string> = {}, token?: string) {
  const res = await t.call('GET', `/api/search?${new URLSearchParams({ q, ...params })}`, { token });
  expect(res.status, res.text).toBe(200);
  return res.json;
}
/** Hits as "A2" (dialogue A, line 2) or "A:title" for a dialogue's header. */
async function hits(q: string, params: Record<string, string> = {}, token?: string): Promise<string[]> {
  const names = new Map<string, string>();
  for (const [name, d, count] of [['A', a, 6], ['B', b, 3], ['C', c, 1]] as const) {
    names.set(`${d.id}:`, `${name}:title`);
    for (let i = 0; i < count; i++) names.set(await line(d, i), `${name}${i}`);
  }
  return (await search(q, params, token)).items.map((h: any) => names.get(h.segmentId ?? `${h.dialogueId}:`) ?? '?');
}

describe('relevance', () => {
  it('finds every affixed form of a word, the form as typed first', async () => {
    const found = await hits('penyebarluasan');
    expect(found[0]).toBe('A2');
    expect(new Set(found.slice(1))).toEqual(new Set(['A1', 'A3']));
    // "sebarkan" has another root (sebar), and C is not published.
    expect(found).not.toContain('B2');
    expect(found).not.toContain('C0');
  });

  it('ranks lines with every word as typed above lines with stems only', async () => {
    const found = await hits('menyebarluaskan informasi');
    expect(found[0]).toBe('A1');
    expect(new Set(found.slice(1))).toEqual(new Set(['A2', 'A3']));
  });

  it('meets pembinaan and membina under one root', async () => {
    expect(await hits('dibina')).toEqual(['A4']);
    const snippet = (await search('dibina')).items[0].snippet;
    expect(snippet).toBe('Kami melakukan <mark>pembinaan</mark> KIM setiap bulan dan <mark>membina</mark> pengurusnya.');
  });

  it('finds quoted phrases in order only, titles included', async () => {
    expect(new Set(await hits('"diseminasi informasi"'))).toEqual(new Set(['A:title', 'A5']));
    expect(await hits('"informasi diseminasi"')).toEqual([]);
    expect(await hits('"mendiseminasikan informasi"')).toContain('A5');
  });

  it('reads covid-19 as a phrase and folds case', async () => {
    expect(new Set(await hits('COVID-19'))).toEqual(new Set(['B0', 'B1']));
  });

  it('finds people by name and name prefix, dialogues (headers) first', async () => {
    const byName = await hits('elyanie');
    expect(new Set(byName)).toEqual(new Set(['A:title', 'B:title']));
    expect(await hits('Suli*')).toEqual(['A:title']);
    expect(await hits('suli*', {}, t.coordinator)).toEqual(expect.arrayContaining(['A:title', 'C:title']));
  });

  it('matches prefixes against words as written, not stems', async () => {
    expect(await hits('pembin*')).toEqual(['A4']);
    expect(await hits('peny*')).toEqual(['A2']);
  });

  it('excludes words, phrases and prefixes after a minus', async () => {
    const found = await hits('informasi -hoaks');
    expect(found).toContain('A1');
    expect(found).not.toContain('A2');
    expect(await hits('hoaks -"media sosial"')).toEqual(expect.not.arrayContaining(['B0']));
    expect(await hits('kim -pembin*')).not.toContain('A4');
    expect(await hits('-hoaks')).toEqual([]);
  });

  it('strips clitics from protected words', async () => {
    expect(await hits('KIMnya')).toEqual(expect.arrayContaining(['A0', 'A1', 'A4']));
  });

  it('takes any other syntax as plain words, never as an error', async () => {
    for (const q of ['kim AND (hoaks OR', 'title:"kim', '*', '-', '"', 'NEAR/2 ^ {}', '💬', 'a'.repeat(1000)]) await search(q);
    expect((await t.call('GET', '/api/search')).status).toBe(400);
  });
});

describe('hits', () => {
  it('carry the dialogue, the line, its time, its speaker and a deep link', async () => {
    const [hit] = (await search('"cara terbaik"')).items;
    expect(hit).toEqual({
      kind: 'segment',
      dialogueId: a.id,
      dialogueTitle: 'Peran KIM Daerah Sebagai Mitra Kerja Diseminasi Informasi',
      segmentId: await line(a, 2),
      startMs: 754_100,
      endMs: 761_500,
      speaker: { id: s.elyanie.id, name: 'Elyanie' },
      snippet: 'Penyebarluasan informasi yang benar adalah <mark>cara</mark> <mark>terbaik</mark> melawan hoaks.',
      url: `/dialog/${a.id}#t=754`,
      score: expect.any(Number),
    });
  });

  it('escape the text around the marks, and link untimed lines to the dialogue', async () => {
    const [hit] = (await search('berantai')).items;
    expect(hit.snippet).toBe('Jangan sebarkan pesan yang belum jelas sumbernya, apalagi &#60;b&#62;pesan <mark>berantai</mark>&#60;/b&#62; &#38; hoaks.');
    expect(hit.startMs).toBeNull();
    expect(hit.url).toBe(`/dialog/${b.id}`);
  });

  it('show dialogue headers as dialogue hits with the title and people', async () => {
    const [hit] = (await search('tangkal')).items;
    expect(hit).toMatchObject({ kind: 'dialogue', dialogueId: b.id, segmentId: null, startMs: null, speaker: null, url: `/dialog/${b.id}` });
    expect(hit.snippet).toBe('<mark>Tangkal</mark> Hoaks Bersama — Elyanie');
  });

  it('page with a cursor, each hit once', async () => {
    const all = (await search('informasi', { limit: '200' })).items.map((h: any) => h.segmentId ?? h.dialogueId);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await search('informasi', { limit: '2', ...(cursor ? { cursor } : {}) });
      paged.push(...page.items.map((h: any) => h.segmentId ?? h.dialogueId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
    expect((await t.call('GET', '/api/search?q=kim&cursor=garbage')).status).toBe(400);
  });
});

describe('visibility', () => {
  it('answers the same query differently for the public, a speaker and a coordinator', async () => {
    expect(await hits('rencana')).toEqual([]);
    expect(await hits('rencana', {}, tokens.elyanie)).toEqual([]);
    expect(await hits('rencana', {}, tokens.suliwati)).toEqual(['C:title', 'C0']);
    expect(await hits('rencana', {}, t.coordinator)).toEqual(['C:title', 'C0']);
    expect(await hits('penyebarluasan', {}, tokens.suliwati)).toContain('C0');
    expect(await hits('penyebarluasan')).not.toContain('C0');
  });
});

describe('filters', () => {
  it('narrow to a station, programme, topic, dialogue, speaker or dates', async () => {
    expect(await hits('masyarakat', { station: s.other.id })).toEqual(['B1']);
    expect(await hits('masyarakat', { program: s.program.id })).toEqual(['A1']);
    expect(new Set(await hits('hoaks', { topic: 'hoaks' }))).toEqual(new Set(['B:title', 'B0', 'B2']));
    // A filter naming nothing is a mistake to say, not an empty result (issue 13).
    expect((await t.call('GET', '/api/search?q=hoaks&topic=no-such-topic')).status).toBe(400);
    expect(new Set(await hits('informasi', { dialogue: a.id }))).toEqual(new Set(['A:title', 'A1', 'A2', 'A3', 'A5']));
    // A speaker filter finds what they said, and the dialogues they take part in.
    expect(new Set(await hits('informasi', { speaker: s.suliwati.id }))).toEqual(new Set(['A:title', 'A1', 'A3']));
    expect(new Set(await hits('hoaks', { from: '2021-11-01T00:00', to: '2021-12-01T00:00' }))).toEqual(new Set(['B:title', 'B0', 'B2']));
    expect(await hits('hoaks', { from: '2021-11-03T10:00Z' })).toEqual([]);
    expect(new Set(await hits('hoaks', { to: '2021-11-03T09:30', station: s.other.id }))).toEqual(new Set(['B:title', 'B0', 'B2']));
  });
});

describe('ranking very common words', () => {
  it(`ranks the most recent ${WINDOW} matches together and pages on into older ones`, async () => {
    const many = await airedDialogue(t, s, 'published', { title: 'Dialog Panjang' });
    const cues = Array.from({ length: 1_150 }, (_, i) => `Suliwati: Ini kalimat nomor ${i} yang cukup panjang${i % 10 === 0 ? ' yang' : ''}.`);
    expect((await upload(t, many.id, cues.join('\n\n'), 'text/plain')).status).toBe(201);
    const first = await search('yang', { limit: '200' });
    expect(first.ranking).toBe('recent');
    // Lines where the word comes twice rank first in the window.
    expect(first.items[0].snippet).toMatch(/<mark>yang<\/mark> cukup panjang <mark>yang<\/mark>/);
    const seen = new Set<string>(first.items.map((h: any) => h.segmentId));
    let cursor = first.nextCursor;
    let pages = 1;
    while (cursor) {
      const page = await search('yang', { limit: '200', cursor });
      for (const h of page.items) seen.add(h.segmentId);
      cursor = page.nextCursor;
      pages++;
    }
    // 1,150 lines here, plus A2, B2 and C (not published).
    expect(seen.size).toBe(1_152);
    // Each window of WINDOW matches has its own pages.
    const windows = Array.from({ length: Math.ceil(1_152 / WINDOW) }, (_, i) => Math.min(WINDOW, 1_152 - i * WINDOW));
    expect(pages).toBe(windows.reduce((n, size) => n + Math.ceil(size / 200), 0));
  });
});

describe('index consistency', () => {
  /** The index holds each dialogue's header and exactly the lines of its latest version. */
  async function expectConsistent() {
    const expected = await sql<{ n: number }>`
      select (select count(*) from dialogues) + (
        select count(*) from transcript_segments seg
        join transcript_versions v on v.id = seg.version_id
        where v.version = (select max(version) from transcript_versions w where w.dialogue_id = v.dialogue_id)
      ) as n`.execute(t.db);
    // Rows of the full-text index that carry a dialogue facet: every document's.
    const indexed = onPostgres ? sql`search_fts.document @@ 'dl:*C'::tsquery` : sql`search_fts match 'facets : dl*'`;
    const docs = await sql<{ n: number; stale: number; fts: number; corpus: number }>`
      select count(*) as n,
        (select count(*) from search_docs d join transcript_segments seg on seg.id = d.segment_id
          where seg.version_id <> (select id from transcript_versions v where v.dialogue_id = seg.dialogue_id order by version desc limit 1)) as stale,
        (select count(*) from search_fts where ${indexed}) as fts,
        (select docs from search_stats where kind = 'corpus' and token = 'docs') as corpus
      from search_docs`.execute(t.db);
    const row = docs.rows[0] as { n: number; stale: number; fts: number; corpus: number };
    expect(row).toEqual({ n: expected.rows[0]?.n, stale: 0, fts: expected.rows[0]?.n, corpus: expected.rows[0]?.n });

    // Every document's copy of "published" is its dialogue's.
    const misflagged = await sql<{ n: number }>`
      select count(*) as n from search_docs d join dialogues g on g.id = d.dialogue_id
      where d.published <> case when g.status = 'published' then 1 else 0 end`.execute(t.db);
    expect(misflagged.rows[0]?.n).toBe(0);

    // Document frequencies are exactly those of the documents indexed now.
    const counted = new Map<string, number>();
    const bump = (key: string, by = 1) => counted.set(key, (counted.get(key) ?? 0) + by);
    for (const d of await t.db.selectFrom('search_docs').select(['terms', 'surfaces']).execute()) {
      const words = (text: string) => (text === '' ? [] : text.split(' '));
      bump('corpus docs');
      bump('corpus tokens', words(d.terms).length);
      for (const term of new Set(words(d.terms))) bump(`term ${term}`);
      for (const surface of new Set(words(d.surfaces))) bump(`surface ${surface}`);
    }
    const stored = await t.db.selectFrom('search_stats').selectAll().execute();
    expect(new Map(stored.map((r) => [`${r.kind} ${r.token}`, r.docs]))).toEqual(counted);
  }

  it('follows imports, corrections, edits, renames, unpublishing and deletions', async () => {
    await expectConsistent();
    const d = await airedDialogue(t, s, 'published', { title: 'Literasi Digital Desa' });
    await upload(t, d.id, 'Suliwati: Literasi digital membantu warga mengenali hoaks.\n\nElyanie: Warga desa perlu pelatihan.\n', 'text/plain');
    await expectConsistent();
    expect(await hits('literasi')).toHaveLength(2);

    // A correction replaces the line in the index.
    const segment = (await t.call('GET', `/api/dialogues/${d.id}/transcript`)).json.segments[1];
    const correction = await t.call('POST', '/api/me/corrections', { token: tokens.elyanie, body: { segmentId: segment.id, text: 'Warga kampung perlu pelatihan.' } });
    await t.call('POST', `/api/corrections/${correction.json.id}/accept`, { token: t.coordinator });
    await expectConsistent();
    expect((await search('kampung')).items).toHaveLength(1);
    expect((await search('pelatihan', { dialogue: d.id })).items.map((h: any) => h.snippet)).toEqual(['Warga kampung perlu <mark>pelatihan</mark>.']);

    // A new title, new topics, a renamed person.
    await t.call('PATCH', `/api/dialogues/${d.id}`, { token: t.coordinator, body: { title: 'Cakap Bermedia Sosial', topics: ['hoaks'] } });
    await expectConsistent();
    expect(await search('literasi')).toMatchObject({ items: [{ kind: 'segment' }] });
    expect((await search('cakap')).items.map((h: any) => h.kind)).toEqual(['dialogue']);
    expect((await search('mengenali', { topic: 'hoaks' })).items).toHaveLength(1);
    await t.call('PATCH', `/api/speakers/${s.host.id}`, { token: t.coordinator, body: { name: 'Rahmat Hidayat' } });
    await expectConsistent();
    expect((await search('hidayat')).items.map((h: any) => h.dialogueId)).toEqual(expect.arrayContaining([a.id, d.id]));

    // Unpublishing hides it from the public at once; coordinators still find it.
    await t.call('PATCH', `/api/dialogues/${d.id}`, { token: t.coordinator, body: { status: 'aired' } });
    expect((await search('kampung')).items).toEqual([]);
    expect((await search('kampung', {}, t.coordinator)).items).toHaveLength(1);
    await expectConsistent();
    // Published again; then unpublished by a write that bypasses the services (the CLI,
    // another process): the index follows the status either way.
    await t.call('PATCH', `/api/dialogues/${d.id}`, { token: t.coordinator, body: { status: 'published' } });
    expect((await search('kampung')).items).toHaveLength(1);
    await expectConsistent();
    await t.db.updateTable('dialogues').set({ status: 'aired' }).where('id', '=', d.id).execute();
    expect((await search('kampung')).items).toEqual([]);
    await expectConsistent();

    // A dialogue still marked scheduled after its time may get a transcript, and be deleted.
    const late = await t.create('/api/dialogues', { title: 'Belum Ditandai Tayang', stationId: s.other.id, startsAt: '2021-12-24T09:00', endsAt: '2021-12-24T10:00' });
    await upload(t, late.id, 'Penyiar: Ucapan selamat natal dari Jayapura.\n', 'text/plain');
    expect((await search('natal', {}, t.coordinator)).items).toHaveLength(1);
    expect((await t.call('DELETE', `/api/dialogues/${late.id}`, { token: t.coordinator })).status).toBe(204);
    expect((await search('natal', {}, t.coordinator)).items).toEqual([]);
    await expectConsistent();
  });
});
