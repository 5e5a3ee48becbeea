// The speech recogniser's interface, in the domain's words: the transcription pipeline codes
// against these types and never sees the Whisper binding (only src/asr/ imports it). This file
// imports nothing, so anyone may import it.

export type AsrWord = { text: string; startMs: number; endMs: number; confidence: number | null };

export type AsrSegment = {
  startMs: number;
  endMs: number;
  text: string;
  /** 0–1, e.g. the mean token probability; null when the engine gives none. */
  confidence: number | null;
  /** whisper's no-speech probability for the segment, when the binding exposes it. */
  noSpeechProb: number | null;
  words: AsrWord[] | null;
};

export type TranscribeRequest = {
  /** Raw PCM, signed 16-bit little-endian, 16 kHz, mono (the pipeline writes it with ffmpeg). */
  pcmPath: string;
  /** Speech regions (ms from the file's start) to transcribe; null: the whole file, or the
   *  Silero VAD's regions when SIARAN_ASR_VAD_MODEL is set. Times in the result stay
   *  relative to the whole file. */
  regions: { fromMs: number; toMs: number }[] | null;
  language: string; // e.g. 'id'
  prompt: string; // whisper initial prompt (names, terms)
  onProgress?: (percent: number) => void; // 0–100, reaches 100 on a completed run
  signal?: AbortSignal; // abort = stop the run early; partial segments are returned
};

export type TranscribeResult = {
  language: string;
  segments: AsrSegment[];
  aborted: boolean;
  model: string;
  /** The recogniser process's peak resident memory so far, in bytes; null when not measured (an aborted run). */
  peakRssBytes: number | null;
};

export interface AsrEngine {
  /** The model's file name (e.g. "ggml-small.bin"), recorded on every machine version. */
  readonly model: string;
  transcribe(request: TranscribeRequest): Promise<TranscribeResult>;
  close(): Promise<void>;
}

/** What the engine needs: the files checked by checkAsrSettings, and how many threads to use. */
export type AsrSettings = {
  /** Absolute path of the ggml Whisper model. */
  model: string;
  /** Absolute path of the Silero VAD ggml file, or null. */
  vadModel: string | null;
  threads: number;
};

export type AsrErrorCode =
  /** The request itself is wrong (no such PCM file, a region that is not a span). */
  | 'asr_bad_request'
  /** The model file could not be loaded by whisper.cpp. */
  | 'asr_model_unloadable'
  /** The recogniser's process ended in the middle of a run (crash, out of memory, killed). */
  | 'asr_engine_crashed'
  /** transcribe() after close(). */
  | 'asr_engine_closed'
  /** whisper.cpp reported a failure for the run. */
  | 'asr_failed';

export class AsrError extends Error {
  constructor(
    readonly code: AsrErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AsrError';
  }
}
