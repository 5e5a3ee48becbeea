// The speech recogniser the transcription pipeline uses: whisper.cpp through
// @fugood/whisper.node, run in a child process (whisper-process.ts) so that neither a long run
// nor a crash of native code touches the server's event loop.
//
// Design notes
// - A child process rather than a worker thread: it can be niced to priority 19 (recordings
//   are transcribed in the background, requests come first), killed at once, and a crash or
//   an out-of-memory kill takes only it down.
// - One model load per engine: the child stays up between runs and is started again only
//   after it died or a run was stopped. close() ends it.
// - Stopping: whisper.node 1.1.3's stop() does not interrupt whisper.cpp and leaves the run's
//   promise pending for ever, so an abort kills the child instead. The segments it had sent so
//   far come back with aborted: true; the next run loads the model again (0.2 s for the
//   8 MB test model; a real model's load grows with its size, and is quicker from the page
//   cache).
// - Runs are taken one at a time, in the order asked; the machine has few cores.
// - Results keep to tidySegments' promises (see regions.ts); confidence, noSpeechProb and
//   words are null because the binding does not give them.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BYTES_PER_MS, normaliseRegions, tidySegments } from './regions.ts';
import { AsrError, type AsrEngine, type AsrSegment, type AsrSettings, type TranscribeRequest, type TranscribeResult } from './types.ts';
import type { FromWhisperProcess, ToWhisperProcess } from './whisper-process.ts';

const WHISPER_PROCESS = fileURLToPath(new URL('./whisper-process.ts', import.meta.url));
// The child is TypeScript like the rest of the app: it runs under the same tsx loader.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const LOW_PRIORITY = 19;

export type WhisperEngine = AsrEngine & {
  /** The Whisper process's id while it runs (for tests and benchmarks), else null. */
  readonly pid: number | null;
};

type Child = { process: ChildProcess; stderr: () => string };

export function createAsrEngine(settings: AsrSettings): WhisperEngine {
  let child: Promise<Child> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  let currentPid: number | null = null;
  const model = path.basename(settings.model);

  function start(): Promise<Child> {
    const proc = fork(WHISPER_PROCESS, [JSON.stringify(settings)], {
      execArgv: ['--import', TSX_LOADER],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    try {
      if (proc.pid !== undefined) os.setPriority(proc.pid, LOW_PRIORITY);
    } catch {
      // Not allowed here (some containers): the child tries again itself.
    }
    // Keeps the end of what the child wrote, for the message when it dies.
    let stderr = '';
    proc.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    currentPid = proc.pid ?? null;
    // A failed send is reported by its callback; without a listener it would crash the server.
    proc.on('error', () => undefined);
    const loading = new Promise<Child>((resolve, reject) => {
      const onMessage = (message: FromWhisperProcess) => {
        if (message.type === 'ready') {
          proc.off('exit', onExit);
          proc.off('message', onMessage);
          resolve({ process: proc, stderr: () => stderr.trim() });
        } else if (message.type === 'load-failed') {
          proc.off('exit', onExit);
          reject(new AsrError('asr_model_unloadable', `Whisper could not load SIARAN_ASR_MODEL=${settings.model}${settings.vadModel ? ` or SIARAN_ASR_VAD_MODEL=${settings.vadModel}` : ''}: ${message.message}.`));
        }
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
        reject(new AsrError('asr_engine_crashed', `The Whisper process ended while loading the model (${describeExit(code, signal)})${tail(stderr)}.`));
      proc.on('message', onMessage);
      proc.once('exit', onExit);
    });
    // A process that dies between runs (killed, out of memory) is replaced by the next run.
    proc.once('exit', () => {
      if (currentPid === proc.pid) currentPid = null;
      if (child === loading) child = null;
    });
    return loading;
  }

  function stop(proc: ChildProcess, signal: NodeJS.Signals): Promise<void> {
    if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill(signal);
    });
  }

  async function run(request: TranscribeRequest): Promise<TranscribeResult> {
    if (closed) throw new AsrError('asr_engine_closed', 'The speech recogniser has been closed.');
    let size: number;
    try {
      size = fs.statSync(request.pcmPath).size;
    } catch {
      throw new AsrError('asr_bad_request', `No PCM file at ${request.pcmPath}.`);
    }
    const durationMs = Math.floor(size / BYTES_PER_MS);
    const regions = request.regions === null ? null : normaliseRegions(request.regions, durationMs);
    const empty = (aborted: boolean): TranscribeResult => ({ language: request.language, segments: [], aborted, model, peakRssBytes: null });
    if (request.signal?.aborted) return empty(true);
    if (durationMs === 0 || (regions !== null && regions.length === 0)) {
      request.onProgress?.(100);
      return empty(false);
    }

    child ??= start();
    const starting = child;
    let loaded: Child;
    try {
      loaded = await abortable(starting, request.signal);
    } catch (error) {
      child = null;
      void starting.then((c) => stop(c.process, 'SIGKILL'), () => undefined);
      if (error === ABORTED) return empty(true);
      throw error;
    }
    const proc = loaded.process;

    return new Promise<TranscribeResult>((resolve, reject) => {
      const partial: AsrSegment[] = [];
      let progress = -1;
      const report = (percent: number) => {
        // Monotone and within 0–100 whatever whisper.cpp reports, each value once.
        const next = Math.min(100, Math.max(0, percent));
        if (next <= progress) return;
        progress = next;
        request.onProgress?.(next);
      };
      const finish = () => {
        proc.off('message', onMessage);
        proc.off('exit', onExit);
        request.signal?.removeEventListener('abort', onAbort);
      };
      const onMessage = (message: FromWhisperProcess) => {
        if (message.type === 'progress') report(message.percent);
        else if (message.type === 'segments') partial.push(...message.segments);
        else if (message.type === 'done') {
          finish();
          report(100);
          resolve({ language: message.language, segments: tidySegments(message.segments), aborted: false, model, peakRssBytes: message.peakRssBytes });
        } else if (message.type === 'failed') {
          finish();
          reject(new AsrError('asr_failed', `Whisper failed on ${request.pcmPath}: ${message.message}`));
        }
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        finish();
        if (child === starting) child = null;
        reject(new AsrError('asr_engine_crashed', `The Whisper process ended during the run (${describeExit(code, signal)})${tail(loaded.stderr())}; the next run starts a new one.`));
      };
      const onAbort = () => {
        finish();
        if (child === starting) child = null;
        void stop(proc, 'SIGKILL').then(() =>
          resolve({ language: request.language, segments: tidySegments(partial), aborted: true, model, peakRssBytes: null }),
        );
      };
      proc.on('message', onMessage);
      proc.once('exit', onExit);
      request.signal?.addEventListener('abort', onAbort, { once: true });
      report(0);
      const message: ToWhisperProcess = { type: 'transcribe', pcmPath: request.pcmPath, regions, durationMs, language: request.language, prompt: request.prompt };
      proc.send(message, (error) => {
        if (error) onExit(proc.exitCode, proc.signalCode);
      });
    });
  }

  return {
    model,
    get pid() {
      return currentPid;
    },
    transcribe(request) {
      const result = queue.then(() => run(request));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      closed = true;
      const running = child;
      child = null;
      if (running) await running.then((c) => stop(c.process, 'SIGTERM'), () => undefined);
    },
  };
}

const ABORTED = Symbol('aborted');

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}${signal === 'SIGKILL' ? ', perhaps out of memory' : ''}` : `exit code ${code}`;
}

function tail(stderr: string): string {
  const last = stderr.trim().split('\n').slice(-3).join(' / ');
  return last ? `: ${last}` : '';
}
