// What the transcript editor's routes take and give: a list of edit operations against a
// base version, and the version they make.
import { z } from '@hono/zod-openapi';
import { TranscriptSchema } from './transcripts.schemas.ts';

const SegmentId = z.string().regex(/^\d{1,15}$/, 'a segment id from the base version').openapi({ example: '1042' });

const TextEdit = z
  .strictObject({
    op: z.literal('text'),
    segmentId: SegmentId,
    text: z.string().trim().min(1).max(10_000),
  })
  .openapi('TranscriptTextEdit', { description: "New text for one line; the line's confidence and words become null" });

const SpeakerEdit = z
  .strictObject({
    op: z.literal('speaker'),
    fromSegmentId: SegmentId,
    toSegmentId: SegmentId.openapi({ description: 'the last line of the run (inclusive); the same as fromSegmentId for one line' }),
    speakerId: z.string().min(1).max(64).nullable().openapi({ description: "a participant of the dialogue; null: speaker unknown" }),
  })
  .openapi('TranscriptSpeakerEdit', { description: 'Attribute a run of consecutive lines to one participant' });

const ReplaceEdit = z
  .strictObject({
    op: z.literal('replace'),
    find: z.string().trim().min(1).max(200),
    replace: z.string().trim().max(200),
    matchCase: z.boolean().default(false).openapi({ description: 'false (default): "suli wati" also finds "Suli Wati" and "SULI WATI"' }),
  })
  .openapi('TranscriptReplaceEdit', {
    description: 'Replace every whole-word occurrence in the version (spaces in `find` match any run of spaces); the text is inserted as written',
  });

export const EditOperation = z.discriminatedUnion('op', [TextEdit, SpeakerEdit, ReplaceEdit]);

export const EditInput = z
  .strictObject({
    baseVersion: z.number().int().min(1).openapi({ description: 'the version the edits were made on; 409 version_changed if it is no longer the latest' }),
    operations: z.array(EditOperation).min(1).max(500),
  })
  .openapi('TranscriptEdits');

export const EditResultSchema = TranscriptSchema.extend({
  changes: z.object({
    segments: z.number().int().openapi({ description: 'lines whose text or speaker changed' }),
    replacements: z.number().int().openapi({ description: 'occurrences replaced by replace operations' }),
  }),
}).openapi('TranscriptEditResult');

export const VersionParams = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' } }),
  n: z.coerce.number().int().min(1).openapi({ param: { name: 'n', in: 'path' }, example: 3 }),
});

export type EditInput = z.infer<typeof EditInput>;
export type EditOperation = z.infer<typeof EditOperation>;
