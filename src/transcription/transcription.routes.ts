// Asking for a dialogue's transcription again (e.g. after the operator configured another
// model); automatic runs follow every attached audio without a request.
import { z } from '@hono/zod-openapi';
import { type Deps, createApi, defineRoute } from '../http/api.ts';
import { ErrorSchema, IdParam, errorResponses, jsonResponse } from '../http/schemas.ts';
import { requestTranscription } from './transcription.service.ts';

const tags = ['Transcripts'];

const TranscribeAccepted = z
  .object({ jobId: z.string().openapi({ description: 'The run in GET /api/jobs/{id}, with its progress' }) })
  .openapi('TranscribeAccepted');

export function transcriptionRoutes({ db, jobs }: Deps) {
  return createApi().openapi(
    defineRoute('coordinator', {
      method: 'post', path: '/{id}/transcribe', tags, operationId: 'transcribeDialogue',
      summary: "Transcribe this dialogue's audio again with the configured model; the draft is written on top of the current version",
      request: { params: IdParam },
      responses: {
        202: jsonResponse(TranscribeAccepted, 'Queued (joins a run of this dialogue still waiting)'),
        ...errorResponses,
        409: jsonResponse(ErrorSchema, 'transcription_off: no model configured; no_audio: the dialogue has no audio yet'),
      },
    }),
    async (c) => c.json({ jobId: String(await requestTranscription(db, jobs, c.req.valid('param').id)) }, 202),
  );
}
