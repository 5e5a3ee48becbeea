// Calendar subscriptions: GET /calendar/stations/{slug}.ics and a speaker's own feed by
// their personal link (calendar apps cannot send headers, so the token is in the path).
import { z } from '@hono/zod-openapi';
import { actorForPresentedToken } from '../auth/auth.service.ts';
import { clientAddress } from '../http/client.ts';
import { findSpeaker } from '../speakers/speakers.repository.ts';
import { findStationBySlug } from '../stations/stations.repository.ts';
import { AppError, notFound, THINGS, said } from '../errors.ts';
import { type Deps, createApi, defineRoute } from '../http/api.ts';
import { errorResponses } from '../http/schemas.ts';
import { dialogueCalendar } from './calendar.service.ts';

const tags = ['Calendars'];
const ics = { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'private, max-age=300' };
const icsResponse = { content: { 'text/calendar': { schema: z.string() } }, description: 'iCalendar' };

export function calendarRoutes({ db, config }: Deps) {
  return createApi()
    .openapi(
      defineRoute('public', {
        method: 'get', path: '/stations/{file}', tags, summary: "A station's dialogues (what the asker may see)",
        request: { params: z.object({ file: z.string().regex(/^[a-z0-9-]+\.ics$/).openapi({ param: { name: 'file', in: 'path' }, example: 'rri-palangka-raya.ics' }) }) },
        responses: { 200: icsResponse, ...errorResponses },
      }),
      async (c) => {
        const slug = c.req.valid('param').file.replace(/\.ics$/, '');
        const station = await findStationBySlug(db, slug);
        if (!station) throw notFound(THINGS.station);
        const body = await dialogueCalendar(db, config, c.get('actor'), {
          name: station.name,
          stationId: station.id,
          stations: new Map([[station.id, station]]),
        });
        return c.body(body, 200, ics);
      },
    )
    .openapi(
      defineRoute('public', {
        method: 'get', path: '/speakers/{file}', tags, summary: "A speaker's own dialogues, by their personal link token",
        request: { params: z.object({ file: z.string().regex(/^[A-Za-z0-9_-]{20,200}\.ics$/).openapi({ param: { name: 'file', in: 'path' } }) }) },
        responses: { 200: icsResponse, ...errorResponses },
      }),
      async (c) => {
        const actor = await actorForPresentedToken(db, c.req.valid('param').file.replace(/\.ics$/, ''), clientAddress(c));
        if (actor?.kind !== 'speaker') throw new AppError(404, 'not_found', said('Tautan kalender ini tidak dikenal atau sudah dicabut.', 'This calendar link is unknown or was revoked.'));
        const speaker = await findSpeaker(db, actor.speakerId);
        const stations = new Map((await db.selectFrom('stations').selectAll().execute()).map((s) => [s.id, s]));
        const body = await dialogueCalendar(db, config, actor, { name: `Siaran — ${speaker?.name ?? ''}`, speakerId: actor.speakerId, stations });
        return c.body(body, 200, ics);
      },
    );
}
