// Topics: the subjects dialogues are filed under (browsing, search filters, feeds).
import { z } from '@hono/zod-openapi';
import { type Deps, createApi, defineRoute } from '../http/api.ts';
import { listTopics } from './topics.repository.ts';
import { createTopic, updateTopic } from './topics.service.ts';
import { IdParam, ListQuery, decodeCursor, errorResponses, jsonBody, jsonResponse, listOf, page, slugSchema } from '../http/schemas.ts';

const tags = ['Topics'];

const TopicSchema = z.object({ id: z.string(), name: z.string(), slug: z.string() }).openapi('Topic');
export const TopicInput = z.strictObject({ name: z.string().trim().min(1).max(100), slug: slugSchema.optional() }).openapi('TopicInput');
export const TopicPatch = TopicInput.partial().openapi('TopicPatch');

export function topicRoutes({ db }: Deps) {
  return createApi()
    .openapi(
      defineRoute('public', {
        method: 'get', path: '/', tags, summary: 'List topics',
        request: { query: ListQuery },
        responses: { 200: jsonResponse(listOf(TopicSchema), 'Topics'), ...errorResponses },
      }),
      async (c) => {
        const { limit, cursor } = c.req.valid('query');
        const rows = await listTopics(db, decodeCursor(cursor)?.key ?? null, limit);
        return c.json(page(rows, limit, (t) => [t.slug, t.id]), 200);
      },
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'post', path: '/', tags, summary: 'Create a topic',
        request: { body: jsonBody(TopicInput) },
        responses: { 201: jsonResponse(TopicSchema, 'Created'), ...errorResponses },
      }),
      async (c) => c.json(await createTopic(db, c.req.valid('json')), 201),
    )
    .openapi(
      defineRoute('coordinator', {
        method: 'patch', path: '/{id}', tags, operationId: 'updateTopic', summary: "Rename a topic or change its slug (dialogues keep it)",
        request: { params: IdParam, body: jsonBody(TopicPatch) },
        responses: { 200: jsonResponse(TopicSchema, 'Changed'), ...errorResponses },
      }),
      async (c) => c.json(await updateTopic(db, c.req.valid('param').id, c.req.valid('json')), 200),
    );
}
