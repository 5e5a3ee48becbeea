import { z } from '@hono/zod-openapi';
import { optionalText, slugSchema } from '../http/schemas.ts';
import { DateTimeInput } from '../time/instants.ts';
import { AudioSchema } from '../recordings/audio.schemas.ts';
import { TranscriptSummarySchema } from '../transcripts/transcripts.schemas.ts';
import { langQuery } from '../http/language.ts';

export const STATUSES = ['draft', 'scheduled', 'aired', 'published', 'cancelled'] as const;
const id = z.string().min(1).max(64);

const ParticipantInput = z.strictObject({
  speakerId: id,
  role: z.enum(['speaker', 'host', 'moderator']),
});

const participants = z
  .array(ParticipantInput)
  .max(50)
  .refine((list) => new Set(list.map((p) => p.speakerId)).size === list.length, 'each person at most once');

const topics = z.array(slugSchema).max(30).refine((list) => new Set(list).size === list.length, 'each topic at most once');

const booking = {
  title: z.string().trim().min(1).max(300),
  description: optionalText(10_000),
  stationId: id,
  programId: id.nullable().optional(),
  startsAt: DateTimeInput,
  endsAt: DateTimeInput,
  participants: participants.default([]),
  topics: topics.default([]),
  prerecorded: z.boolean().optional().openapi({ description: 'recorded before its broadcast: audio may be attached before it starts' }),
};

export const DialogueInput = z
  .strictObject({ ...booking, status: z.enum(['draft', 'scheduled']).default('scheduled') })
  .openapi('DialogueInput');

export const SeriesInput = z
  .strictObject({
    ...booking,
    status: z.enum(['draft', 'scheduled']).default('scheduled'),
    rrule: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .openapi({ example: 'FREQ=WEEKLY;BYDAY=WE;COUNT=8', description: 'RFC 5545 RRULE, with COUNT or UNTIL; repeats the wall-clock slot in the station time zone' }),
  })
  .openapi('SeriesInput');

export const DialoguePatch = z
  .strictObject({
    title: booking.title.optional(),
    description: booking.description,
    programId: booking.programId,
    startsAt: DateTimeInput.optional(),
    endsAt: DateTimeInput.optional(),
    participants: participants.optional(),
    topics: topics.optional(),
    prerecorded: z.boolean().optional(),
    status: z.enum(STATUSES).optional(),
    note: z.string().trim().max(1000).optional().openapi({ description: 'Why: kept in the history (e.g. a cancellation reason); required to take aired back to scheduled' }),
  })
  .openapi('DialoguePatch');

export const PatchQuery = z.strictObject({
  ...langQuery,
  scope: z.enum(['this', 'following']).default('this').openapi({ description: 'For series: this occurrence, or this and the following ones' }),
});

export const DialogueListQuery = z.strictObject({
  ...langQuery,
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  station: id.optional(),
  program: id.optional(),
  speaker: id.optional(),
  topic: slugSchema.optional(),
  series: id.optional(),
  status: z.enum(STATUSES).optional(),
  from: DateTimeInput.optional().openapi({ description: 'dialogues ending after this instant (local times read in UTC unless station is given)' }),
  to: DateTimeInput.optional().openapi({ description: 'dialogues starting before this instant' }),
  order: z.enum(['asc', 'desc']).optional().openapi({ description: 'by start time: asc (default) or desc, newest first' }),
});

const ParticipantSchema = z.object({
  speakerId: z.string(),
  name: z.string(),
  role: z.enum(['speaker', 'host', 'moderator']),
  response: z.enum(['pending', 'confirmed', 'declined']),
});

export const DialogueSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    stationId: z.string(),
    programId: z.string().nullable(),
    seriesId: z.string().nullable(),
    startsAt: z.string().openapi({ example: '2021-09-08T02:00:00.000Z' }),
    endsAt: z.string(),
    timezone: z.string().openapi({ example: 'Asia/Jakarta' }),
    status: z.enum(STATUSES),
    announcedAt: z.string().nullable().openapi({ description: 'When the dialogue was made public ahead of its air time; null: not announced' }),
    prerecorded: z.boolean(),
    participants: z.array(ParticipantSchema),
    topics: z.array(z.string()),
    audio: AudioSchema.nullable(),
    transcript: TranscriptSummarySchema.nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Dialogue');

export const HistorySchema = z
  .object({
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    note: z.string().nullable(),
  })
  .openapi('DialogueHistoryEntry');

export const ResponseInput = z.strictObject({ response: z.enum(['confirmed', 'declined']) });

export type DialogueInput = z.infer<typeof DialogueInput>;
export type SeriesInput = z.infer<typeof SeriesInput>;
export type DialoguePatch = z.infer<typeof DialoguePatch>;
export type DialogueListQuery = z.infer<typeof DialogueListQuery>;
export type DialogueJson = z.infer<typeof DialogueSchema>;
