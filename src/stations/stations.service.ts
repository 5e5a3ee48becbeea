// Stations: the radio stations dialogues air on, each with its own time zone.
import { randomUUID } from 'node:crypto';
import { type Db, nowIso } from '../db/connection.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Station } from '../db/schema.ts';
import { AppError, notFound, THINGS, said } from '../errors.ts';
import { slugify } from '../http/schemas.ts';
import { indexDialogues } from '../search/search.index.ts';
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
  reminderHours: JSON.parse(s.reminder_hours) as number[],
  postrollSeconds: s.capture_postroll_sec,
  retentionDays: s.retention_days,
  transcriptPolicy: s.transcript_policy,
  asrLanguage: s.asr_language,
  createdAt: s.created_at,
  updatedAt: s.updated_at,
});

/** Stored largest first, the order reminders go out in. */
const reminderHoursColumn = (hours: number[]) => JSON.stringify([...hours].sort((a, b) => b - a));

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
      retention_days: input.retentionDays ?? null,
      ...(input.transcriptPolicy !== undefined && { transcript_policy: input.transcriptPolicy }),
      ...(input.asrLanguage !== undefined && { asr_language: input.asrLanguage }),
      ...(input.reminderHours !== undefined && { reminder_hours: reminderHoursColumn(input.reminderHours) }),
      created_at: now,
      updated_at: now,
    })
    .catch(uniqueClash);
}

export async function updateStation(db: Db, id: string, patch: StationPatch): Promise<Station> {
  const before = await getStation(db, id);
  const changes = {
    ...(patch.name !== undefined && { name: patch.name }),
    ...(patch.slug !== undefined && { slug: patch.slug }),
    ...(patch.timezone !== undefined && { timezone: patch.timezone }),
    ...(patch.recorderId !== undefined && { recorder_id: patch.recorderId }),
    ...(patch.prerollSeconds !== undefined && { capture_preroll_sec: patch.prerollSeconds }),
    ...(patch.postrollSeconds !== undefined && { capture_postroll_sec: patch.postrollSeconds }),
    ...(patch.transcriptPolicy !== undefined && { transcript_policy: patch.transcriptPolicy }),
    ...(patch.asrLanguage !== undefined && { asr_language: patch.asrLanguage }),
    ...(patch.retentionDays !== undefined && { retention_days: patch.retentionDays }),
    ...(patch.studioAddress !== undefined && { studio_address: patch.studioAddress }),
    ...(patch.dialIn !== undefined && { dial_in: patch.dialIn }),
    ...(patch.reminderHours !== undefined && { reminder_hours: reminderHoursColumn(patch.reminderHours) }),
    updated_at: nowIso(),
  };
  if (patch.transcriptPolicy === undefined || patch.transcriptPolicy === before.transcript_policy) {
    return repo.updateStation(db, id, changes).catch(uniqueClash);
  }
  // Which version of each transcript the public sees changes: the search index follows in the
  // same transaction, so no held draft stays findable.
  return db
    .transaction()
    .execute(async (trx) => {
      const station = await repo.updateStation(trx, id, changes);
      await indexDialogues(trx, await repo.dialogueIdsOfStation(trx, id));
      return station;
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
