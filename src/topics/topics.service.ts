// Topics: the subjects dialogues are filed under (browsing, search filters, feeds).
// Dialogues and the search index refer to a topic by id, so renaming one or changing its
// slug touches nothing else.
import { randomUUID } from 'node:crypto';
import { type Db, nowIso } from '../db/connection.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { AppError, notFound, THINGS, said } from '../errors.ts';
import { slugify } from '../http/schemas.ts';
import * as repo from './topics.repository.ts';

export type TopicJson = { id: string; name: string; slug: string };

function uniqueClash(slug: string) {
  return (error: unknown): never => {
    if (isUniqueViolation(error)) throw new AppError(409, 'already_exists', said(`Topik dengan slug ${slug} sudah ada.`, `A topic with slug ${slug} exists.`));
    throw error;
  };
}

export async function createTopic(db: Db, input: { name: string; slug?: string }): Promise<TopicJson> {
  const topic = { id: randomUUID(), name: input.name, slug: input.slug ?? slugify(input.name) };
  await repo.insertTopic(db, { ...topic, created_at: nowIso() }).catch(uniqueClash(topic.slug));
  return topic;
}

export async function updateTopic(db: Db, id: string, patch: { name?: string; slug?: string }): Promise<TopicJson> {
  if (!(await repo.findTopic(db, id))) throw notFound(THINGS.topic, id);
  if (patch.name !== undefined || patch.slug !== undefined) await repo.updateTopic(db, id, patch).catch(uniqueClash(patch.slug ?? ''));
  return (await repo.findTopic(db, id))!;
}
