// The station's transcript policy on machine drafts: 'publish' shows them at once with the
// label "Transkrip otomatis — belum diperiksa" (page, files, feed), 'hold' keeps them from
// the public (API, page, feed and search) until reviewed; reviewed text ranks above
// unreviewed text in search.
import { afterEach, describe, expect, it } from 'vitest';
import { indexDialogues } from '../../src/search/search.index.ts';
import { type TestApp, createTestApp, seedBasics } from '../helpers/app.ts';
import { replayEngine } from '../helpers/replay-engine.ts';
import { attachAudio } from '../helpers/speech-audio.ts';
import { airedDialogue, upload } from '../transcripts/helpers.ts';

let t: TestApp;
afterEach(() => t?.close());

async function setUp(policy: 'publish' | 'hold' | null) {
  t = await createTestApp({}, { transcription: replayEngine('kim-dialogue') });
  const s = await seedBasics(t);
  if (policy) expect((await t.call('PATCH', `/api/stations/${s.station.id}`, { token: t.coordinator, body: { transcriptPolicy: policy } })).json.transcriptPolicy).toBe(policy);
  const d = await airedDialogue(t, s, 'published', { programId: s.program.id });
  await attachAudio(t, d.id);
  return { s, d };
}

const anon = (url: string) => t.call('GET', url);
const search = async (q: string) => (await anon(`/api/search?q=${encodeURIComponent(q)}`)).json.items;

/** What the editor's "mark reviewed" endpoint does (another branch): the flag, and the index in step. */
async function review(dialogueId: string, version: number) {
  await t.db.transaction().execute(async (trx) => {
    await trx.updateTable('transcript_versions').set({ reviewed_at: new Date().toISOString(), reviewed_by: 'user:test' }).where('dialogue_id', '=', dialogueId).where('version', '=', version).execute();
    await indexDialogues(trx, [dialogueId]);
  });
}

describe("policy 'publish' (the default)", () => {
  it('shows the draft to everyone, labelled on the page, in every file and in the feed', async () => {
    const { s, d } = await setUp(null);
    expect((await anon(`/api/stations/${s.station.id}`)).json).toMatchObject({ transcriptPolicy: 'publish', asrLanguage: 'id' });
    expect((await anon(`/api/dialogues/${d.id}`)).json.transcript).toEqual({ version: 1, segments: 7, language: 'id', source: 'machine', reviewed: false });

    const page = await t.call('GET', `/dialog/${d.id}`, { headers: { accept: 'text/html' } });
    expect(page.text).toContain('Transkrip otomatis — belum diperiksa');
    expect(page.text).toContain('DiskominfoSantik');
    expect((await t.call('GET', `/dialog/${d.id}?lang=en`)).text).toContain('Automatic transcript — not yet reviewed');

    const vtt = (await anon(`/api/dialogues/${d.id}/transcript?format=vtt`)).text;
    expect(vtt.startsWith('WEBVTT\n\nNOTE Transkrip otomatis — belum diperiksa\n\n')).toBe(true);
    const json = (await anon(`/api/dialogues/${d.id}/transcript?format=json`)).json;
    expect(json).toMatchObject({ notice: 'Transkrip otomatis — belum diperiksa', reviewed: false, version: '1.0.0' });
    expect(json.segments).toHaveLength(7);
    expect((await anon(`/api/dialogues/${d.id}/transcript?format=txt`)).text.startsWith('[Transkrip otomatis — belum diperiksa]\n\n')).toBe(true);

    const feed = (await anon(`/feeds/${s.program.slug}.xml`)).text;
    expect(feed).toContain(`/api/dialogues/${d.id}/transcript?format=vtt`);
    expect(await search('ujung tombak')).toHaveLength(1);
  });

  it('drops the label once the draft is reviewed', async () => {
    const { d } = await setUp(null);
    await review(d.id, 1);
    expect((await anon(`/api/dialogues/${d.id}/transcript?format=vtt`)).text).not.toContain('NOTE');
    expect((await t.call('GET', `/dialog/${d.id}`)).text).not.toContain('Transkrip otomatis');
  });
});

