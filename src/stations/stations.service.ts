// Stations: the radio stations dialogues air on, each with its own time zone.
import { randomUUID } from 'node:crypto';
import { type Db, nowIso } from '../db/connection.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Station } from '../db/schema.ts';
import { AppError, notFound, THINGS, said } from '../errors.ts';
import { slugify } from '../http/schemas.ts';
import * as repo from './stations.repository.ts';
import type { StationInput, StationPatch } from './stations.schemas.ts';

export const toStationJson = (s: Station) => ({
  id: s.id,
  name: s.name,
  slug: s.slug,
  timezone: s.timezone,
  recorderId: s.recorder_id,
  prerollSeconds: s.capture_preroll_sec,
  studioAddress: s.studio_address,
  dialIn: s.dial_in,
  postrollSeconds: s.capture_postroll_sec,
  createdAt: s.created_at,
  updatedAt: s.updated_at,
});

function uniqueClash(error: unknown): never {
  if (isUniqueViolation(error)) {
    throw new AppError(409, 'already_exists', said('Stasiun lain sudah memakai slug atau folder perekam ini.', 'Another station already has this slug or recorder id.'));
  }
  throw error;
}

export async function getStation(db: Db, id: string): Promise<Station> {
  const station = await repo.findStation(db, id);
  if (!station) throw notFound(THINGS.station, id);
  return station;
}

export async function createStation(db: Db, input: StationInput): Promise<Station> {
  const now = nowIso();
  return repo
    .insertStation(db, {
      id: randomUUID(),
      name: input.name,
      slug: input.slug ?? slugify(input.name),
      timezone: input.timezone,
      recorder_id: input.recorderId ?? null,
      capture_preroll_sec: input.prerollSeconds ?? null,
      studio_address: input.studioAddress ?? null,
      dial_in: input.dialIn ?? null,
      capture_postroll_sec: input.postrollSeconds ?? null,
      created_at: now,
      updated_at: now,
    })
    .catch(uniqueClash);
}

export async function updateStation(db: Db, id: string, patch: StationPatch): Promise<Station> {
  await getStation(db, id);
  return repo
    .updateStation(db, id, {
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.slug !== undefined && { slug: patch.slug }),
      ...(patch.timezone !== undefined && { timezone: patch.timezone }),
      ...(patch.recorderId !== undefined && { recorder_id: patch.recorderId }),
      ...(patch.prerollSeconds !== undefined && { capture_preroll_sec: patch.prerollSeconds }),
      ...(patch.studioAddress !== undefined && { studio_address: patch.studioAddress }),
      ...(patch.dialIn !== undefined && { dial_in: patch.dialIn }),
      ...(patch.postrollSeconds !== undefined && { capture_postroll_sec: patch.postrollSeconds }),
      updated_at: nowIso(),
    })
    .catch(uniqueClash);
}

export async function deleteStation(db: Db, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await repo.findStation(trx, id))) throw notFound(THINGS.station, id);
    if (await repo.stationInUse(trx, id)) {
      throw new AppError(409, 'in_use', said('Stasiun ini masih punya program, dialog, atau rekaman; hapus itu dulu.', 'This station still has programmes, dialogues or recordings; remove those first.'));
    }
    await repo.deleteStation(trx, id);
  });
}
