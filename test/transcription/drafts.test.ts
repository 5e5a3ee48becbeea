// Automatic drafts end to end through the real app, real ffmpeg and a replayed engine: audio
// attached → a transcribe run → a machine version; what supersedes what; a correction racing
// a draft; transcription off without a model.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ffmpegRun } from '../helpers/audio.ts';
import { Jobs } from '../../src/jobs/jobs.ts';
import { type TestApp, booking, createTestApp, seedBasics } from '../helpers/app.ts';
import { type Replay, replayEngine } from '../helpers/replay-engine.ts';
import { browser } from '../pages/helpers.ts';
import { talkLike } from '../helpers/speech-audio.ts';

let t: TestApp;
afterEach(() => t?.close());

async function setUp(engine: Replay | null) {
  t = await createTestApp({}, engine ? { transcription: engine } : {});
  const s = await seedBasics(t);
  const d = await t.create(
    '/api/dialogues',
    booking(s.station.id, '2021-09-08T09:00', '2021-09-08T10:00', {
      title: 'Peran KIM Daerah Sebagai Mitra Kerja Diseminasi Informasi',
      participants: [{ speakerId: s.suliwati.id, role: 'speaker' }, { speakerId: s.elyanie.id, role: 'speaker' }],
      topics: ['kim'],
    }),
  );
  return { s, d };
}

async function upload(id: string, expr = talkLike(8, 2), seconds = 20) {
  const path = join(t.dir, `take-${Date.now()}.wav`);
  await ffmpegRun(['-f', 'lavfi', '-i', `aevalsrc='${expr}':s=16000:d=${seconds}`, '-c:a', 'pcm_s16le', path]);
  const res = await t.call('PUT', `/api/dialogues/${id}/audio`, { token: t.coordinator, rawBody: new Uint8Array(await readFile(path)), headers: { 'content-type': 'audio/wav' } });
  expect(res.status).toBe(202);
  await settle();
}

async function settle() {
  await t.jobs.idle();
  await t.jobs.transcription.idle();
}

const versions = async (id: string) => (await t.call('GET', `/api/dialogues/${id}/transcript/versions`, { token: t.coordinator })).json;
const transcribeRuns = async () => (await t.call('GET', '/api/jobs?kind=transcribe', { token: t.coordinator })).json.items;

