// Issue 3 benchmark: a 60-minute dialogue (09:30–10:30 WIB) captured from two hourly logger
// files, through the whole job (intake: probe, read every packet, hash, register; then the
// capture that intake starts: ebur128 pass, loudnorm pass with Opus + MP3 + peaks), against
// the same ffmpeg commands run directly, one after the other, in the same run.
// Target: overhead ≤ 10%. Also prints × realtime and the app's memory while it captures.
//
//   npx tsx test/bench/capture.bench.ts
//
// BENCH_CAPTURE_RUNS: app/shell pairs, run alternately (A B A B…) so drift hits both; 2 by default.
// BENCH_CAPTURE_MINUTES: length of the dialogue, centred on the 10:00 file boundary; 60 by default.
// BENCH_CAPTURE_CONTENT: `limited` (default: peaks held by a limiter, as broadcast processing
//   does, so one linear gain reaches −16 LUFS: two passes) or `peaky` (peaks loudnorm can only
//   tame dynamically: its own analysis runs as a third pass).
//
// The logger files (two hours of speech-like sound: pink noise and a 150 Hz voice, modulated
// at syllable rate with pauses between phrases, compressed; stereo 44.1 kHz 128 kb/s MP3) are
// generated once and kept in <tmpdir>/siaran-capture-bench/. The app side runs in a child
// process of its own, a fresh one for each run, so its memory figures are its own: RSS is
// sampled every 200 ms while it works. The bench records the argument list of every process
// the app spawns and stops if the shell side's commands differ from them in anything but the
// file paths: the comparison is always of the same ffmpeg work.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { type LoggerContent, loggerFiles } from './logger-audio.ts';

const self = fileURLToPath(import.meta.url);
const ZONE = 'Asia/Jakarta';
const FILES = ['2021-09-08_09-00-00.mp3', '2021-09-08_10-00-00.mp3'] as const;
const BOUNDARY_LOCAL = '2021-09-08T10:00:00';
const RSS_SAMPLE_MS = 200;

const pairs = Number(process.env.BENCH_CAPTURE_RUNS ?? 2);
const minutes = Number(process.env.BENCH_CAPTURE_MINUTES ?? 60);
const content = (process.env.BENCH_CAPTURE_CONTENT ?? 'limited') as LoggerContent;
if (!(Number.isInteger(pairs) && pairs >= 1)) throw new Error('BENCH_CAPTURE_RUNS must be a positive integer');
if (!(minutes > 0 && minutes <= 118)) throw new Error('BENCH_CAPTURE_MINUTES must be within (0, 118]');
if (content !== 'limited' && content !== 'peaky') throw new Error('BENCH_CAPTURE_CONTENT must be `limited` or `peaky`');

const boundary = DateTime.fromISO(BOUNDARY_LOCAL, { zone: ZONE });
const dialogueStart = boundary.minus({ milliseconds: (minutes * 60_000) / 2 });
const dialogueEnd = boundary.plus({ milliseconds: (minutes * 60_000) / 2 });
const localIso = (t: DateTime) => t.toFormat("yyyy-MM-dd'T'HH:mm:ss");

/** One process the app or the shell side started, its arguments with file paths replaced. */
interface SpawnRecord {
  tool: string;
  args: string[];
  ms: number;
  /** The process's own peak RSS (VmHWM) as last sampled, kB; 0 when it ended before a sample. */
  peakKb: number;
}

interface AppRun {
  wholeMs: number;
  intakeMs: number;
  captureMs: number;
  spawns: SpawnRecord[];
  rss: {
    setupMb: number;
    /** Lowest and highest sample while intake ran, then while the capture ran. */
    intakeMb: [number, number];
    captureMb: [number, number];
    captureStartMb: number;
    peakMb: number;
    endMb: number;
    samples: number;
    /** The process's VmHWM over its whole life, set-up included. */
    maxRssMb: number;
  };
  audio: { durationMs: number; normalization: string; measuredLufs: number | null; opusBytes: number; mp3Bytes: number };
  outcomes: string[];
}

interface ShellRun {
  wholeMs: number;
  intakeMs: number;
  renderMs: number;
  spawns: SpawnRecord[];
  normalization: 'linear' | 'dynamic';
}

