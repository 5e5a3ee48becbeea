// Everything Siaran does with ffmpeg: finding the binaries, reading what a recording is,
// cutting a dialogue out of logger files into normalised renditions with a waveform, and
// measuring loudness. The only module that knows ffmpeg exists and imports fluent-ffmpeg.
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, open, stat, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { promisify } from 'node:util';
import ffmpeg from 'fluent-ffmpeg';
import type { FfmpegCommand, FfprobeData } from 'fluent-ffmpeg';
import { cleanupTempFiles, commitTempFile, removeQuietly, tempPathFor } from './storage.ts';

export { cleanupTempFiles };

const execFileP = promisify(execFile);

export type AudioErrorCode =
  | 'empty' // nothing to hear: a zero-byte file, or spans holding no audio
  | 'not_audio' // not an audio file at all (text, an image, a video without sound)
  | 'corrupt' // an audio file that cannot be read, or holds less than its header declares
  | 'ffmpeg_unavailable'
  | 'ffmpeg_failed';

export class AudioError extends Error {
  constructor(
    readonly code: AudioErrorCode,
    message: string,
    readonly details: { path?: string; stderr?: string } = {},
  ) {
    super(message);
    this.name = 'AudioError';
  }
}

// ---------------------------------------------------------------------------------------------
// Finding ffmpeg

export type FfmpegSource = 'env' | 'system' | 'npm';

export interface FfmpegTools {
  ffmpegPath: string;
  ffprobePath: string;
  /** Where ffmpeg (not ffprobe) was found. */
  source: FfmpegSource;
  /** ffmpeg's own version string, e.g. "5.1.6-0+deb12u1" or "N-47683-g0e8eb07980-static". */
  version: string;
}

// A build without these would only fail once a render is half done; skip it up front.
const REQUIRED_BUILD_FLAGS = ['--enable-libopus', '--enable-libmp3lame'];

function reasonOf(err: unknown): string {
  if (err instanceof Error) return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : err.message;
  return String(err);
}

async function versionOf(path: string, tool: 'ffmpeg' | 'ffprobe'): Promise<string> {
  const { stdout } = await execFileP(path, ['-version'], { timeout: 15_000 });
  const match = /^(\S+) version (\S+)/.exec(stdout);
  if (!match || match[1] !== tool) throw new Error(`"${path} -version" tidak menjawab seperti ${tool}`);
  if (tool === 'ffmpeg') {
    const missing = REQUIRED_BUILD_FLAGS.filter((flag) => !stdout.includes(flag));
    if (missing.length > 0) throw new Error(`dibuat tanpa ${missing.join(' ')}`);
  }
  return match[2]!;
}

