// What the transcript and correction routes take and give.
import { z } from '@hono/zod-openapi';
import { langQuery } from '../http/language.ts';

export const FORMATS = ['vtt', 'srt', 'json', 'txt'] as const;

/** The `transcript` field of a dialogue: its latest version, or null. */
export const TranscriptSummarySchema = z
  .object({
    version: z.number().int(),
    segments: z.number().int(),
    language: z.string().openapi({ example: 'id' }),
    source: z.enum(['import', 'machine', 'edit', 'correction']),
    reviewed: z.boolean().openapi({ description: 'false with source machine: an automatic transcript not yet reviewed' }),
  })
  .openapi('TranscriptSummary');

export const VersionSchema = z
  .object({
    version: z.number().int(),
    createdAt: z.string(),
    source: z.enum(['import', 'machine', 'edit', 'correction']).openapi({
      description: "import: a file; machine: a Whisper draft; edit: a coordinator's change; correction: a speaker's accepted proposal",
    }),
    format: z.enum(FORMATS).nullable().openapi({ description: 'the format of the imported file; null otherwise' }),
    correctionId: z.string().nullable(),
    model: z.string().nullable().openapi({ description: 'the Whisper model of a machine version' }),
    reviewed: z.boolean().openapi({ description: 'a coordinator marked this version reviewed' }),
    reviewedAt: z.string().nullable().openapi({ description: 'when it was first marked reviewed' }),
    segments: z.number().int(),
    language: z.string(),
    actor: z.string().optional().openapi({ description: 'who made it (coordinators only)' }),
  })
  .openapi('TranscriptVersion');

export const WordSchema = z
  .object({ text: z.string(), startMs: z.number().int().nullable(), endMs: z.number().int().nullable(), confidence: z.number().min(0).max(1).nullable() })
  .openapi('TranscriptWord');

const SpeakerRef = z.object({ id: z.string().nullable(), name: z.string() });

export const SegmentSchema = z
  .object({
    id: z.string(),
    startMs: z.number().int().nullable().openapi({ description: 'null for transcripts imported as plain text' }),
    endMs: z.number().int().nullable(),
    speaker: SpeakerRef.nullable().openapi({ description: 'id null: a label not matched to any participant' }),
    cueId: z.string().nullable(),
    text: z.string(),
    confidence: z.number().min(0).max(1).nullable().optional().openapi({
      description: "the engine's confidence in a machine line (0–1); null for people's text. Coordinators and the dialogue's speakers only",
    }),
    words: z.array(WordSchema).nullable().optional().openapi({
      description: 'the words as the engine heard them, with times and confidences; null for people\'s text. Coordinators and the dialogue\'s speakers only',
    }),
  })
  .openapi('TranscriptSegment');

export const TranscriptSchema = z
  .object({
    dialogueId: z.string(),
    version: VersionSchema,
    segments: z.array(SegmentSchema),
  })
  .openapi('Transcript');

export const ImportResultSchema = z
  .object({
    dialogueId: z.string(),
    version: VersionSchema,
    speakers: z.array(z.object({ label: z.string(), speakerId: z.string().nullable(), name: z.string().nullable() })).openapi({
      description: 'each speaker label of the file and the participant it was matched to',
    }),
    unmappedLabels: z.array(z.string()).openapi({ description: 'labels kept as written: no participant has that name' }),
  })
  .openapi('TranscriptImport');

export const TranscriptQuery = z.strictObject({
  ...langQuery,
  format: z.enum(FORMATS).optional().openapi({
    description: 'a file: vtt (WebVTT), srt, json (Podcasting 2.0) or txt; without it, this API\'s JSON with segment ids',
  }),
  version: z.coerce.number().int().min(1).optional().openapi({ description: 'an older version; the latest by default' }),
});

export const CorrectionInput = z
  .strictObject({
    segmentId: z.string().min(1).max(32),
    text: z.string().trim().min(1).max(10_000),
    note: z.string().trim().max(2000).optional().openapi({ description: 'why, for the coordinator who reviews it' }),
  })
  .openapi('CorrectionInput');

export const RejectionInput = z
  .strictObject({ reason: z.string().trim().max(2000).optional().openapi({ description: 'why, shown to the speaker' }) })
  .openapi('RejectionInput');

export const CORRECTION_STATUSES = ['pending', 'accepted', 'rejected'] as const;

export const CorrectionListQuery = z.strictObject({
  ...langQuery,
  status: z.enum(CORRECTION_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const CorrectionSchema = z
  .object({
    id: z.string(),
    dialogueId: z.string(),
    dialogueTitle: z.string(),
    segmentId: z.string(),
    segment: z.object({ version: z.number().int(), startMs: z.number().int().nullable(), endMs: z.number().int().nullable() }),
    speaker: z.object({ id: z.string(), name: z.string() }).openapi({ description: 'who proposed it' }),
    originalText: z.string().openapi({ description: 'the line as it was when the correction was proposed' }),
    text: z.string(),
    note: z.string().nullable(),
    status: z.enum(CORRECTION_STATUSES),
    createdAt: z.string(),
    reviewedAt: z.string().nullable(),
    resultVersion: z.number().int().nullable().openapi({ description: 'the version accepting it made' }),
    reviewNote: z.string().nullable().openapi({ description: "the coordinator's reason (for a rejection), shown to the speaker" }),
  })
  .openapi('Correction');

export type TranscriptQuery = z.infer<typeof TranscriptQuery>;
export type CorrectionInput = z.infer<typeof CorrectionInput>;
export type CorrectionJson = z.infer<typeof CorrectionSchema>;
export type VersionJson = z.infer<typeof VersionSchema>;
export type WordJson = z.infer<typeof WordSchema>;