const mb = (bytes: number) => bytes / 1024 / 1024;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const log = (line: string) => process.stdout.write(`${line}\n`);

/** File paths differ between the two sides (media/recordings/… against the cache); nothing else may. */
function normaliseArgs(args: readonly string[]): string[] {
  return args.map((a) => {
    if (!a.startsWith('/')) return a;
    const name = path.basename(a);
    return (FILES as readonly string[]).includes(name) ? `<${name}>` : `<out${path.extname(a)}>`;
  });
}

function vmHwmKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0; // gone meanwhile
  }
}

// =============================================================================================
// The app side: a child process running the real job on a fresh, migrated database.

async function appSide(): Promise<void> {
  // Record every process the app starts. fluent-ffmpeg keeps its own reference to spawn from
  // the moment it loads, so this must come before anything imports src/.
  const childProcess = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
  const originalSpawn = childProcess.spawn;
  let recording = false;
  const spawns: SpawnRecord[] = [];
  const live = new Map<number, SpawnRecord>();
  childProcess.spawn = function (this: unknown, command: string, args?: readonly string[], ...rest: unknown[]) {
    const proc = (originalSpawn as (...a: unknown[]) => ChildProcess).call(this, command, args, ...rest);
    if (recording) {
      const record: SpawnRecord = { tool: path.basename(command), args: normaliseArgs(args ?? []), ms: 0, peakKb: 0 };
      const started = performance.now();
      spawns.push(record);
      if (proc.pid) live.set(proc.pid, record);
      proc.once('exit', () => {
        record.ms = performance.now() - started;
        if (proc.pid) live.delete(proc.pid);
      });
    }
    return proc;
  } as typeof childProcess.spawn;

  const { resolveFfmpeg } = await import('../../src/audio/ffmpeg.ts');
  const { createTestApp } = await import('../helpers/app.ts');
  await resolveFfmpeg(); // as main.ts does at start-up

  const t = await createTestApp({
    SIARAN_INCOMING_QUIET_SEC: '0',
    SIARAN_CAPTURE_PREROLL_SEC: '0',
    SIARAN_CAPTURE_POSTROLL_SEC: '0',
    // The logger files are from 2021: let the schedule look back far enough to find the dialogue.
    SIARAN_CAPTURE_LOOKBACK_DAYS: '3650',
  });
  try {
    const station = await t.create('/api/stations', { name: 'RRI Palangka Raya', timezone: ZONE });
    const dialogue = await t.create('/api/dialogues', {
      title: 'Dialog Interaktif: satu jam',
      stationId: station.id,
      startsAt: localIso(dialogueStart),
      endsAt: localIso(dialogueEnd),
      status: 'scheduled',
    });
    const incoming = path.join(t.dir, 'incoming', station.slug);
    fs.mkdirSync(incoming, { recursive: true });
    for (const name of FILES) linkOrCopy(path.join(process.env.BENCH_CAPTURE_FIXTURES!, name), path.join(incoming, name));

    const samples: { at: number; rss: number }[] = [];
    const setupRss = process.memoryUsage.rss();
    const sample = () => {
      samples.push({ at: performance.now(), rss: process.memoryUsage.rss() });
      for (const [pid, record] of live) record.peakKb = Math.max(record.peakKb, vmHwmKb(pid));
    };
    recording = true;
    const t0 = performance.now();
    sample();
    const sampler = setInterval(sample, RSS_SAMPLE_MS);
    // The intake job registers both files and, having registered some, queues captureDue,
    // which finds the dialogue and captures it: the whole job as the schedule runs it.
    await t.jobs.intakeNow();
    const t1 = performance.now();
    sample();
    await t.jobs.idle();
    const t2 = performance.now();
    sample();
    clearInterval(sampler);
    recording = false;

    const runs = await t.db.selectFrom('job_runs').select(['job', 'outcome', 'reason']).orderBy('id').execute();
    const audio = await t.db.selectFrom('dialogue_audio').selectAll().where('dialogue_id', '=', dialogue.id).executeTakeFirst();
    const status = (await t.db.selectFrom('dialogues').select('status').where('id', '=', dialogue.id).executeTakeFirstOrThrow()).status;
    if (!audio || status !== 'aired') {
      throw new Error(`the dialogue was not captured (status ${status}); runs: ${JSON.stringify(runs)}`);
    }
    const range = (xs: number[]): [number, number] => [mb(Math.min(...xs)), mb(Math.max(...xs))];
    const intakeRss = samples.filter((s) => s.at <= t1).map((s) => s.rss);
    const captureRss = samples.filter((s) => s.at >= t1).map((s) => s.rss);
    const result: AppRun = {
      wholeMs: t2 - t0,
      intakeMs: t1 - t0,
      captureMs: t2 - t1,
      spawns,
      rss: {
        setupMb: mb(setupRss),
        intakeMb: range(intakeRss),
        captureMb: range(captureRss),
        captureStartMb: mb(captureRss[0]!),
        peakMb: mb(Math.max(...samples.map((s) => s.rss))),
        endMb: mb(samples.at(-1)!.rss),
        samples: samples.length,
        maxRssMb: process.resourceUsage().maxRSS / 1024,
      },
      audio: {
        durationMs: audio.duration_ms,
        normalization: audio.normalization,
        measuredLufs: audio.measured_lufs,
        opusBytes: audio.opus_bytes,
        mp3Bytes: audio.mp3_bytes,
      },
      outcomes: runs.map((r) => `${r.job}: ${r.outcome}${r.reason ? ` (${r.reason})` : ''}`),
    };
    await new Promise((resolve) => process.send!(result, resolve));
  } finally {
    await t.close();
  }
}

