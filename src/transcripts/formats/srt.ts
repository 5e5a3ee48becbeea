/**
 * SubRip (SRT) transcripts: numbered cues, `HH:MM:SS,mmm` timings, and speakers as a
 * `Name:` prefix that holds until the next one.
 *
 * Hand-written rather than taken from npm: `srt-parser-2` splits the file with one
 * regular expression, so a broken cue vanishes into the previous cue's text and no line
 * is ever reported, and `subtitle` reads ",5" as 5 ms instead of 500 ms and counts rows
 * from the first non-blank line. SRT has no specification to follow, and the whole
 * grammar fits in the function below.
 */
import { collapseSpaces, prepareText, splitLines } from './input.ts';
import { said } from '../../errors.ts';
import { ENDS_BEFORE_START, NO_CUES, type Slices, TranscriptFormatError, type TranscriptCue, drain } from './model.ts';
import { formatClock, requireTimings, wrapText } from './output.ts';
import { splitSpeakerPrefix } from './speaker-prefix.ts';

const TIMING_EXAMPLE = '00:01:02,000 --> 00:01:05,000';
const CLOCK = String.raw`(\d+):(\d{2}):(\d{2})[,.](\d{3})`;
// A full stop instead of the comma is a common export slip and unambiguous; anything
// after the end time (old position hints "X1:… Y1:…") is ignored.
const TIMING_LINE = new RegExp(String.raw`^\s*${CLOCK}\s*-->\s*${CLOCK}(?:\s.*)?$`);
// <i>, <b>, <u>, <s> and <font …> are the markup players honour; {\an8}-style
// positioning comes from ASS conversions.
const MARKUP = /<\/?(?:[ibus]|font)(?:\s[^>]*)?>|\{\\[^}]*\}/gi;

const isBlank = (line: string | undefined) => line === undefined || line.trim() === '';

export function parseSrt(text: string): TranscriptCue[] {
  return drain(srtSlices(text));
}

const SLICE_CUES = 2000;

/** Pauses every couple of thousand cues (see Slices). */
export function* srtSlices(text: string): Slices<TranscriptCue[]> {
  const lines = splitLines(prepareText(text, 'srt'));
  const cues: TranscriptCue[] = [];
  let speaker: string | null = null;
  let i = 0;
  for (;;) {
    while (i < lines.length && isBlank(lines[i])) i++;
    if (i >= lines.length) break;

    let id: string | null = null;
    if (/^\s*\d+\s*$/.test(lines[i]!)) {
      id = lines[i]!.trim();
      i++;
    }
    const { startMs, endMs } = readTiming(lines[i], i + 1, id);
    i++;

    const textLines: string[] = [];
    while (!isBlank(lines[i])) textLines.push(lines[i++]!);
    let cueText = collapseSpaces(textLines.join('\n').replace(MARKUP, ''));
    const prefix = splitSpeakerPrefix(cueText);
    if (prefix) {
      speaker = prefix.speaker;
      cueText = prefix.text;
    }
    // Empty cues clear the screen in players; a transcript has nothing to keep of them.
    if (cueText !== '') cues.push({ id, startMs, endMs, speaker, text: cueText });
    if (cues.length % SLICE_CUES === 0) yield;
  }
  if (cues.length === 0) {
    throw new TranscriptFormatError('srt', lines.length, NO_CUES);
  }
  return cues;
}

/** The line of the first timing whose cue ends after `limitMs` (none: null). */
export function lineOfCueEndingAfter(text: string, limitMs: number): number | null {
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    if (TIMING_LINE.test(lines[i]!) && readTiming(lines[i], i + 1, null).endMs > limitMs) return i + 1;
  }
  return null;
}

function readTiming(line: string | undefined, lineNumber: number, id: string | null) {
  const expected =
    id === null
      ? said(`nomor potongan atau penanda waktu seperti ${TIMING_EXAMPLE}`, `a cue number or a timing like ${TIMING_EXAMPLE}`)
      : said(`penanda waktu seperti ${TIMING_EXAMPLE}`, `a timing like ${TIMING_EXAMPLE}`);
  const match = line === undefined ? null : TIMING_LINE.exec(line);
  if (!match) {
    const found =
      line === undefined ? said('akhir berkas', 'the end of the file') : isBlank(line) ? said('baris kosong', 'a blank line') : said(`"${line.trim().slice(0, 60)}"`, `"${line.trim().slice(0, 60)}"`);
    throw new TranscriptFormatError('srt', lineNumber, said(`seharusnya ${expected.id}, tetapi ada ${found.id}`, `expected ${expected.en}, found ${found.en}`));
  }
  const [, h1, m1, s1, ms1, h2, m2, s2, ms2] = match.map(Number) as number[];
  if (m1! > 59 || s1! > 59 || m2! > 59 || s2! > 59) {
    throw new TranscriptFormatError('srt', lineNumber, said('menit dan detik dalam penanda waktu harus di bawah 60', 'minutes and seconds in a timing must be below 60'));
  }
  const startMs = ((h1! * 60 + m1!) * 60 + s1!) * 1000 + ms1!;
  const endMs = ((h2! * 60 + m2!) * 60 + s2!) * 1000 + ms2!;
  if (endMs < startMs) throw new TranscriptFormatError('srt', lineNumber, ENDS_BEFORE_START);
  return { startMs, endMs };
}

export interface SrtOptions {
  /** Longest cue text line; longer text wraps onto further lines of the same cue. */
  lineWidth?: number;
}

/**
 * Cues are renumbered from 1, as players expect. The speaker is written only when it
 * changes, which is how people write SRT dialogue by hand; it is also written when the
 * text itself opens with something a reader would take for a speaker. The convention has
 * no way to say "nobody": a cue without a speaker after one with a speaker reads back as
 * that speaker's.
 */
export function serializeSrt(cues: readonly TranscriptCue[], { lineWidth = 65 }: SrtOptions = {}): string {
  let previousSpeaker: string | null = null;
  const blocks = requireTimings(cues, 'srt').map((cue, index) => {
    let text = collapseSpaces(cue.text);
    if (cue.speaker !== null && (cue.speaker !== previousSpeaker || splitSpeakerPrefix(text) !== null)) {
      text = `${collapseSpaces(cue.speaker)}: ${text}`;
    }
    previousSpeaker = cue.speaker;
    const timing = `${formatClock(cue.startMs, ',')} --> ${formatClock(cue.endMs, ',')}`;
    return [String(index + 1), timing, ...wrapText(text, lineWidth)].join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}
