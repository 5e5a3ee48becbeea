// Reading recordings: format, true length, and refusing what is empty, not audio or damaged.
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioError, probe } from '../../src/audio/ffmpeg.ts';
import { ffmpegRun, makeLoggerFile, makeTempDir, type LoggerFormat } from '../helpers/audio.ts';

// Short stand-ins for hourly logger files: 60 s each keeps the suite quick.
const LENGTH_SEC = 60;

let dir: string;
let remove: () => Promise<void>;

beforeAll(async () => {
  ({ dir, remove } = await makeTempDir());
  await Promise.all(
    (['mp3', 'wav', 'flac', 'opus'] as const).map((format) =>
      makeLoggerFile({ path: join(dir, `hour.${format}`), format, startSec: 0, durationSec: LENGTH_SEC }),
    ),
  );
});

afterAll(() => remove());

async function probeError(path: string): Promise<AudioError> {
  const err = await probe(path).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AudioError);
  return err as AudioError;
}

/** The first `fraction` of a file, as a recorder that died mid-write would leave it. */
async function truncatedCopy(from: string, to: string, fraction: number): Promise<string> {
  const bytes = await readFile(from);
  await writeFile(to, bytes.subarray(0, Math.floor(bytes.length * fraction)));
  return to;
}

describe('probing a recording', () => {
  it.each([
    ['mp3', 'mp3', 44100],
    ['wav', 'pcm_s16le', 44100],
    ['flac', 'flac', 48000],
    ['opus', 'opus', 48000],
  ] as [LoggerFormat, string, number][])('reads a %s logger file: codec, rate, channels and length', async (format, codec, rate) => {
    const info = await probe(join(dir, `hour.${format}`));
    expect(info).toMatchObject({ codec, sampleRate: rate, channels: 2 });
    expect(info.durationMs).toBeGreaterThanOrEqual(LENGTH_SEC * 1000 - 30);
    expect(info.durationMs).toBeLessThanOrEqual(LENGTH_SEC * 1000 + 60);
    expect(info.formatName).toBeTruthy();
    expect(info.creationTime).toBeNull();
  });

  it('gives the bitrate of a compressed file', async () => {
    const info = await probe(join(dir, 'hour.mp3'));
    expect(info.bitRate).toBeGreaterThan(120_000);
    expect(info.bitRate).toBeLessThan(136_000);
  });

  it('reads the origination date and time of a broadcast WAV as its creation time', async () => {
    const path = join(dir, 'bwf.wav');
    await ffmpegRun([
      '-f', 'lavfi', '-i', 'sine=d=2', '-write_bext', '1',
      '-metadata', 'origination_date=2021-09-08', '-metadata', 'origination_time=09:00:00', path,
    ]);
    expect((await probe(path)).creationTime).toBe('2021-09-08T09:00:00');
  });

  it('refuses a zero-byte file as empty', async () => {
    const path = join(dir, 'zero.mp3');
    await writeFile(path, '');
    expect((await probeError(path)).code).toBe('empty');
  });

  it('refuses a text file named .mp3 as not audio', async () => {
    const path = join(dir, 'notes.mp3');
    await writeFile(path, 'Daftar narasumber:\nSuliwati\nElyanie\n'.repeat(50));
    const err = await probeError(path);
    expect(err.code).toBe('not_audio');
    expect(err.details.path).toBe(path);
  });

  it('refuses an image named .mp3 as not audio, naming what it found', async () => {
    const path = join(dir, 'picture.mp3');
    await ffmpegRun(['-f', 'lavfi', '-i', 'testsrc=d=1', '-frames:v', '1', '-f', 'image2', '-c:v', 'png', path]);
    const err = await probeError(path);
    expect(err.code).toBe('not_audio');
    expect(err.message).toMatch(/no audio stream.*video/);
  });

  it('refuses an MP3 cut in half as corrupt: its header still declares the full hour', async () => {
    const path = await truncatedCopy(join(dir, 'hour.mp3'), join(dir, 'half.mp3'), 0.5);
    const err = await probeError(path);
    expect(err.code).toBe('corrupt');
    expect(err.message).toMatch(/declares 60\.\d s .* only 3\d\.\d s/);
  });

  it('refuses a FLAC file cut short as corrupt', async () => {
    const path = await truncatedCopy(join(dir, 'hour.flac'), join(dir, 'short.flac'), 0.4);
    expect((await probeError(path)).code).toBe('corrupt');
  });

  it('refuses an MP3 of which only the first bytes arrived as corrupt', async () => {
    const path = await truncatedCopy(join(dir, 'hour.mp3'), join(dir, 'stub.mp3'), 0.0003);
    expect((await probeError(path)).code).toBe('corrupt');
  });

  it('accepts a stream-written MP3 that stops mid-frame, with the length it really has', async () => {
    // Loggers that write MP3 as a stream put no length in a header; such a file cut short is
    // just a shorter recording, and must report how long it really is.
    const streamed = join(dir, 'streamed.mp3');
    await ffmpegRun(['-i', join(dir, 'hour.mp3'), '-c', 'copy', '-write_xing', '0', streamed]);
    const bytes = await readFile(streamed);
    const path = join(dir, 'streamed-cut.mp3');
    await writeFile(path, bytes.subarray(0, Math.floor(bytes.length / 3) + 123));
    const info = await probe(path);
    expect(info.durationMs).toBeGreaterThan(19_500);
    expect(info.durationMs).toBeLessThan(20_500);
  });

  it('lets a missing file fail as such', async () => {
    await expect(probe(join(dir, 'nope.mp3'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('copes with a file whose name says nothing of its format', async () => {
    const path = join(dir, 'recording-without-extension');
    await copyFile(join(dir, 'hour.flac'), path);
    expect((await probe(path)).codec).toBe('flac');
  });
});
