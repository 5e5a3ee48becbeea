import { createSpeakerLink, getSpeakerLink, revokeSpeakerLink } from '../auth/auth.service.ts';
import { type Deps, createApi, defineRoute } from '../http/api.ts';
import { IdParam, decodeCursor, errorResponses, jsonBody, jsonResponse, listOf, page } from '../http/schemas.ts';
import * as repo from './speakers.repository.ts';
import { SpeakerInput, SpeakerLinkSchema, SpeakerListQuery, SpeakerMerge, SpeakerPatch, SpeakerSchema } from './speakers.schemas.ts';
import * as service from './speakers.service.ts';

const tags = ['People'];

export function speakerRoutes({ db, config }: Deps) {
  return createApi()
    .openapi(
      defineRoute('public', {
        method: 'get', path: '/', tags, summary: 'List people (the public sees those of published dialogues)',
        request: { query: SpeakerListQuery },
        responses: { 200: jsonResponse(listOf(SpeakerSchema), 'People'), ...errorResponses },
      }),
      async (c) => {
        const { limit, cursor, q } = c.req.valid('query');
        const actor = c.get('actor');
        const rows = await repo.listVisibleSpeakers(db, actor, { q, after: decodeCursor(cursor), limit });
        const result = page(rows, limit, (s) => [s.name, s.id]);
        return c.json({ items: result.items.map((s) => service.toSpeakerJson(s, actor)), nextCursor: result.nextCursor }, 200);
      },
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'post', path: '/', tags, summary: 'Add a person',
        request: { body: jsonBody(SpeakerInput) },
        responses: { 201: jsonResponse(SpeakerSchema, 'Created'), ...errorResponses },
      }),
      async (c) => c.json(service.toSpeakerJson(await service.createSpeaker(db, c.req.valid('json')), c.get('actor')), 201),
    )
    .openapi(
      defineRoute('public', {
        method: 'get', path: '/{id}', tags, summary: 'Get a person',
        request: { params: IdParam },
        responses: { 200: jsonResponse(SpeakerSchema, 'The person'), ...errorResponses },
      }),
      async (c) => {
        const actor = c.get('actor');
        return c.json(service.toSpeakerJson(await service.getSpeaker(db, actor, c.req.valid('param').id), actor), 200);
      },
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'patch', path: '/{id}', tags, summary: 'Change a person',
        request: { params: IdParam, body: jsonBody(SpeakerPatch) },
        responses: { 200: jsonResponse(SpeakerSchema, 'Changed'), ...errorResponses },
      }),
      async (c) => {
        const speaker = await service.updateSpeaker(db, c.req.valid('param').id, c.req.valid('json'));
        return c.json(service.toSpeakerJson(speaker, c.get('actor')), 200);
      },
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'delete', path: '/{id}', tags, summary: 'Delete a person who takes part in no dialogue',
        request: { params: IdParam },
        responses: { 204: { description: 'Deleted' }, ...errorResponses },
      }),
      async (c) => {
        await service.deleteSpeaker(db, c.req.valid('param').id);
        return c.body(null, 204);
      },
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'post', path: '/{id}/merge', tags, operationId: 'mergeSpeakers',
        summary: 'Merge another record of the same person into this one (its dialogues, lines, corrections, messages and links move here; it is removed)',
        request: { params: IdParam, body: jsonBody(SpeakerMerge) },
        responses: { 200: jsonResponse(SpeakerSchema, 'The kept record'), ...errorResponses },
      }),
      async (c) => {
        const speaker = await service.mergeSpeakers(db, c.req.valid('param').id, c.req.valid('json').otherId);
        return c.json(service.toSpeakerJson(speaker, c.get('actor')), 200);
      },
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'get', path: '/{id}/link', tags, operationId: 'getSpeakerLink',
        summary: "A speaker's current personal link, unchanged (404: none; 409: issued before links could be read back)",
        request: { params: IdParam },
        responses: { 200: jsonResponse(SpeakerLinkSchema, 'The current link'), ...errorResponses },
      }),
      async (c) => c.json(await getSpeakerLink(db, config, c.req.valid('param').id), 200),
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'post', path: '/{id}/link', tags, summary: "Issue a speaker's personal link (revokes the previous one)",
        request: { params: IdParam },
        responses: { 201: jsonResponse(SpeakerLinkSchema, 'The new link'), ...errorResponses },
      }),
      async (c) => c.json(await createSpeakerLink(db, config, c.req.valid('param').id), 201),
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'delete', path: '/{id}/link', tags, summary: "Revoke a speaker's personal link",
        request: { params: IdParam },
        responses: { 204: { description: 'Revoked' }, ...errorResponses },
      }),
      async (c) => {
        await revokeSpeakerLink(db, c.req.valid('param').id);
        return c.body(null, 204);
      },
    );
}
