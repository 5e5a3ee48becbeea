// Cutting a dialogue out of logger files: exact across file boundaries and formats, on target
// loudness, with the renditions and waveform the archive serves, and nothing half-written left.
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioError, cleanupTempFiles, measureLoudness, probe, renderDialogue } from '../../src/audio/ffmpeg.ts';
import { analyseLoggerAudio, ffmpegRun, makeLoggerFile, makeTempDir } from '../helpers/audio.ts';

// Three consecutive "hourly" logger files, 60 s each instead of an hour to keep the suite
// quick, in three formats as a station that changed recorders would have them.
const HOUR_SEC = 60;
let dir: string;
let remove: () => Promise<void>;
const hour = (n: number) => join(dir, ['h0.mp3', 'h1.wav', 'h2.opus'][n]!);

beforeAll(async () => {
  ({ dir, remove } = await makeTempDir());
  await Promise.all([
    makeLoggerFile({ path: hour(0), format: 'mp3', startSec: 0, durationSec: HOUR_SEC }),
    makeLoggerFile({ path: hour(1), format: 'wav', startSec: HOUR_SEC, durationSec: HOUR_SEC }),
    makeLoggerFile({ path: hour(2), format: 'opus', startSec: 2 * HOUR_SEC, durationSec: HOUR_SEC }),
  ]);
});

afterAll(() => remove());

const outDir = (name: string) => join(dir, 'out', name);

