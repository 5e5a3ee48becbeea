// A test-only AsrEngine that replays engine output recorded as JSON (test/fixtures/asr/), so
// everything after the engine (guards, versions, policy, search) is tested on realistic text.
// It records what it was asked, reports progress, honours an abort, and can be held at a gate
// to let a test act while a transcription is under way.
import { readFileSync } from 'node:fs';
import type { AsrEngine, TranscribeRequest, TranscribeResult } from '../../src/asr/types.ts';
import type { TranscriptionSetup } from '../../src/transcription/transcription.service.ts';

export const asrFixture = (name: string): TranscribeResult => JSON.parse(readFileSync(new URL(`../fixtures/asr/${name}.json`, import.meta.url), 'utf8'));

export type Replay = TranscriptionSetup & {
  /** Every request the engine received. */
  requests: Omit<TranscribeRequest, 'onProgress' | 'signal'>[];
  /** The output the next runs replay. */
  output: TranscribeResult;
  /** While set, a run reports 50 % and waits for it before finishing. */
  gate: Promise<void> | null;
  /** Resolves when a run reaches the gate. */
  atGate: () => Promise<void>;
  opened: number;
  closed: number;
};

export function replayEngine(fixture: string, opts: { vad?: boolean } = {}): Replay {
  let reached: () => void = () => {};
  let reachedPromise = new Promise<void>((r) => (reached = r));
  const replay: Replay = {
    model: 'ggml-replay.bin',
    vad: opts.vad ?? false,
    requests: [],
    output: asrFixture(fixture),
    gate: null,
    opened: 0,
    closed: 0,
    atGate: () => reachedPromise,
    open: async (): Promise<AsrEngine> => {
      replay.opened++;
      return {
        model: replay.output.model,
        async transcribe(r) {
          const { onProgress, signal, ...asked } = r;
          replay.requests.push(asked);
          onProgress?.(10);
          if (replay.gate) {
            onProgress?.(50);
            reached();
            reachedPromise = new Promise<void>((res) => (reached = res));
            const stopped = new Promise<void>((res) => signal?.addEventListener('abort', () => res(), { once: true }));
            await Promise.race([replay.gate, stopped]);
            if (signal?.aborted) return { ...replay.output, segments: replay.output.segments.slice(0, 1), aborted: true };
          }
          onProgress?.(100);
          return structuredClone(replay.output);
        },
        close: async () => {
          replay.closed++;
        },
      };
    },
  };
  return replay;
}
