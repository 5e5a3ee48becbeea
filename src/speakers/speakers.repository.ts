import { sql } from 'kysely';
import type { Insertable, Updateable } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { Db, Trx } from '../db/connection.ts';
import type { DialogueParticipantTable, SpeakerTable } from '../db/schema.ts';
import { ANNOUNCED_STATUSES, dialogueVisibleTo } from '../dialogues/visibility.ts';

/** Coordinators see everyone; others see people of the dialogues they may see, confirmed people of announced ones, and themselves. */
function visibleSpeakers(db: Db | Trx, actor: Actor) {
  let query = db.selectFrom('speakers').selectAll();
  if (actor.kind !== 'user') {
    query = query.where((eb) =>
      eb.or([
        ...(actor.kind === 'speaker' ? [eb('speakers.id', '=', actor.speakerId)] : []),
        eb.exists(
          eb
            .selectFrom('dialogue_participants')
            .innerJoin('dialogues', 'dialogues.id', 'dialogue_participants.dialogue_id')
            .select('dialogue_participants.dialogue_id')
            .whereRef('dialogue_participants.speaker_id', '=', 'speakers.id')
            .where(dialogueVisibleTo(actor)),
        ),
        // Of an announced dialogue, only those who confirmed are public.
        eb.exists(
          eb
            .selectFrom('dialogue_participants')
            .innerJoin('dialogues', 'dialogues.id', 'dialogue_participants.dialogue_id')
            .select('dialogue_participants.dialogue_id')
            .whereRef('dialogue_participants.speaker_id', '=', 'speakers.id')
            .where('dialogue_participants.response', '=', 'confirmed')
            .where('dialogues.announced_at', 'is not', null)
            .where('dialogues.status', 'in', ANNOUNCED_STATUSES),
        ),
      ]),
    );
  }
  return query;
}

export const findVisibleSpeaker = (db: Db | Trx, actor: Actor, id: string) =>
  visibleSpeakers(db, actor).where('speakers.id', '=', id).executeTakeFirst();

export const findSpeaker = (db: Db | Trx, id: string) =>
  db.selectFrom('speakers').selectAll().where('id', '=', id).executeTakeFirst();

export function listVisibleSpeakers(
  db: Db | Trx,
  actor: Actor,
  opts: { q?: string; after: { key: string; id: string } | null; limit: number },
) {
  let query = visibleSpeakers(db, actor).orderBy('speakers.name').orderBy('speakers.id').limit(opts.limit + 1);
  if (opts.q) {
    // The booking form's person picker finds people by name or by organisation ("Diskominfo").
    // Case-insensitive for ASCII on both databases (SQLite's LIKE is, PostgreSQL's is not;
    // lower() of a "C"-collated column changes ASCII only, as SQLite's does), and with the
    // escape character named: neither database has one by default in the same way.
    const pattern = `%${opts.q.replace(/[%_\\]/g, '\\$&').replace(/[A-Z]+/g, (ascii) => ascii.toLowerCase())}%`;
    query = query.where(sql<boolean>`(lower(speakers.name) like ${pattern} escape '\\' or lower(speakers.organisation) like ${pattern} escape '\\')`);
  }
  const after = opts.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('speakers.name', '>', after.key), eb.and([eb('speakers.name', '=', after.key), eb('speakers.id', '>', after.id)])]),
    );
  }
  return query.execute();
}

/** The people of these ids (a booking form's chosen participants), whoever may see them: the caller is a coordinator. */
export const findSpeakersByIds = (db: Db | Trx, ids: string[]) =>
  ids.length === 0 ? Promise.resolve([]) : db.selectFrom('speakers').selectAll().where('id', 'in', ids).execute();

export const insertSpeaker = (db: Db | Trx, speaker: Insertable<SpeakerTable>) =>
  db.insertInto('speakers').values(speaker).returningAll().executeTakeFirstOrThrow();

export const updateSpeaker = (db: Db | Trx, id: string, patch: Updateable<SpeakerTable>) =>
  db.updateTable('speakers').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export const deleteSpeaker = (db: Db | Trx, id: string) => db.deleteFrom('speakers').where('id', '=', id).execute();

export const speakerInUse = async (db: Db | Trx, id: string) =>
  Boolean(await db.selectFrom('dialogue_participants').select('dialogue_id').where('speaker_id', '=', id).executeTakeFirst());

export const participationsOf = (db: Db | Trx, speakerId: string) =>
  db
    .selectFrom('dialogue_participants')
    .innerJoin('dialogues', 'dialogues.id', 'dialogue_participants.dialogue_id')
    .select(['dialogue_participants.dialogue_id', 'dialogue_participants.role', 'dialogue_participants.response', 'dialogue_participants.responded_at'])
    .select(['dialogues.starts_at', 'dialogues.ends_at', 'dialogues.status'])
    .where('dialogue_participants.speaker_id', '=', speakerId)
    .execute();

/**
 * Everything that names `fromId` names `toId` instead: participations (the caller has
 * removed the shared ones), transcript lines, corrections, messages, personal links, and
 * the ids the dialogue history recorded (its actor and participant lists), so the history
 * reads the kept name. Ids are UUIDs, so replacing them inside a text cannot touch anything else.
 */
export async function moveSpeakerReferences(trx: Trx, fromId: string, toId: string): Promise<void> {
  await trx.updateTable('dialogue_participants').set({ speaker_id: toId }).where('speaker_id', '=', fromId).execute();
  await trx.updateTable('transcript_segments').set({ speaker_id: toId }).where('speaker_id', '=', fromId).execute();
  await trx.updateTable('transcript_corrections').set({ speaker_id: toId }).where('speaker_id', '=', fromId).execute();
  await trx.updateTable('messages').set({ speaker_id: toId }).where('speaker_id', '=', fromId).execute();
  await trx.updateTable('tokens').set({ speaker_id: toId }).where('speaker_id', '=', fromId).execute();
  await trx.updateTable('dialogue_history').set({ actor: `speaker:${toId}` }).where('actor', '=', `speaker:${fromId}`).execute();
  const like = `%${fromId}%`;
  await trx
    .updateTable('dialogue_history')
    .set((eb) => ({
      from_value: eb.fn('replace', ['from_value', eb.val(fromId), eb.val(toId)]),
      to_value: eb.fn('replace', ['to_value', eb.val(fromId), eb.val(toId)]),
    }))
    .where('action', '=', 'participants')
    .where((eb) => eb.or([eb('from_value', 'like', like), eb('to_value', 'like', like)]))
    .execute();
}

export const removeParticipation = (trx: Trx, dialogueId: string, speakerId: string) =>
  trx.deleteFrom('dialogue_participants').where('dialogue_id', '=', dialogueId).where('speaker_id', '=', speakerId).execute();

export const setParticipantResponse = (trx: Trx, dialogueId: string, speakerId: string, response: { response: DialogueParticipantTable['response']; responded_at: string | null }) =>
  trx.updateTable('dialogue_participants').set(response).where('dialogue_id', '=', dialogueId).where('speaker_id', '=', speakerId).execute();