function linkOrCopy(from: string, to: string): void {
  // A hard link costs nothing and leaves the cached file in place when intake moves it away.
  try {
    fs.linkSync(from, to);
  } catch {
    fs.copyFileSync(from, to);
  }
}

function runApp(fixtures: string): Promise<AppRun> {
  return new Promise((resolve, reject) => {
    const child = fork(self, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, BENCH_CAPTURE_ROLE: 'app', BENCH_CAPTURE_FIXTURES: fixtures },
      stdio: 'inherit',
    });
    let result: AppRun | null = null;
    child.once('message', (m) => (result = m as AppRun));
    child.once('error', reject);
    child.once('close', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`the app run exited with code ${code}`))));
  });
}

// =============================================================================================
// The shell side: the same ffmpeg commands, spawned directly, outputs to files (and the
// waveform's PCM to /dev/null).
//
// Copied from src/audio/ffmpeg.ts (command(), readableSeconds() and probe()'s length, EBUR128, joinSpans(),
// loudnormTarget(), loudnormFilter(), linearPossible(), OPUS_OPTIONS, MP3_OPTIONS and the
// pass-2 graph of renderDialogue()). They must stay in step: the bench compares these argument
// lists with the ones the app ran and stops on any difference.
const COMMON = ['-hide_banner', '-nostdin', '-nostats'];
const EBUR128 = 'ebur128=peak=true:framelog=verbose';
const WORK_RATE = 48000;
const MP3_RATE = 44100;
const PEAKS_RATE_APPROX = 8000;
const PEAKS_PER_SECOND = 10;
const LOUDNESS_RANGE_TARGET = 11;
const TARGET_LUFS = -16;
const TRUE_PEAK = -1.5;
const PREROLL_MS = 500;
const TRUNCATION_TOLERANCE_SEC = 1.5;
const OPUS_OPTIONS = ['-c:a', 'libopus', '-b:a', '24k', '-f', 'ogg'];
const MP3_OPTIONS = ['-c:a', 'libmp3lame', '-b:a', '64k', '-compression_level', '5', '-f', 'mp3'];

const sec = (ms: number) => (ms / 1000).toFixed(3);

