/**
 * WebVTT transcripts. Reading goes through `webvtt-parser`, the W3C's reference parser
 * (w3c/webvtt.js), which follows the specification's parsing algorithm and is tested
 * against the web-platform-tests cases we run too. It is lenient as the specification
 * asks of players: a cue with broken timings is skipped with a warning. An archive must
 * not lose a line silently, so the warnings that mean a cue was dropped become errors.
 */
import webvtt from 'webvtt-parser';
import type { Cue, Entity, TreeNode, TreeNodeObjectTagNameWithRt, VTTData } from 'webvtt-parser';
import htmlEntities from 'webvtt-parser/html-entities.json' with { type: 'json' };
import { collapseSpaces, prepareText, splitLines } from './input.ts';
import { said } from '../../errors.ts';
import { ENDS_BEFORE_START, NO_CUES, type Slices, TranscriptFormatError, type TranscriptCue, drain } from './model.ts';
import { formatClock, requireTimings, wrapText } from './output.ts';

const { WebVTTParser, WebVTTCueTimingsAndSettingsParser } = webvtt;

// The parser's built-in table has "&amp" without the semicolon and so turns "&amp;"
// into "&;"; the full HTML table it ships decodes every named reference correctly.
const ENTITIES = htmlEntities as Record<Entity, string>;

const TIMING_EXAMPLE = '00:01:02.000 --> 00:01:05.000';

// webvtt-parser's messages for a timing line it could not read, after which it drops
// the cue and the text lines under it.
const DROPPED_CUE = new Set([
  'No timestamp found.',
  'Timestamp must start with a character in the range 0-9.',
  'No time unit separator found.',
  'Must be exactly two digits.',
  'No seconds found or minutes is greater than 59.',
  'No decimal separator (".") found.',
  'Milliseconds must be given in three digits.',
  'You cannot have more than 59 minutes.',
  'You cannot have more than 59 seconds.',
  'No valid timestamp separator found.',
]);
// ... and for a block whose first line is not followed by a timing: the parser reads
// such lines as identifiers of cues that never come.
const MISSING_TIMING = new Set([
  'Cue identifier needs to be followed by timestamp.',
  'Cue identifier cannot be standalone.',
]);
// ... and for a timing inside a NOTE or STYLE block, whose cue it swallows: usually a
// missing blank line after the comment.
const TIMING_IN_BLOCK = new Map([
  ['Cannot have timestamp in a comment.', said('komentar NOTE', 'NOTE comment')],
  ['Cannot have timestamp in a style block.', said('blok STYLE', 'STYLE block')],
]);
const NO_SIGNATURE = 'No valid signature. (File needs to start with "WEBVTT".)';
const END_NOT_AFTER_START = 'End timestamp is not greater than start timestamp.';

/**
 * The reference parser's own output, as a player would see it: cues sorted by start
 * time, as the specification keeps them. `parseVtt` builds on it; the conformance tests
 * check it against the web-platform-tests assertions.
 */
export function parseVttDocument(text: string): VTTData {
  // "metadata" mode keeps the cue-text warnings (stray tags, odd escapes) quiet; none
  // of them loses words.
  return new WebVTTParser(ENTITIES).parse(text, 'metadata');
}

export function parseVtt(text: string): TranscriptCue[] {
  return drain(vttSlices(text));
}

// About 500 cues: some tens of milliseconds of parsing between two turns of the event loop.
const SLICE_LINES = 1500;
const SLICE_CUES = 500;

/**
 * Parses in slices of whole cue blocks, pausing between them (see Slices): an 8 MiB file
 * took seconds in one piece. Every slice after the first is parsed as a file of its own
 * under a "WEBVTT" line, starting at a block that follows a blank line and holds a timing
 * in its first or second line (a cue, or a NOTE/STYLE block with a timing in it, which is
 * refused either way), so each block reads as it does in the whole file. Lines reported
 * are the whole file's; cues are ordered as the parser orders them (stable sort by start,
 * longer first).
 */
export function* vttSlices(text: string): Slices<TranscriptCue[]> {
  const body = prepareText(text, 'vtt');
  const lines = splitLines(body);
  const parsed: Cue[] = [];
  for (let start = 0; start < lines.length; ) {
    const end = sliceEnd(lines, start);
    const header = start === 0 ? 0 : 2;
    const document = parseVttDocument((start === 0 ? '' : 'WEBVTT\n\n') + lines.slice(start, end).join('\n'));
    for (const { message, line } of document.errors) rejectIfFatal(message, line - header + start, lines);
    for (const cue of document.cues) parsed.push(cue);
    start = end;
    if (start < lines.length) yield;
  }
  parsed.sort(inPlayerOrder);
  yield;

  const cues: TranscriptCue[] = [];
  for (const [i, cue] of parsed.entries()) {
    for (const run of toTranscriptCues(cue)) cues.push(run);
    if (i % SLICE_CUES === SLICE_CUES - 1) yield;
  }
  if (cues.length === 0) {
    throw new TranscriptFormatError('vtt', lines.length, NO_CUES);
  }
  return cues;
}

function sliceEnd(lines: readonly string[], start: number): number {
  const hasTiming = (line: string | undefined) => line !== undefined && line.includes('-->');
  for (let i = start + SLICE_LINES; i < lines.length; i++) {
    if (lines[i - 1] === '' && lines[i] !== '' && (hasTiming(lines[i]) || hasTiming(lines[i + 1]))) return i;
  }
  return lines.length;
}

/** webvtt-parser's own order of cues. */
function inPlayerOrder(a: Cue, b: Cue): number {
  return a.startTime - b.startTime || b.endTime - a.endTime;
}