async function onPath(name: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

async function npmBinary(pkg: '@ffmpeg-installer/ffmpeg' | '@ffprobe-installer/ffprobe'): Promise<string> {
  // These packages throw (a string, not an Error) on platforms they have no binary for.
  const mod = (await import(pkg)) as { default: { path: string } };
  return mod.default.path;
}

interface Candidate {
  label: string;
  source: FfmpegSource;
  path: () => Promise<string | null>;
}

async function firstWorking(
  tool: 'ffmpeg' | 'ffprobe',
  candidates: Candidate[],
  tried: string[],
): Promise<{ path: string; source: FfmpegSource; version: string } | null> {
  for (const candidate of candidates) {
    let path: string | null = null;
    try {
      path = await candidate.path();
      if (path === null) {
        tried.push(`${candidate.label}: tidak ditemukan`);
        continue;
      }
      return { path, source: candidate.source, version: await versionOf(path, tool) };
    } catch (err) {
      tried.push(`${candidate.label}${path ? ` (${path})` : ''}: ${reasonOf(err)}`);
    }
  }
  return null;
}

let active: Promise<FfmpegTools> | undefined;

/**
 * Finds a working ffmpeg and ffprobe and configures fluent-ffmpeg with them. Order:
 * FFMPEG_PATH / FFPROBE_PATH, then ffmpeg / ffprobe on PATH, then the npm-installed static
 * builds. A path set in the environment is a deliberate choice, so if it does not work this
 * throws instead of quietly falling back to another build. Every candidate is run with
 * `-version`; an ffmpeg without libopus or libmp3lame is passed over.
 */
export async function resolveFfmpeg(env: NodeJS.ProcessEnv = process.env): Promise<FfmpegTools> {
  const tried: string[] = [];
  const explicit = (variable: 'FFMPEG_PATH' | 'FFPROBE_PATH'): Candidate[] => {
    const value = env[variable];
    return value ? [{ label: variable, source: 'env', path: async () => value }] : [];
  };
  const fail = (what: string): never => {
    throw new AudioError(
      'ffmpeg_unavailable',
      `${what}. Yang dicoba: ${tried.join('; ')}. Pasang ffmpeg (mis. apt-get install ffmpeg), ` +
        'pasang ulang dependensi npm, atau atur FFMPEG_PATH dan FFPROBE_PATH.',
    );
  };

  const ffmpegCandidates: Candidate[] = env.FFMPEG_PATH
    ? explicit('FFMPEG_PATH')
    : [
        { label: 'ffmpeg di PATH', source: 'system', path: () => onPath('ffmpeg', env) },
        { label: '@ffmpeg-installer/ffmpeg', source: 'npm', path: () => npmBinary('@ffmpeg-installer/ffmpeg') },
      ];
  const found = await firstWorking('ffmpeg', ffmpegCandidates, tried);
  if (!found) return fail(env.FFMPEG_PATH ? `FFMPEG_PATH=${env.FFMPEG_PATH} bukan ffmpeg yang dapat dipakai` : 'Tidak ada ffmpeg yang dapat dipakai');

  const probeCandidates: Candidate[] = env.FFPROBE_PATH
    ? explicit('FFPROBE_PATH')
    : [
        // The ffprobe shipped beside the chosen ffmpeg comes from the same build.
        {
          label: 'ffprobe di samping ffmpeg',
          source: found.source,
          path: async () => {
            const sibling = join(dirname(found.path), 'ffprobe');
            return (await access(sibling, constants.X_OK).then(() => true, () => false)) ? sibling : null;
          },
        },
        { label: 'ffprobe di PATH', source: 'system', path: () => onPath('ffprobe', env) },
        { label: '@ffprobe-installer/ffprobe', source: 'npm', path: () => npmBinary('@ffprobe-installer/ffprobe') },
      ];
  const probeFound = await firstWorking('ffprobe', probeCandidates, tried);
  if (!probeFound) {
    return fail(env.FFPROBE_PATH ? `FFPROBE_PATH=${env.FFPROBE_PATH} bukan ffprobe yang dapat dipakai` : 'Tidak ada ffprobe yang dapat dipakai');
  }

  const tools: FfmpegTools = {
    ffmpegPath: found.path,
    ffprobePath: probeFound.path,
    source: found.source,
    version: found.version,
  };
  ffmpeg.setFfmpegPath(tools.ffmpegPath);
  ffmpeg.setFfprobePath(tools.ffprobePath);
  active = Promise.resolve(tools);
  return tools;
}

/** The tools in use, resolved from the process environment on first need. */
export function tools(): Promise<FfmpegTools> {
  active ??= resolveFfmpeg().catch((err: unknown) => {
    // Let a later call try again (e.g. once the operator has installed ffmpeg).
    active = undefined;
    throw err;
  });
  return active;
}

// ---------------------------------------------------------------------------------------------
// Running ffmpeg

const STDERR_TAIL_CHARS = 3000;

function tail(text: string | null | undefined): string {
  const t = (text ?? '').trimEnd();
  return t.length > STDERR_TAIL_CHARS ? t.slice(-STDERR_TAIL_CHARS) : t;
}

/** A command with the options every run wants. */
export function command(): FfmpegCommand {
  // -nostdin: ffmpeg would otherwise read keystrokes from the pipe fluent-ffmpeg gives it.
  return ffmpeg().addOption(['-hide_banner', '-nostdin', '-nostats']);
}

/**
 * Runs a command to completion; resolves with its stdout and stderr (the last lines of each).
 * An abort kills ffmpeg and rejects with the signal's reason once the process has exited, so
 * the caller can remove the files it was writing.
 */
export function runCommand(cmd: FfmpegCommand, what: string, signal?: AbortSignal): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let spawned = false;
    const onAbort = () => {
      if (spawned) cmd.kill('SIGKILL');
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    cmd.on('start', () => {
      spawned = true;
      // fluent-ffmpeg spawns asynchronously: an abort may have come in between.
      if (signal?.aborted) cmd.kill('SIGKILL');
    });
    cmd.on('error', (err: Error, _stdout: string | null, stderr: string | null) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) reject(signal.reason);
      else reject(new AudioError('ffmpeg_failed', `${what}: ${err.message}`, { stderr: tail(stderr) }));
    });
    cmd.on('end', (stdout: string | null, stderr: string | null) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) reject(signal.reason);
      else resolve({ stdout: stdout ?? '', stderr: stderr ?? '' });
    });
    cmd.run();
  });
}

