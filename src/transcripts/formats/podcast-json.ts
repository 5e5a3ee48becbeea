/**
 * Podcasting 2.0 JSON transcripts (podcastindex.org's `podcast:transcript` JSON):
 * `{"version": "1.0.0", "segments": [{"speaker", "startTime", "endTime", "body"}]}` with
 * times in seconds. Seconds are floats, so they are rounded to whole milliseconds on the
 * way in (754.1 * 1000 is 754099.9999999999).
 */
import { z } from 'zod';
import { said } from '../../errors.ts';
import { issueMessage } from '../../http/issues.ts';
import { collapseSpaces, lineNumberAt, prepareText } from './input.ts';
import { TranscriptFormatError, type TranscriptCue } from './model.ts';
import { jsonSyntaxErrorOffset, jsonValueOffset } from './json-locate.ts';
import { requireTimings } from './output.ts';

const toMs = (seconds: number) => Math.round(seconds * 1000);

const Segment = z
  .object({
    speaker: z.string().nullish(),
    startTime: z.number().nonnegative(),
    endTime: z.number().nonnegative(),
    body: z.string(),
  })
  .refine((segment) => toMs(segment.endTime) >= toMs(segment.startTime), {
    path: ['endTime'],
    message: 'must not be before startTime',
  });

const PodcastTranscript = z.object({
  version: z.string(),
  segments: z.array(Segment),
});

export function parsePodcastJson(text: string): TranscriptCue[] {
  const body = prepareText(text, 'json');
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    const offset = jsonSyntaxErrorOffset(body);
    const line = offset === null ? null : lineNumberAt(body, offset);
    throw new TranscriptFormatError('json', line, said('bukan JSON yang sah', `not valid JSON: ${(error as SyntaxError).message}`));
  }

  const result = PodcastTranscript.safeParse(document);
  if (!result.success) {
    const { issues } = result.error;
    const problems = (lang: 'id' | 'en') => issues.slice(0, 3).map((issue) => `${fieldPath(issue.path)}: ${lang === 'en' ? issue.message : issueMessage(issue, lang)}`).join('; ');
    const more = issues.length > 3 ? said(` (dan ${issues.length - 3} lagi)`, ` (and ${issues.length - 3} more)`) : said('', '');
    const line = lineNumberAt(body, jsonValueOffset(body, issues[0]!.path));
    throw new TranscriptFormatError('json', line, said(`${problems('id')}${more.id}`, `${problems('en')}${more.en}`));
  }

  const cues = result.data.segments
    .map((segment) => ({
      id: null,
      startMs: toMs(segment.startTime),
      endMs: toMs(segment.endTime),
      speaker: segment.speaker ? collapseSpaces(segment.speaker) || null : null,
      text: collapseSpaces(segment.body),
    }))
    .filter((cue) => cue.text !== '');
  if (cues.length === 0) {
    const line = lineNumberAt(body, jsonValueOffset(body, ['segments']));
    throw new TranscriptFormatError('json', line, said('segments: tidak ada segmen yang berisi teks (body)', 'segments: there is no segment with a body'));
  }
  return cues;
}

/** `segments[3].startTime`, the way a reader would look it up. */
function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the document';
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

/** One segment a line: small enough for slow connections, readable in a diff. */
export function serializePodcastJson(cues: readonly TranscriptCue[]): string {
  const segments = requireTimings(cues, 'json').map((cue) =>
    JSON.stringify({
      ...(cue.speaker === null ? {} : { speaker: cue.speaker }),
      startTime: cue.startMs / 1000,
      endTime: cue.endMs / 1000,
      body: cue.text,
    }),
  );
  return `{"version":"1.0.0","segments":[\n${segments.join(',\n')}\n]}\n`;
}

/** The line of the endTime of the first segment that ends after `limitMs` (none: null). */
export function lineOfCueEndingAfter(text: string, limitMs: number): number | null {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const segments = (JSON.parse(body) as { segments: { endTime: number }[] }).segments;
  const index = segments.findIndex((segment) => toMs(segment.endTime) > limitMs);
  return index === -1 ? null : lineNumberAt(body, jsonValueOffset(body, ['segments', index, 'endTime']));
}
