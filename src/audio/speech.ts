// Audio prepared for speech recognition: a dialogue's rendition decoded to the raw PCM Whisper
// reads (s16le, 16 kHz, mono) in a temporary file, and the regions of it that may hold speech.
//
// Whisper invents text over anything that is not talk, so only the speech regions are sent
// to it (when no Silero VAD model is configured; with one, the engine decides). Two passes
// decide what is not talk, both during the one decode:
// - silence: ffmpeg's `silencedetect` (below −35 dBFS for at least 0.6 s), in the decode
//   itself, so it costs no second read;
// - loud but stationary sound: a steady tone, a test signal, a held note or drone of a jingle
//   bed. Talk changes level several times a second (syllables, pauses); such sounds do not.
//   The PCM is read once more in 100 ms windows, and a 2 s block whose window levels vary by
//   less than 1.5 dB (standard deviation) and whose zero-crossing rate varies by less than
//   10 % is not speech. Rhythmic music with a changing level passes this test and reaches
//   Whisper; the segment guards (no-speech probability) are the net for it.
// This analysis is a few arithmetic operations a sample, done in JavaScript in chunks of
// 64 KiB so the event loop stays free between them; ffmpeg's astats/aspectralstats would
// give the same figures through thousands of metadata lines to parse.
import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AudioError, command, runCommand, tools } from './ffmpeg.ts';
import { removeQuietly, tempPathFor } from './storage.ts';

export const PCM_SAMPLE_RATE = 16_000;
export type SpeechRegion = { fromMs: number; toMs: number };

const SILENCE_DB = -35;
const SILENCE_MIN_SEC = 0.6;
const WINDOW_MS = 100;
const BLOCK_WINDOWS = 20;
const STATIONARY_LEVEL_SD_DB = 1.5;
const STATIONARY_ZCR_VARIATION = 0.1;
/** Whisper needs a little context either side of a word; regions closer than this are joined. */
const REGION_PAD_MS = 200;
const REGION_JOIN_GAP_MS = 1000;
const REGION_MIN_MS = 300;

export type PreparedAudio = {
  /** Raw s16le 16 kHz mono; `remove()` deletes it. */
  pcmPath: string;
  durationMs: number;
  /** Silences ffmpeg found, in milliseconds from the start. */
  silences: SpeechRegion[];
  remove: () => Promise<void>;
};

function parseSilences(lines: string[], durationMs: number): SpeechRegion[] {
  const silences: SpeechRegion[] = [];
  let start: number | null = null;
  for (const line of lines) {
    const s = /silence_start: (-?[\d.]+)/.exec(line);
    if (s) start = Math.max(0, Math.round(Number(s[1]) * 1000));
    const e = /silence_end: ([\d.]+)/.exec(line);
    if (e && start !== null) {
      silences.push({ fromMs: start, toMs: Math.round(Number(e[1]) * 1000) });
      start = null;
    }
  }
  // A silence running to the end of the file never gets its silence_end line.
  if (start !== null) silences.push({ fromMs: start, toMs: durationMs });
  return silences;
}

/**
 * Decodes `inputPath` to PCM in a temporary file next to `nearPath` (so a crash leaves it
 * where start-up removes temporary files), finding its silences on the way.
 */
export async function decodeForSpeech(inputPath: string, nearPath: string, signal?: AbortSignal): Promise<PreparedAudio> {
  await tools();
  await mkdir(dirname(nearPath), { recursive: true });
  const pcmPath = tempPathFor(dirname(nearPath), 'speech.pcm');
  const lines: string[] = [];
  const cmd = command()
    .input(inputPath)
    .audioFilters(`silencedetect=noise=${SILENCE_DB}dB:d=${SILENCE_MIN_SEC}`)
    .outputOptions(['-vn', '-ac', '1', '-ar', String(PCM_SAMPLE_RATE), '-c:a', 'pcm_s16le', '-f', 's16le'])
    .output(pcmPath);
  // fluent-ffmpeg keeps only the last 100 lines; an hour can have more silences than that.
  cmd.on('stderr', (line: string) => {
    if (line.includes('silence_')) lines.push(line);
  });
  try {
    await runCommand(cmd, `decoding ${inputPath} for transcription`, signal);
  } catch (err) {
    await removeQuietly([pcmPath]);
    throw err;
  }
  const { size } = await stat(pcmPath);
  const durationMs = Math.floor((size / 2 / PCM_SAMPLE_RATE) * 1000);
  if (durationMs === 0) {
    await removeQuietly([pcmPath]);
    throw new AudioError('empty', `${inputPath} holds no audio to transcribe`, { path: inputPath });
  }
  return { pcmPath, durationMs, silences: parseSilences(lines, durationMs), remove: () => removeQuietly([pcmPath]) };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
};

