import { z } from '@hono/zod-openapi';
import { type Deps, createApi, defineRoute } from '../http/api.ts';
import { IdParam, decodeCursor, errorResponses, jsonBody, jsonResponse, listOf } from '../http/schemas.ts';
import {
  DialogueInput,
  DialogueListQuery,
  DialoguePatch,
  DialogueSchema,
  HistorySchema,
  PatchQuery,
  SeriesInput,
} from './dialogues.schemas.ts';
import * as service from './dialogues.service.ts';

const tags = ['Dialogues'];

export function dialogueRoutes({ db, config }: Deps) {
  return createApi()
    .openapi(
      defineRoute('public', {
        method: 'get', path: '/', tags, summary: 'List dialogues (the public sees published ones)',
        request: { query: DialogueListQuery },
        responses: { 200: jsonResponse(listOf(DialogueSchema), 'Dialogues by start time'), ...errorResponses },
      }),
      async (c) => {
        const query = c.req.valid('query');
        const result = await service.listDialogues(db, c.get('actor'), query, decodeCursor(query.cursor));
        return c.json(result, 200);
      },
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'post', path: '/', tags, summary: 'Book a dialogue',
        request: { body: jsonBody(DialogueInput) },
        responses: { 201: jsonResponse(DialogueSchema, 'Booked'), ...errorResponses },
      }),
      async (c) => c.json(await service.createDialogue(db, c.get('actor'), c.req.valid('json'), config), 201),
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'post', path: '/series', tags, summary: 'Book a repeating slot: every occurrence, or none',
        request: { body: jsonBody(SeriesInput) },
        responses: {
          201: jsonResponse(z.object({ id: z.string(), rrule: z.string(), dialogues: z.array(DialogueSchema) }), 'Booked'),
          ...errorResponses,
        },
      }),
      async (c) => c.json(await service.createSeries(db, c.get('actor'), c.req.valid('json'), config), 201),
    )
    .openapi(
      defineRoute('public', {
        method: 'get', path: '/{id}', tags, summary: 'Get a dialogue',
        request: { params: IdParam },
        responses: { 200: jsonResponse(DialogueSchema, 'The dialogue'), ...errorResponses },
      }),
      async (c) => c.json(await service.getDialogue(db, c.get('actor'), c.req.valid('param').id), 200),
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'patch', path: '/{id}', tags,
        summary: 'Change, reschedule, publish or cancel a dialogue (or this and the following occurrences)',
        request: { params: IdParam, query: PatchQuery, body: jsonBody(DialoguePatch) },
        responses: { 200: jsonResponse(DialogueSchema, 'Changed'), ...errorResponses },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        return c.json(await service.updateDialogue(db, c.get('actor'), id, c.req.valid('json'), c.req.valid('query').scope, config), 200);
      },
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'delete', path: '/{id}', tags, summary: 'Delete a dialogue that has not aired',
        request: { params: IdParam },
        responses: { 204: { description: 'Deleted' }, ...errorResponses },
      }),
      async (c) => {
        await service.deleteDialogue(db, c.req.valid('param').id);
        return c.body(null, 204);
      },
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'get', path: '/{id}/history', tags, summary: 'Who changed what, and when',
        request: { params: IdParam },
        responses: { 200: jsonResponse(z.object({ items: z.array(HistorySchema) }), 'History, oldest first'), ...errorResponses },
      }),
      async (c) => c.json({ items: await service.dialogueHistory(db, c.req.valid('param').id) }, 200),
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'post', path: '/{id}/announce', tags, operationId: 'announceDialogue',
        summary: 'Announce a scheduled dialogue: public before it airs, with its confirmed people',
        request: { params: IdParam },
        responses: { 200: jsonResponse(DialogueSchema, 'Announced'), ...errorResponses },
      }),
      async (c) => c.json(await service.announceDialogue(db, c.get('actor'), c.req.valid('param').id), 200),
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'delete', path: '/{id}/announce', tags, operationId: 'withdrawDialogueAnnouncement',
        summary: 'Withdraw the announcement: the dialogue is no longer public before it is published',
        request: { params: IdParam },
        responses: { 200: jsonResponse(DialogueSchema, 'Withdrawn'), ...errorResponses },
      }),
      async (c) => c.json(await service.withdrawAnnouncement(db, c.get('actor'), c.req.valid('param').id), 200),
    );
}
