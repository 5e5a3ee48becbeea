// People who take part in dialogues: speakers (narasumber), hosts, moderators.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor.ts';
import { type Db, nowIso } from '../db/connection.ts';
import type { Speaker } from '../db/schema.ts';
import { type Conflict, findConflicts } from '../dialogues/conflicts.ts';
import { AppError, notFound, THINGS, said } from '../errors.ts';
import { reindexSpeaker } from '../search/search.index.ts';
import * as repo from './speakers.repository.ts';
import type { SpeakerInput, SpeakerPatch } from './speakers.schemas.ts';

/** Contact details never leave for the public or for other speakers. */
export function toSpeakerJson(s: Speaker, actor: Actor) {
  const seesContact = actor.kind === 'user' || (actor.kind === 'speaker' && actor.speakerId === s.id);
  return {
    id: s.id,
    name: s.name,
    position: s.position,
    organisation: s.organisation,
    bio: s.bio,
    photoUrl: s.photo_url,
    language: s.language,
    ...(seesContact && { email: s.email, phone: s.phone }),
  };
}

export async function getSpeaker(db: Db, actor: Actor, id: string): Promise<Speaker> {
  const speaker = await repo.findVisibleSpeaker(db, actor, id);
  if (!speaker) throw notFound(THINGS.speaker, id);
  return speaker;
}

export async function createSpeaker(db: Db, input: SpeakerInput): Promise<Speaker> {
  const now = nowIso();
  return repo.insertSpeaker(db, {
    id: randomUUID(),
    name: input.name,
    position: input.position ?? null,
    organisation: input.organisation ?? null,
    email: input.email?.toLowerCase() ?? null,
    phone: input.phone ?? null,
    bio: input.bio ?? null,
    photo_url: input.photoUrl ?? null,
    ...(input.language !== undefined && { language: input.language }),
    created_at: now,
    updated_at: now,
  });
}

export async function updateSpeaker(db: Db, id: string, patch: SpeakerPatch): Promise<Speaker> {
  return db.transaction().execute(async (trx) => {
    const before = await repo.findSpeaker(trx, id);
    if (!before) throw notFound(THINGS.speaker, id);
    const after = await repo.updateSpeaker(trx, id, {
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.position !== undefined && { position: patch.position }),
      ...(patch.organisation !== undefined && { organisation: patch.organisation }),
      ...(patch.email !== undefined && { email: patch.email?.toLowerCase() ?? null }),
      ...(patch.phone !== undefined && { phone: patch.phone }),
      ...(patch.bio !== undefined && { bio: patch.bio }),
      ...(patch.photoUrl !== undefined && { photo_url: patch.photoUrl }),
      ...(patch.language !== undefined && { language: patch.language }),
      updated_at: nowIso(),
    });
    // Names are searchable in the headers of the dialogues this person takes part in.
    if (after.name !== before.name) await reindexSpeaker(trx, id);
    return after;
  });
}

export async function deleteSpeaker(db: Db, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await repo.findSpeaker(trx, id))) throw notFound(THINGS.speaker, id);
    if (await repo.speakerInUse(trx, id)) {
      throw new AppError(409, 'in_use', said('Orang ini ikut dalam dialog; keluarkan dulu dari dialog itu, atau gabungkan dengan data lain.', 'This person takes part in dialogues; remove them from those first, or merge them into another record.'));
    }
    await repo.deleteSpeaker(trx, id);
  });
}

/**
 * Two records of one person become one: `keptId` stays, `otherId` goes. In one transaction,
 * the other's participations, transcript lines, corrections, messages and personal links
 * move to the kept record (links keep working: a calendar subscription is not cut), and the
 * kept record's empty details are filled from the other's. Refused, with nothing changed:
 * - the same record twice (400);
 * - both in one dialogue with different roles (409 `merge_conflict`, which dialogues):
 *   which role is right is for a coordinator to decide, in the dialogue;
 * - the other's dialogues overlapping the kept one's (409 `dialogue_conflict`, as a booking
 *   would be): one person cannot be in both, so the schedule is fixed first.
 * Both in one dialogue with the same role: one participation stays, with the answer given
 * (the kept record's, unless it had not answered).
 */
export async function mergeSpeakers(db: Db, keptId: string, otherId: string): Promise<Speaker> {
  if (keptId === otherId) {
    throw new AppError(400, 'invalid_request', said('Orang tidak dapat digabung dengan dirinya sendiri.', 'A person cannot be merged into themself.'), {
      fields: [{ path: 'otherId', message: said('sama dengan orang yang dipertahankan', 'the same as the person kept') }],
    });
  }
  return db.transaction().execute(async (trx) => {
    const kept = await repo.findSpeaker(trx, keptId);
    if (!kept) throw notFound(THINGS.person, keptId);
    const other = await repo.findSpeaker(trx, otherId);
    if (!other) throw notFound(THINGS.person, otherId);
    const keptIn = new Map((await repo.participationsOf(trx, keptId)).map((p) => [p.dialogue_id, p]));
    const otherIn = await repo.participationsOf(trx, otherId);

    const clashes = otherIn.filter((p) => keptIn.has(p.dialogue_id) && keptIn.get(p.dialogue_id)?.role !== p.role).map((p) => p.dialogue_id);
    if (clashes.length > 0) {
      throw new AppError(
        409,
        'merge_conflict',
        said(
          `Kedua data ini ikut dalam ${clashes.length} dialog yang sama dengan peran berbeda; samakan perannya di dialog itu dulu.`,
          `Both records take part in ${clashes.length} same dialogue(s) with different roles; make the roles the same there first.`,
        ),
        { dialogueIds: clashes },
      );
    }
    const conflicts: Conflict[] = [];
    for (const p of otherIn) {
      if (keptIn.has(p.dialogue_id) || p.status === 'cancelled' || p.response === 'declined') continue;
      conflicts.push(...(await findConflicts(trx, { stationId: null, speakerIds: [keptId], slots: [{ startsAt: p.starts_at, endsAt: p.ends_at }], ignoreIds: [p.dialogue_id] })));
    }
    if (conflicts.length > 0) {
      throw new AppError(
        409,
        'dialogue_conflict',
        said(
          `Kedua data ini dijadwalkan di ${conflicts.length} dialog yang waktunya bertabrakan; satu orang tidak dapat hadir di keduanya. Atur jadwalnya dulu.`,
          `The two records are booked in ${conflicts.length} overlapping dialogue(s); one person cannot attend both. Fix the schedule first.`,
        ),
        { conflicts },
      );
    }

    for (const p of otherIn) {
      const mine = keptIn.get(p.dialogue_id);
      if (!mine) continue;
      if (mine.response === 'pending' && p.response !== 'pending') {
        await repo.setParticipantResponse(trx, p.dialogue_id, keptId, { response: p.response, responded_at: p.responded_at });
      }
      await repo.removeParticipation(trx, p.dialogue_id, otherId);
    }
    await repo.moveSpeakerReferences(trx, otherId, keptId);
    const merged = await repo.updateSpeaker(trx, keptId, {
      position: kept.position ?? other.position,
      organisation: kept.organisation ?? other.organisation,
      email: kept.email ?? other.email,
      phone: kept.phone ?? other.phone,
      bio: kept.bio ?? other.bio,
      photo_url: kept.photo_url ?? other.photo_url,
      updated_at: nowIso(),
    });
    await repo.deleteSpeaker(trx, otherId);
    // The kept name now heads the other's dialogues, and their lines carry the kept id.
    await reindexSpeaker(trx, keptId);
    return merged;
  });
}