function joinSpans(spans: { path: string; fromMs: number; toMs: number }[]): { inputs: string[]; graph: string } {
  const inputs: string[] = [];
  const parts = spans.map((span, i) => {
    const seekMs = Math.max(0, span.fromMs - PREROLL_MS);
    inputs.push(...(seekMs > 0 ? ['-ss', sec(seekMs)] : []), '-t', sec(span.toMs - seekMs), '-i', span.path);
    return (
      `[${i}:a:0]atrim=start=${sec(span.fromMs - seekMs)},asetpts=PTS-STARTPTS,` +
      `aresample=${WORK_RATE},aformat=sample_fmts=fltp:channel_layouts=mono[in${i}]`
    );
  });
  parts.push(`${spans.map((_, i) => `[in${i}]`).join('')}concat=n=${spans.length}:v=0:a=1[joined]`);
  return { inputs, graph: parts.join(';') };
}

interface Loudness {
  integratedLufs: number;
  truePeakDbtp: number;
  rangeLu: number;
  thresholdLufs: number;
}

function parseEbur128(stderr: string): Loudness {
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const value = (re: RegExp): number => {
    const m = re.exec(summary);
    if (!m) throw new Error(`ebur128 printed no summary:\n${stderr.slice(-2000)}`);
    return m[1] === '-inf' ? -Infinity : Number(m[1]);
  };
  return {
    integratedLufs: value(/Integrated loudness:\s+I:\s+(-inf|-?[\d.]+) LUFS/),
    thresholdLufs: value(/Integrated loudness:\s+I:[^\n]*\n\s+Threshold:\s+(-inf|-?[\d.]+) LUFS/),
    rangeLu: value(/Loudness range:\s+LRA:\s+(-inf|-?[\d.]+) LU/),
    truePeakDbtp: value(/True peak:\s+Peak:\s+(-inf|-?[\d.]+) dBFS/),
  };
}

function parseLoudnormReport(stderr: string): Record<string, string> {
  const start = stderr.lastIndexOf('{', stderr.lastIndexOf('"input_i"'));
  return JSON.parse(stderr.slice(start, stderr.indexOf('}', start) + 1)) as Record<string, string>;
}

const loudnormTarget = () => `loudnorm=I=${TARGET_LUFS.toFixed(2)}:TP=${TRUE_PEAK.toFixed(2)}:LRA=${LOUDNESS_RANGE_TARGET}:print_format=json`;

function loudnormFilter(measured: Loudness, offset: number): string {
  const f = (n: number) => n.toFixed(2);
  return (
    `${loudnormTarget()}:measured_I=${f(measured.integratedLufs)}:measured_TP=${f(measured.truePeakDbtp)}` +
    `:measured_LRA=${f(Math.max(measured.rangeLu, 0.1))}:measured_thresh=${f(measured.thresholdLufs)}` +
    `:offset=${f(offset)}:linear=true`
  );
}

const linearPossible = (m: Loudness) =>
  m.truePeakDbtp + (TARGET_LUFS - m.integratedLufs) <= TRUE_PEAK && m.rangeLu <= LOUDNESS_RANGE_TARGET;

