// Topics: the subjects dialogues are filed under (browsing, search filters, feeds).
import { randomUUID } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { nowIso } from '../db/connection.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { AppError, said } from '../errors.ts';
import { type Deps, createApi, defineRoute } from '../http/api.ts';
import { insertTopic, listTopics } from './topics.repository.ts';
import { ListQuery, decodeCursor, errorResponses, jsonBody, jsonResponse, listOf, page, slugSchema, slugify } from '../http/schemas.ts';

const tags = ['Topics'];

const TopicSchema = z.object({ id: z.string(), name: z.string(), slug: z.string() }).openapi('Topic');
const TopicInput = z.strictObject({ name: z.string().trim().min(1).max(100), slug: slugSchema.optional() });

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
      async (c) => {
        const input = c.req.valid('json');
        const topic = { id: randomUUID(), name: input.name, slug: input.slug ?? slugify(input.name) };
        try {
          await insertTopic(db, { ...topic, created_at: nowIso() });
        } catch (error) {
          if (isUniqueViolation(error)) throw new AppError(409, 'already_exists', said(`Topik dengan slug ${topic.slug} sudah ada.`, `A topic with slug ${topic.slug} exists.`));
          throw error;
        }
        return c.json(topic, 201);
      },
    );
}
