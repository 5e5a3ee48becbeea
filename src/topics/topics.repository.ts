import type { Db, Trx } from '../db/connection.ts';
import type { TopicTable } from '../db/schema.ts';

export function listTopics(db: Db | Trx, afterSlug: string | null, limit: number) {
  let query = db.selectFrom('topics').select(['id', 'name', 'slug']).orderBy('slug').limit(limit + 1);
  if (afterSlug !== null) query = query.where('slug', '>', afterSlug);
  return query.execute();
}

export const insertTopic = (db: Db | Trx, topic: TopicTable) => db.insertInto('topics').values(topic).execute();

export const findTopic = (db: Db | Trx, id: string) => db.selectFrom('topics').select(['id', 'name', 'slug']).where('id', '=', id).executeTakeFirst();

export const updateTopic = (db: Db | Trx, id: string, patch: { name?: string; slug?: string }) =>
  db.updateTable('topics').set(patch).where('id', '=', id).execute();
