// The real whisper.cpp binding on the generated tiny model and ffmpeg-made PCM. The model's
// words are noise: these tests check the engine (times, progress, stopping, regions, crashes),
// not what it hears.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsrError, createAsrEngine, type AsrSegment, type WhisperEngine } from '../../src/asr/index.ts';
import { makeTempDir } from '../helpers/audio.ts';
import { makeSpeechLikePcm, tinyVadModel, tinyWhisperModel } from '../helpers/whisper.ts';

const SECONDS = 25;
let dir: { dir: string; remove: () => Promise<void> };
let pcm: string;
let model: string;
let engine: WhisperEngine;
let fullRunMs = 0;

beforeAll(async () => {
  dir = await makeTempDir('siaran-asr-');
  model = tinyWhisperModel();
  pcm = await makeSpeechLikePcm(path.join(dir.dir, 'speech.pcm'), SECONDS);
  engine = createAsrEngine({ model, vadModel: null, threads: 2 });
});

afterAll(async () => {
  await engine?.close();
  await dir?.remove();
});

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function expectOrderedWithin(segments: AsrSegment[], fromMs: number, toMs: number) {
  let previousEnd = fromMs;
  for (const s of segments) {
    expect(s.text.trim()).toBe(s.text);
    expect(s.text).not.toBe('');
    expect(s.startMs).toBeGreaterThanOrEqual(previousEnd);
    expect(s.endMs).toBeGreaterThanOrEqual(s.startMs);
    expect(s.endMs).toBeLessThanOrEqual(toMs);
    expect(s).toMatchObject({ confidence: null, noSpeechProb: null, words: null });
    previousEnd = s.endMs;
  }
}

