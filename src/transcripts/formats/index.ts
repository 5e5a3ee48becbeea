/**
 * Transcript files in and out: picks the format from a content type (or a format id),
 * decodes the bytes and hands them to that format's parser or writer.
 */
import { decodeUtf8 } from './input.ts';
import {
  TranscriptFormatError,
  UnsupportedTranscriptTypeError,
  type TranscriptCue,
  type TranscriptFormat,
} from './model.ts';
import { parsePlainText, serializePlainText } from './plain-text.ts';
import { parsePodcastJson, serializePodcastJson } from './podcast-json.ts';
import { parseSrt, serializeSrt } from './srt.ts';
import { parseVtt, serializeVtt } from './vtt.ts';

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

const PARSERS: Record<TranscriptFormat, (text: string) => TranscriptCue[]> = {
  vtt: parseVtt,
  srt: parseSrt,
  json: parsePodcastJson,
  txt: parsePlainText,
};

const WRITERS: Record<TranscriptFormat, (cues: readonly TranscriptCue[]) => string> = {
  vtt: serializeVtt,
  srt: serializeSrt,
  json: serializePodcastJson,
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
  const format = formatOfContentType(contentType);
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new TranscriptFormatError(format, null, `transcripts must be UTF-8, not ${charset}`);
  }
  return PARSERS[format](typeof body === 'string' ? body : decodeUtf8(body, format));
}

export function serializeTranscript(cues: readonly TranscriptCue[], format: TranscriptFormat): string {
  return WRITERS[format](cues);
}
