export type AsrWord = { text: string; startMs: number; endMs: number; confidence: number | null };
export type AsrSegment = { startMs: number; endMs: number; text: string; confidence: number | null; noSpeechProb: number | null; words: AsrWord[] | null };
export type TranscribeRequest = {
  pcmPath: string;  // raw s16le, 16 kHz, mono
  regions: { fromMs: number; toMs: number }[] | null; // null: whole file (or Silero VAD when configured); result times relative to the whole file
  language: string; prompt: string;
  onProgress?: (percent: number) => void; signal?: AbortSignal;
};
export type TranscribeResult = { language: string; segments: AsrSegment[]; aborted: boolean; model: string };
export interface AsrEngine { readonly model: string; transcribe(r: TranscribeRequest): Promise<TranscribeResult>; close(): Promise<void> }
