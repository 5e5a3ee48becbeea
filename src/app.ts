// Builds the HTTP app from its parts; never listens, so tests drive it with app.request().
import { randomUUID } from 'node:crypto';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { sql } from 'kysely';
import { authRoutes } from './auth/auth.routes.ts';
import { identify } from './auth/identify.ts';
import { calendarRoutes } from './calendar/calendar.routes.ts';
import { dialogueRoutes } from './dialogues/dialogues.routes.ts';
import { meRoutes } from './dialogues/me.routes.ts';
import { spaceProblem } from './audio/space.ts';
import { AppError, said } from './errors.ts';
import { type Deps, createApi } from './http/api.ts';
import { responseCache } from './http/cache.ts';
import { docsRoutes } from './http/docs.ts';
import { chooseLanguage } from './http/language.ts';
import { metricsRoute, observeRequests } from './http/metrics.ts';
import { openApiDocumentRoute } from './http/openapi.ts';
import { Jobs } from './jobs/jobs.ts';
import { jobRoutes } from './jobs/jobs.routes.ts';
import { messageRoutes } from './messages/messages.routes.ts';
import { AUDIO_UPLOAD_PATH, audioRoutes, mediaRoutes } from './recordings/audio.routes.ts';
import { programRoutes } from './programs/programs.routes.ts';
import { speakerRoutes } from './speakers/speakers.routes.ts';
import { identifyClient } from './http/client.ts';
import { stationRoutes } from './stations/stations.routes.ts';
import { topicRoutes } from './topics/topics.routes.ts';
import { errorPage, pageRoutes } from './pages/pages.routes.tsx';
import { searchRoutes } from './search/search.routes.ts';
import { sharedGlossaryRoutes, stationGlossaryRoutes } from './glossary/glossary.routes.ts';
import { correctionRoutes } from './transcripts/corrections.routes.ts';
import { editRoutes } from './transcripts/edits.routes.ts';
import { TRANSCRIPT_UPLOAD_PATH, transcriptRoutes } from './transcripts/transcripts.routes.ts';
import { transcriptionRoutes } from './transcription/transcription.routes.ts';

/** Without `jobs`, the app makes its own runner (uploads and captures still run; nothing is scheduled). */
export function createApp(given: Omit<Deps, 'jobs'> & { jobs?: Jobs }) {
  const deps: Deps = { ...given, jobs: given.jobs ?? new Jobs(given.db, given.config) };
  const app = createApi();

  app.use('*', async (c, next) => {
    c.set('requestId', randomUUID());
    await next();
  });
  app.use('*', identifyClient(deps.config.trustedProxies));
  app.use('*', chooseLanguage);
  app.use('*', observeRequests);
  // Before identify(): its bearer token is the metrics token, not a session.
  app.get('/metrics', metricsRoute(deps));
  app.use('*', identify(deps.db));
  const cache = responseCache(deps.db);
  // "/x/*" matches "/x" too: listing both ran the cache twice on every list.
  for (const path of ['/api/dialogues/*', '/api/stations/*', '/api/programs/*', '/api/speakers/*', '/api/topics', '/api/search']) {
    app.use(path, cache);
  }
  const generalLimit = bodyLimit({
    maxSize: deps.config.bodyLimitBytes,
    onError: () => {
      const kb = Math.round(deps.config.bodyLimitBytes / 1024);
      throw new AppError(413, 'payload_too_large', said(`Badan permintaan lebih besar dari ${kb} KB.`, `The body is larger than ${deps.config.bodyLimitBytes} bytes.`));
    },
  });
  // Transcript files and audio uploads carry their own, larger limits.
  app.use('/api/*', (c, next) => (TRANSCRIPT_UPLOAD_PATH.test(c.req.path) || AUDIO_UPLOAD_PATH.test(c.req.path) ? next() : generalLimit(c, next)));

  app.route('/api', authRoutes(deps));
  app.route('/api', meRoutes(deps));
  app.route('/api/stations', stationRoutes(deps));
  app.route('/api/stations', stationGlossaryRoutes(deps));
  app.route('/api/glossary', sharedGlossaryRoutes(deps));
  app.route('/api/programs', programRoutes(deps));
  app.route('/api/speakers', speakerRoutes(deps));
  app.route('/api/topics', topicRoutes(deps));
  app.route('/api/dialogues', dialogueRoutes(deps));
  app.route('/api/dialogues', transcriptRoutes(deps));
  app.route('/api/dialogues', editRoutes(deps));
  app.route('/api/dialogues', audioRoutes(deps));
  app.route('/api/dialogues', transcriptionRoutes(deps));
  app.route('/api/jobs', jobRoutes(deps));
  app.route('/api/messages', messageRoutes(deps));
  app.route('/api', correctionRoutes(deps));
  app.route('/api/search', searchRoutes(deps));
  app.route('/calendar', calendarRoutes(deps));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  openApiDocumentRoute(app, '/api/openapi.json', deps.config.publicUrl);
  app.route('/api/docs', docsRoutes());

  // Liveness: 200 while the database answers. "degraded" names what needs an operator (the
  // server still serves; intake and capture wait); monitoring alerts on it.
  app.get('/healthz', async (c) => {
    await sql`select 1`.execute(deps.db);
    const noSpace = await spaceProblem(deps.config.mediaDir, deps.config.storage.minFreeBytes);
    if (noSpace) return c.json({ status: 'degraded', reasons: [`${noSpace}: intake and capture are stopped`] });
    return c.json({ status: 'ok' });
  });

  app.route('/', mediaRoutes(deps));
  // After every API route: the pages own "/" and the paths the API does not use.
  app.route('/', pageRoutes(deps));

  app.notFound((c) => {
    const missing = new AppError(404, 'not_found', said(`Tidak ada apa pun di ${c.req.method} ${c.req.path}.`, `Nothing at ${c.req.method} ${c.req.path}.`));
    // People following a stale link get a page; API clients keep getting JSON.
    if (!c.req.path.startsWith('/api/') && c.req.header('accept')?.includes('text/html')) return errorPage(c, missing);
    return c.json(missing.toBody(c.get('lang')), 404);
  });

  app.onError((error, c) => {
    const lang = c.get('lang') ?? 'id';
    if (error instanceof AppError) {
      if (error.status === 429 && typeof error.details?.retryAfter === 'number') c.header('Retry-After', String(error.details.retryAfter));
      return c.json(error.toBody(lang), error.status);
    }
    if (error instanceof HTTPException && error.status < 500) {
      const code = error.status === 400 ? 'invalid_request' : error.status === 413 ? 'payload_too_large' : error.status === 403 ? 'forbidden' : 'http_error';
      return c.json(new AppError(error.status, code, error.message || 'Bad request.').toBody(lang), error.status);
    }
    const requestId = c.get('requestId');
    console.error(`[${requestId}] ${c.req.method} ${c.req.path}`, error);
    return c.json(
      new AppError(500, 'internal_error', said('Terjadi kesalahan di pihak kami.', 'Something went wrong on our side.'), { requestId }).toBody(lang),
      500,
    );
  });

  return app;
}