/** Per 100 ms window of the PCM: its level (dBFS) and zero-crossing rate. */
async function windowFeatures(pcmPath: string, signal?: AbortSignal): Promise<{ levelDb: number[]; zcr: number[] }> {
  const samplesPerWindow = (PCM_SAMPLE_RATE * WINDOW_MS) / 1000;
  const levelDb: number[] = [];
  const zcr: number[] = [];
  let sumSquares = 0;
  let crossings = 0;
  let count = 0;
  let previous = 0;
  let carry: Buffer | null = null;
  for await (const chunk of createReadStream(pcmPath, { highWaterMark: 64 * 1024, signal })) {
    let data = chunk as Buffer;
    if (carry) {
      data = Buffer.concat([carry, data]);
      carry = null;
    }
    const whole = data.length - (data.length % 2);
    if (whole < data.length) carry = data.subarray(whole);
    for (let i = 0; i < whole; i += 2) {
      const sample = data.readInt16LE(i) / 32768;
      sumSquares += sample * sample;
      if ((sample >= 0) !== (previous >= 0)) crossings++;
      previous = sample;
      if (++count === samplesPerWindow) {
        levelDb.push(10 * Math.log10(sumSquares / count + 1e-12));
        zcr.push(crossings / count);
        sumSquares = 0;
        crossings = 0;
        count = 0;
      }
    }
    // Hand the event loop back between chunks: requests are served while an hour is read.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { levelDb, zcr };
}

/** Which 2 s blocks hold a loud sound that barely changes: not talk. */
function stationaryBlocks(features: { levelDb: number[]; zcr: number[] }): SpeechRegion[] {
  const blocks: SpeechRegion[] = [];
  for (let start = 0; start + BLOCK_WINDOWS <= features.levelDb.length; start += BLOCK_WINDOWS) {
    const levels = features.levelDb.slice(start, start + BLOCK_WINDOWS);
    const zcrs = features.zcr.slice(start, start + BLOCK_WINDOWS);
    const zcrMean = mean(zcrs);
    const steadyZcr = zcrMean === 0 || sd(zcrs) / zcrMean < STATIONARY_ZCR_VARIATION;
    if (sd(levels) < STATIONARY_LEVEL_SD_DB && steadyZcr) {
      blocks.push({ fromMs: start * WINDOW_MS, toMs: (start + BLOCK_WINDOWS) * WINDOW_MS });
    }
  }
  return blocks;
}

/** [0, duration) without the given spans, joined where the gaps are short, padded. */
function complement(durationMs: number, excluded: SpeechRegion[]): SpeechRegion[] {
  const sorted = [...excluded].sort((a, b) => a.fromMs - b.fromMs);
  const kept: SpeechRegion[] = [];
  let cursor = 0;
  for (const span of sorted) {
    if (span.fromMs > cursor) kept.push({ fromMs: cursor, toMs: span.fromMs });
    cursor = Math.max(cursor, span.toMs);
  }
  if (cursor < durationMs) kept.push({ fromMs: cursor, toMs: durationMs });
  const joined: SpeechRegion[] = [];
  for (const r of kept.filter((r) => r.toMs - r.fromMs >= REGION_MIN_MS)) {
    const padded = { fromMs: Math.max(0, r.fromMs - REGION_PAD_MS), toMs: Math.min(durationMs, r.toMs + REGION_PAD_MS) };
    const last = joined[joined.length - 1];
    if (last && padded.fromMs - last.toMs <= REGION_JOIN_GAP_MS) last.toMs = padded.toMs;
    else joined.push(padded);
  }
  return joined;
}

/** The regions of prepared audio that may hold talk: neither silent nor stationary. */
export async function speechRegions(audio: PreparedAudio, signal?: AbortSignal): Promise<SpeechRegion[]> {
  const stationary = stationaryBlocks(await windowFeatures(audio.pcmPath, signal));
  return complement(audio.durationMs, [...audio.silences, ...stationary]);
}
