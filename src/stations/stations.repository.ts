import type { Db, Trx } from '../db/connection.ts';
import type { NewStation, Station, StationUpdate } from '../db/schema.ts';

export const findStation = (db: Db | Trx, id: string) =>
  db.selectFrom('stations').selectAll().where('id', '=', id).executeTakeFirst();

export const findStationBySlug = (db: Db | Trx, slug: string) =>
  db.selectFrom('stations').selectAll().where('slug', '=', slug).executeTakeFirst();

export function listStations(db: Db | Trx, after: { key: string; id: string } | null, limit: number): Promise<Station[]> {
  let query = db.selectFrom('stations').selectAll().orderBy('name').orderBy('id').limit(limit + 1);
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('name', '>', after.key), eb.and([eb('name', '=', after.key), eb('id', '>', after.id)])]),
    );
  }
  return query.execute();
}

export const insertStation = (db: Db | Trx, station: NewStation) =>
  db.insertInto('stations').values(station).returningAll().executeTakeFirstOrThrow();

export const updateStation = (db: Db | Trx, id: string, patch: StationUpdate) =>
  db.updateTable('stations').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export const deleteStation = (db: Db | Trx, id: string) => db.deleteFrom('stations').where('id', '=', id).execute();

export async function stationInUse(db: Db | Trx, id: string): Promise<boolean> {
  const program = await db.selectFrom('programs').select('id').where('station_id', '=', id).executeTakeFirst();
  if (program) return true;
  const dialogue = await db.selectFrom('dialogues').select('id').where('station_id', '=', id).executeTakeFirst();
  if (dialogue) return true;
  const recording = await db.selectFrom('recordings').select('id').where('station_id', '=', id).executeTakeFirst();
  return Boolean(recording);
}

export const dialogueIdsOfStation = async (db: Db | Trx, id: string) =>
  (await db.selectFrom('dialogues').select('id').where('station_id', '=', id).execute()).map((d) => d.id);
