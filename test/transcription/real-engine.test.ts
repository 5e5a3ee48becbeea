// The whole pipeline with the real Whisper binding on the generated tiny model and audio
// ffmpeg generates: a minute of silence or of a steady tone gives no segment at all; talk
// gives a machine draft inside the audio's length. The model's words are noise: these tests
// check the pipeline, not the words (recorded engine output covers those).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { engineSetup } from '../../src/transcription/transcription.service.ts';
import { ffmpegRun } from '../helpers/audio.ts';
import { type TestApp, booking, createTestApp, seedBasics } from '../helpers/app.ts';
import { talkLike } from '../helpers/speech-audio.ts';
import { tinyWhisperModel } from '../helpers/whisper.ts';

let t: TestApp;
afterEach(() => t?.close());

async function transcribe(expr: string, seconds: number) {
  t = await createTestApp({}, { transcription: engineSetup({ model: tinyWhisperModel(), vadModel: null, threads: 2 }) });
  const s = await seedBasics(t);
  const d = await t.create('/api/dialogues', booking(s.station.id, '2021-09-08T09:00', '2021-09-08T10:00'));
  const path = join(t.dir, 'take.wav');
  await ffmpegRun(['-f', 'lavfi', '-i', `aevalsrc='${expr}':s=16000:d=${seconds}`, '-c:a', 'pcm_s16le', path]);
  const res = await t.call('PUT', `/api/dialogues/${d.id}/audio`, { token: t.coordinator, rawBody: new Uint8Array(await readFile(path)), headers: { 'content-type': 'audio/wav' } });
  expect(res.status).toBe(202);
  await t.jobs.idle();
  await t.jobs.transcription.idle();
  const runs = (await t.call('GET', '/api/jobs?kind=transcribe', { token: t.coordinator })).json.items;
  const segments = await t.db.selectFrom('transcript_segments').selectAll().orderBy('ordinal').execute();
  return { runs, segments };
}

describe('the pipeline on the real engine', () => {
  it('gives no segment at all for a minute of silence', { timeout: 180_000 }, async () => {
    const { runs, segments } = await transcribe('0', 60);
    expect(runs).toEqual([expect.objectContaining({ outcome: 'skipped', reason: expect.stringContaining('no speech found') })]);
    expect(segments).toEqual([]);
  });

  it('gives no segment at all for a minute of a steady tone', { timeout: 180_000 }, async () => {
    const { runs, segments } = await transcribe('0.5*sin(2*PI*440*t)', 60);
    expect(runs).toEqual([expect.objectContaining({ outcome: 'skipped', reason: expect.stringContaining('no speech found') })]);
    expect(segments).toEqual([]);
  });

  it('writes a machine draft for talk, its lines inside the talk and in order', { timeout: 180_000 }, async () => {
    // 0–28 s: talk with pauses; 28–40 s: silence.
    const { runs, segments } = await transcribe(`if(lt(t,28),${talkLike(8, 2)},0)`, 40);
    expect(runs[0]).toMatchObject({ outcome: 'attached', progress: 100, details: { model: expect.stringMatching(/^whisper-tiny/) } });
    expect(segments.length).toBeGreaterThan(0);
    let previous = 0;
    for (const s of segments) {
      expect(s.start_ms!).toBeGreaterThanOrEqual(previous);
      expect(s.end_ms!).toBeGreaterThan(s.start_ms!);
      expect(s.end_ms!).toBeLessThanOrEqual(28_500);
      expect(s.speaker_id).toBeNull();
      previous = s.start_ms!;
    }
    const version = await t.db.selectFrom('transcript_versions').selectAll().executeTakeFirstOrThrow();
    expect(version).toMatchObject({ source: 'machine', actor: 'system:transcription', segment_count: segments.length });
  });
});