async function runShell(
  tools: { ffmpegPath: string; ffprobePath: string },
  fixtures: string,
  planCoverage: typeof import('../../src/recordings/coverage.ts').planCoverage,
): Promise<ShellRun> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'siaran-capture-shell-'));
  const spawns: SpawnRecord[] = [];
  const run = (command: string, args: string[], keepStdout = true) =>
    new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      const started = performance.now();
      const proc = spawn(command, args, { stdio: ['ignore', keepStdout ? 'pipe' : 'ignore', 'pipe'] });
      const record: SpawnRecord = { tool: path.basename(command), args: normaliseArgs(args), ms: 0, peakKb: 0 };
      spawns.push(record);
      const poll = setInterval(() => proc.pid && (record.peakKb = Math.max(record.peakKb, vmHwmKb(proc.pid))), RSS_SAMPLE_MS);
      let stdout = '';
      let stderr = '';
      proc.stdout?.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      proc.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      proc.once('error', reject);
      proc.once('close', (code) => {
        clearInterval(poll);
        record.ms = performance.now() - started;
        if (code === 0) resolve({ stdout, stderr });
        else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stderr.slice(-2000)}`));
      });
    });

  try {
    const t0 = performance.now();
    // Intake, file by file: what probe() runs (ffprobe, then a decode to measure the length),
    // then the hash (sha256sum for Node's crypto).
    const recordings: { id: string; path: string; startsAtMs: number; endsAtMs: number }[] = [];
    for (const name of FILES) {
      const file = path.join(fixtures, name);
      const probed = await run(tools.ffprobePath, ['-show_streams', '-show_format', file]);
      const progress = await run(tools.ffmpegPath, ['-i', file, '-y', ...COMMON, '-map', '0:a:0', '-f', 'null', '-v', 'error', '-progress', 'pipe:1', '-']);
      await run('sha256sum', [file]);
      const declared = Number(/\[FORMAT\][\s\S]*?\nduration=([\d.]+)/.exec(probed.stdout)?.[1]);
      const last = [...progress.stdout.matchAll(/out_time=(\d+):(\d+):([\d.]+)/g)].at(-1)!;
      const readable = Number(last[1]) * 3600 + Number(last[2]) * 60 + Number(last[3]);
      // The decoded length is the recording's length; a declared one well beyond it is a truncated file.
      if (declared > readable + TRUNCATION_TOLERANCE_SEC) throw new Error(`${name} is truncated`);
      const durationSec = readable;
      const startsAtMs = DateTime.fromFormat(name, "yyyy-MM-dd_HH-mm-ss'.mp3'", { zone: ZONE }).toMillis();
      recordings.push({ id: name, path: file, startsAtMs, endsAtMs: startsAtMs + Math.round(durationSec * 1000) });
    }
    const t1 = performance.now();

    // The capture: the same plan of spans the job makes, then renderDialogue()'s passes.
    const coverage = planCoverage(recordings, dialogueStart.toMillis(), dialogueEnd.toMillis());
    const spans = coverage.parts.map((p) => {
      if (p.kind !== 'recording') throw new Error('the logger files leave a gap');
      return { path: p.piece.recording.path, fromMs: p.piece.fromMs, toMs: p.piece.toMs };
    });
    const { inputs, graph } = joinSpans(spans);
    const pass1 = await run(tools.ffmpegPath, [...inputs, '-y', '-filter_complex', `${graph};[joined]${EBUR128}`, ...COMMON, '-f', 'null', '-']);
    let measured = parseEbur128(pass1.stderr);
    let offset = 0;
    const audible = measured.integratedLufs > -70;
    if (audible && !linearPossible(measured)) {
      const analysis = await run(tools.ffmpegPath, [...inputs, '-y', '-filter_complex', `${graph};[joined]${loudnormTarget()}`, ...COMMON, '-f', 'null', '-']);
      const report = parseLoudnormReport(analysis.stderr);
      measured = {
        integratedLufs: Number(report.input_i),
        truePeakDbtp: Number(report.input_tp),
        rangeLu: Number(report.input_lra),
        thresholdLufs: Number(report.input_thresh),
      };
      offset = Number(report.target_offset);
    }
    const samplesPerPixel = Math.ceil(PEAKS_RATE_APPROX / PEAKS_PER_SECOND);
    const peaksRate = samplesPerPixel * PEAKS_PER_SECOND;
    const normalise = audible ? `${loudnormFilter(measured, offset)},` : '';
    const pass2 = await run(
      tools.ffmpegPath,
      [
        ...inputs,
        '-y',
        '-filter_complex',
        `${graph};` +
          `[joined]${normalise}aresample=${WORK_RATE},aformat=channel_layouts=mono,asplit=3[opus][m][p];` +
          `[m]aresample=${MP3_RATE}[mp3];` +
          `[p]aresample=${peaksRate},aformat=sample_fmts=s16:channel_layouts=mono[peaks]`,
        ...COMMON,
        ...['-map', '[opus]', '-map_metadata', '-1', ...OPUS_OPTIONS, path.join(out, 'dialogue.opus')],
        ...['-map', '[mp3]', '-map_metadata', '-1', ...MP3_OPTIONS, path.join(out, 'dialogue.mp3')],
        ...['-map', '[peaks]', '-c:a', 'pcm_s16le', '-f', 's16le', 'pipe:1'],
      ],
      false, // the waveform's PCM goes to /dev/null
    );
    const t2 = performance.now();
    const normalization = audible ? (parseLoudnormReport(pass2.stderr).normalization_type as 'linear' | 'dynamic') : 'linear';
    return { wholeMs: t2 - t0, intakeMs: t1 - t0, renderMs: t2 - t1, spawns, normalization };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** The app's ffmpeg and ffprobe commands, without fluent-ffmpeg's one-off capability checks. */
const ffmpegWork = (spawns: SpawnRecord[]) =>
  spawns.filter((s) => (s.tool === 'ffmpeg' || s.tool === 'ffprobe') && !(s.args.length === 1 && /^-(formats|encoders|codecs|filters)$/.test(s.args[0]!)));

function assertSameCommands(app: AppRun, shell: ShellRun): void {
  const a = ffmpegWork(app.spawns).map((s) => [s.tool, ...s.args].join(' '));
  const b = shell.spawns.filter((s) => s.tool !== 'sha256sum').map((s) => [s.tool, ...s.args].join(' '));
  if (a.length === b.length && a.every((line, i) => line === b[i])) return;
  const lines = ['The shell side does not run the commands the app ran; bring the copy in this file in step with src/audio/ffmpeg.ts.'];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    lines.push(`  app   #${i + 1}: ${a[i] ?? '(none)'}`, `  shell #${i + 1}: ${b[i] ?? '(none)'}`);
  }
  throw new Error(lines.join('\n'));
}

