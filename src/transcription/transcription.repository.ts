// What the transcription pipeline reads: the names and terms for Whisper's prompt, the
// station's language, and whether people have work pending on a version.
import type { Db, Trx } from '../db/connection.ts';

/** The dialogue with its station's name, language and policy; undefined when it is gone. */
export const dialogueForTranscription = (db: Db | Trx, dialogueId: string) =>
  db
    .selectFrom('dialogues')
    .innerJoin('stations', 'stations.id', 'dialogues.station_id')
    .select(['dialogues.id', 'dialogues.title', 'dialogues.status', 'dialogues.station_id', 'stations.name as station_name', 'stations.asr_language', 'stations.transcript_policy'])
    .where('dialogues.id', '=', dialogueId)
    .executeTakeFirst();

export const peopleOf = (db: Db | Trx, dialogueId: string) =>
  db
    .selectFrom('dialogue_participants')
    .innerJoin('speakers', 'speakers.id', 'dialogue_participants.speaker_id')
    .select(['speakers.name', 'speakers.organisation'])
    .where('dialogue_participants.dialogue_id', '=', dialogueId)
    // People who declined did not speak: their names would only invite the model to write them.
    .where('dialogue_participants.response', '!=', 'declined')
    .orderBy('speakers.name')
    .execute();

export const topicNamesOf = (db: Db | Trx, dialogueId: string) =>
  db
    .selectFrom('dialogue_topics')
    .innerJoin('topics', 'topics.id', 'dialogue_topics.topic_id')
    .select('topics.name')
    .where('dialogue_topics.dialogue_id', '=', dialogueId)
    .orderBy('topics.name')
    .execute();

/** The station's own terms and those every station shares. */
export const glossaryFor = (db: Db | Trx, stationId: string) =>
  db
    .selectFrom('glossary_terms')
    .select(['term', 'expansion', 'station_id'])
    .where((eb) => eb.or([eb('station_id', '=', stationId), eb('station_id', 'is', null)]))
    .orderBy('term')
    .execute();

export const pendingCorrectionsOn = async (db: Db | Trx, versionId: string): Promise<number> =>
  Number(
    (
      await db
        .selectFrom('transcript_corrections as c')
        .innerJoin('transcript_segments as s', 's.id', 'c.segment_id')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('s.version_id', '=', versionId)
        .where('c.status', '=', 'pending')
        .executeTakeFirstOrThrow()
    ).n,
  );
