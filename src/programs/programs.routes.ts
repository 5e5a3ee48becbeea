import { type Deps, createApi, defineRoute } from '../http/api.ts';
import { IdParam, decodeCursor, errorResponses, jsonBody, jsonResponse, listOf, page } from '../http/schemas.ts';
import * as repo from './programs.repository.ts';
import { ProgramInput, ProgramListQuery, ProgramPatch, ProgramSchema } from './programs.schemas.ts';
import * as service from './programs.service.ts';

const tags = ['Programmes'];

export function programRoutes({ db }: Deps) {
  return createApi()
    .openapi(
      defineRoute('public', {
        method: 'get', path: '/', tags, summary: 'List programmes',
        request: { query: ProgramListQuery },
        responses: { 200: jsonResponse(listOf(ProgramSchema), 'Programmes'), ...errorResponses },
      }),
      async (c) => {
        const { limit, cursor, station } = c.req.valid('query');
        const rows = await repo.listPrograms(db, { stationId: station, after: decodeCursor(cursor), limit });
        const result = page(rows, limit, (p) => [p.title, p.id]);
        return c.json({ items: result.items.map(service.toProgramJson), nextCursor: result.nextCursor }, 200);
      },
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'post', path: '/', tags, summary: 'Create a programme',
        request: { body: jsonBody(ProgramInput) },
        responses: { 201: jsonResponse(ProgramSchema, 'Created'), ...errorResponses },
      }),
      async (c) => c.json(service.toProgramJson(await service.createProgram(db, c.req.valid('json'))), 201),
    )
    .openapi(
      defineRoute('public', {
        method: 'get', path: '/{id}', tags, summary: 'Get a programme',
        request: { params: IdParam },
        responses: { 200: jsonResponse(ProgramSchema, 'The programme'), ...errorResponses },
      }),
      async (c) => c.json(service.toProgramJson(await service.getProgram(db, c.req.valid('param').id)), 200),
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'patch', path: '/{id}', tags, summary: 'Change a programme',
        request: { params: IdParam, body: jsonBody(ProgramPatch) },
        responses: { 200: jsonResponse(ProgramSchema, 'Changed'), ...errorResponses },
      }),
      async (c) =>
        c.json(service.toProgramJson(await service.updateProgram(db, c.req.valid('param').id, c.req.valid('json'))), 200),
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'delete', path: '/{id}', tags, summary: 'Delete a programme without dialogues',
        request: { params: IdParam },
        responses: { 204: { description: 'Deleted' }, ...errorResponses },
      }),
      async (c) => {
        await service.deleteProgram(db, c.req.valid('param').id);
        return c.body(null, 204);
      },
    );
}