// ---------------------------------------------------------------------------------------------
// Reading a recording

export interface AudioInfo {
  durationMs: number;
  codec: string;
  sampleRate: number;
  channels: number;
  /** ffmpeg's demuxer name(s), e.g. "mp3", "wav", "ogg", "mov,mp4,m4a,3gp,3g2,mj2". */
  formatName: string;
  bitRate: number | null;
  /**
   * The creation time the file itself declares, as written there (an ISO string from MP4/Ogg
   * tags, or the BWF origination date and time of a broadcast WAV, which has no zone). Recorders
   * disagree on its meaning: a hint, never a substitute for the file name's start time.
   */
  creationTime: string | null;
}

// When the header-declared length and what can actually be read disagree by more than this, the
// file is truncated. Larger than any real packet (FLAC's longest frames are about 1.4 s) and than
// the rounding of bitrate-based estimates for constant-bitrate MP3.
const TRUNCATION_TOLERANCE_SEC = 1.5;

function numberOrNull(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

function ffprobeData(path: string): Promise<FfprobeData> {
  return new Promise((resolve, reject) => ffmpeg.ffprobe(path, (err: unknown, data) => (err ? reject(err) : resolve(data))));
}

// Signatures of the containers recorders write: a file that starts like one of these but that
// ffprobe rejects is a damaged recording, anything else is something that was never audio.
async function looksLikeAudioContainer(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  const head = Buffer.alloc(12);
  try {
    await handle.read(head, 0, 12, 0);
  } finally {
    await handle.close();
  }
  const ascii = (from: number, to: number) => head.toString('latin1', from, to);
  return (
    ['ID3', 'fLa', 'Ogg', 'FOR', 'RIF', 'RF6', 'wvp', 'MAC', '#!A'].includes(ascii(0, 3)) ||
    ascii(4, 8) === 'ftyp' ||
    head.readUInt32BE(0) === 0x1a45dfa3 || // Matroska / WebM
    head.readUInt32BE(0) === 0x3026b275 || // ASF / WMA
    (head[0] === 0xff && (head[1]! & 0xe0) === 0xe0) // an MPEG audio frame (MP3, MP2, ADTS AAC)
  );
}

/**
 * How much audio the file really holds, in seconds, found by decoding it all (about 5 s for an
 * hour of MP3). Decoding rather than counting packets: the packets of an MP3 or Opus file include
 * the encoder's delay and padding (29 ms and 6.5 ms here), which the decoder drops, and a
 * recording's timeline is what the decoder gives. A cut across a file boundary would otherwise
 * skip those milliseconds of the next file. Also catches the truncated file whose header still
 * declares the full length (an MP3 with a Xing/Info frame count, FLAC's STREAMINFO).
 */
async function readableSeconds(path: string): Promise<number> {
  const cmd = command()
    .input(path)
    .output('-')
    .outputOptions(['-map', '0:a:0', '-f', 'null', '-v', 'error', '-progress', 'pipe:1']);
  const { stdout } = await runCommand(cmd, `reading ${path}`);
  const times = [...stdout.matchAll(/out_time=(-?)(\d+):(\d+):([\d.]+)/g)];
  const last = times.at(-1);
  if (!last || last[1] === '-') return 0;
  return Number(last[2]) * 3600 + Number(last[3]) * 60 + Number(last[4]);
}

/**
 * Reads format, stream parameters and true length of a recording.
 *
 * Throws AudioError `empty` for a zero-byte file or one without a single audio packet,
 * `not_audio` for anything ffprobe does not recognise as audio, and `corrupt` when the file
 * starts like an audio container but cannot be read, or holds clearly less audio than its header
 * declares (a truncated MP3 with an Info frame or a truncated FLAC). Nothing is decoded: damage
 * inside frames is concealed by the decoder at render time and not reported here, and a file
 * cut off without a header declaring its length (a stream-written MP3, Ogg) is simply a shorter
 * file, reported with the length it really has.
 */
export async function probe(path: string): Promise<AudioInfo> {
  await tools();
  const { size } = await stat(path);
  if (size === 0) throw new AudioError('empty', `${path} is empty (0 bytes)`, { path });

  let data: FfprobeData;
  try {
    data = await ffprobeData(path);
  } catch (err) {
    const stderr = tail(reasonOf(err));
    if (await looksLikeAudioContainer(path)) {
      throw new AudioError('corrupt', `${path} looks like an audio file but cannot be read`, { path, stderr });
    }
    throw new AudioError('not_audio', `${path} is not an audio file`, { path, stderr });
  }

  const stream = data.streams.find((s) => s.codec_type === 'audio');
  if (!stream) {
    const found = data.streams.map((s) => `${s.codec_type} ${s.codec_name}`).join(', ') || 'no streams';
    throw new AudioError('not_audio', `${path} has no audio stream (${found})`, { path });
  }

  let readable: number;
  try {
    readable = await readableSeconds(path);
  } catch (err) {
    throw new AudioError('corrupt', `${path} cannot be read to the end`, {
      path,
      stderr: err instanceof AudioError ? err.details.stderr : reasonOf(err),
    });
  }
  const declared = numberOrNull(data.format.duration) ?? numberOrNull(stream.duration);
  if (readable === 0 && !declared) throw new AudioError('empty', `${path} holds no audio`, { path });
  // A declared length well beyond what decodes is a truncated file; one short of it is only a
  // bitrate estimate (VBR without a header).
  if (declared !== null && declared > readable + TRUNCATION_TOLERANCE_SEC) {
    throw new AudioError(
      'corrupt',
      `${path} declares ${declared.toFixed(1)} s of audio but only ${readable.toFixed(1)} s can be read (truncated?)`,
      { path },
    );
  }
  const seconds = readable;

  return {
    durationMs: Math.round(seconds * 1000),
    codec: stream.codec_name ?? 'unknown',
    sampleRate: numberOrNull(stream.sample_rate) ?? 0,
    channels: numberOrNull(stream.channels) ?? 0,
    formatName: data.format.format_name ?? 'unknown',
    bitRate: numberOrNull(data.format.bit_rate) ?? numberOrNull(stream.bit_rate),
    creationTime: declaredCreationTime({ ...stream.tags, ...data.format.tags }),
  };
}

function declaredCreationTime(raw: Record<string, unknown>): string | null {
  const tags = new Map(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), String(v)]));
  const time = tags.get('creation_time') ?? tags.get('origination_time');
  // ffmpeg reports a broadcast WAV's origination date and time as separate `date` and bare
  // `creation_time` tags; put them back together.
  const date = tags.get('origination_date') ?? tags.get('date');
  if (time && date && /^\d\d[:.-]\d\d[:.-]\d\d$/.test(time) && /^\d{4}-\d\d-\d\d$/.test(date)) {
    return `${date}T${time.replace(/[.-]/g, ':')}`;
  }
  return time ?? null;
}

