// The glossary_terms table: names and acronyms a station uses (null station: every
// station), read by search (acronyms meet their expansions) and by machine transcription.
import type { Db, Trx } from '../db/connection.ts';
import type { GlossaryTermTable } from '../db/schema.ts';
import type { Insertable } from 'kysely';

export const listTerms = (db: Db, stationId: string | null) =>
  (stationId === null ? db.selectFrom('glossary_terms').selectAll().where('station_id', 'is', null) : db.selectFrom('glossary_terms').selectAll().where('station_id', '=', stationId))
    .orderBy('term')
    .execute();

export const insertTerm = (db: Db | Trx, row: Insertable<GlossaryTermTable>) => db.insertInto('glossary_terms').values(row).execute();

export const deleteTerm = async (db: Db, stationId: string | null, id: string): Promise<boolean> => {
  const q = db.deleteFrom('glossary_terms').where('id', '=', id);
  const result = await (stationId === null ? q.where('station_id', 'is', null) : q.where('station_id', '=', stationId)).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
};

/** Every entry with an expansion: what search expands queries with. */
export const expansionsForSearch = (db: Db) =>
  db.selectFrom('glossary_terms').select(['station_id as stationId', 'term', 'expansion']).where('expansion', 'is not', null).execute();
