// What the jobs did: every capture, intake and transcription run, newest first, for operators.
import { type Deps, createApi, defineRoute } from '../http/api.ts';
import { AppError, said } from '../errors.ts';
import { decodeCursor, errorResponses, jsonResponse, listOf, page } from '../http/schemas.ts';
import { JobListQuery, JobRunSchema, RunIdParam, toJobRunJson } from './jobs.schemas.ts';
import { findRun, listRuns } from './runs.repository.ts';

const tags = ['Jobs'];

export function jobRoutes({ db }: Deps) {
  return createApi()
    .openapi(
      defineRoute('coordinator', {
        method: 'get', path: '/', tags,
        summary: 'Capture, intake and transcription runs, newest first, with outcome, reason, ffmpeg error and progress',
        request: { query: JobListQuery },
        responses: { 200: jsonResponse(listOf(JobRunSchema), 'Runs'), ...errorResponses },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const after = decodeCursor(q.cursor);
        if (q.job && q.kind && q.job !== q.kind) {
          const differs = said('berbeda dengan job', 'differs from job');
          throw new AppError(400, 'invalid_request', said('job dan kind adalah saringan yang sama; berikan salah satu saja.', 'job and kind are the same filter; give one.'), { fields: [{ path: 'kind', message: differs }] });
        }
        const rows = await listRuns(db, { job: q.job ?? q.kind, dialogueId: q.dialogue, outcome: q.outcome, beforeId: after ? Number(after.id) : undefined, limit: q.limit + 1 });
        const result = page(rows, q.limit, (r) => ['', String(r.id)]);
        return c.json({ items: result.items.map(toJobRunJson), nextCursor: result.nextCursor }, 200);
      },
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'get', path: '/{id}', tags,
        summary: 'One run (poll it after an upload or a capture request)',
        request: { params: RunIdParam },
        responses: { 200: jsonResponse(JobRunSchema, 'The run'), ...errorResponses },
      }),
      async (c) => {
        const run = await findRun(db, Number(c.req.valid('param').id));
        if (!run) throw new AppError(404, 'not_found', said('Proses ini tidak ada.', 'No such run.'));
        return c.json(toJobRunJson(run), 200);
      },
    );
}
