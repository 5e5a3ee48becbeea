import { z } from '@hono/zod-openapi';
import type { JobRun } from '../db/schema.ts';
import { ListQuery } from '../http/schemas.ts';

const JOB_KINDS = ['capture', 'intake', 'transcribe', 'search-reindex'] as const;

export const JobRunSchema = z
  .object({
    id: z.string(),
    job: z.enum(JOB_KINDS),
    dialogueId: z.string().nullable(),
    trigger: z.enum(['schedule', 'manual', 'upload']),
    outcome: z.enum(['queued', 'running', 'attached', 'registered', 'skipped', 'failed']),
    reason: z.string().nullable().openapi({ description: 'Why it was skipped or failed, in words' }),
    error: z.string().nullable().openapi({ description: "ffmpeg's own error output, when it failed" }),
    attempt: z.number().int(),
    retryAt: z.string().nullable().openapi({ description: 'When a failed run is tried again; null: not automatically' }),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
    progress: z.number().int().min(0).max(100).nullable().openapi({ description: 'How far a transcription has got (0–100); null for other jobs' }),
  })
  .openapi('JobRun');

export const JobListQuery = ListQuery.extend({
  job: z.enum(JOB_KINDS).optional(),
  kind: z.enum(JOB_KINDS).optional().openapi({ description: 'The same as job' }),
  dialogue: z.string().max(64).optional(),
  outcome: z.enum(['queued', 'running', 'attached', 'registered', 'skipped', 'failed']).optional(),
});

export const RunIdParam = z.object({
  id: z.string().regex(/^\d{1,15}$/, 'a run id').openapi({ param: { name: 'id', in: 'path' }, example: '42' }),
});

export type JobRunJson = z.infer<typeof JobRunSchema>;

export const toJobRunJson = (r: JobRun): JobRunJson => ({
  id: String(r.id),
  job: r.job as JobRunJson['job'],
  dialogueId: r.dialogue_id,
  trigger: r.trigger,
  outcome: r.outcome,
  reason: r.reason,
  error: r.error,
  attempt: r.attempt,
  retryAt: r.retry_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  details: r.details === null ? null : JSON.parse(r.details),
  progress: r.progress,
});
