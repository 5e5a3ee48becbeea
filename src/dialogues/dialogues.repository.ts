import type { Actor } from '../auth/actor.ts';
import type { Db, Trx } from '../db/connection.ts';
import type { DialogueHistoryTable, DialogueParticipantTable, DialogueTable, DialogueUpdate, ParticipantRole } from '../db/schema.ts';
import type { Insertable } from 'kysely';
import { dialogueVisibleTo } from './visibility.ts';

export const MAX_DIALOGUE_MS = 24 * 3_600_000;

export type DialogueFilter = {
  stationId?: string;
  programId?: string;
  speakerId?: string;
  topicSlug?: string;
  seriesId?: string;
  status?: DialogueTable['status'];
  from?: string;
  to?: string;
  /** desc: newest first (the archive's order); asc by default (the schedule's). */
  order?: 'asc' | 'desc';
};

function visibleDialogues(db: Db | Trx, actor: Actor) {
  return db
    .selectFrom('dialogues')
    .innerJoin('stations', 'stations.id', 'dialogues.station_id')
    .selectAll('dialogues')
    .select('stations.timezone')
    .where(dialogueVisibleTo(actor));
}

export type DialogueRow = Awaited<ReturnType<typeof findVisibleDialogue>> & {};

export const findVisibleDialogue = (db: Db | Trx, actor: Actor, id: string) =>
  visibleDialogues(db, actor).where('dialogues.id', '=', id).executeTakeFirst();

export function listVisibleDialogues(
  db: Db | Trx,
  actor: Actor,
  filter: DialogueFilter,
  after: { key: string; id: string } | null,
  limit: number,
) {
  const dir = filter.order ?? 'asc';
  let query = visibleDialogues(db, actor).orderBy('dialogues.starts_at', dir).orderBy('dialogues.id', dir).limit(limit + 1);
  if (filter.stationId) query = query.where('dialogues.station_id', '=', filter.stationId);
  if (filter.programId) query = query.where('dialogues.program_id', '=', filter.programId);
  if (filter.seriesId) query = query.where('dialogues.series_id', '=', filter.seriesId);
  if (filter.status) query = query.where('dialogues.status', '=', filter.status);
  if (filter.from) {
    // No dialogue is longer than a day, so the start bound lets the (station, start) index
    // find the range instead of scanning every earlier dialogue.
    const earliestStart = new Date(Date.parse(filter.from) - MAX_DIALOGUE_MS).toISOString();
    query = query.where('dialogues.ends_at', '>', filter.from).where('dialogues.starts_at', '>', earliestStart);
  }
  if (filter.to) query = query.where('dialogues.starts_at', '<', filter.to);
  const { speakerId, topicSlug } = filter;
  if (speakerId) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('dialogue_participants as p')
          .select('p.dialogue_id')
          .whereRef('p.dialogue_id', '=', 'dialogues.id')
          .where('p.speaker_id', '=', speakerId),
      ),
    );
  }
  if (topicSlug) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('dialogue_topics as dt')
          .innerJoin('topics', 'topics.id', 'dt.topic_id')
          .select('dt.dialogue_id')
          .whereRef('dt.dialogue_id', '=', 'dialogues.id')
          .where('topics.slug', '=', topicSlug),
      ),
    );
  }
  if (after) {
    const beyond = dir === 'asc' ? '>' : '<';
    query = query.where((eb) =>
      eb.or([
        eb('dialogues.starts_at', beyond, after.key),
        eb.and([eb('dialogues.starts_at', '=', after.key), eb('dialogues.id', beyond, after.id)]),
      ]),
    );
  }
  return query.execute();
}

export async function participantsOf(db: Db | Trx, dialogueIds: string[]) {
  if (dialogueIds.length === 0) return [];
  return db
    .selectFrom('dialogue_participants')
    .innerJoin('speakers', 'speakers.id', 'dialogue_participants.speaker_id')
    .select([
      'dialogue_participants.dialogue_id',
      'dialogue_participants.speaker_id',
      'dialogue_participants.role',
      'dialogue_participants.response',
      'speakers.name',
    ])
    .where('dialogue_participants.dialogue_id', 'in', dialogueIds)
    .orderBy('dialogue_participants.dialogue_id')
    .orderBy('speakers.name')
    .execute();
}