// ---------------------------------------------------------------------------------------------
// Loudness

export interface Loudness {
  /**
   * Integrated loudness (EBU R128 / ITU-R BS.1770), LUFS; -70, the absolute gate, when nothing
   * rises above it (silence, or less than one 400 ms measuring block).
   */
  integratedLufs: number;
  /** Maximum true peak, dBTP; -Infinity for silence. */
  truePeakDbtp: number;
  /** Loudness range, LU. */
  rangeLu: number;
  /** The relative gate of the integrated measurement, LUFS (loudnorm's measured_thresh). */
  thresholdLufs: number;
}

// ebur128 rather than loudnorm's analysis mode: the same BS.1770 measurements, but loudnorm
// runs its whole dynamic processor at 192 kHz while analysing, which made the analysis pass
// about four times slower (12 s against 2.8 s per 10 minutes of audio on the dev machine).
const EBUR128 = 'ebur128=peak=true:framelog=verbose';

function parseEbur128(stderr: string): Loudness {
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const value = (re: RegExp): number => {
    const m = re.exec(summary);
    if (!m) throw new AudioError('ffmpeg_failed', 'ebur128 printed no loudness summary', { stderr: tail(stderr) });
    return m[1] === '-inf' ? -Infinity : Number(m[1]);
  };
  return {
    integratedLufs: value(/Integrated loudness:\s+I:\s+(-inf|-?[\d.]+) LUFS/),
    thresholdLufs: value(/Integrated loudness:\s+I:[^\n]*\n\s+Threshold:\s+(-inf|-?[\d.]+) LUFS/),
    rangeLu: value(/Loudness range:\s+LRA:\s+(-inf|-?[\d.]+) LU/),
    truePeakDbtp: value(/True peak:\s+Peak:\s+(-inf|-?[\d.]+) dBFS/),
  };
}

