/**
 * Transcript files in and out: picks the format from a content type (or a format id),
 * decodes the bytes and hands them to that format's parser or writer.
 */
import { said } from '../../errors.ts';
import { decodeUtf8 } from './input.ts';
import {
  type Slices,
  TranscriptFormatError,
  UnsupportedTranscriptTypeError,
  drain,
  type TranscriptCue,
  type TranscriptFormat,
} from './model.ts';
import { parsePlainText, serializePlainText } from './plain-text.ts';
import * as podcastJson from './podcast-json.ts';
import * as srt from './srt.ts';
import * as vtt from './vtt.ts';

export { TranscriptFormatError, UnsupportedTranscriptTypeError, type TranscriptCue, type TranscriptFormat };

export const TRANSCRIPT_FORMATS = ['vtt', 'srt', 'json', 'txt'] as const satisfies readonly TranscriptFormat[];

const MEDIA_TYPES: Record<TranscriptFormat, string> = {
  vtt: 'text/vtt',
  srt: 'application/x-subrip',
  json: 'application/json',
  txt: 'text/plain',
};

/** The Content-Type to send with each format. */
export const TRANSCRIPT_CONTENT_TYPES: Record<TranscriptFormat, string> = {
  vtt: `${MEDIA_TYPES.vtt}; charset=utf-8`,
  srt: `${MEDIA_TYPES.srt}; charset=utf-8`,
  json: `${MEDIA_TYPES.json}; charset=utf-8`,
  txt: `${MEDIA_TYPES.txt}; charset=utf-8`,
};

// JSON.parse and plain text read an 8 MiB file in a fraction of the time WebVTT and SRT
// take, so they are one slice.
const PARSERS: Record<TranscriptFormat, (text: string) => Slices<TranscriptCue[]>> = {
  vtt: vtt.vttSlices,
  srt: srt.srtSlices,
  // eslint-disable-next-line require-yield
  json: function* (text) {
    return podcastJson.parsePodcastJson(text);
  },
  // eslint-disable-next-line require-yield
  txt: function* (text) {
    return parsePlainText(text);
  },
};

const WRITERS: Record<TranscriptFormat, (cues: readonly TranscriptCue[]) => string> = {
  vtt: vtt.serializeVtt,
  srt: srt.serializeSrt,
  json: podcastJson.serializePodcastJson,
  txt: serializePlainText,
};

/** Throws UnsupportedTranscriptTypeError for any media type but the four above. */
export function formatOfContentType(contentType: string): TranscriptFormat {
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  const format = TRANSCRIPT_FORMATS.find((f) => MEDIA_TYPES[f] === mediaType);
  if (format === undefined) throw new UnsupportedTranscriptTypeError(contentType, Object.values(MEDIA_TYPES));
  return format;
}

export function parseTranscript(body: Uint8Array | string, contentType: string): TranscriptCue[] {
  return drain(transcriptSlices(body, contentType));
}

/**
 * The same, with a turn of the event loop between slices, so that the server answers other
 * requests while it reads a large file.
 */
export async function parseTranscriptPaced(body: Uint8Array | string, contentType: string): Promise<TranscriptCue[]> {
  const slices = transcriptSlices(body, contentType);
  for (;;) {
    const step = slices.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function* transcriptSlices(body: Uint8Array | string, contentType: string): Slices<TranscriptCue[]> {
  const format = formatOfContentType(contentType);
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new TranscriptFormatError(format, null, said(`transkrip harus UTF-8, bukan ${charset}`, `transcripts must be UTF-8, not ${charset}`));
  }
  const text = typeof body === 'string' ? body : decodeUtf8(body, format);
  yield;
  return yield* PARSERS[format](text);
}

/**
 * The line of the first cue in this (already parsed) file that ends after `limitMs`, or
 * null; plain text has no timings.
 */
export function lineOfCueEndingAfter(body: Uint8Array, format: TranscriptFormat, limitMs: number): number | null {
  const text = new TextDecoder().decode(body);
  if (format === 'vtt') return vtt.lineOfCueEndingAfter(text, limitMs);
  if (format === 'srt') return srt.lineOfCueEndingAfter(text, limitMs);
  if (format === 'json') return podcastJson.lineOfCueEndingAfter(text, limitMs);
  return null;
}

export function serializeTranscript(cues: readonly TranscriptCue[], format: TranscriptFormat): string {
  return WRITERS[format](cues);
}