describe('automatic drafts', () => {
  it('transcribes attached audio into a machine version with confidences, words and no speakers', async () => {
    const engine = replayEngine('kim-dialogue');
    const { d } = await setUp(engine);
    await upload(d.id);

    const [run] = await transcribeRuns();
    expect(run).toMatchObject({ job: 'transcribe', trigger: 'upload', dialogueId: d.id, outcome: 'attached', progress: 100, details: { version: 1, segments: 7 } });
    expect((await versions(d.id)).items).toEqual([expect.objectContaining({ version: 1, source: 'machine', model: 'ggml-small.bin', reviewed: false, segments: 7, language: 'id' })]);

    const rows = await t.db.selectFrom('transcript_segments').selectAll().orderBy('ordinal').execute();
    expect(rows.map((r) => r.speaker_id)).toEqual(Array(7).fill(null));
    expect(rows[2]).toMatchObject({ text: 'bersama Ibu Suliwati dari DiskominfoSantik.', start_ms: 15800, end_ms: 21400 });
    expect(rows[2]!.confidence).toBe(engine.output.segments[2]!.confidence);
    expect(JSON.parse(rows[2]!.words!)).toEqual(engine.output.segments[2]!.words);
    expect(JSON.parse(rows[2]!.words!)[2]).toMatchObject({ text: 'Suliwati', confidence: 0.41 });

    // What the engine was asked: the station's language, the schedule's names, only speech.
    const asked = engine.requests[0]!;
    expect(asked.language).toBe('id');
    expect(asked.prompt.startsWith('Elyanie, Suliwati. Peran KIM Daerah Sebagai Mitra Kerja Diseminasi Informasi.')).toBe(true);
    expect(asked.prompt).toContain('RRI Palangka Raya');
    expect(asked.regions!.length).toBe(2);
    expect(engine.closed).toBe(engine.opened);
  });

  it('writes nothing, and never asks the engine, for audio that is only silence or a steady tone', async () => {
    const engine = replayEngine('kim-dialogue');
    const { d } = await setUp(engine);
    await upload(d.id, '0.5*sin(2*PI*1000*t)', 60);
    const [run] = await transcribeRuns();
    expect(run).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('no speech found') });
    expect(engine.requests).toEqual([]);
    expect(await t.db.selectFrom('transcript_versions').selectAll().execute()).toEqual([]);
  });

  it('supersedes its own unreviewed draft when the audio is attached again', async () => {
    const engine = replayEngine('kim-dialogue');
    const { d } = await setUp(engine);
    await upload(d.id);
    engine.output = { ...engine.output, model: 'ggml-base.bin' };
    await upload(d.id);
    const items = (await t.db.selectFrom('transcript_versions').select(['version', 'source', 'model']).orderBy('version').execute());
    expect(items).toEqual([
      { version: 1, source: 'machine', model: 'ggml-small.bin' },
      { version: 2, source: 'machine', model: 'ggml-base.bin' },
    ]);
  });

  it("keeps people's version current when audio comes again, and a coordinator's request puts a draft on top", async () => {
    const engine = replayEngine('kim-dialogue');
    const { d } = await setUp(engine);
    await upload(d.id);
    // A coordinator reviewed the draft: it is people's work now.
    await t.db.updateTable('transcript_versions').set({ reviewed_at: '2026-12-01T00:00:00.000Z', reviewed_by: 'user:x' }).execute();
    await upload(d.id);
    const [run] = await transcribeRuns();
    expect(run).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining("version 1 is people's work (reviewed)") });
    expect((await t.db.selectFrom('transcript_versions').selectAll().execute()).length).toBe(1);

    const asked = await t.call('POST', `/api/dialogues/${d.id}/transcribe`, { token: t.coordinator });
    expect(asked.status).toBe(202);
    await settle();
    const manual = (await t.call('GET', `/api/jobs/${asked.json.jobId}`, { token: t.coordinator })).json;
    expect(manual).toMatchObject({ job: 'transcribe', trigger: 'manual', outcome: 'attached', details: { version: 2 } });
    const all = await t.db.selectFrom('transcript_versions').select(['version', 'reviewed_at']).orderBy('version').execute();
    expect(all.map((v) => [v.version, v.reviewed_at !== null])).toEqual([[1, true], [2, false]]);
  });

  it('keeps a correction accepted while a new draft is being written, and applies it to the text it was made for', async () => {
    const engine = replayEngine('kim-dialogue');
    const { s, d } = await setUp(engine);
    await upload(d.id);
    const speaker = await t.speakerToken(s.suliwati.id);
    const line = await t.db.selectFrom('transcript_segments').selectAll().where('ordinal', '=', 2).executeTakeFirstOrThrow();
    const proposed = await t.call('POST', '/api/me/corrections', { token: speaker, body: { segmentId: String(line.id), text: 'bersama Ibu Suliwati dari Diskominfo Santik.' } });
    expect(proposed.status).toBe(201);

    // New audio: its transcription stops at the gate, half done.
    let open!: () => void;
    engine.gate = new Promise<void>((r) => (open = r));
    const reached = engine.atGate();
    const path = join(t.dir, 'again.wav');
    await ffmpegRun(['-f', 'lavfi', '-i', `aevalsrc='${talkLike(8, 2)}':s=16000:d=20`, '-c:a', 'pcm_s16le', path]);
    await t.call('PUT', `/api/dialogues/${d.id}/audio`, { token: t.coordinator, rawBody: new Uint8Array(await readFile(path)), headers: { 'content-type': 'audio/wav' } });
    await t.jobs.idle();
    await reached;
    // Progress is written behind the engine's back (transcribe.job.ts): on PostgreSQL the
    // write may still be on its way when the engine reaches the gate.
    await expect.poll(async () => (await transcribeRuns())[0]).toMatchObject({ outcome: 'running', progress: 10 });
    // The console's list of the dialogue's runs shows the transcription and how far it has got.
    const page = (await browser(t, { session: t.coordinator }).get(`/console/dialogues/${d.id}`)).html;
    expect(page).toContain('transkripsi · unggahan');
    expect(page).toContain('<progress max="100" value="10">');

    const accepted = await t.call('POST', `/api/corrections/${proposed.json.id}/accept`, { token: t.coordinator });
    expect(accepted.status).toBe(200);
    open();
    await settle();

    const [run] = await transcribeRuns();
    expect(run).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining("version 2 is people's work (correction)") });
    const latest = (await t.call('GET', `/api/dialogues/${d.id}/transcript`, { token: t.coordinator })).json;
    expect(latest.version).toMatchObject({ version: 2, source: 'correction' });
    expect(latest.segments[2].text).toBe('bersama Ibu Suliwati dari Diskominfo Santik.');
  });

  it('holds back an automatic draft while speakers’ corrections on it wait for review', async () => {
    const engine = replayEngine('kim-dialogue');
    const { s, d } = await setUp(engine);
    await upload(d.id);
    const line = await t.db.selectFrom('transcript_segments').selectAll().where('ordinal', '=', 6).executeTakeFirstOrThrow();
    await t.call('POST', '/api/me/corrections', { token: await t.speakerToken(s.elyanie.id), body: { segmentId: String(line.id), text: 'Bu Elyanie, mau menambahkan?' } });
    await upload(d.id);
    const [run] = await transcribeRuns();
    expect(run).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('1 correction(s) pending review') });
  });
});