/** Measures a file's loudness as it is, all channels, as a player would hear it. */
export async function measureLoudness(path: string, signal?: AbortSignal): Promise<Loudness> {
  await tools();
  const cmd = command()
    .input(path)
    .complexFilter(`[0:a:0]${EBUR128}`)
    .output('-')
    .outputOptions(['-f', 'null']);
  const { stderr } = await runCommand(cmd, `measuring loudness of ${path}`, signal);
  return parseEbur128(stderr);
}

// ---------------------------------------------------------------------------------------------
// Rendering a dialogue

export interface FileSpan {
  path: string;
  /** Offset of the span's start from the file's first sample. */
  fromMs: number;
  toMs: number;
}

/** Silence standing in for time no recording covers, so what follows keeps its place in time. */
export interface SilenceSpan {
  silenceMs: number;
}

export type SourceSpan = FileSpan | SilenceSpan;

const isSilence = (span: SourceSpan): span is SilenceSpan => 'silenceMs' in span;

export interface RenderOptions {
  /** Spans in playing order; consecutive logger files give consecutive spans. */
  sources: SourceSpan[];
  outDir: string;
  /** Final files are `<baseName>.opus`, `<baseName>.mp3`, `<baseName>.peaks.json`. */
  baseName: string;
  targetLufs?: number;
  truePeak?: number;
  peaksPerSecond?: number;
}

export interface Rendition {
  format: 'opus' | 'mp3';
  path: string;
  bytes: number;
  mimeType: string;
}

export interface RenderResult {
  /** Length of what was rendered, counted in samples: compare with the spans asked for. */
  durationMs: number;
  renditions: Rendition[];
  peaksPath: string;
  /** Integrated loudness of the joined span before normalisation; null when silent (or under 0.4 s). */
  measuredLufs: number | null;
  /**
   * `linear`: one gain for the whole dialogue. `dynamic`: that gain would have pushed peaks
   * past the true-peak limit, so loudnorm's compressor shaped it. `none`: silence, left as it is.
   */
  normalization: 'linear' | 'dynamic' | 'none';
}

// The working format between the join and the encoders: Opus's native rate, and mono because
// the archive holds speech for phones; downmixing first halves the work of every later filter.
const WORK_RATE = 48000;
const MP3_RATE = 44100;
// Waveform peaks are taken from a low-rate copy: a display of 10 values a second loses nothing.
const PEAKS_RATE_APPROX = 8000;
const LOUDNESS_RANGE_TARGET = 11;

// Opus at 24 kb/s is transparent enough for speech on a slow phone connection; its encoder
// keeps its full effort, as this is the copy where bits are scarce. The MP3 is the copy every
// player and podcast app takes: constant bitrate so that players, which seek an MP3 by byte
// position, land exactly where a transcript line says; LAME's quality 5 (its command line's
// default) instead of the library's 3 saves a sixth of the encode with no audible change at 64 kb/s.
const OPUS_OPTIONS = ['-c:a', 'libopus', '-b:a', '24k', '-f', 'ogg'];
const MP3_OPTIONS = ['-c:a', 'libmp3lame', '-b:a', '64k', '-compression_level', '5', '-f', 'mp3'];

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

// Decoded and thrown away before each span: the first frame an MP3 decoder sees after a seek
// comes out silent (its bit reservoir lives in the frame before); without this the first
// ~26 ms of a span cut from an MP3 were lost.
const PREROLL_MS = 500;

