// Programmes: a station's recurring series of dialogues (and a podcast feed each).
import { randomUUID } from 'node:crypto';
import { type Db, type Trx, nowIso } from '../db/connection.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Program } from '../db/schema.ts';
import { AppError, notFound, THINGS, said } from '../errors.ts';
import { slugify } from '../http/schemas.ts';
import { findStation } from '../stations/stations.repository.ts';
import * as repo from './programs.repository.ts';
import type { ProgramInput, ProgramPatch } from './programs.schemas.ts';

export const toProgramJson = (p: Program) => ({
  id: p.id,
  stationId: p.station_id,
  title: p.title,
  slug: p.slug,
  description: p.description,
  organiser: p.organiser,
  announceWhenScheduled: p.announce_when_scheduled === 1,
  createdAt: p.created_at,
  updatedAt: p.updated_at,
});

function uniqueClash(error: unknown): never {
  if (isUniqueViolation(error)) throw new AppError(409, 'already_exists', said('Program lain sudah memakai slug ini.', 'Another programme already has this slug.'));
  throw error;
}

async function requireStation(db: Db | Trx, stationId: string) {
  if (!(await findStation(db, stationId))) {
    throw new AppError(400, 'invalid_request', said(`Tidak ada stasiun dengan id ${stationId}.`, `No station with id ${stationId}.`), {
      fields: [{ path: 'stationId', message: said('stasiun tidak dikenal', 'unknown station') }],
    });
  }
}

export async function getProgram(db: Db, id: string): Promise<Program> {
  const program = await repo.findProgram(db, id);
  if (!program) throw notFound(THINGS.programme, id);
  return program;
}

export async function createProgram(db: Db, input: ProgramInput): Promise<Program> {
  await requireStation(db, input.stationId);
  const now = nowIso();
  return repo
    .insertProgram(db, {
      id: randomUUID(),
      station_id: input.stationId,
      title: input.title,
      slug: input.slug ?? slugify(input.title),
      description: input.description ?? null,
      organiser: input.organiser ?? null,
      announce_when_scheduled: input.announceWhenScheduled ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .catch(uniqueClash);
}

export async function updateProgram(db: Db, id: string, patch: ProgramPatch): Promise<Program> {
  await getProgram(db, id);
  if (patch.stationId !== undefined) await requireStation(db, patch.stationId);
  return repo
    .updateProgram(db, id, {
      ...(patch.stationId !== undefined && { station_id: patch.stationId }),
      ...(patch.title !== undefined && { title: patch.title }),
      ...(patch.slug !== undefined && { slug: patch.slug }),
      ...(patch.description !== undefined && { description: patch.description }),
      ...(patch.organiser !== undefined && { organiser: patch.organiser }),
      ...(patch.announceWhenScheduled !== undefined && { announce_when_scheduled: patch.announceWhenScheduled ? 1 : 0 }),
      updated_at: nowIso(),
    })
    .catch(uniqueClash);
}

export async function deleteProgram(db: Db, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await repo.findProgram(trx, id))) throw notFound(THINGS.programme, id);
    if (await repo.programInUse(trx, id)) {
      throw new AppError(409, 'in_use', said('Program ini masih punya dialog; pindahkan atau hapus dulu.', 'This programme still has dialogues; move or delete them first.'));
    }
    await repo.deleteProgram(trx, id);
  });
}
