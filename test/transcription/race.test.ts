// A capture and an upload racing for one dialogue, with transcription on: whatever order they
// land in, the dialogue ends with one audio, its files and no others, and a draft of that
// audio only. A transcription under way when its audio is replaced writes nothing.
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ffmpegRun, makeLoggerFile } from '../helpers/audio.ts';
import { type TestApp, booking, createTestApp, seedBasics } from '../helpers/app.ts';
import { replayEngine } from '../helpers/replay-engine.ts';
import { talkLike } from '../helpers/speech-audio.ts';

let t: TestApp;
afterEach(() => t?.close());

const UPLOAD_SECONDS = 20;

async function setUp() {
  // With a VAD model the pipeline asks the engine about any audio, so the logger's chirps
  // reach it too and both audios get a run that reaches the engine.
  const engine = replayEngine('kim-dialogue', { vad: true });
  t = await createTestApp(
    { SIARAN_INCOMING_QUIET_SEC: '0', SIARAN_CAPTURE_PREROLL_SEC: '0', SIARAN_CAPTURE_POSTROLL_SEC: '0', SIARAN_CAPTURE_GRACE_MIN: '0', SIARAN_CAPTURE_LOOKBACK_DAYS: '3650' },
    { transcription: engine },
  );
  const s = await seedBasics(t);
  const incoming = join(t.dir, 'incoming', s.station.slug);
  await mkdir(incoming, { recursive: true });
  await makeLoggerFile({ path: join(incoming, '2021-09-08_09-00-00.wav'), format: 'wav', startSec: 0, durationSec: 60 });
  const wav = join(t.dir, 'upload.wav');
  await ffmpegRun(['-f', 'lavfi', '-i', `aevalsrc='${talkLike(8, 2)}':s=16000:d=${UPLOAD_SECONDS}`, '-c:a', 'pcm_s16le', wav]);
  // The capture's span is 09:00:10–09:00:50, 40 s: told apart from the upload by its length.
  const d = await t.create('/api/dialogues', booking(s.station.id, '2021-09-08T09:00:10', '2021-09-08T09:00:50'));
  const upload = async () => {
    const res = await t.call('PUT', `/api/dialogues/${d.id}/audio`, { token: t.coordinator, rawBody: new Uint8Array(await readFile(wav)), headers: { 'content-type': 'audio/wav' } });
    expect(res.status).toBe(202);
  };
  const capture = async () => {
    await t.jobs.intakeNow();
    await t.jobs.captureDue();
  };
  const settle = async () => {
    await t.jobs.idle();
    await t.jobs.transcription.idle();
    await t.jobs.idle();
    await t.jobs.transcription.idle();
  };
  return { engine, d, upload, capture, settle };
}

async function endState(dialogueId: string) {
  const audio = await t.db.selectFrom('dialogue_audio').selectAll().where('dialogue_id', '=', dialogueId).execute();
  const runs = (await t.call('GET', '/api/jobs?kind=transcribe', { token: t.coordinator })).json.items as any[];
  const versions = await t.db.selectFrom('transcript_versions').select(['version', 'source']).orderBy('version').execute();
  const files = await readdir(join(t.dir, 'dialogues', dialogueId));
  return { audio, runs, versions, files };
}

describe('a capture and an upload racing', () => {
  it('end with the upload as the audio, its files only, and a draft of it, whichever lands first', async () => {
    const { d, upload, capture, settle } = await setUp();
    await Promise.all([capture(), upload()]);
    await settle();

    const { audio, runs, versions, files } = await endState(d.id);
    // An upload is a person's choice: a capture never replaces it, and it replaces a capture.
    expect(audio).toHaveLength(1);
    expect(audio[0]).toMatchObject({ source: 'upload' });
    expect(Math.abs(audio[0]!.duration_ms - UPLOAD_SECONDS * 1000)).toBeLessThan(200);
    expect(files.sort()).toEqual([audio[0]!.mp3_path, audio[0]!.opus_path, audio[0]!.peaks_path].map((p) => p.split('/').pop()).sort());
    expect(runs.filter((r) => !['attached', 'skipped'].includes(r.outcome))).toEqual([]);
    // The current draft was written by a run that transcribed the upload.
    const latest = versions.at(-1)!;
    expect(latest.source).toBe('machine');
    const writer = runs.find((r) => r.outcome === 'attached' && r.details?.version === latest.version);
    expect(Math.abs(writer.details.durationMs - UPLOAD_SECONDS * 1000)).toBeLessThan(200);
  });

  it('writes no draft of a capture replaced by an upload while it was being transcribed', async () => {
    const { engine, d, upload, capture, settle } = await setUp();
    let release: () => void = () => {};
    engine.gate = new Promise<void>((r) => (release = r));
    await capture();
    await t.jobs.idle();
    await engine.atGate();
    // The capture's transcription is under way; the coordinator uploads the studio's own file.
    await upload();
    await t.jobs.idle();
    engine.gate = null;
    release();
    await settle();

    const { audio, runs, versions } = await endState(d.id);
    expect(audio[0]).toMatchObject({ source: 'upload' });
    const byTime = [...runs].sort((a, b) => a.id - b.id);
    expect(byTime.map((r) => `${r.trigger} ${r.outcome}`)).toEqual(['schedule skipped', 'upload attached']);
    expect(byTime[0].reason).toContain('the audio was replaced while it was transcribed');
    expect(versions).toEqual([{ version: 1, source: 'machine' }]);
    expect(Math.abs(byTime[1].details.durationMs - UPLOAD_SECONDS * 1000)).toBeLessThan(200);
    expect(engine.requests).toHaveLength(2);
  });
});
