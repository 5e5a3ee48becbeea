// Guards against text Whisper invents: over silence, music and jingles it writes plausible
// lines ("Terima kasih telah menonton"), and once it has written one it tends to repeat it in
// a loop. These pure functions decide which of the engine's segments reach a draft, and say
// why the others did not, so a run's details can count them.
//
// - No-speech probability: whisper.cpp's own threshold for "this window holds no speech" is
//   0.6 (its `no_speech_thold`); a segment the model itself rates at or above it is dropped.
// - Repeats: a segment whose text, normalised (case, punctuation, spacing), is the same as the
//   last kept one, or within 10 % edit distance of it (a loop that drifts by a letter or a
//   comma), is dropped. Only consecutive lines are compared: people do say the same short
//   thing twice in an hour, minutes apart.
// - Empty: nothing but spaces, punctuation, symbols (♪) or bracketed annotations
//   ("[Musik]", "(tepuk tangan)") is not a line of talk.
import { distance } from 'fastest-levenshtein';
import type { AsrSegment } from '../asr/types.ts';

export const NO_SPEECH_THRESHOLD = 0.6;
/** Edit distance, as a share of the longer text, under which two lines count as the same. */
export const NEAR_REPEAT_RATIO = 0.1;

export type DropReason = 'no_speech' | 'repeat' | 'empty';
export type GuardOutcome = { kept: AsrSegment[]; dropped: { segment: AsrSegment; reason: DropReason }[] };

/** A line reduced to its words: lower case, no punctuation or symbols, single spaces. */
export function normaliseLine(text: string): string {
  return text
    .replace(/\[[^\]]*\]|\([^)]*\)|\*[^*]*\*/g, ' ')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function isRepeat(previous: string, current: string): boolean {
  if (previous === '' || current === '') return false;
  if (previous === current) return true;
  const longer = Math.max(previous.length, current.length);
  return distance(previous, current) / longer <= NEAR_REPEAT_RATIO;
}

export function guardSegments(segments: readonly AsrSegment[]): GuardOutcome {
  const kept: AsrSegment[] = [];
  const dropped: GuardOutcome['dropped'] = [];
  let previous = '';
  for (const segment of segments) {
    const words = normaliseLine(segment.text);
    if (words === '') dropped.push({ segment, reason: 'empty' });
    else if (segment.noSpeechProb !== null && segment.noSpeechProb >= NO_SPEECH_THRESHOLD) dropped.push({ segment, reason: 'no_speech' });
    else if (isRepeat(previous, words)) dropped.push({ segment, reason: 'repeat' });
    else {
      kept.push({ ...segment, text: segment.text.trim() });
      previous = words;
    }
  }
  return { kept, dropped };
}

/** How many segments each guard dropped, for a run's details. */
export function countDropped(dropped: GuardOutcome['dropped']): Record<DropReason, number> {
  const counts: Record<DropReason, number> = { no_speech: 0, repeat: 0, empty: 0 };
  for (const d of dropped) counts[d.reason]++;
  return counts;
}
