// A dialogue's transcript: upload a file (a new version), read any version as JSON or as
// a file for players, list the versions.
import { z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { AppError, said } from '../errors.ts';
import { type Deps, createApi, defineRoute } from '../http/api.ts';
import { ErrorSchema, IdParam, errorResponses, jsonResponse } from '../http/schemas.ts';
import { ImportResultSchema, TranscriptQuery, TranscriptSchema, VersionSchema } from './transcripts.schemas.ts';
import * as service from './transcripts.service.ts';

const tags = ['Transcripts'];

/**
 * Transcript uploads may be larger than the API's general body limit: a long dialogue
 * in Podcasting JSON runs to hundreds of kilobytes. app.ts leaves these paths to the
 * limit below.
 */
export const TRANSCRIPT_UPLOAD_PATH = /^\/api\/dialogues\/[^/]+\/transcript$/;
export const TRANSCRIPT_LIMIT_BYTES = 8 * 1024 * 1024;

const file = (description: string) => ({ schema: { type: 'string' as const, description } });

export function transcriptRoutes({ db, config }: Deps) {
  const app = createApi();
  const maxSize = Math.max(config.bodyLimitBytes, TRANSCRIPT_LIMIT_BYTES);
  app.use(
    '/:id/transcript',
    bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError(413, 'payload_too_large', said(`Transkrip paling besar ${Math.round(maxSize / 1048576)} MiB.`, `A transcript may be at most ${maxSize} bytes.`));
      },
    }),
  );
  return app
    .openapi(
      defineRoute('coordinator', {
        method: 'put', path: '/{id}/transcript', tags,
        summary: 'Upload a transcript file as a new version (WebVTT, SRT, Podcasting 2.0 JSON or "Name: words" plain text, UTF-8)',
        request: {
          params: IdParam,
          body: {
            required: true,
            content: {
              'text/vtt': file('WebVTT, with <v Name> voices'),
              'application/x-subrip': file('SRT, with "Name:" speaker prefixes'),
              'application/json': { schema: { type: 'object' as const, description: 'Podcasting 2.0 JSON: {"version", "segments": [{speaker, startTime, endTime, body}]}' } },
              'text/plain': file('"Name: words" paragraphs, without timings'),
            },
          },
        },
        responses: {
          201: jsonResponse(ImportResultSchema, 'Stored as the latest version'),
          ...errorResponses,
          413: jsonResponse(ErrorSchema, 'Too large'),
          415: jsonResponse(ErrorSchema, 'Not one of the four formats'),
        },
      }),
      async (c) => {
        const body = new Uint8Array(await c.req.arrayBuffer());
        const result = await service.importTranscript(db, c.get('actor'), c.req.valid('param').id, body, c.req.header('content-type'));
        return c.json(result, 201);
      },
    )
    .openapi(
      defineRoute('public', {
        method: 'get', path: '/{id}/transcript', tags,
        summary: 'A transcript version as JSON with segment ids, or as a file (format=vtt|srt|json|txt); published dialogues: public',
        request: { params: IdParam, query: TranscriptQuery },
        responses: {
          200: {
            description: 'The transcript',
            content: {
              'application/json': { schema: TranscriptSchema },
              'text/vtt': file('WebVTT'),
              'application/x-subrip': file('SRT'),
              'text/plain': file('plain text'),
            },
          },
          ...errorResponses,
        },
      }),
      async (c) => {
        const { format, version } = c.req.valid('query');
        const transcript = await service.readTranscript(db, c.get('actor'), c.req.valid('param').id, version);
        // Players on other sites (podcast apps, embeds) fetch published transcripts.
        if (transcript.published) c.header('access-control-allow-origin', '*');
        if (format === undefined) return c.json(transcript.json, 200);
        const out = service.transcriptFile(transcript.json, format);
        return c.body(out.body, 200, { 'content-type': out.contentType });
      },
    )
    .openapi(
      defineRoute('public', {
        method: 'get', path: '/{id}/transcript/versions', tags, summary: 'Every version of the transcript, newest first',
        request: { params: IdParam },
        responses: { 200: jsonResponse(z.object({ items: z.array(VersionSchema) }), 'Versions'), ...errorResponses },
      }),
      async (c) => c.json({ items: await service.listVersions(db, c.get('actor'), c.req.valid('param').id) }, 200),
    );
}
