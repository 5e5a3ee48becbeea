// Registered recorder files and the files turned away, and the audio attached to dialogues.
import type { Db, Trx } from '../db/connection.ts';
import type { AudioUpload, DialogueAudio, Recording, RejectedFileTable } from '../db/schema.ts';
import type { Insertable } from 'kysely';

export const insertRecording = (db: Db | Trx, row: Recording) => db.insertInto('recordings').values(row).execute();

export const recordingWithContent = (db: Db | Trx, stationId: string, sha256: string) =>
  db.selectFrom('recordings').select(['id', 'path']).where('station_id', '=', stationId).where('sha256', '=', sha256).executeTakeFirst();

/** Recordings of a station overlapping [from, to), ISO instants. */
export const recordingsOverlapping = (db: Db | Trx, stationId: string, from: string, to: string) =>
  db
    .selectFrom('recordings')
    .selectAll()
    .where('station_id', '=', stationId)
    .where('starts_at', '<', to)
    .where('ends_at', '>', from)
    .orderBy('starts_at')
    .execute();

export const allRecordingPaths = (db: Db | Trx) => db.selectFrom('recordings').select('path').execute();

export const insertRejectedFile = (db: Db | Trx, row: Insertable<RejectedFileTable>) => db.insertInto('rejected_files').values(row).execute();

export const insertUpload = (db: Db | Trx, row: AudioUpload) => db.insertInto('audio_uploads').values(row).execute();

export const latestUploadOf = (db: Db | Trx, dialogueId: string) =>
  db.selectFrom('audio_uploads').selectAll().where('dialogue_id', '=', dialogueId).orderBy('created_at', 'desc').orderBy('id').limit(1).executeTakeFirst();

export const allUploadPaths = (db: Db | Trx) => db.selectFrom('audio_uploads').select('path').execute();

export const audioOfDialogue = (db: Db | Trx, dialogueId: string) =>
  db.selectFrom('dialogue_audio').selectAll().where('dialogue_id', '=', dialogueId).executeTakeFirst();

export const audioOfDialogues = (db: Db | Trx, dialogueIds: readonly string[]) =>
  dialogueIds.length === 0 ? Promise.resolve([]) : db.selectFrom('dialogue_audio').selectAll().where('dialogue_id', 'in', dialogueIds).execute();

export const allAudioPaths = (db: Db | Trx) => db.selectFrom('dialogue_audio').select(['opus_path', 'mp3_path', 'peaks_path']).execute();

/** Replaces a dialogue's audio row; returns the row it replaced, whose files are now unused. */
export async function replaceAudio(trx: Trx, row: DialogueAudio): Promise<DialogueAudio | undefined> {
  const previous = await audioOfDialogue(trx, row.dialogue_id);
  await trx.deleteFrom('dialogue_audio').where('dialogue_id', '=', row.dialogue_id).execute();
  await trx.insertInto('dialogue_audio').values(row).execute();
  return previous;
}

export const stationsForIntake = (db: Db | Trx) => db.selectFrom('stations').select(['id', 'slug', 'recorder_id', 'timezone']).execute();

/**
 * Dialogues the capture schedule looks at: on air or past it, ended within [from, to), with
 * what they have so far and their station's margins (the span their audio should cover).
 */
export const captureCandidates = (db: Db | Trx, from: string, to: string) =>
  db
    .selectFrom('dialogues as d')
    .innerJoin('stations as s', 's.id', 'd.station_id')
    .leftJoin('dialogue_audio as a', 'a.dialogue_id', 'd.id')
    .select([
      'd.id',
      'd.starts_at',
      'd.ends_at',
      's.capture_preroll_sec',
      's.capture_postroll_sec',
      'a.source',
      'a.span_starts_at',
      'a.span_ends_at',
      'a.coverage',
      'a.upload_id',
      (eb) => eb.selectFrom('audio_uploads as u').select('u.id').whereRef('u.dialogue_id', '=', 'd.id').orderBy('u.created_at', 'desc').limit(1).as('latest_upload_id'),
    ])
    .where('d.status', 'in', ['scheduled', 'aired', 'published'])
    .where('d.ends_at', '>=', from)
    .where('d.ends_at', '<', to)
    .orderBy('d.ends_at')
    .execute();

/** Bytes of audio the database knows of, by kind: registered recordings, dialogue renditions, uploads. */
export async function mediaBytes(db: Db | Trx): Promise<{ recordings: number; dialogues: number; uploads: number }> {
  const [recordings, dialogues, uploads] = await Promise.all([
    db.selectFrom('recordings').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('bytes'), eb.lit(0)).as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('dialogue_audio').select((eb) => eb.fn.coalesce(eb.fn.sum<number>(eb('opus_bytes', '+', eb.ref('mp3_bytes'))), eb.lit(0)).as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('audio_uploads').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('bytes'), eb.lit(0)).as('n')).executeTakeFirstOrThrow(),
  ]);
  return { recordings: Number(recordings.n), dialogues: Number(dialogues.n), uploads: Number(uploads.n) };
}

/** Stations with what retention needs: their own retention and capture margins. */
export const stationsForRetention = (db: Db | Trx) =>
  db.selectFrom('stations').select(['id', 'retention_days', 'capture_preroll_sec', 'capture_postroll_sec']).execute();

/** A station's recordings that ended before `before` (ISO), oldest first. */
export const recordingsEndedBefore = (db: Db | Trx, stationId: string, before: string, limit: number) =>
  db
    .selectFrom('recordings')
    .select(['id', 'path', 'bytes', 'starts_at', 'ends_at'])
    .where('station_id', '=', stationId)
    .where('ends_at', '<', before)
    .orderBy('ends_at')
    .limit(limit)
    .execute();

/** A station's dialogues on air or past it, overlapping [from, to), with the audio they have. */
export const dialoguesNear = (db: Db | Trx, stationId: string, from: string, to: string) =>
  db
    .selectFrom('dialogues as d')
    .leftJoin('dialogue_audio as a', 'a.dialogue_id', 'd.id')
    .select(['d.id', 'd.starts_at', 'd.ends_at', 'a.source', 'a.span_starts_at', 'a.span_ends_at'])
    .where('d.station_id', '=', stationId)
    .where('d.status', 'in', ['scheduled', 'aired', 'published'])
    .where('d.starts_at', '<', to)
    .where('d.ends_at', '>', from)
    .execute();

export const deleteRecording = (db: Db | Trx, id: string) => db.deleteFrom('recordings').where('id', '=', id).execute();

export const rejectedFilesBefore = (db: Db | Trx, before: string, limit: number) =>
  db.selectFrom('rejected_files').select(['id', 'path']).where('created_at', '<', before).orderBy('created_at').limit(limit).execute();

export const deleteRejectedFile = (db: Db | Trx, id: string) => db.deleteFrom('rejected_files').where('id', '=', id).execute();
