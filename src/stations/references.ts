// Filters name stations and programmes the way their callers know them: by id, or by the
// slug the public sees in addresses. A reference that names nothing is a mistake worth
// saying (400), not an empty list that looks like "no dialogues".
import type { Db, Trx } from '../db/connection.ts';
import { AppError, type Localized, said } from '../errors.ts';
import { findProgram, findProgramBySlug } from '../programs/programs.repository.ts';
import { findStation, findStationBySlug } from './stations.repository.ts';

const unknownReference = (field: string, what: Localized, ref: string) => {
  const message = said(`Tidak ada ${what.id} dengan id atau slug ${ref}.`, `No ${what.en} with the id or slug ${ref}.`);
  return new AppError(400, 'invalid_request', message, { fields: [{ path: field, message }] });
};

export async function stationByRef(db: Db | Trx, ref: string, field = 'station') {
  const station = (await findStation(db, ref)) ?? (await findStationBySlug(db, ref));
  if (!station) throw unknownReference(field, said('stasiun', 'station'), ref);
  return station;
}

export async function programByRef(db: Db | Trx, ref: string, field = 'program') {
  const program = (await findProgram(db, ref)) ?? (await findProgramBySlug(db, ref));
  if (!program) throw unknownReference(field, said('program', 'programme'), ref);
  return program;
}

export async function assertSpeakerRef(db: Db | Trx, id: string, field = 'speaker') {
  const found = await db.selectFrom('speakers').select('id').where('id', '=', id).executeTakeFirst();
  if (!found) throw unknownReference(field, said('orang', 'person'), id);
}

export async function topicByRef(db: Db | Trx, slug: string, field = 'topic') {
  const topic = await db.selectFrom('topics').select(['id', 'slug']).where('slug', '=', slug).executeTakeFirst();
  if (!topic) throw unknownReference(field, said('topik', 'topic'), slug);
  return topic;
}