/**
 * The cut and the join, as inputs plus a filter graph ending in [joined].
 *
 * Each span is its own input, seeked with -ss/-t before -i to just before the span, so an
 * hour-long file costs no decoding up to it; atrim then drops the pre-roll on exact sample
 * timestamps. The spans are brought to one format and joined by the concat *filter*, which joins
 * decoded audio and therefore accepts an hour of MP3 followed by an hour of WAV or FLAC. The
 * concat *demuxer* does not: it needs identical codec parameters in every file, and with
 * `-c copy` it ignores -ss and cuts only at packet boundaries.
 */
function joinSpans(cmd: FfmpegCommand, sources: SourceSpan[]): string {
  const parts: string[] = [];
  let inputs = 0;
  sources.forEach((span, i) => {
    if (isSilence(span)) {
      parts.push(`anullsrc=r=${WORK_RATE}:cl=mono,atrim=duration=${seconds(span.silenceMs)},aformat=sample_fmts=fltp[in${i}]`);
      return;
    }
    const seekMs = Math.max(0, span.fromMs - PREROLL_MS);
    cmd.input(span.path).inputOptions([...(seekMs > 0 ? ['-ss', seconds(seekMs)] : []), '-t', seconds(span.toMs - seekMs)]);
    parts.push(
      `[${inputs++}:a:0]atrim=start=${seconds(span.fromMs - seekMs)},asetpts=PTS-STARTPTS,` +
        `aresample=${WORK_RATE},aformat=sample_fmts=fltp:channel_layouts=mono[in${i}]`,
    );
  });
  const labels = sources.map((_, i) => `[in${i}]`).join('');
  parts.push(`${labels}concat=n=${sources.length}:v=0:a=1[joined]`);
  return parts.join(';');
}

function validate(opts: RenderOptions, peaksPerSecond: number): void {
  if (opts.sources.length === 0) throw new RangeError('renderDialogue needs at least one source span');
  for (const s of opts.sources) {
    if (isSilence(s)) {
      if (!(Number.isFinite(s.silenceMs) && s.silenceMs >= 1)) throw new RangeError(`invalid silence of ${s.silenceMs} ms`);
      continue;
    }
    // At least a millisecond: ffmpeg reads "-t 0.000" as "no limit".
    if (!(Number.isFinite(s.fromMs) && Number.isFinite(s.toMs) && s.fromMs >= 0 && s.toMs >= s.fromMs + 1)) {
      throw new RangeError(`invalid span ${s.fromMs}..${s.toMs} ms of ${s.path}`);
    }
  }
  if (opts.sources.every(isSilence)) throw new RangeError('renderDialogue needs at least one span of a file');
  if (!/^[^./\\][^/\\]*$/.test(opts.baseName)) throw new RangeError(`invalid baseName "${opts.baseName}"`);
  if (!Number.isInteger(peaksPerSecond) || peaksPerSecond < 1 || peaksPerSecond > 1000) {
    throw new RangeError('peaksPerSecond must be an integer from 1 to 1000');
  }
}

/**
 * Min/max pairs of mono 16-bit PCM per pixel, in the JSON format of BBC audiowaveform
 * (version 2, 8-bit values), which waveform players such as peaks.js load directly.
 */
class PeaksCollector extends Writable {
  samples = 0;
  private readonly data: number[] = [];
  private min = 0;
  private max = 0;
  private inPixel = 0;
  private carry: Buffer | null = null;

  constructor(
    private readonly sampleRate: number,
    private readonly samplesPerPixel: number,
  ) {
    // fluent-ffmpeg treats 'close' of its output stream as a failure if it comes before
    // ffmpeg's exit event; never emitting it avoids that race.
    super({ emitClose: false });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const whole = buf.length & ~1;
    for (let i = 0; i < whole; i += 2) {
      const v = buf.readInt16LE(i);
      if (this.inPixel === 0) {
        this.min = v;
        this.max = v;
      } else if (v < this.min) this.min = v;
      else if (v > this.max) this.max = v;
      if (++this.inPixel === this.samplesPerPixel) this.flushPixel();
    }
    this.samples += whole / 2;
    this.carry = whole < buf.length ? buf.subarray(whole) : null;
    callback();
  }

  private flushPixel(): void {
    this.data.push(this.min >> 8, this.max >> 8);
    this.inPixel = 0;
  }

