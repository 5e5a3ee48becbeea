// The server-rendered side of Siaran: the public archive, the podcast feeds, the speakers'
// portal and the coordinators' console, with their assets. Pages answer in HTML, errors
// included; forms that change anything are refused unless they come from our own pages.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { csrf } from 'hono/csrf';
import { etag } from 'hono/etag';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { anonymous } from '../auth/actor.ts';
import { listDialogues } from '../dialogues/dialogues.service.ts';
import { AppError, said } from '../errors.ts';
import type { AppEnv, Deps } from '../http/api.ts';
import { findProgramBySlug } from '../programs/programs.repository.ts';
import { findStation } from '../stations/stations.repository.ts';
import { assetRoutes } from './assets.ts';
import { consolePages } from './console/console.routes.tsx';
import { editorPages } from './editor/editor.routes.tsx';
import { speakerLinkPages } from './console/speaker-link.tsx';
import { glossaryConsolePages } from './console/glossary.tsx';
import { outboxPages } from './console/outbox.tsx';
import { accountConsolePages } from './console/accounts.tsx';
import { peopleConsolePages } from './console/people.tsx';
import { programmeConsolePages } from './console/programmes.tsx';
import { stationConsolePages } from './console/stations.tsx';
import { topicConsolePages } from './console/topics.tsx';
import { audioOf } from './data.ts';
import { type FeedEpisode, podcastFeed } from './feeds/podcast.ts';
import { ErrorPage, type PageContext, pageOf, render } from './layout.tsx';
import { portalPages } from './portal/portal.routes.tsx';
import { publicPages } from './public/public.routes.tsx';
import { stationPages } from './public/station.tsx';
import { TRANSCRIPT_LIMIT_BYTES } from '../transcripts/transcripts.routes.ts';

/** Paths the pages own: their middleware must not touch the API's answers. */
export const PAGE_PATHS = ['/', '/browse', '/search', '/dialog/*', '/speakers/*', '/stations/*', '/feeds/*', '/s/*', '/console', '/console/*'];

// A programme's feed lists its latest episodes; podcast apps need no more to subscribe.
const FEED_EPISODES = 100;

export function errorPage(c: PageContext, error: unknown) {
  const p = pageOf(c);
  const area = c.req.path.startsWith('/console') ? 'console' : c.req.path.startsWith('/s/') ? 'portal' : 'public';
  if (error instanceof HTTPException && error.status === 403) {
    return render(c, <ErrorPage p={p} title={p.t.forbiddenTitle} text={p.t.forbiddenText} area={area} />, 403);
  }
  const status: ContentfulStatusCode | null = error instanceof AppError ? error.status : error instanceof HTTPException && error.status < 500 ? (error.status as ContentfulStatusCode) : null;
  if (status === 404) {
    const text = error instanceof AppError && error.code === 'link_revoked' ? p.t.linkRevoked : p.t.notFoundText;
    return render(c, <ErrorPage p={p} title={p.t.notFoundTitle} text={text} area={area} />, 404);
  }
  if (status !== null && status < 500) {
    // An AppError's `message` is its English side (for logs); the page speaks the reader's language.
    const message = error instanceof AppError ? error.messageIn(p.lang) : error instanceof Error ? error.message : '';
    return c.html(`<!doctype html>${String(<ErrorPage p={p} title={p.t.badRequestTitle} text={message} area={area} />)}`, status);
  }
  const requestId = c.get('requestId');
  console.error(`[${requestId}] ${c.req.method} ${c.req.path}`, error);
  return render(c, <ErrorPage p={p} title={p.t.errorTitle} text={`${p.t.errorText} ${requestId}`} area={area} />, 500);
}

const tooLarge = (bytes: number) => () => {
  throw new AppError(413, 'payload_too_large', said(`Formulir ini lebih besar dari ${Math.round(bytes / 1024)} KB.`, `The form is larger than ${Math.round(bytes / 1024)} KB.`));
};

export function pageRoutes(deps: Deps) {
  const { db, config } = deps;
  const app = new Hono<AppEnv>();
  for (const path of PAGE_PATHS) {
    app.use(path, compress());
    app.use(path, etag({ weak: true }));
    app.use(path, async (c, next) => {
      await next();
      // Our pages load nothing from elsewhere; the JSON-LD block is data, not script.
      c.header(
        'content-security-policy',
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
      );
      c.header('x-content-type-options', 'nosniff');
    });
  }
  app.use('/s/*', csrf());
  app.use('/console', csrf());
  app.use('/console/*', csrf());
  // Forms are small; a transcript file may be as large as the API accepts, plus the form's own bytes.
  const formLimit = bodyLimit({ maxSize: config.bodyLimitBytes, onError: tooLarge(config.bodyLimitBytes) });
  const transcriptLimit = bodyLimit({ maxSize: TRANSCRIPT_LIMIT_BYTES + 64 * 1024, onError: tooLarge(TRANSCRIPT_LIMIT_BYTES) });
  app.use('/s/*', formLimit);
  const audioLimit = bodyLimit({ maxSize: config.capture.uploadLimitBytes + 64 * 1024, onError: tooLarge(config.capture.uploadLimitBytes) });
  app.use('/console/*', (c, next) => {
    if (/^\/console\/dialogues\/[^/]+\/transcript$/.test(c.req.path)) return transcriptLimit(c, next);
    if (/^\/console\/dialogues\/[^/]+\/audio$/.test(c.req.path)) return audioLimit(c, next);
    return formLimit(c, next);
  });

  app.route('/assets', assetRoutes());

  app.get('/feeds/:file{[a-z0-9-]+\\.xml}', async (c) => {
    const program = await findProgramBySlug(db, c.req.param('file').replace(/\.xml$/, ''));
    const station = program && (await findStation(db, program.station_id));
    if (!program || !station) throw new AppError(404, 'not_found', said('Tidak ada program dengan umpan ini.', 'No programme with this feed.'));
    // A feed is public and shared between subscribers: it never depends on who asks.
    const { items } = await listDialogues(db, anonymous, { program: program.id, status: 'published', order: 'desc', limit: FEED_EPISODES }, null);
    const episodes: FeedEpisode[] = items.flatMap((dialogue) => {
      const audio = audioOf(dialogue);
      // An episode without audio has nothing for a podcast app to play.
      return audio && audio.renditions.length > 0 ? [{ dialogue, audio, hasTranscript: dialogue.transcript !== null }] : [];
    });
    return c.body(podcastFeed(config, program, station, episodes), 200, {
      'content-type': 'application/rss+xml; charset=utf-8',
      'cache-control': 'public, max-age=300',
    });
  });

  // The editor's pages live under /console and /s/{token}: before those areas' own routes.
  app.route('/', editorPages(deps));
  app.route('/', publicPages(deps));
  app.route('/', stationPages(deps));
  app.route('/s', portalPages(deps));
  app.route('/console', speakerLinkPages(deps));
  app.route('/console/glossary', glossaryConsolePages(deps));
  app.route('/console', outboxPages(deps));
  app.route('/console', stationConsolePages(deps));
  app.route('/console', programmeConsolePages(deps));
  app.route('/console', topicConsolePages(deps));
  app.route('/console', peopleConsolePages(deps));
  app.route('/console', accountConsolePages(deps));
  app.route('/console', consolePages(deps));
  app.onError((error, c) => errorPage(c, error));
  return app;
}