describe('stopping and retrying', () => {
  it('records a run stopped by SIGTERM as interrupted, and the next start takes it up without counting an attempt', async () => {
    const engine = replayEngine('kim-dialogue');
    const { d } = await setUp(engine);
    engine.gate = new Promise<void>(() => {});
    const reached = engine.atGate();
    const path = join(t.dir, 'take.wav');
    await ffmpegRun(['-f', 'lavfi', '-i', `aevalsrc='${talkLike(8, 2)}':s=16000:d=20`, '-c:a', 'pcm_s16le', path]);
    await t.call('PUT', `/api/dialogues/${d.id}/audio`, { token: t.coordinator, rawBody: new Uint8Array(await readFile(path)), headers: { 'content-type': 'audio/wav' } });
    await t.jobs.idle();
    await reached;
    await t.jobs.stop();
    const [stopped] = await transcribeRuns();
    expect(stopped).toMatchObject({ outcome: 'failed', reason: 'interrupted: the server was stopping', retryAt: expect.any(String), attempt: 1 });
    expect(await t.db.selectFrom('transcript_versions').selectAll().execute()).toEqual([]);
    expect(engine.closed).toBe(engine.opened);

    engine.gate = null;
    const restarted = new Jobs(t.db, t.config, engine);
    try {
      expect(await restarted.transcription.resumeDue()).toBe(1);
      await restarted.transcription.idle();
      const [resumed] = await transcribeRuns();
      expect(resumed).toMatchObject({ outcome: 'attached', trigger: 'upload', attempt: 1 });
      // Nothing is due any more.
      expect(await restarted.transcription.resumeDue()).toBe(0);
    } finally {
      await restarted.stop();
    }
  });

  it('retries a failed run after its back-off, then gives up with the reason recorded', async () => {
    const engine = replayEngine('kim-dialogue');
    t = await createTestApp({ SIARAN_JOB_RETRIES: '1', SIARAN_JOB_RETRY_BASE_SEC: '60' }, { transcription: { ...engine, open: async () => { throw new Error('Failed to initialize whisper context'); } } });
    const s = await seedBasics(t);
    const d = await t.create('/api/dialogues', booking(s.station.id, '2021-09-08T09:00', '2021-09-08T10:00'));
    await upload(d.id);
    const [first] = await transcribeRuns();
    expect(first).toMatchObject({ outcome: 'failed', reason: 'Failed to initialize whisper context', attempt: 1 });
    expect(await t.jobs.transcription.resumeDue()).toBe(0);
    expect(await t.jobs.transcription.resumeDue(Date.parse(first.retryAt) + 1)).toBe(1);
    await t.jobs.transcription.idle();
    const [second] = await transcribeRuns();
    expect(second).toMatchObject({ outcome: 'failed', attempt: 2, retryAt: null, reason: expect.stringContaining('gave up after 2 attempts') });
    expect(await t.jobs.transcription.resumeDue(Date.now() + 86_400_000)).toBe(0);
  });
});

describe('transcription off', () => {
  it('queues no run without a model, and answers a request with 409 transcription_off', async () => {
    const { d } = await setUp(null);
    await upload(d.id);
    expect(await transcribeRuns()).toEqual([]);
    const res = await t.call('POST', `/api/dialogues/${d.id}/transcribe`, { token: t.coordinator });
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: 'transcription_off', message: expect.stringContaining('SIARAN_ASR_MODEL') });
  });

  it('refuses a request for a dialogue without audio (409) or unknown (404), and from a speaker (403)', async () => {
    const { s, d } = await setUp(replayEngine('kim-dialogue'));
    expect((await t.call('POST', `/api/dialogues/${d.id}/transcribe`, { token: t.coordinator })).json.error.code).toBe('no_audio');
    expect((await t.call('POST', '/api/dialogues/nope/transcribe', { token: t.coordinator })).status).toBe(404);
    expect((await t.call('POST', `/api/dialogues/${d.id}/transcribe`, { token: await t.speakerToken(s.suliwati.id) })).status).toBe(403);
  });
});
