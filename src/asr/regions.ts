// Where in the PCM file Whisper listens, and how its times map back to the file. Pure
// functions, shared by the engine (checking requests, tidying results) and the Whisper
// process (reading and packing audio).
//
// Speech regions are packed one after another with 100 ms of silence between them, into
// batches of at most ten minutes, and each batch is one whisper.cpp run — the way whisper.cpp's
// own VAD does it. Transcribing each region alone would cost a whole 30-second encoder window
// per region however short it is; one run over the whole file would hold an hour of audio as
// floats (230 MB) at once. A segment's start that falls in a gap moves forward to the next
// region's start, an end moves back to the previous region's end, so every time in a result
// lies inside a region.
import { AsrError, type AsrSegment } from './types.ts';

export const SAMPLE_RATE = 16_000;
/** Signed 16-bit mono at 16 kHz. */
export const BYTES_PER_MS = (SAMPLE_RATE * 2) / 1000;
export const GAP_MS = 100;
export const MAX_BATCH_MS = 10 * 60_000;

export type Span = { fromMs: number; toMs: number };
export type Piece = Span & { packedFromMs: number };
export type Batch = { pieces: Piece[]; packedMs: number };
/** A segment as whisper.node gives it: times in ms from the start of the audio it was given. */
export type RawSegment = { text: string; t0: number; t1: number };

/** Checks, sorts, merges and clips the requested regions to the file's length (whole ms). */
export function normaliseRegions(regions: Span[], durationMs: number): Span[] {
  for (const region of regions) {
    if (!Number.isFinite(region.fromMs) || !Number.isFinite(region.toMs) || region.fromMs < 0 || region.toMs < region.fromMs) {
      throw new AsrError('asr_bad_request', `A speech region must run forwards from 0 ms or later; got ${JSON.stringify(region)}.`);
    }
  }
  const sorted = regions
    .map((r) => ({ fromMs: Math.round(r.fromMs), toMs: Math.min(Math.round(r.toMs), durationMs) }))
    .filter((r) => r.toMs > r.fromMs)
    .sort((a, b) => a.fromMs - b.fromMs);
  const merged: Span[] = [];
  for (const region of sorted) {
    const last = merged.at(-1);
    if (last && region.fromMs <= last.toMs) last.toMs = Math.max(last.toMs, region.toMs);
    else merged.push({ ...region });
  }
  return merged;
}

/** Packs regions (normalised) into batches of at most maxBatchMs of packed audio. */
export function planBatches(regions: Span[], maxBatchMs = MAX_BATCH_MS): Batch[] {
  const batches: Batch[] = [];
  let current: Batch | null = null;
  const add = (span: Span) => {
    const length = span.toMs - span.fromMs;
    if (current && current.packedMs + GAP_MS + length > maxBatchMs) current = null;
    if (!current) {
      current = { pieces: [], packedMs: 0 };
      batches.push(current);
    }
    const packedFromMs: number = current.pieces.length === 0 ? 0 : current.packedMs + GAP_MS;
    current.pieces.push({ ...span, packedFromMs });
    current.packedMs = packedFromMs + length;
  };
  for (const region of regions) {
    // A region longer than a batch is cut into batch-sized pieces; only then is speech split.
    for (let from = region.fromMs; from < region.toMs; from += maxBatchMs) add({ fromMs: from, toMs: Math.min(region.toMs, from + maxBatchMs) });
  }
  return batches;
}

/** Maps a time in a batch's packed audio to the file; times in a gap snap to the nearer speech side. */
export function toFileTime(batch: Batch, packedMs: number, edge: 'start' | 'end'): number {
  const pieces = batch.pieces;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    const packedToMs = piece.packedFromMs + (piece.toMs - piece.fromMs);
    if (packedMs < piece.packedFromMs) return edge === 'start' || i === 0 ? piece.fromMs : pieces[i - 1]!.toMs;
    if (packedMs <= packedToMs) return piece.fromMs + (packedMs - piece.packedFromMs);
  }
  return pieces.at(-1)!.toMs;
}

/** Whisper's segments for one batch, in file times. */
export function placeSegments(raw: RawSegment[], batch: Batch): AsrSegment[] {
  return raw.map((segment) => ({
    startMs: toFileTime(batch, segment.t0, 'start'),
    endMs: toFileTime(batch, segment.t1, 'end'),
    text: segment.text,
    // whisper.node 1.1.3 gives only text, t0 and t1 (no token probabilities, no no-speech
    // probability), so these stay unknown rather than invented.
    confidence: null,
    noSpeechProb: null,
    words: null,
  }));
}

/**
 * What every result keeps to: text trimmed, empty segments dropped, times in order and not
 * overlapping. Whisper can give an end before its start, or a start before the previous end,
 * when it is unsure (more so on noise); callers should not each have to cope with that.
 */
export function tidySegments(segments: AsrSegment[]): AsrSegment[] {
  const tidy: AsrSegment[] = [];
  let previousEndMs = 0;
  for (const segment of segments) {
    const text = segment.text.trim();
    if (text === '') continue;
    const startMs = Math.max(segment.startMs, previousEndMs);
    const endMs = Math.max(segment.endMs, startMs);
    tidy.push({ ...segment, text, startMs, endMs });
    previousEndMs = endMs;
  }
  return tidy;
}