describe('the Whisper engine', () => {
  it('transcribes a whole PCM file: segments in order inside the audio, progress up to 100', { timeout: 180_000 }, async () => {
    const progress: number[] = [];
    const started = Date.now();
    const result = await engine.transcribe({ pcmPath: pcm, regions: null, language: 'id', prompt: 'Kominfo, Komunitas Informasi Masyarakat', onProgress: (p) => progress.push(p) });
    fullRunMs = Date.now() - started;

    expect(result).toMatchObject({ aborted: false, language: 'id', model: path.basename(model) });
    expect(result.segments.length).toBeGreaterThan(0);
    expectOrderedWithin(result.segments, 0, SECONDS * 1000);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(100);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(result.peakRssBytes).toBeGreaterThan(10_000_000);
  });

  it('keeps one Whisper process, niced to 19, across runs', { timeout: 180_000 }, async () => {
    const pid = engine.pid!;
    expect(isRunning(pid)).toBe(true);
    // Every thread of it, whisper.cpp's compute threads included, runs at the lowest priority.
    let niceness: number[] = [];
    const run = engine.transcribe({
      pcmPath: pcm,
      regions: [{ fromMs: 0, toMs: 8000 }],
      language: 'id',
      prompt: '',
      onProgress: () => {
        niceness = fs.readdirSync(`/proc/${pid}/task`).map((tid) => Number(fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]));
      },
    });
    await run;
    expect(engine.pid).toBe(pid);
    expect(niceness.length).toBeGreaterThan(1);
    expect(new Set(niceness)).toEqual(new Set([19]));
  });

  it('stops a run when its signal aborts, returning what it had with aborted: true', { timeout: 180_000 }, async () => {
    const pid = engine.pid!;
    const controller = new AbortController();
    const started = Date.now();
    const result = await engine.transcribe({
      pcmPath: pcm,
      regions: null,
      language: 'id',
      prompt: '',
      signal: controller.signal,
      onProgress: (p) => {
        if (p === 0) setTimeout(() => controller.abort(), 300);
      },
    });
    const tookMs = Date.now() - started;

    expect(result.aborted).toBe(true);
    expectOrderedWithin(result.segments, 0, SECONDS * 1000);
    expect(tookMs).toBeLessThan(fullRunMs / 2);
    expect(isRunning(pid)).toBe(false);
    expect(engine.pid).toBeNull();
  });

  it('returns at once, aborted, for a signal aborted before the run', async () => {
    const result = await engine.transcribe({ pcmPath: pcm, regions: null, language: 'id', prompt: '', signal: AbortSignal.abort() });
    expect(result).toMatchObject({ aborted: true, segments: [] });
  });

  it('transcribes only the given regions, with times relative to the whole file', { timeout: 180_000 }, async () => {
    const regions = [
      { fromMs: 13_000, toMs: 21_000 },
      { fromMs: 2_000, toMs: 7_500 },
    ];
    const result = await engine.transcribe({ pcmPath: pcm, regions, language: 'id', prompt: '' });
    expect(result.aborted).toBe(false);
    expect(result.segments.length).toBeGreaterThan(0);
    expectOrderedWithin(result.segments, 0, SECONDS * 1000);
    const inSomeRegion = (ms: number) => regions.some((r) => ms >= r.fromMs && ms <= r.toMs);
    for (const s of result.segments) {
      expect(inSomeRegion(s.startMs), `start ${s.startMs}`).toBe(true);
      expect(inSomeRegion(s.endMs), `end ${s.endMs}`).toBe(true);
    }
  });

  it('rejects a run whose Whisper process dies with a clear error, and starts a new one next time', { timeout: 180_000 }, async () => {
    const run = engine.transcribe({
      pcmPath: pcm,
      regions: null,
      language: 'id',
      prompt: '',
      onProgress: (p) => {
        if (p === 0) process.kill(engine.pid!, 'SIGKILL');
      },
    });
    const error = await run.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(AsrError);
    expect(error).toMatchObject({ code: 'asr_engine_crashed' });
    expect((error as Error).message).toMatch(/Whisper process ended during the run \(signal SIGKILL/);

    const next = await engine.transcribe({ pcmPath: pcm, regions: [{ fromMs: 0, toMs: 5000 }], language: 'id', prompt: '' });
    expect(next.aborted).toBe(false);
    expect(engine.pid).not.toBeNull();

    // Killed between runs (out of memory, an operator): the next run starts a new one too.
    const idle = engine.pid!;
    process.kill(idle, 'SIGKILL');
    while (isRunning(idle)) await new Promise((r) => setTimeout(r, 20));
    const after = await engine.transcribe({ pcmPath: pcm, regions: [{ fromMs: 0, toMs: 5000 }], language: 'id', prompt: '' });
    expect(after.aborted).toBe(false);
    expect(engine.pid).not.toBe(idle);
  });

  it('with a VAD file, transcribes only what it hears as speech when no regions are given', { timeout: 180_000 }, async () => {
    const short = await makeSpeechLikePcm(path.join(dir.dir, 'short.pcm'), 8);
    const hearsNothing = createAsrEngine({ model, vadModel: tinyVadModel('silence'), threads: 2 });
    const hearsEverything = createAsrEngine({ model, vadModel: tinyVadModel('speech'), threads: 2 });
    try {
      const progress: number[] = [];
      const nothing = await hearsNothing.transcribe({ pcmPath: short, regions: null, language: 'id', prompt: '', onProgress: (p) => progress.push(p) });
      expect(nothing).toMatchObject({ aborted: false, segments: [] });
      expect(progress.at(-1)).toBe(100);
      // Given regions win over the VAD.
      const given = await hearsNothing.transcribe({ pcmPath: short, regions: [{ fromMs: 1000, toMs: 7000 }], language: 'id', prompt: '' });
      expect(given.segments.length).toBeGreaterThan(0);
      expectOrderedWithin(given.segments, 1000, 7000);

      const everything = await hearsEverything.transcribe({ pcmPath: short, regions: null, language: 'id', prompt: '' });
      expect(everything.segments.length).toBeGreaterThan(0);
      expectOrderedWithin(everything.segments, 0, 8000);
    } finally {
      await hearsNothing.close();
      await hearsEverything.close();
    }
  });

  it('refuses a missing PCM file and a region that runs backwards, without starting Whisper', async () => {
    const fresh = createAsrEngine({ model, vadModel: null, threads: 1 });
    try {
      await expect(fresh.transcribe({ pcmPath: path.join(dir.dir, 'nope.pcm'), regions: null, language: 'id', prompt: '' })).rejects.toMatchObject({
        code: 'asr_bad_request',
        message: expect.stringContaining('nope.pcm'),
      });
      await expect(fresh.transcribe({ pcmPath: pcm, regions: [{ fromMs: 5000, toMs: 1000 }], language: 'id', prompt: '' })).rejects.toMatchObject({ code: 'asr_bad_request' });
      expect(fresh.pid).toBeNull();
      // Regions wholly past the end leave nothing to do: a completed, empty run.
      const progress: number[] = [];
      const past = await fresh.transcribe({ pcmPath: pcm, regions: [{ fromMs: 60_000, toMs: 70_000 }], language: 'id', prompt: '', onProgress: (p) => progress.push(p) });
      expect(past).toMatchObject({ aborted: false, segments: [] });
      expect(progress).toEqual([100]);
    } finally {
      await fresh.close();
    }
  });

  it('says which model it could not load, and refuses runs after close()', { timeout: 60_000 }, async () => {
    // A header that passes the settings check, with the tensors cut off.
    const truncated = path.join(dir.dir, 'ggml-truncated.bin');
    fs.writeFileSync(truncated, fs.readFileSync(model).subarray(0, 1_000_000));
    const broken = createAsrEngine({ model: truncated, vadModel: null, threads: 1 });
    await expect(broken.transcribe({ pcmPath: pcm, regions: null, language: 'id', prompt: '' })).rejects.toMatchObject({
      code: 'asr_model_unloadable',
      message: expect.stringContaining(`SIARAN_ASR_MODEL=${truncated}`),
    });
    await broken.close();
    await expect(broken.transcribe({ pcmPath: pcm, regions: null, language: 'id', prompt: '' })).rejects.toMatchObject({ code: 'asr_engine_closed' });
  });
});
