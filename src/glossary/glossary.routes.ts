// The glossary API (coordinators): a station's names and acronyms, and those of every
// station. Search reads them so that an acronym and its expansion find each other; the
// machine transcription reads them for Whisper's prompt.
import { type Deps, createApi, defineRoute } from '../http/api.ts';
import { errorResponses, jsonBody, jsonResponse } from '../http/schemas.ts';
import { GlossaryTermInput, GlossaryTermSchema, StationParam, StationTermParam, TermParam, toGlossaryTermJson } from './glossary.schemas.ts';
import { addGlossaryTerm, deleteGlossaryTerm, listGlossary } from './glossary.service.ts';
import { z } from '@hono/zod-openapi';

const tags = ['Glossary'];
const ListSchema = z.object({ items: z.array(GlossaryTermSchema) });

/** Mounted at /api/stations: /api/stations/{id}/glossary. */
export function stationGlossaryRoutes({ db }: Deps) {
  return createApi()
    .openapi(
      defineRoute('coordinator', {
        method: 'get', path: '/{id}/glossary', tags, operationId: 'listStationGlossary',
        summary: "A station's glossary: its names and acronyms, with their expansions",
        request: { params: StationParam },
        responses: { 200: jsonResponse(ListSchema, 'Terms, alphabetically'), ...errorResponses },
      }),
      async (c) => c.json({ items: (await listGlossary(db, c.req.valid('param').id)).map(toGlossaryTermJson) }, 200),
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'post', path: '/{id}/glossary', tags, operationId: 'addStationGlossaryTerm',
        summary: "Add a term to a station's glossary (search then finds the term from its expansion and back, in this station's dialogues)",
        request: { params: StationParam, body: jsonBody(GlossaryTermInput) },
        responses: { 201: jsonResponse(GlossaryTermSchema, 'Added'), ...errorResponses },
      }),
      async (c) => c.json(toGlossaryTermJson(await addGlossaryTerm(db, c.req.valid('param').id, c.req.valid('json'))), 201),
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'delete', path: '/{id}/glossary/{termId}', tags, operationId: 'deleteStationGlossaryTerm',
        summary: "Remove a term from a station's glossary",
        request: { params: StationTermParam },
        responses: { 204: { description: 'Removed' }, ...errorResponses },
      }),
      async (c) => {
        const { id, termId } = c.req.valid('param');
        await deleteGlossaryTerm(db, id, termId);
        return c.body(null, 204);
      },
    );
}

/** Mounted at /api/glossary: the terms of every station. */
export function sharedGlossaryRoutes({ db }: Deps) {
  return createApi()
    .openapi(
      defineRoute('coordinator', {
        method: 'get', path: '/', tags, operationId: 'listSharedGlossary',
        summary: 'The glossary of every station',
        responses: { 200: jsonResponse(ListSchema, 'Terms, alphabetically'), ...errorResponses },
      }),
      async (c) => c.json({ items: (await listGlossary(db, null)).map(toGlossaryTermJson) }, 200),
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'post', path: '/', tags, operationId: 'addSharedGlossaryTerm',
        summary: 'Add a term to the glossary of every station',
        request: { body: jsonBody(GlossaryTermInput) },
        responses: { 201: jsonResponse(GlossaryTermSchema, 'Added'), ...errorResponses },
      }),
      async (c) => c.json(toGlossaryTermJson(await addGlossaryTerm(db, null, c.req.valid('json'))), 201),
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'delete', path: '/{termId}', tags, operationId: 'deleteSharedGlossaryTerm',
        summary: 'Remove a term from the glossary of every station',
        request: { params: TermParam },
        responses: { 204: { description: 'Removed' }, ...errorResponses },
      }),
      async (c) => {
        await deleteGlossaryTerm(db, null, c.req.valid('param').termId);
        return c.body(null, 204);
      },
    );
}