  toJson(): string {
    if (this.inPixel > 0) this.flushPixel();
    return JSON.stringify({
      version: 2,
      channels: 1,
      sample_rate: this.sampleRate,
      samples_per_pixel: this.samplesPerPixel,
      bits: 8,
      length: this.data.length / 2,
      data: this.data,
    });
  }
}

interface LoudnormPlan {
  measured: Loudness;
  /** loudnorm's `offset`: the correction its dynamic mode needs to land on target. */
  offset: number;
}

function loudnormTarget(targetLufs: number, truePeak: number): string {
  return `loudnorm=I=${targetLufs.toFixed(2)}:TP=${truePeak.toFixed(2)}:LRA=${LOUDNESS_RANGE_TARGET}:print_format=json`;
}

function loudnormFilter({ measured, offset }: LoudnormPlan, targetLufs: number, truePeak: number): string {
  const f = (n: number) => n.toFixed(2);
  return (
    `${loudnormTarget(targetLufs, truePeak)}:measured_I=${f(measured.integratedLufs)}:measured_TP=${f(measured.truePeakDbtp)}` +
    // loudnorm reads a measured LRA of exactly 0 as "not given" and then refuses linear mode;
    // a range below ebur128's 0.1 LU display resolution is passed as 0.1.
    `:measured_LRA=${f(Math.max(measured.rangeLu, 0.1))}:measured_thresh=${f(measured.thresholdLufs)}` +
    `:offset=${f(offset)}:linear=true`
  );
}

function parseLoudnormReport(stderr: string): Record<string, string> {
  const start = stderr.lastIndexOf('{', stderr.lastIndexOf('"input_i"'));
  const end = stderr.indexOf('}', start);
  try {
    if (start < 0 || end < 0) throw new Error('no report');
    return JSON.parse(stderr.slice(start, end + 1)) as Record<string, string>;
  } catch {
    throw new AudioError('ffmpeg_failed', 'loudnorm printed no report', { stderr: tail(stderr) });
  }
}

/**
 * Whether loudnorm will apply one linear gain, by its own rule: the gain must not push the
 * true peak past the limit, nor may the loudness range exceed the target range.
 */
function linearPossible(measured: Loudness, targetLufs: number, truePeak: number): boolean {
  const gain = targetLufs - measured.integratedLufs;
  return measured.truePeakDbtp + gain <= truePeak && measured.rangeLu <= LOUDNESS_RANGE_TARGET;
}

/**
 * Cuts the given spans out of their files, joins them, normalises loudness in two passes and
 * writes `<baseName>.opus` (Ogg Opus, mono, 24 kb/s), `<baseName>.mp3` (mono, 64 kb/s CBR,
 * 44.1 kHz) and `<baseName>.peaks.json` (audiowaveform JSON) into outDir.
 *
 * Pass 1 measures the joined span (plus loudnorm's own analysis when one gain cannot reach the
 * target without clipping). Pass 2 decodes it once more and feeds, through asplit, both
 * encoders and a raw PCM stream piped to Node for the waveform peaks: one decode for all three,
 * which measured faster than one ffmpeg per output. Files are written under temporary names and
 * renamed into place only after everything succeeded; on failure or abort (the signal kills
 * ffmpeg) the temporary files are removed and no final file is touched.
 */
