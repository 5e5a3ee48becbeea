// The glossary of each station, and the one of every station: list, add, delete.
import { randomUUID } from 'node:crypto';
import { nowIso, type Db } from '../db/connection.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { AppError, notFound, said, THINGS } from '../errors.ts';
import * as repo from './glossary.repository.ts';

async function requireStation(db: Db, stationId: string | null) {
  if (stationId === null) return;
  const station = await db.selectFrom('stations').select('id').where('id', '=', stationId).executeTakeFirst();
  if (!station) throw notFound(THINGS.station, stationId);
}

export async function listGlossary(db: Db, stationId: string | null) {
  await requireStation(db, stationId);
  return repo.listTerms(db, stationId);
}

export async function addGlossaryTerm(db: Db, stationId: string | null, input: { term: string; expansion?: string | null }) {
  await requireStation(db, stationId);
  const row = { id: randomUUID(), station_id: stationId, term: input.term, expansion: input.expansion ?? null, created_at: nowIso() };
  try {
    await repo.insertTerm(db, row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError(409, 'already_exists', said(`"${input.term}" sudah ada di glosarium ini.`, `"${input.term}" is already in this glossary.`));
    throw error;
  }
  return row;
}

export async function deleteGlossaryTerm(db: Db, stationId: string | null, termId: string) {
  await requireStation(db, stationId);
  if (!(await repo.deleteTerm(db, stationId, termId))) throw new AppError(404, 'not_found', said('Istilah itu tidak ada di glosarium ini.', 'No such term in this glossary.'));
}
