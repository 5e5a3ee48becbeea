// Transcript versions, their segments, and speakers' corrections.
import type { Insertable } from 'kysely';
import type { Db, Trx } from '../db/connection.ts';
import { writeInBatches } from '../db/sqlite-driver.ts';
import type { CorrectionStatus, TranscriptCorrectionTable, TranscriptSegmentTable, TranscriptVersionTable } from '../db/schema.ts';

const SEGMENT_BATCH = 100;

/** The latest version of each of these dialogues that has a transcript. */
export function latestVersionsOf(db: Db | Trx, dialogueIds: readonly string[]) {
  if (dialogueIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('transcript_versions as v')
    .selectAll('v')
    .where('v.dialogue_id', 'in', dialogueIds)
    .where(({ eb, selectFrom }) =>
      eb(
        'v.version',
        '=',
        selectFrom('transcript_versions as later').select((e) => e.fn.max('later.version').as('max')).whereRef('later.dialogue_id', '=', 'v.dialogue_id'),
      ),
    )
    .execute();
}

export const latestVersion = async (db: Db | Trx, dialogueId: string) => (await latestVersionsOf(db, [dialogueId]))[0];

/**
 * The version the public sees of each of these dialogues: the latest, except that where the
 * station's transcript policy is 'hold', unreviewed machine drafts are passed over for the
 * latest version people made or reviewed (none: no public transcript).
 */
export function publicVersionsOf(db: Db | Trx, dialogueIds: readonly string[]) {
  if (dialogueIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('transcript_versions as v')
    .selectAll('v')
    .where('v.dialogue_id', 'in', dialogueIds)
    .where(({ eb, selectFrom }) =>
      eb(
        'v.version',
        '=',
        selectFrom('transcript_versions as later')
          .innerJoin('dialogues as d', 'd.id', 'later.dialogue_id')
          .innerJoin('stations as s', 's.id', 'd.station_id')
          .select((e) => e.fn.max('later.version').as('max'))
          .whereRef('later.dialogue_id', '=', 'v.dialogue_id')
          .where((e) => e.not(e.and([e('s.transcript_policy', '=', 'hold'), e('later.source', '=', 'machine'), e('later.reviewed_at', 'is', null)]))),
      ),
    )
    .execute();
}

/** A station's policy, for a dialogue: 'hold' keeps unreviewed machine drafts from the public. */
export const transcriptPolicyOf = async (db: Db | Trx, dialogueId: string) =>
  (
    await db
      .selectFrom('dialogues')
      .innerJoin('stations', 'stations.id', 'dialogues.station_id')
      .select('stations.transcript_policy')
      .where('dialogues.id', '=', dialogueId)
      .executeTakeFirst()
  )?.transcript_policy;

/** Whether the public may not read this version under the station's policy. */
export const heldFromPublic = (v: Pick<TranscriptVersionTable, 'source' | 'reviewed_at'>, policy: 'publish' | 'hold' | undefined) =>
  policy === 'hold' && v.source === 'machine' && v.reviewed_at === null;

export const publicVersion = async (db: Db | Trx, dialogueId: string) => (await publicVersionsOf(db, [dialogueId]))[0];

export const findVersion = (db: Db | Trx, dialogueId: string, version: number) =>
  db.selectFrom('transcript_versions').selectAll().where('dialogue_id', '=', dialogueId).where('version', '=', version).executeTakeFirst();

export const listVersions = (db: Db | Trx, dialogueId: string) =>
  db.selectFrom('transcript_versions').selectAll().where('dialogue_id', '=', dialogueId).orderBy('version', 'desc').execute();

export const insertVersion = (trx: Trx, version: TranscriptVersionTable) => trx.insertInto('transcript_versions').values(version).execute();

export async function insertSegments(trx: Trx, segments: readonly Insertable<TranscriptSegmentTable>[]) {
  await writeInBatches(segments, SEGMENT_BATCH, (batch) => trx.insertInto('transcript_segments').values(batch).execute());
}

/** A version's segments in order, with the name of the person each is attributed to. */
export const segmentsOf = (db: Db | Trx, versionId: string) =>
  db
    .selectFrom('transcript_segments')
    .leftJoin('speakers', 'speakers.id', 'transcript_segments.speaker_id')
    .selectAll('transcript_segments')
    .select('speakers.name as speaker_name')
    .where('transcript_segments.version_id', '=', versionId)
    .orderBy('transcript_segments.ordinal')
    .execute();

export const findSegment = (db: Db | Trx, id: number) =>
  db
    .selectFrom('transcript_segments')
    .innerJoin('transcript_versions', 'transcript_versions.id', 'transcript_segments.version_id')
    .selectAll('transcript_segments')
    .select('transcript_versions.version')
    .where('transcript_segments.id', '=', id)
    .executeTakeFirst();

export const insertCorrection = (trx: Trx, correction: TranscriptCorrectionTable) =>
  trx.insertInto('transcript_corrections').values(correction).execute();

/**
 * The time to record a new correction at: now, or a millisecond after the latest one when that
 * is not earlier. Corrections are listed (and paged) by this time, then by their random id, so
 * two proposals made in one millisecond would otherwise come out in either order.
 */
export async function correctionStamp(trx: Trx, now = new Date()): Promise<string> {
  const latest = await trx.selectFrom('transcript_corrections').select((eb) => eb.fn.max('created_at').as('at')).executeTakeFirst();
  const after = latest?.at ? Date.parse(latest.at) + 1 : 0;
  return new Date(Math.max(now.getTime(), after)).toISOString();
}

/** Corrections with the line they were proposed for (its text then, its place and time). */
function correctionsWithSegments(db: Db | Trx) {
  return db
    .selectFrom('transcript_corrections as c')
    .innerJoin('transcript_segments as s', 's.id', 'c.segment_id')
    .innerJoin('transcript_versions as v', 'v.id', 's.version_id')
    .innerJoin('dialogues as d', 'd.id', 'c.dialogue_id')
    .innerJoin('speakers as p', 'p.id', 'c.speaker_id')
    .selectAll('c')
    .select(['s.text as original_text', 's.ordinal', 's.start_ms', 's.end_ms', 'v.version as segment_version', 'd.title as dialogue_title', 'p.name as speaker_name']);
}

export type CorrectionRow = Awaited<ReturnType<typeof findCorrection>> & {};

export const findCorrection = (db: Db | Trx, id: string) => correctionsWithSegments(db).where('c.id', '=', id).executeTakeFirst();

export function listCorrections(
  db: Db | Trx,
  filter: { status?: CorrectionStatus; speakerId?: string },
  after: { key: string; id: string } | null,
  limit: number,
) {
  let query = correctionsWithSegments(db).orderBy('c.created_at').orderBy('c.id').limit(limit + 1);
  if (filter.status) query = query.where('c.status', '=', filter.status);
  if (filter.speakerId) query = query.where('c.speaker_id', '=', filter.speakerId);
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('c.created_at', '>', after.key), eb.and([eb('c.created_at', '=', after.key), eb('c.id', '>', after.id)])]),
    );
  }
  return query.execute();
}

export const reviewCorrection = (
  trx: Trx,
  id: string,
  review: { status: Exclude<CorrectionStatus, 'pending'>; reviewer: string; reviewed_at: string; result_version: number | null; review_note: string | null },
) => trx.updateTable('transcript_corrections').set(review).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();

/** Marks a version reviewed, once: the first review's time and reviewer are kept. */
export const markReviewed = (trx: Trx, versionId: string, at: string, by: string) =>
  trx.updateTable('transcript_versions').set({ reviewed_at: at, reviewed_by: by }).where('id', '=', versionId).where('reviewed_at', 'is', null).execute();