describe('rendering a dialogue', () => {
  it('cuts across the boundary of an MP3 hour and a WAV hour, exactly, in both renditions', async () => {
    const result = await renderDialogue({
      sources: [
        { path: hour(0), fromMs: 45_250, toMs: 60_000 },
        { path: hour(1), fromMs: 0, toMs: 14_750 },
      ],
      outDir: outDir('boundary'),
      baseName: 'dialogue',
    });
    expect(result.durationMs).toBe(29_500);
    for (const rendition of result.renditions) {
      const heard = await analyseLoggerAudio(rendition.path);
      expect(heard.unreadableWindows, rendition.format).toBe(0);
      expect(Math.abs(heard.startSec - 45.25), rendition.format).toBeLessThan(0.5);
      expect(Math.abs(heard.endSec - 74.75), rendition.format).toBeLessThan(0.5);
      // Nothing lost or repeated where the files meet: every 100 ms of output is where it should be.
      expect(heard.maxDeviationSec, rendition.format).toBeLessThan(0.05);
    }
  });

  it('joins three files of three formats, the middle one whole', async () => {
    const result = await renderDialogue({
      sources: [
        { path: hour(0), fromMs: 50_000, toMs: 60_000 },
        { path: hour(1), fromMs: 0, toMs: 60_000 },
        { path: hour(2), fromMs: 0, toMs: 10_000 },
      ],
      outDir: outDir('three'),
      baseName: 'dialogue',
    });
    expect(result.durationMs).toBe(80_000);
    const heard = await analyseLoggerAudio(result.renditions.find((r) => r.format === 'mp3')!.path);
    expect(Math.abs(heard.startSec - 50)).toBeLessThan(0.5);
    expect(Math.abs(heard.endSec - 130)).toBeLessThan(0.5);
    expect(heard.maxDeviationSec).toBeLessThan(0.05);
  });

  it('writes a small mono Opus, a playable MP3 and a waveform of the right length', async () => {
    const out = outDir('formats');
    const result = await renderDialogue({
      sources: [{ path: hour(1), fromMs: 10_000, toMs: 40_000 }],
      outDir: out,
      baseName: 'd42',
      peaksPerSecond: 10,
    });
    expect(result.renditions.map((r) => [r.format, r.path, r.mimeType])).toEqual([
      ['opus', join(out, 'd42.opus'), 'audio/ogg; codecs=opus'],
      ['mp3', join(out, 'd42.mp3'), 'audio/mpeg'],
    ]);
    expect(result.peaksPath).toBe(join(out, 'd42.peaks.json'));
    expect((await readdir(out)).sort()).toEqual(['d42.mp3', 'd42.opus', 'd42.peaks.json']);

    const opus = await probe(join(out, 'd42.opus'));
    expect(opus).toMatchObject({ codec: 'opus', channels: 1, formatName: 'ogg' });
    expect(opus.bitRate).toBeLessThanOrEqual(32_000);
    expect(Math.abs(opus.durationMs - 30_000)).toBeLessThan(50);

    const mp3 = await probe(join(out, 'd42.mp3'));
    expect(mp3).toMatchObject({ codec: 'mp3', sampleRate: 44100, formatName: 'mp3' });
    expect(Math.abs(mp3.durationMs - 30_000)).toBeLessThan(50);
    for (const r of result.renditions) expect(r.bytes).toBeGreaterThan(1000);

    const peaks = JSON.parse(await readFile(result.peaksPath, 'utf8'));
    expect(peaks).toMatchObject({ version: 2, channels: 1, bits: 8 });
    expect(peaks.sample_rate / peaks.samples_per_pixel).toBe(10);
    expect(peaks.length).toBe(300);
    expect(peaks.data).toHaveLength(600);
    // A steady tone: every pixel swings well both ways, within 8-bit range.
    for (let i = 0; i < peaks.data.length; i += 2) {
      expect(peaks.data[i]).toBeLessThan(-10);
      expect(peaks.data[i + 1]).toBeGreaterThan(10);
      expect(peaks.data[i]).toBeGreaterThanOrEqual(-128);
      expect(peaks.data[i + 1]).toBeLessThanOrEqual(127);
    }
  });

  it.each([
    ['quiet', 0.045, -30],
    ['loud', 0.9, -5],
  ])('brings a %s source to −16 LUFS in both renditions', async (name, amplitude, sourceLufs) => {
    const source = await makeLoggerFile({
      path: join(dir, `${name}.wav`),
      format: 'wav',
      startSec: 0,
      durationSec: 20,
      amplitude,
    });
    expect(Math.abs((await measureLoudness(source)).integratedLufs - sourceLufs)).toBeLessThan(1);

    const result = await renderDialogue({
      sources: [{ path: source, fromMs: 0, toMs: 20_000 }],
      outDir: outDir(name),
      baseName: name,
    });
    expect(result.normalization).toBe('linear');
    expect(Math.abs(result.measuredLufs! - sourceLufs)).toBeLessThan(1);
    for (const rendition of result.renditions) {
      const loudness = await measureLoudness(rendition.path);
      expect(Math.abs(loudness.integratedLufs - -16), rendition.format).toBeLessThanOrEqual(1);
      expect(loudness.truePeakDbtp, rendition.format).toBeLessThan(-1);
    }
  });

  it('keeps peaks under the limit when one gain would clip them, and stays on target', async () => {
    // Quiet speech level with a few loud clicks: lifting it to −16 LUFS in one step would push
    // the clicks far past −1.5 dBTP, so loudnorm has to shape it.
    const source = join(dir, 'clicks.wav');
    await ffmpegRun([
      '-f', 'lavfi', '-i', 'sine=f=440:r=48000:d=20,volume=0.045',
      '-f', 'lavfi', '-i', "aevalsrc='0.9*lt(mod(t\\,5)\\,0.002)':s=48000:d=20",
      '-filter_complex', '[0][1]amix=inputs=2:weights=1 1', '-c:a', 'pcm_s16le', source,
    ]);
    const result = await renderDialogue({
      sources: [{ path: source, fromMs: 0, toMs: 20_000 }],
      outDir: outDir('clicks'),
      baseName: 'clicks',
    });
    expect(result.normalization).toBe('dynamic');
    for (const rendition of result.renditions) {
      const loudness = await measureLoudness(rendition.path);
      expect(Math.abs(loudness.integratedLufs - -16), rendition.format).toBeLessThanOrEqual(1);
      expect(loudness.truePeakDbtp, rendition.format).toBeLessThan(-0.5);
    }
  });

  it('leaves no file at all when aborted mid-encode, and rejects with the abort', async () => {
    const out = outDir('aborted');
    await mkdir(out, { recursive: true });
    const controller = new AbortController();
    // Abort as soon as the encode has started writing its temporary files.
    const watcher = setInterval(async () => {
      const names = await readdir(out).catch(() => []);
      if (names.some((n) => n.startsWith('.tmp-'))) controller.abort();
    }, 5);
    try {
      const rendering = renderDialogue(
        {
          sources: [0, 1, 2].map((n) => ({ path: hour(n), fromMs: 0, toMs: HOUR_SEC * 1000 })),
          outDir: out,
          baseName: 'dialogue',
        },
        controller.signal,
      );
      await expect(rendering).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      clearInterval(watcher);
    }
    expect(controller.signal.aborted).toBe(true);
    expect(await readdir(out)).toEqual([]);
  });

  it('does not start when already aborted', async () => {
    const out = outDir('pre-aborted');
    await expect(
      renderDialogue({ sources: [{ path: hour(0), fromMs: 0, toMs: 1000 }], outDir: out, baseName: 'x' }, AbortSignal.abort()),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(await readdir(out).catch(() => [])).toEqual([]);
  });

  it("fails with ffmpeg's own words when a source cannot be decoded, leaving nothing", async () => {
    const out = outDir('failed');
    const text = join(dir, 'notes.mp3');
    await writeFile(text, 'not audio at all\n'.repeat(100));
    const err = await renderDialogue({
      sources: [
        { path: hour(0), fromMs: 0, toMs: 5000 },
        { path: text, fromMs: 0, toMs: 5000 },
      ],
      outDir: out,
      baseName: 'dialogue',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AudioError);
    expect((err as AudioError).code).toBe('ffmpeg_failed');
    expect((err as AudioError).details.stderr).toMatch(/notes\.mp3/);
    expect(await readdir(out)).toEqual([]);
  });

  it('renders what there is when a span runs past the end of its file, and says how long it is', async () => {
    const result = await renderDialogue({
      sources: [{ path: hour(0), fromMs: 55_000, toMs: 65_000 }],
      outDir: outDir('short'),
      baseName: 'short',
    });
    expect(result.durationMs).toBe(5000);
  });

  it('refuses spans that hold no audio at all as empty, leaving nothing', async () => {
    const out = outDir('beyond');
    await expect(
      renderDialogue({ sources: [{ path: hour(0), fromMs: 70_000, toMs: 80_000 }], outDir: out, baseName: 'x' }),
    ).rejects.toMatchObject({ name: 'AudioError', code: 'empty' });
    expect(await readdir(out)).toEqual([]);
  });

  it('refuses spans that make no sense before running anything', async () => {
    await expect(
      renderDialogue({ sources: [{ path: hour(0), fromMs: 5000, toMs: 5000 }], outDir: outDir('bad'), baseName: 'x' }),
    ).rejects.toThrow(RangeError);
    await expect(
      renderDialogue({ sources: [{ path: hour(0), fromMs: 0, toMs: 5000 }], outDir: outDir('bad'), baseName: '../x' }),
    ).rejects.toThrow(RangeError);
  });
});

describe('cleaning up after a crash', () => {
  it('removes stray temporary files anywhere under a directory, and nothing else', async () => {
    const root = join(dir, 'media');
    await mkdir(join(root, 'dialogues', 'd1'), { recursive: true });
    const stray = [join(root, '.tmp-0123456789ab-d0.opus'), join(root, 'dialogues', 'd1', '.tmp-ba9876543210-d1.peaks.json')];
    const kept = [join(root, 'dialogues', 'd1', 'd1.mp3'), join(root, '.tmp-notours'), join(root, 'incoming.mp3')];
    for (const p of [...stray, ...kept]) await writeFile(p, 'x');

    expect((await cleanupTempFiles(root)).sort()).toEqual(stray.sort());
    expect((await readdir(root, { recursive: true })).sort()).toEqual(
      ['.tmp-notours', 'dialogues', join('dialogues', 'd1'), join('dialogues', 'd1', 'd1.mp3'), 'incoming.mp3'].sort(),
    );
  });

  it('spares temporary files young enough to belong to a render still running', async () => {
    const root = join(dir, 'busy');
    await mkdir(root, { recursive: true });
    const old = join(root, '.tmp-aaaaaaaaaaaa-old.mp3');
    const fresh = join(root, '.tmp-bbbbbbbbbbbb-fresh.mp3');
    await writeFile(old, 'x');
    await writeFile(fresh, 'x');
    const anHourAgo = new Date(Date.now() - 3600_000);
    await utimes(old, anHourAgo, anHourAgo);

    expect(await cleanupTempFiles(root, { olderThanMs: 600_000 })).toEqual([old]);
    expect(await readdir(root)).toEqual(['.tmp-bbbbbbbbbbbb-fresh.mp3']);
  });

  it('treats a directory that does not exist as clean', async () => {
    expect(await cleanupTempFiles(join(dir, 'never-created'))).toEqual([]);
  });
});
