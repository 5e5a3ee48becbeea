// People who take part in dialogues: speakers (narasumber), hosts, moderators.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor.ts';
import { type Db, nowIso } from '../db/connection.ts';
import type { Speaker } from '../db/schema.ts';
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