/**
 * The line of the first timing whose cue ends after `limitMs`, for a refusal that names
 * it; a file whose cues all end in time has none.
 */
export function lineOfCueEndingAfter(text: string, limitMs: number): number | null {
  const lines = splitLines(text.startsWith('\uFEFF') ? text.slice(1) : text);
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.includes('-->')) continue;
    const probe = {} as Cue;
    new WebVTTCueTimingsAndSettingsParser(lines[i]!, () => {}).parse(probe, 0);
    if (probe.endTime !== undefined && Math.round(probe.endTime * 1000) > limitMs) return i + 1;
  }
  return null;
}

function rejectIfFatal(message: string, line: number, lines: readonly string[]): void {
  if (message === NO_SIGNATURE) {
    throw new TranscriptFormatError('vtt', 1, said('berkas seharusnya diawali "WEBVTT"', 'expected the file to start with "WEBVTT"'));
  }
  if (DROPPED_CUE.has(message)) {
    throw new TranscriptFormatError(
      'vtt',
      line,
      said(`seharusnya ada penanda waktu seperti ${TIMING_EXAMPLE}`, `expected a timing like ${TIMING_EXAMPLE} (${message.replace(/\.$/, '').toLowerCase()})`),
    );
  }
  if (MISSING_TIMING.has(message) && !inRegionBlock(lines, line - 2)) {
    const identifier = said(`pengenal potongan "${lines[line - 2]}"`, `the cue identifier "${lines[line - 2]}"`);
    if (line > lines.length) {
      throw new TranscriptFormatError('vtt', line - 1, said(`berkas berakhir sesudah ${identifier.id}, tanpa penanda waktunya`, `the file ends after ${identifier.en}, without its timing`));
    }
    throw new TranscriptFormatError('vtt', line, said(`seharusnya ada penanda waktu seperti ${TIMING_EXAMPLE} sesudah ${identifier.id}`, `expected a timing like ${TIMING_EXAMPLE} after ${identifier.en}`));
  }
  const block = TIMING_IN_BLOCK.get(message);
  if (block !== undefined) {
    throw new TranscriptFormatError(
      'vtt',
      line,
      said(`ada penanda waktu di dalam ${block.id}; beri satu baris kosong antara ${block.id} itu dan potongannya`, `a timing inside a ${block.en}; leave a blank line between the ${block.en} and the cue`),
    );
  }
  // The parser warns as soon as the end is not after the start; a cue of zero length is
  // fine for a transcript, one that ends before it starts is not.
  if (message === END_NOT_AFTER_START) {
    const probe = {} as Cue;
    new WebVTTCueTimingsAndSettingsParser(lines[line - 1] ?? '', () => {}).parse(probe, 0);
    if (probe.endTime < probe.startTime) {
      throw new TranscriptFormatError('vtt', line, ENDS_BEFORE_START);
    }
  }
}

// webvtt-parser predates REGION definition blocks and reads their lines as stray cue
// identifiers; they are valid WebVTT and carry nothing a transcript keeps.
function inRegionBlock(lines: readonly string[], index: number): boolean {
  let first = index;
  while (first > 0 && lines[first - 1] !== '') first--;
  return /^REGION($|[ \t])/.test(lines[first] ?? '');
}

interface VoiceRun {
  speaker: string | null;
  text: string;
}

/** One transcript cue per voice: `<v A>…</v><v B>…</v>` is two people talking. */
function toTranscriptCues(cue: Cue): TranscriptCue[] {
  const runs: VoiceRun[] = [{ speaker: null, text: '' }];
  collectVoices(cue.tree.children, runs);
  return runs
    .map((run) => ({ ...run, text: collapseSpaces(run.text) }))
    .filter((run) => run.text !== '')
    .map((run, index) => ({
      id: index === 0 && cue.id !== '' ? cue.id : null,
      startMs: Math.round(cue.startTime * 1000),
      endMs: Math.round(cue.endTime * 1000),
      speaker: run.speaker,
      text: run.text,
    }));
}

// Text after a closed voice span stays with that voice: authors often close </v> early
// or not at all, and the speaker has not changed until the next <v>.
function collectVoices(nodes: readonly TreeNode<TreeNodeObjectTagNameWithRt>[], runs: VoiceRun[]): void {
  for (const node of nodes) {
    if (node.type === 'text') {
      runs[runs.length - 1]!.text += node.value;
    } else if (node.type === 'object') {
      if (node.name === 'v') runs.push({ speaker: speakerName(node.value), text: '' });
      collectVoices(node.children, runs);
    }
  }
}

// The parser leaves character references in annotations undecoded.
function speakerName(annotation: string): string | null {
  const name = collapseSpaces(
    annotation.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);/gi, (reference, body: string) => {
      if (body.startsWith('#')) {
        const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : reference;
      }
      return ENTITIES[reference as Entity] ?? reference;
    }),
  );
  return name === '' ? null : name;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface VttOptions {
  /** Longest cue text line; longer text wraps onto further lines of the same cue. */
  lineWidth?: number;
}

export function serializeVtt(cues: readonly TranscriptCue[], { lineWidth = 65 }: VttOptions = {}): string {
  const blocks = requireTimings(cues, 'vtt').map((cue) => {
    const lines = wrapText(collapseSpaces(cue.text), lineWidth).map(escapeText);
    if (cue.speaker !== null) lines[0] = `<v ${escapeText(collapseSpaces(cue.speaker))}>${lines[0] ?? ''}`;
    const timing = `${formatClock(cue.startMs, '.')} --> ${formatClock(cue.endMs, '.')}`;
    return [...(cue.id === null ? [] : [cue.id]), timing, ...lines].join('\n');
  });
  return `WEBVTT\n\n${blocks.join('\n\n')}\n`;
}
