// Speakers' corrections: a speaker proposes new text for a line of a dialogue they took
// part in; a coordinator accepts it (a new transcript version, reindexed in the same
// transaction) or rejects it. A correction made against a line that has changed since
// is refused rather than applied over someone else's edit.
import { randomUUID } from 'node:crypto';
import { type Actor, actorLabel } from '../auth/actor.ts';
import { type Db, type Trx, nowIso } from '../db/connection.ts';
import type { CorrectionStatus } from '../db/schema.ts';
import { currentParticipants } from '../dialogues/dialogues.repository.ts';
import { AppError, notFound, THINGS, said } from '../errors.ts';
import * as repo from './transcripts.repository.ts';
import type { CorrectionInput, CorrectionJson } from './transcripts.schemas.ts';
import { toVersionJson, writeVersion } from './transcripts.service.ts';

function toCorrectionJson(c: repo.CorrectionRow): CorrectionJson {
  return {
    id: c.id,
    dialogueId: c.dialogue_id,
    dialogueTitle: c.dialogue_title,
    segmentId: String(c.segment_id),
    segment: { version: c.segment_version, startMs: c.start_ms, endMs: c.end_ms },
    speaker: { id: c.speaker_id, name: c.speaker_name },
    originalText: c.original_text,
    text: c.text,
    note: c.note,
    status: c.status,
    createdAt: c.created_at,
    reviewedAt: c.reviewed_at,
    resultVersion: c.result_version,
    reviewNote: c.review_note,
  };
}

const collapseSpaces = (text: string) => text.replace(/\s+/g, ' ').trim();

export async function proposeCorrection(db: Db, actor: Extract<Actor, { kind: 'speaker' }>, input: CorrectionInput): Promise<CorrectionJson> {
  const id = await db.transaction().execute(async (trx) => {
    const segmentId = /^\d{1,15}$/.test(input.segmentId) ? Number(input.segmentId) : null;
    const segment = segmentId === null ? undefined : await repo.findSegment(trx, segmentId);
    const takesPart = segment && (await currentParticipants(trx, segment.dialogue_id)).some((p) => p.speaker_id === actor.speakerId);
    // Lines of other people's dialogues do not exist for this speaker.
    if (!segment || !takesPart) throw notFound(THINGS.segment, input.segmentId);
    const latest = await repo.latestVersion(trx, segment.dialogue_id);
    if (latest?.id !== segment.version_id) {
      throw new AppError(409, 'stale_segment', said(`Baris ini dari versi ${segment.version}; transkripnya kini versi ${latest?.version}. Muat ulang lalu usulkan koreksinya di sana.`, `This line is from version ${segment.version}; the transcript is now at version ${latest?.version}. Reload it and propose the correction there.`), {
        segmentVersion: segment.version,
        currentVersion: latest?.version ?? null,
      });
    }
    const text = collapseSpaces(input.text);
    if (text === segment.text) {
      throw new AppError(400, 'invalid_request', said('Teks usulan sama dengan barisnya.', 'The proposed text is the same as the line.'), { fields: [{ path: 'text', message: said('tidak berubah', 'unchanged') }] });
    }
    const correctionId = randomUUID();
    await repo.insertCorrection(trx, {
      id: correctionId,
      dialogue_id: segment.dialogue_id,
      segment_id: segment.id,
      speaker_id: actor.speakerId,
      text,
      note: input.note || null,
      status: 'pending',
      created_at: await repo.correctionStamp(trx),
      reviewed_at: null,
      reviewer: null,
      result_version: null,
      review_note: null,
    });
    return correctionId;
  });
  return toCorrectionJson((await repo.findCorrection(db, id)) as repo.CorrectionRow);
}

export async function listCorrections(
  db: Db,
  filter: { status?: CorrectionStatus; speakerId?: string },
  after: { key: string; id: string } | null,
  limit: number,
) {
  const rows = await repo.listCorrections(db, filter, after, limit);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(toCorrectionJson),
    nextCursor: rows.length > limit && last ? ([last.created_at, last.id] as [string, string]) : null,
  };
}

async function pendingCorrection(db: Db | Trx, id: string) {
  const correction = await repo.findCorrection(db, id);
  if (!correction) throw notFound(THINGS.correction, id);
  if (correction.status !== 'pending') {
    throw new AppError(409, 'already_reviewed', said(`Koreksi ini sudah ${correction.status === 'accepted' ? 'diterima' : 'ditolak'}.`, `This correction was ${correction.status} on ${correction.reviewed_at}.`));
  }
  return correction;
}

/** Accepting makes a new version: the latest one with this line's text replaced. */
export async function acceptCorrection(db: Db, actor: Actor, id: string) {
  const version = await db.transaction().execute(async (trx) => {
    const correction = await pendingCorrection(trx, id);
    const latest = await repo.latestVersion(trx, correction.dialogue_id);
    const segments = latest ? await repo.segmentsOf(trx, latest.id) : [];
    const line = segments.find((s) => s.ordinal === correction.ordinal);
    if (!latest || !line || line.text !== correction.original_text) {
      throw new AppError(409, 'stale_correction', said('Baris ini sudah berubah sejak koreksi diusulkan; tolak koreksi ini atau minta narasumber mengusulkannya lagi.', 'The line has changed since this correction was proposed; reject it or ask the speaker to propose it again.'), {
        proposedAgainst: correction.original_text,
        current: line?.text ?? null,
        currentVersion: latest?.version ?? null,
      });
    }
    const made = await writeVersion(
      trx,
      actor,
      correction.dialogue_id,
      latest.version + 1,
      { source: 'correction', correctionId: correction.id },
      segments.map((s) => ({
        start_ms: s.start_ms,
        end_ms: s.end_ms,
        cue_id: s.cue_id,
        speaker_id: s.speaker_id,
        speaker_label: s.speaker_label,
        text: s.ordinal === correction.ordinal ? correction.text : s.text,
        // The engine's confidence and words describe the text it heard: the corrected line loses them.
        confidence: s.ordinal === correction.ordinal ? null : s.confidence,
        words: s.ordinal === correction.ordinal ? null : s.words,
      })),
    );
    await repo.reviewCorrection(trx, id, { status: 'accepted', reviewer: actorLabel(actor), reviewed_at: nowIso(), result_version: made.version, review_note: null });
    return made;
  });
  return {
    correction: toCorrectionJson((await repo.findCorrection(db, id)) as repo.CorrectionRow),
    version: toVersionJson(version, actor),
  };
}

/** Rejects a proposal; the reason, when given, is shown to the speaker who made it. */
export async function rejectCorrection(db: Db, actor: Actor, id: string, reason: string | null): Promise<CorrectionJson> {
  await db.transaction().execute(async (trx) => {
    await pendingCorrection(trx, id);
    await repo.reviewCorrection(trx, id, { status: 'rejected', reviewer: actorLabel(actor), reviewed_at: nowIso(), result_version: null, review_note: reason });
  });
  return toCorrectionJson((await repo.findCorrection(db, id)) as repo.CorrectionRow);
}
