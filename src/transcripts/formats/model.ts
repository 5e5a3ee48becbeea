import { type Localized, said } from '../../errors.ts';

/**
 * The one shape every transcript format is read into and written from, and the error a
 * malformed file raises. Times are whole milliseconds so that a round trip through any
 * timed format keeps them exactly.
 */

export type TranscriptFormat = 'vtt' | 'srt' | 'json' | 'txt';

export interface TranscriptCue {
  id: string | null;
  /** Null only for plain text, which carries no timings. */
  startMs: number | null;
  endMs: number | null;
  speaker: string | null;
  text: string;
}

/**
 * A transcript that cannot be read or written. `line` (1-based) is null when the problem
 * has no place in a file, e.g. cues without timings handed to a WebVTT writer. The
 * message starts with the line so that a coordinator can go straight to it.
 */
export class TranscriptFormatError extends Error {
  readonly format: TranscriptFormat;
  readonly line: number | null;
  /** What is wrong, in Indonesian and English, without the line. */
  readonly detail: Localized;

  constructor(format: TranscriptFormat, line: number | null, detail: Localized) {
    super(line === null ? detail.en : `line ${line}: ${detail.en}`);
    this.name = 'TranscriptFormatError';
    this.format = format;
    this.line = line;
    this.detail = detail;
  }
}

/** A body whose content type names none of the transcript formats. */
export class UnsupportedTranscriptTypeError extends Error {
  readonly contentType: string;

  constructor(contentType: string, accepted: readonly string[]) {
    super(`A transcript cannot be read from "${contentType}"; send one of ${accepted.join(', ')}.`);
    this.name = 'UnsupportedTranscriptTypeError';
    this.contentType = contentType;
  }
}

/**
 * Parsing in slices: the generator yields between slices and returns what it parsed.
 * `drain` runs it in one go; the server runs it with a turn of the event loop at every
 * yield (parseTranscriptPaced), so that a large file does not hold other requests.
 */
export type Slices<T> = Generator<void, T, void>;

export function drain<T>(slices: Slices<T>): T {
  for (;;) {
    const step = slices.next();
    if (step.done) return step.value;
  }
}

/** Said by more than one format. */
export const NO_CUES = said('berkas ini berakhir tanpa satu pun potongan berisi teks', 'the file ends without a single cue with text');
export const ENDS_BEFORE_START = said('potongan ini berakhir sebelum dimulai', 'the cue ends before it starts');
