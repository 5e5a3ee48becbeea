/**
 * What the writers share: clock timestamps, line wrapping, and the check that cues
 * bound for a timed format really carry timings.
 */
import { said } from '../../errors.ts';
import { TranscriptFormatError, type TranscriptCue, type TranscriptFormat } from './model.ts';

export type TimedCue = TranscriptCue & { startMs: number; endMs: number };

/** `HH:MM:SS.mmm` (WebVTT) or `HH:MM:SS,mmm` (SRT). */
export function formatClock(ms: number, fractionSeparator: '.' | ','): string {
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor(ms / 60_000) % 60;
  const seconds = Math.floor(ms / 1000) % 60;
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}${fractionSeparator}${pad(ms % 1000, 3)}`;
}

/** Breaks text into lines of at most `width` characters, never inside a word. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Plain-text transcripts have no timings; writing one as a timed format would have to
 * invent them, so it is refused instead.
 */
export function requireTimings(cues: readonly TranscriptCue[], format: TranscriptFormat): TimedCue[] {
  return cues.map((cue, index) => {
    const { startMs, endMs } = cue;
    if (startMs === null || endMs === null) {
      throw new TranscriptFormatError(format, null, said(`baris ${index + 1} tidak punya penanda waktu, padahal ${format} memerlukannya`, `cue ${index + 1} has no timings, which ${format} needs`));
    }
    if (!Number.isInteger(startMs) || !Number.isInteger(endMs) || startMs < 0 || endMs < startMs) {
      throw new TranscriptFormatError(
        format,
        null,
        said(`baris ${index + 1} punya waktu yang mustahil (${startMs} md sampai ${endMs} md)`, `cue ${index + 1} has impossible timings (${startMs} ms to ${endMs} ms)`),
      );
    }
    return { ...cue, startMs, endMs };
  });
}
