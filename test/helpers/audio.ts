// Generated "logger" recordings whose content says what instant it was recorded at, and the
// analysis that reads that instant back from any rendition: tests check a cut by what it
// sounds like, not merely by its duration.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { resolveFfmpeg } from '../../src/audio/ffmpeg.ts';

const run = promisify(execFile);

// The signal is a linear chirp over "station time" τ (seconds since the first file began):
// instantaneous frequency 200 Hz + 10 Hz/s × τ, phase-continuous across files. Measuring the
// frequency of any 100 ms of output therefore gives τ to a few milliseconds, with no ambiguity
// for up to 180 s of station time (2 kHz, well inside every codec's passband).
const CHIRP_BASE_HZ = 200;
const CHIRP_HZ_PER_SECOND = 10;
const CHIRP_MAX_SECONDS = 180;

export type LoggerFormat = 'mp3' | 'wav' | 'flac' | 'opus';

const encoders: Record<LoggerFormat, { rate: number; args: string[] }> = {
  // Logger-like settings: stereo, the rates and bitrates recorders actually use.
  mp3: { rate: 44100, args: ['-c:a', 'libmp3lame', '-b:a', '128k', '-compression_level', '7'] },
  wav: { rate: 44100, args: ['-c:a', 'pcm_s16le'] },
  flac: { rate: 48000, args: ['-c:a', 'flac'] },
  opus: { rate: 48000, args: ['-c:a', 'libopus', '-b:a', '64k', '-f', 'ogg'] },
};

let tools: ReturnType<typeof resolveFfmpeg> | undefined;

async function ffmpegPath(): Promise<string> {
  tools ??= resolveFfmpeg();
  return (await tools).ffmpegPath;
}

/** Runs ffmpeg with the given arguments (quiet, overwriting), for one-off test files. */
export async function ffmpegRun(args: string[]): Promise<void> {
  await run(await ffmpegPath(), ['-hide_banner', '-v', 'error', '-y', ...args]);
}

export async function makeTempDir(prefix = 'siaran-audio-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Writes one logger file covering station time [startSec, startSec + durationSec).
 * `amplitude` sets the level: 0.9 is about −5 LUFS, 0.5 about −10, 0.045 about −31.
 */
export async function makeLoggerFile(opts: {
  path: string;
  format: LoggerFormat;
  startSec: number;
  durationSec: number;
  amplitude?: number;
}): Promise<string> {
  const { path, format, startSec, durationSec, amplitude = 0.5 } = opts;
  if (startSec + durationSec > CHIRP_MAX_SECONDS) throw new Error(`the chirp encodes only ${CHIRP_MAX_SECONDS} s of station time`);
  const enc = encoders[format];
  const tau = `(t+${startSec})`;
  const expr = `${amplitude}*sin(2*PI*(${CHIRP_BASE_HZ}*${tau}+${CHIRP_HZ_PER_SECOND / 2}*${tau}*${tau}))`;
  await ffmpegRun(['-f', 'lavfi', '-i', `aevalsrc=${expr}:s=${enc.rate}:d=${durationSec}`, '-ac', '2', ...enc.args, path]);
  return path;
}

/** Decodes any audio file to mono float samples at `rate`. */
export async function decodeMono(path: string, rate: number): Promise<Float32Array> {
  const proc = spawn(await ffmpegPath(), [
    '-hide_banner', '-v', 'error', '-i', path, '-ac', '1', '-ar', String(rate), '-f', 'f32le', 'pipe:1',
  ]);
  const chunks: Buffer[] = [];
  let stderr = '';
  proc.stdout.on('data', (c: Buffer) => chunks.push(c));
  proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    proc.on('error', reject);
    proc.on('close', resolve);
  });
  if (code !== 0) throw new Error(`decoding ${path} failed: ${stderr}`);
  const buf = Buffer.concat(chunks);
  return new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
}

/** What an output holds, assuming it is one continuous stretch of station time (see maxDeviationSec). */
export interface LoggerTimeline {
  /** Station time of the output's first sample. */
  startSec: number;
  /** Station time just after the output's last sample. */
  endSec: number;
  /** Length of the output itself. */
  durationSec: number;
  /**
   * Largest disagreement between a window's measured station time and the one a continuous cut
   * predicts: a gap or a repeat at a file boundary shows up here.
   */
  maxDeviationSec: number;
  /** Windows in which no chirp could be measured (silence, noise): there should be none. */
  unreadableWindows: number;
}

const ANALYSIS_RATE = 16000;
const WINDOW_SEC = 0.1;

/** Frequency of a sine in `x[from, to)`, from the spacing of its interpolated rising zero crossings. */
function windowFrequency(x: Float32Array, from: number, to: number, rate: number): number | null {
  let first = -1;
  let last = -1;
  let count = 0;
  for (let i = from + 1; i < to; i++) {
    const a = x[i - 1]!;
    const b = x[i]!;
    if (a < 0 && b >= 0) {
      const t = i - 1 + a / (a - b);
      if (first < 0) first = t;
      last = t;
      count++;
    }
  }
  if (count < 3) return null;
  return ((count - 1) * rate) / (last - first);
}

/** Reads back which station instants an output file holds. */
export async function analyseLoggerAudio(path: string): Promise<LoggerTimeline> {
  const x = await decodeMono(path, ANALYSIS_RATE);
  const win = Math.round(WINDOW_SEC * ANALYSIS_RATE);
  const points: { outSec: number; tau: number }[] = [];
  let unreadable = 0;
  for (let from = 0; from + win <= x.length; from += win) {
    const f = windowFrequency(x, from, from + win, ANALYSIS_RATE);
    if (f === null || f < CHIRP_BASE_HZ - 5) {
      unreadable++;
      continue;
    }
    points.push({ outSec: (from + win / 2) / ANALYSIS_RATE, tau: (f - CHIRP_BASE_HZ) / CHIRP_HZ_PER_SECOND });
  }
  if (points.length === 0) throw new Error(`${path}: no chirp found`);
  // Station time runs at the same speed as output time in a correct cut, so every window
  // estimates the same offset; the median is immune to the odd window spoiled by a codec transient.
  const offsets = points.map((p) => p.tau - p.outSec).sort((a, b) => a - b);
  const offset = offsets[Math.floor(offsets.length / 2)]!;
  const maxDeviationSec = Math.max(...points.map((p) => Math.abs(p.tau - p.outSec - offset)));
  const durationSec = x.length / ANALYSIS_RATE;
  return { startSec: offset, endSec: offset + durationSec, durationSec, maxDeviationSec, unreadableWindows: unreadable };
}