export async function renderDialogue(opts: RenderOptions, signal?: AbortSignal): Promise<RenderResult> {
  const targetLufs = opts.targetLufs ?? -16;
  const truePeak = opts.truePeak ?? -1.5;
  const peaksPerSecond = opts.peaksPerSecond ?? 10;
  validate(opts, peaksPerSecond);
  signal?.throwIfAborted();
  await tools();
  await mkdir(opts.outDir, { recursive: true });

  // Pass 1: loudness of exactly what will be encoded.
  const analysis = command();
  analysis.complexFilter(`${joinSpans(analysis, opts.sources)};[joined]${EBUR128}`).output('-').outputOptions(['-f', 'null']);
  const measured = parseEbur128((await runCommand(analysis, 'measuring the dialogue', signal)).stderr);
  // ebur128 reports -70 LUFS, its absolute gate, when no 400 ms block is above it: silence, or
  // a span too short to measure. There is nothing a gain could sensibly be computed from.
  const audible = measured.integratedLufs > -70;
  let plan: LoudnormPlan = { measured, offset: 0 };
  if (audible && !linearPossible(measured, targetLufs, truePeak)) {
    // loudnorm's dynamic mode can fall well short of the target (by 14 LU on quiet speech with
    // a few loud clicks); only its own analysis yields the offset that corrects this. That
    // analysis is four times slower than ebur128, so it runs only for dialogues that need it.
    const dynamic = command();
    dynamic
      .complexFilter(`${joinSpans(dynamic, opts.sources)};[joined]${loudnormTarget(targetLufs, truePeak)}`)
      .output('-')
      .outputOptions(['-f', 'null']);
    const report = parseLoudnormReport((await runCommand(dynamic, 'analysing the dialogue', signal)).stderr);
    plan = {
      measured: {
        integratedLufs: Number(report.input_i),
        truePeakDbtp: Number(report.input_tp),
        rangeLu: Number(report.input_lra),
        thresholdLufs: Number(report.input_thresh),
      },
      offset: Number(report.target_offset),
    };
  }

  // Pass 2.
  const samplesPerPixel = Math.ceil(PEAKS_RATE_APPROX / peaksPerSecond);
  const peaksRate = samplesPerPixel * peaksPerSecond;
  const final = {
    opus: join(opts.outDir, `${opts.baseName}.opus`),
    mp3: join(opts.outDir, `${opts.baseName}.mp3`),
    peaks: join(opts.outDir, `${opts.baseName}.peaks.json`),
  };
  const temp = {
    opus: tempPathFor(opts.outDir, `${opts.baseName}.opus`),
    mp3: tempPathFor(opts.outDir, `${opts.baseName}.mp3`),
    peaks: tempPathFor(opts.outDir, `${opts.baseName}.peaks.json`),
  };
  try {
    const peaks = new PeaksCollector(peaksRate, samplesPerPixel);
    const render = command();
    const normalise = audible ? `${loudnormFilter(plan, targetLufs, truePeak)},` : '';
    render.complexFilter(
      `${joinSpans(render, opts.sources)};` +
        // loudnorm works at 192 kHz and leaves its output layout open: pin both.
        `[joined]${normalise}aresample=${WORK_RATE},aformat=channel_layouts=mono,asplit=3[opus][m][p];` +
        `[m]aresample=${MP3_RATE}[mp3];` +
        `[p]aresample=${peaksRate},aformat=sample_fmts=s16:channel_layouts=mono[peaks]`,
    );
    render
      .output(temp.opus)
      .outputOptions(['-map', '[opus]', '-map_metadata', '-1', ...OPUS_OPTIONS])
      .output(temp.mp3)
      .outputOptions(['-map', '[mp3]', '-map_metadata', '-1', ...MP3_OPTIONS])
      .output(peaks)
      .outputOptions(['-map', '[peaks]', '-c:a', 'pcm_s16le', '-f', 's16le']);
    const { stderr } = await runCommand(render, 'rendering the dialogue', signal);
    await finished(peaks);
    if (peaks.samples === 0) throw new AudioError('empty', 'the requested spans hold no audio', { stderr: tail(stderr) });
    await writeFile(temp.peaks, peaks.toJson());
    const normalization = audible ? (parseLoudnormReport(stderr).normalization_type as 'linear' | 'dynamic') : 'none';
    signal?.throwIfAborted();

    const renditions: Rendition[] = [
      { format: 'opus', path: final.opus, bytes: (await stat(temp.opus)).size, mimeType: 'audio/ogg; codecs=opus' },
      { format: 'mp3', path: final.mp3, bytes: (await stat(temp.mp3)).size, mimeType: 'audio/mpeg' },
    ];
    await commitTempFile(temp.opus, final.opus);
    await commitTempFile(temp.mp3, final.mp3);
    await commitTempFile(temp.peaks, final.peaks);
    return {
      durationMs: Math.round((peaks.samples * 1000) / peaksRate),
      renditions,
      peaksPath: final.peaks,
      measuredLufs: audible ? measured.integratedLufs : null,
      normalization,
    };
  } finally {
    // After a successful commit these names no longer exist; removing them is then a no-op.
    await removeQuietly(Object.values(temp));
  }
}
