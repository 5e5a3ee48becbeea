// A dialogue's audio over HTTP: upload a recording, capture from the station's recordings
// now, and listen (the renditions and waveform, with byte ranges).
import { z } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { actorForPresentedToken } from '../auth/auth.service.ts';
import { clientAddress } from '../http/client.ts';
import { accelRedirect, connectionGone, serveFile } from '../audio/serve.ts';
import type { Actor } from '../auth/actor.ts';
import { AppError, said } from '../errors.ts';
import { type AppEnv, type Deps, createApi, defineRoute } from '../http/api.ts';
import { ErrorSchema, IdParam, errorResponses, jsonResponse } from '../http/schemas.ts';
import { findRun } from '../jobs/runs.repository.ts';
import { JobRunSchema, toJobRunJson } from '../jobs/jobs.schemas.ts';
import type { AudioFile } from './audio.schemas.ts';
import { mediaFile, requestCapture, uploadAudio } from './audio.service.ts';

const tags = ['Audio'];

/** app.ts leaves these to the upload limit (SIARAN_UPLOAD_LIMIT_MB) instead of the JSON body limit. */
export const AUDIO_UPLOAD_PATH = /^\/api\/dialogues\/[^/]+\/audio$/;

const UploadSchema = z
  .object({
    upload: z.object({ id: z.string(), bytes: z.number().int(), durationMs: z.number().int(), codec: z.string(), contentType: z.string(), createdAt: z.string() }),
    run: JobRunSchema,
  })
  .openapi('AudioUpload');

export function audioRoutes({ db, config, jobs }: Deps) {
  const runJson = async (id: number) => toJobRunJson((await findRun(db, id))!);
  return createApi()
    .openapi(
      defineRoute('coordinator', {
        method: 'put', path: '/{id}/audio', tags,
        summary: 'Upload a recording of this dialogue (raw body, audio/*); it is processed like a capture and replaces the current audio',
        request: {
          params: IdParam,
          body: { required: true, content: { 'audio/*': { schema: { type: 'string' as const, format: 'binary', description: 'MP3, Ogg/Opus, WAV, FLAC, M4A…' } } } },
        },
        responses: {
          202: jsonResponse(UploadSchema, 'Stored; processing is queued (poll GET /api/jobs/{run.id} or the dialogue)'),
          ...errorResponses,
          413: jsonResponse(ErrorSchema, 'Larger than SIARAN_UPLOAD_LIMIT_MB'),
          415: jsonResponse(ErrorSchema, 'Not audio (by content type, or by what ffprobe finds)'),
        },
      }),
      async (c) => {
        const result = await uploadAudio(db, config, jobs, c.get('actor'), c.req.valid('param').id, {
          contentType: c.req.header('content-type'),
          contentLength: c.req.header('content-length'),
          body: c.req.raw.body,
        });
        return c.json({ upload: result.upload, run: await runJson(result.runId) }, 202);
      },
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'post', path: '/{id}/capture', tags,
        summary: "Capture this dialogue's audio from the recordings now (also after the automatic retries gave up)",
        request: { params: IdParam },
        responses: { 202: jsonResponse(JobRunSchema, 'Queued'), ...errorResponses },
      }),
      async (c) => {
        const { runId } = await requestCapture(db, jobs, c.req.valid('param').id);
        return c.json(await runJson(runId), 202);
      },
    );
}

const MEDIA_NAME = /^(.{1,64})\.(opus|mp3|peaks\.json)$/;

/**
 * GET/HEAD /media/dialogues/{id}.{opus|mp3|peaks.json} for whoever may see the dialogue, and
 * the same under /s/{token}/ for speakers' portal pages, whose <audio> cannot send a bearer token.
 */
export function mediaRoutes({ db, config }: Deps) {
  const serve = async (c: import('hono').Context<AppEnv>, actor: Actor, throughLink: boolean) => {
    const match = MEDIA_NAME.exec(c.req.param('name') ?? '');
    if (!match) throw new AppError(404, 'not_found', said('Audio ini tidak ada.', 'No such audio.'));
    const gone = connectionGone(c.env);
    // A new render deletes the files of the previous one right after recording itself: a request
    // that read the old row just before finds its file gone, and reads the row again.
    for (let attempt = 1; ; attempt++) {
      const file = await mediaFile(db, config, actor, match[1]!, match[2] as AudioFile);
      // A published dialogue's files may be cached by anyone; a versioned URL never changes.
      // Through a speaker's link the URL holds their token: no shared cache should keep it.
      const versioned = c.req.query('v') === file.renderId;
      const cacheControl = throughLink || !file.published ? 'private, no-cache' : versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300';
      if (config.mediaAccelPrefix) return accelRedirect(config.mediaAccelPrefix, file.mediaPath, { mimeType: file.mimeType, cacheControl });
      try {
        return await serveFile(c.req.raw, { path: file.path, mimeType: file.mimeType, etag: file.etag, cacheControl }, gone);
      } catch (err) {
        if (attempt === 1 && (err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
    }
  };
  const app = new Hono<AppEnv>();
  app.on(['GET', 'HEAD'], '/media/dialogues/:name', (c) => serve(c, c.get('actor'), false));
  app.on(['GET', 'HEAD'], '/s/:token/media/dialogues/:name', async (c) => {
    const actor = await actorForPresentedToken(db, c.req.param('token'), clientAddress(c));
    if (!actor || actor.kind !== 'speaker') throw new AppError(404, 'not_found', said('Audio ini tidak ada.', 'No such audio.'));
    return serve(c, actor, true);
  });
  return app;
}
