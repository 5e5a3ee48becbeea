import type { Db, Trx } from '../db/connection.ts';
import type { ProgramTable } from '../db/schema.ts';
import type { Insertable, Updateable } from 'kysely';

export const findProgram = (db: Db | Trx, id: string) =>
  db.selectFrom('programs').selectAll().where('id', '=', id).executeTakeFirst();

export const findProgramBySlug = (db: Db | Trx, slug: string) =>
  db.selectFrom('programs').selectAll().where('slug', '=', slug).executeTakeFirst();

export function listPrograms(db: Db | Trx, opts: { stationId?: string; after: { key: string; id: string } | null; limit: number }) {
  let query = db.selectFrom('programs').selectAll().orderBy('title').orderBy('id').limit(opts.limit + 1);
  if (opts.stationId) query = query.where('station_id', '=', opts.stationId);
  const after = opts.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('title', '>', after.key), eb.and([eb('title', '=', after.key), eb('id', '>', after.id)])]),
    );
  }
  return query.execute();
}

export const insertProgram = (db: Db | Trx, program: Insertable<ProgramTable>) =>
  db.insertInto('programs').values(program).returningAll().executeTakeFirstOrThrow();

export const updateProgram = (db: Db | Trx, id: string, patch: Updateable<ProgramTable>) =>
  db.updateTable('programs').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export const deleteProgram = (db: Db | Trx, id: string) => db.deleteFrom('programs').where('id', '=', id).execute();

export const programInUse = async (db: Db | Trx, id: string) =>
  Boolean(await db.selectFrom('dialogues').select('id').where('program_id', '=', id).executeTakeFirst());
