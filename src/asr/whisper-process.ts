// The Whisper process: the one module that imports the whisper.cpp binding. The engine
// (engine.ts) forks it, at low priority, with the settings as its argument; it loads the model
// once and then answers transcription requests over the IPC channel, one at a time, reporting
// progress and each new segment (in file times) as whisper.cpp produces them.
//
// It never stops a run itself: whisper.node 1.1.3's stop() neither interrupts whisper.cpp (no
// abort callback is set) nor settles the run's promise, so the engine stops a run by ending
// this process.
import fs from 'node:fs';
import os from 'node:os';
import { initWhisper, initWhisperVad, toggleNativeLog, type WhisperContext, type WhisperVadContext } from '@fugood/whisper.node';
import { BYTES_PER_MS, MAX_BATCH_MS, normaliseRegions, placeSegments, planBatches, type Batch, type Span } from './regions.ts';
import type { AsrSegment, AsrSettings } from './types.ts';

export type ToWhisperProcess = {
  type: 'transcribe';
  pcmPath: string;
  /** Normalised by the engine; null: the whole file, or the VAD's regions. */
  regions: Span[] | null;
  durationMs: number;
  language: string;
  prompt: string;
};

export type FromWhisperProcess =
  | { type: 'ready' }
  | { type: 'load-failed'; message: string }
  | { type: 'progress'; percent: number }
  | { type: 'segments'; segments: AsrSegment[] }
  | { type: 'done'; language: string; segments: AsrSegment[]; peakRssBytes: number }
  | { type: 'failed'; message: string };

const send = (message: FromWhisperProcess) => process.send!(message);

/** Reads a batch's pieces from the PCM file into one buffer, with silence in the gaps. */
function readBatch(fd: number, batch: Batch): ArrayBuffer {
  const packed = Buffer.alloc(batch.packedMs * BYTES_PER_MS); // alloc: its own zeroed ArrayBuffer, never the shared pool
  for (const piece of batch.pieces) {
    fs.readSync(fd, packed, piece.packedFromMs * BYTES_PER_MS, (piece.toMs - piece.fromMs) * BYTES_PER_MS, piece.fromMs * BYTES_PER_MS);
  }
  return packed.buffer as ArrayBuffer;
}

/** Speech regions by the Silero VAD, read window by window so a long file is never held whole. */
async function detectSpeech(vad: WhisperVadContext, fd: number, durationMs: number): Promise<Span[]> {
  const regions: Span[] = [];
  for (let fromMs = 0; fromMs < durationMs; fromMs += MAX_BATCH_MS) {
    const window = { pieces: [{ fromMs, toMs: Math.min(durationMs, fromMs + MAX_BATCH_MS), packedFromMs: 0 }], packedMs: Math.min(MAX_BATCH_MS, durationMs - fromMs) };
    // The VAD gives centiseconds from the start of the audio it was given.
    for (const speech of await vad.detectSpeechData(readBatch(fd, window))) regions.push({ fromMs: fromMs + speech.t0 * 10, toMs: fromMs + speech.t1 * 10 });
  }
  return normaliseRegions(regions, durationMs);
}

async function transcribe(whisper: WhisperContext, vad: WhisperVadContext | null, threads: number, request: ToWhisperProcess) {
  const fd = fs.openSync(request.pcmPath, 'r');
  try {
    const regions = request.regions ?? (vad ? await detectSpeech(vad, fd, request.durationMs) : [{ fromMs: 0, toMs: request.durationMs }]);
    const batches = planBatches(regions);
    const totalMs = batches.reduce((sum, b) => sum + b.packedMs, 0);
    let doneMs = 0;
    let language = request.language;
    const segments: AsrSegment[] = [];
    for (const batch of batches) {
      const run = whisper.transcribeData(readBatch(fd, batch), {
        language: request.language,
        prompt: request.prompt || undefined,
        maxThreads: threads,
        // whisper.cpp reports a run's progress from 0 to a little past 100.
        onProgress: (percent) => send({ type: 'progress', percent: ((doneMs + (batch.packedMs * Math.min(100, percent)) / 100) / totalMs) * 100 }),
        onNewSegments: (found) => send({ type: 'segments', segments: placeSegments(found.segments, batch) }),
      });
      const result = await run.promise;
      language = result.language || language;
      segments.push(...placeSegments(result.segments, batch));
      doneMs += batch.packedMs;
    }
    send({ type: 'done', language, segments, peakRssBytes: process.resourceUsage().maxRSS * 1024 });
  } finally {
    fs.closeSync(fd);
  }
}

async function main() {
  const settings = JSON.parse(process.argv[2]!) as AsrSettings;
  // The engine nices this process; threads started from now on inherit it from this one.
  try {
    os.setPriority(19);
  } catch {
    // Not allowed here (some containers): it runs at normal priority then.
  }
  // whisper.cpp writes dozens of lines per model load and run; the engine reports what matters.
  await toggleNativeLog(false);
  let whisper: WhisperContext;
  let vad: WhisperVadContext | null = null;
  try {
    whisper = await initWhisper({ filePath: settings.model, useGpu: false });
    if (settings.vadModel) vad = await initWhisperVad({ filePath: settings.vadModel, useGpu: false, nThreads: settings.threads });
  } catch (error) {
    send({ type: 'load-failed', message: error instanceof Error ? error.message : String(error) });
    process.disconnect();
    return;
  }
  let running = Promise.resolve();
  process.on('message', (request: ToWhisperProcess) => {
    running = running.then(() =>
      transcribe(whisper, vad, settings.threads, request).catch((error: unknown) => {
        send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
      }),
    );
  });
  // The engine closing the channel (or dying) ends this process.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready' });
}

void main();
