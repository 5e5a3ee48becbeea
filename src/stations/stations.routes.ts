import { type Deps, createApi, defineRoute } from '../http/api.ts';
import { IdParam, ListQuery, decodeCursor, errorResponses, jsonBody, jsonResponse, listOf, page } from '../http/schemas.ts';
import * as repo from './stations.repository.ts';
import { StationInput, StationPatch, StationSchema } from './stations.schemas.ts';
import * as service from './stations.service.ts';

const tags = ['Stations'];

export function stationRoutes({ db }: Deps) {
  return createApi()
    .openapi(
      defineRoute('public', {
        method: 'get', path: '/', tags, summary: 'List stations',
        request: { query: ListQuery },
        responses: { 200: jsonResponse(listOf(StationSchema), 'Stations'), ...errorResponses },
      }),
      async (c) => {
        const { limit, cursor } = c.req.valid('query');
        const rows = await repo.listStations(db, decodeCursor(cursor), limit);
        const result = page(rows, limit, (s) => [s.name, s.id]);
        return c.json({ items: result.items.map(service.toStationJson), nextCursor: result.nextCursor }, 200);
      },
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'post', path: '/', tags, summary: 'Create a station',
        request: { body: jsonBody(StationInput) },
        responses: { 201: jsonResponse(StationSchema, 'Created'), ...errorResponses },
      }),
      async (c) => c.json(service.toStationJson(await service.createStation(db, c.req.valid('json'))), 201),
    )
    .openapi(
      defineRoute('public', {
        method: 'get', path: '/{id}', tags, summary: 'Get a station',
        request: { params: IdParam },
        responses: { 200: jsonResponse(StationSchema, 'The station'), ...errorResponses },
      }),
      async (c) => c.json(service.toStationJson(await service.getStation(db, c.req.valid('param').id)), 200),
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'patch', path: '/{id}', tags, summary: 'Change a station',
        request: { params: IdParam, body: jsonBody(StationPatch) },
        responses: { 200: jsonResponse(StationSchema, 'Changed'), ...errorResponses },
      }),
      async (c) =>
        c.json(service.toStationJson(await service.updateStation(db, c.req.valid('param').id, c.req.valid('json'))), 200),
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'delete', path: '/{id}', tags, summary: 'Delete an unused station',
        request: { params: IdParam },
        responses: { 204: { description: 'Deleted' }, ...errorResponses },
      }),
      async (c) => {
        await service.deleteStation(db, c.req.valid('param').id);
        return c.body(null, 204);
      },
    );
}