// =============================================================================================
// The run.

async function main(): Promise<void> {
  const { resolveFfmpeg } = await import('../../src/audio/ffmpeg.ts');
  const { planCoverage } = await import('../../src/recordings/coverage.ts');
  const tools = await resolveFfmpeg();
  const label = tools.source === 'npm' ? 'the static build shipped in npm packages' : tools.source === 'env' ? 'FFMPEG_PATH' : 'system';
  log(`\nCapture benchmark: a ${minutes}-minute dialogue (${dialogueStart.toFormat('HH:mm')}–${dialogueEnd.toFormat('HH:mm')} ${ZONE}) from two hourly logger MP3s (stereo, 44.1 kHz, 128 kb/s)`);
  log(`  ffmpeg ${tools.version} (${label}: ${tools.ffmpegPath})`);
  log(`  machine: ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (1/5/15 min)`);
  const fixtures = await loggerFiles(tools.ffmpegPath, FILES, content, log);
  // Both sides read the files from the page cache, not one of them from disk.
  for (const name of FILES) fs.readFileSync(path.join(fixtures, name));

  const apps: AppRun[] = [];
  const shells: ShellRun[] = [];
  for (let i = 1; i <= pairs; i++) {
    const loadA = os.loadavg()[0]!;
    const a = await runApp(fixtures);
    apps.push(a);
    log(
      `  A${i} app:   whole job ${seconds(a.wholeMs)} (intake ${seconds(a.intakeMs)} + capture ${seconds(a.captureMs)}), ` +
        `${((minutes * 60_000) / a.wholeMs).toFixed(1)}× realtime; outside any spawned process ${seconds(a.wholeMs - a.spawns.reduce((sum, s) => sum + s.ms, 0))}; ` +
        `RSS ${a.rss.captureStartMb.toFixed(0)} → peak ${a.rss.peakMb.toFixed(0)} → ${a.rss.endMb.toFixed(0)} MB; load ${loadA.toFixed(2)}`,
    );
    const loadB = os.loadavg()[0]!;
    const b = await runShell(tools, fixtures, planCoverage);
    shells.push(b);
    log(
      `  B${i} shell: all commands ${seconds(b.wholeMs)} (intake ${seconds(b.intakeMs)} + render ${seconds(b.renderMs)}), ` +
        `${((minutes * 60_000) / b.wholeMs).toFixed(1)}× realtime; load ${loadB.toFixed(2)}`,
    );
    assertSameCommands(a, b);
  }

  const a1 = apps[0]!;
  const b1 = shells[0]!;
  const whole = apps.map((a, i) => a.wholeMs / shells[i]!.wholeMs);
  const capture = apps.map((a, i) => a.captureMs / shells[i]!.renderMs);
  const intake = apps.map((a, i) => a.intakeMs / shells[i]!.intakeMs);
  const probes = a1.spawns.filter((s) => !ffmpegWork([s]).length && s.tool !== 'sha256sum');
  const spawnedMs = (spawns: SpawnRecord[]) => spawns.reduce((sum, s) => sum + s.ms, 0);
  const passes = ffmpegWork(a1.spawns).filter((s) => s.args.includes('-filter_complex'));
  const passName = (s: SpawnRecord) => {
    const graph = s.args[s.args.indexOf('-filter_complex') + 1]!;
    return graph.includes('asplit') ? 'encode' : graph.includes('ebur128') ? 'ebur128' : 'loudnorm analysis';
  };
  const pct = (r: number) => `${r >= 1 ? '+' : ''}${((r - 1) * 100).toFixed(1)}%`;

  log('');
  log(`  result: ${(a1.audio.durationMs / 60_000).toFixed(3)} min, measured ${a1.audio.measuredLufs} LUFS, ${a1.audio.normalization} normalisation (shell: ${b1.normalization}), Opus ${mb(a1.audio.opusBytes).toFixed(1)} MB, MP3 ${mb(a1.audio.mp3Bytes).toFixed(1)} MB; runs: ${a1.outcomes.join('; ')}`);
  log(`  commands: ${passes.length} render passes (${passes.map(passName).join(', ')}), the same ${ffmpegWork(a1.spawns).length} ffmpeg/ffprobe argument lists on both sides`);
  log(`  app's time (A1) by process: passes ${passes.map((s) => seconds(s.ms)).join(' + ')}; intake's probes ${seconds(spawnedMs(ffmpegWork(a1.spawns)) - spawnedMs(passes))}; fluent-ffmpeg's capability checks (${probes.map((s) => s.args.join(' ')).join(', ')}, once a process) ${spawnedMs(probes).toFixed(0)} ms; outside any process ${seconds(a1.wholeMs - spawnedMs(a1.spawns))}`);
  log(`  shell's time (B1) by process: passes ${b1.spawns.filter((s) => s.args.includes('-filter_complex')).map((s) => seconds(s.ms)).join(' + ')}; intake ${seconds(b1.intakeMs)} (of which sha256sum ${seconds(spawnedMs(b1.spawns.filter((s) => s.tool === 'sha256sum')))})`);
  log(`  whole job / shell (all commands): ${whole.map((r) => r.toFixed(3)).join(', ')}; median ${median(whole).toFixed(3)} (${pct(median(whole))}; target ≤ +10%)`);
  log(`  capture alone / render commands: ${capture.map((r) => r.toFixed(3)).join(', ')}; median ${median(capture).toFixed(3)} (${pct(median(capture))})`);
  log(`  intake alone / its commands: ${intake.map((r) => r.toFixed(3)).join(', ')}; median ${median(intake).toFixed(3)}`);
  log(`  × realtime: app ${((minutes * 60_000) / median(apps.map((a) => a.wholeMs))).toFixed(1)}× (whole job, median), shell ${((minutes * 60_000) / median(shells.map((b) => b.wholeMs))).toFixed(1)}×`);
  for (const [i, a] of apps.entries()) {
    log(
      `  app RSS (A${i + 1}, ${a.rss.samples} samples every ${RSS_SAMPLE_MS} ms): ${a.rss.setupMb.toFixed(0)} MB after set-up; ` +
        `intake ${a.rss.intakeMb.map((v) => v.toFixed(0)).join('–')} MB; capture ${a.rss.captureMb.map((v) => v.toFixed(0)).join('–')} MB (${a.rss.captureStartMb.toFixed(0)} at its start, ${a.rss.endMb.toFixed(0)} at the end); ` +
        `peak ${a.rss.peakMb.toFixed(0)} MB; VmHWM over the process's life ${a.rss.maxRssMb.toFixed(0)} MB`,
    );
  }
  const ffPeak = Math.max(...a1.spawns.map((s) => s.peakKb)) / 1024;
  log(`  ffmpeg's own peak RSS (A1, sampled): ${ffPeak.toFixed(0)} MB (${passes.map((s) => `${passName(s)} ${(s.peakKb / 1024).toFixed(0)} MB`).join(', ')})`);
}

if (process.env.BENCH_CAPTURE_ROLE === 'app') {
  await appSide().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
  process.disconnect?.();
} else {
  await main();
}