export async function topicsOf(db: Db | Trx, dialogueIds: string[]) {
  if (dialogueIds.length === 0) return [];
  return db
    .selectFrom('dialogue_topics')
    .innerJoin('topics', 'topics.id', 'dialogue_topics.topic_id')
    .select(['dialogue_topics.dialogue_id', 'topics.slug'])
    .where('dialogue_topics.dialogue_id', 'in', dialogueIds)
    .orderBy('topics.slug')
    .execute();
}

export const findDialogue = (db: Db | Trx, id: string) =>
  db.selectFrom('dialogues').selectAll().where('id', '=', id).executeTakeFirst();

export const insertDialogue = (db: Db | Trx, dialogue: Insertable<DialogueTable>) => db.insertInto('dialogues').values(dialogue).execute();

export const updateDialogue = (db: Db | Trx, id: string, patch: DialogueUpdate) =>
  db.updateTable('dialogues').set(patch).where('id', '=', id).execute();

export const deleteDialogue = (db: Db | Trx, id: string) => db.deleteFrom('dialogues').where('id', '=', id).execute();

export const currentParticipants = (db: Db | Trx, dialogueId: string) =>
  db.selectFrom('dialogue_participants').selectAll().where('dialogue_id', '=', dialogueId).execute();

export async function replaceParticipants(db: Db | Trx, dialogueId: string, rows: DialogueParticipantTable[]) {
  await db.deleteFrom('dialogue_participants').where('dialogue_id', '=', dialogueId).execute();
  if (rows.length > 0) await db.insertInto('dialogue_participants').values(rows).execute();
}

export async function replaceTopics(db: Db | Trx, dialogueId: string, topicIds: string[]) {
  await db.deleteFrom('dialogue_topics').where('dialogue_id', '=', dialogueId).execute();
  if (topicIds.length > 0) {
    await db.insertInto('dialogue_topics').values(topicIds.map((topic_id) => ({ dialogue_id: dialogueId, topic_id }))).execute();
  }
}

export const topicIdsBySlug = (db: Db | Trx, slugs: string[]) =>
  slugs.length === 0 ? Promise.resolve([]) : db.selectFrom('topics').select(['id', 'slug']).where('slug', 'in', slugs).execute();

export const existingSpeakerIds = async (db: Db | Trx, ids: string[]) =>
  ids.length === 0
    ? []
    : (await db.selectFrom('speakers').select('id').where('id', 'in', ids).execute()).map((r) => r.id);

export const addHistory = (db: Db | Trx, entries: Insertable<DialogueHistoryTable>[]) =>
  entries.length === 0 ? Promise.resolve() : db.insertInto('dialogue_history').values(entries).execute().then(() => undefined);

export const historyOf = (db: Db | Trx, dialogueId: string) =>
  db.selectFrom('dialogue_history').selectAll().where('dialogue_id', '=', dialogueId).orderBy('id').execute();

export const seriesFollowing = (db: Db | Trx, seriesId: string, fromStartsAt: string) =>
  db
    .selectFrom('dialogues')
    .selectAll()
    .where('series_id', '=', seriesId)
    .where('starts_at', '>=', fromStartsAt)
    .orderBy('starts_at')
    .execute();

export const setResponse = (
  db: Db | Trx,
  dialogueId: string,
  speakerId: string,
  response: 'confirmed' | 'declined',
  at: string,
) =>
  db
    .updateTable('dialogue_participants')
    .set({ response, responded_at: at })
    .where('dialogue_id', '=', dialogueId)
    .where('speaker_id', '=', speakerId)
    .executeTakeFirst();

export type ParticipantSpec = { speakerId: string; role: ParticipantRole };