describe("policy 'hold'", () => {
  it('keeps the unreviewed draft from the public everywhere, but not from coordinators', async () => {
    const { s, d } = await setUp('hold');
    expect((await anon(`/api/dialogues/${d.id}/transcript`)).status).toBe(404);
    expect((await anon(`/api/dialogues/${d.id}/transcript?version=1`)).status).toBe(404);
    expect((await anon(`/api/dialogues/${d.id}/transcript/versions`)).json.items).toEqual([]);
    expect((await anon(`/api/dialogues/${d.id}`)).json.transcript).toBeNull();
    expect((await t.call('GET', `/dialog/${d.id}`)).text).not.toContain('DiskominfoSantik');
    expect((await anon(`/feeds/${s.program.slug}.xml`)).text).not.toContain('podcast:transcript');
    expect(await search('ujung tombak')).toEqual([]);

    expect((await t.call('GET', `/api/dialogues/${d.id}/transcript`, { token: t.coordinator })).json.version).toMatchObject({ source: 'machine', reviewed: false });
    expect((await t.call('GET', `/api/dialogues/${d.id}`, { token: t.coordinator })).json.transcript).toMatchObject({ version: 1, source: 'machine', reviewed: false });
  });

  it('shows the latest version people made while a newer draft is held', async () => {
    const { d } = await setUp('hold');
    const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Suliwati>Kelompok Informasi Masyarakat adalah mitra kami.\n';
    expect((await upload(t, d.id, vtt, 'text/vtt')).status).toBe(201);
    expect((await t.call('POST', `/api/dialogues/${d.id}/transcribe`, { token: t.coordinator })).status).toBe(202);
    await t.jobs.transcription.idle();
    expect((await t.db.selectFrom('transcript_versions').select(['version', 'source']).orderBy('version').execute()).map((v) => v.source)).toEqual(['machine', 'import', 'machine']);

    const shown = (await anon(`/api/dialogues/${d.id}/transcript`)).json;
    expect(shown.version).toMatchObject({ version: 2, source: 'import' });
    expect((await anon(`/api/dialogues/${d.id}/transcript/versions`)).json.items.map((v: any) => v.version)).toEqual([2]);
    expect(await search('mitra kami')).toHaveLength(1);
    expect(await search('ujung tombak')).toEqual([]);
  });

  it('publishes the draft once reviewed, and follows a station switching its policy', async () => {
    const { s, d } = await setUp('hold');
    await review(d.id, 1);
    expect((await anon(`/api/dialogues/${d.id}/transcript`)).json.version).toMatchObject({ version: 1, reviewed: true });
    expect(await search('ujung tombak')).toHaveLength(1);

    // A second, unreviewed draft on top; the station goes back to publishing, then holds again.
    await t.call('POST', `/api/dialogues/${d.id}/transcribe`, { token: t.coordinator });
    await t.jobs.transcription.idle();
    expect((await anon(`/api/dialogues/${d.id}/transcript`)).json.version.version).toBe(1);
    await t.call('PATCH', `/api/stations/${s.station.id}`, { token: t.coordinator, body: { transcriptPolicy: 'publish' } });
    expect((await anon(`/api/dialogues/${d.id}/transcript`)).json.version.version).toBe(2);
    await t.call('PATCH', `/api/stations/${s.station.id}`, { token: t.coordinator, body: { transcriptPolicy: 'hold' } });
    expect((await anon(`/api/dialogues/${d.id}/transcript`)).json.version.version).toBe(1);
  });

  it('refuses an unknown policy or language with 400', async () => {
    t = await createTestApp();
    const s = await seedBasics(t);
    const bad = await t.call('PATCH', `/api/stations/${s.station.id}`, { token: t.coordinator, body: { transcriptPolicy: 'sometimes', asrLanguage: 'Indonesian' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.fields.map((f: any) => f.path).sort()).toEqual(['asrLanguage', 'transcriptPolicy']);
  });
});

describe('search', () => {
  it('ranks reviewed text above the same words in an unreviewed machine draft', async () => {
    t = await createTestApp({}, { transcription: replayEngine('kim-dialogue') });
    const s = await seedBasics(t);
    const imported = await airedDialogue(t, s);
    const line = 'Kelompok Informasi Masyarakat itu ujung tombak diseminasi informasi';
    expect((await upload(t, imported.id, `WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n${line}\n`, 'text/vtt')).status).toBe(201);
    // Indexed later, so without the weight the draft's line (a newer document) would come first.
    const drafted = await airedDialogue(t, s);
    await attachAudio(t, drafted.id);
    const hits = await search('ujung tombak');
    expect(hits.map((h: any) => h.dialogueId)).toEqual([imported.id, drafted.id]);
    expect(hits[0].score).toBeGreaterThan(hits[1].score);

    await review(drafted.id, 1);
    expect((await search('ujung tombak')).map((h: any) => h.dialogueId)).toEqual([drafted.id, imported.id]);
  });
});
