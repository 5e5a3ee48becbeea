// Transcripts of dialogues: importing a file as a new version, reading any version back
// in any format, and the version list. Each import is one transaction with the search
// index, so a failed import leaves neither a half version nor a half index.
import { randomUUID } from 'node:crypto';
import { type Actor, actorLabel } from '../auth/actor.ts';
import { type Db, type Trx, nowIso } from '../db/connection.ts';
import type { TranscriptFormatId, TranscriptVersion } from '../db/schema.ts';
import { currentParticipants, findDialogue, findVisibleDialogue, participantsOf } from '../dialogues/dialogues.repository.ts';
import { AppError, type Localized, notFound, THINGS, said } from '../errors.ts';
import { indexDialogues, prepareAnalysis } from '../search/search.index.ts';
import { audioOfDialogue } from '../recordings/recordings.repository.ts';
import { findStation } from '../stations/stations.repository.ts';
import { STATUS_WORDS } from '../dialogues/lifecycle.ts';
import { clock, spokenInstant } from '../time/spoken.ts';
import {
  TRANSCRIPT_CONTENT_TYPES,
  TranscriptFormatError,
  UnsupportedTranscriptTypeError,
  formatOfContentType,
  lineOfCueEndingAfter,
  parseTranscriptPaced,
  serializeTranscript,
  type TranscriptCue,
} from './formats/index.ts';
import { matchSpeaker } from './speaker-mapping.ts';
import * as repo from './transcripts.repository.ts';
import { type VersionJson, type WordJson, WordSchema } from './transcripts.schemas.ts';

const FORMAT_NAMES: Record<TranscriptFormatId, Localized> = {
  vtt: said('WebVTT', 'WebVTT'),
  srt: said('SRT', 'SRT'),
  json: said('Podcasting 2.0 JSON', 'Podcasting 2.0 JSON'),
  txt: said('teks biasa', 'plain text'),
};

export function toVersionJson(v: TranscriptVersion, actor: Actor): VersionJson {
  return {
    version: v.version,
    createdAt: v.created_at,
    source: v.source,
    format: v.source_format,
    model: v.model,
    reviewed: v.reviewed_at !== null,
    reviewedAt: v.reviewed_at,
    correctionId: v.correction_id,
    segments: v.segment_count,
    language: v.language,
    ...(actor.kind === 'user' && { actor: v.actor }),
  };
}

async function readFile(body: Uint8Array, contentType: string | undefined): Promise<{ format: TranscriptFormatId; cues: TranscriptCue[] }> {
  const accepted = Object.values(TRANSCRIPT_CONTENT_TYPES).map((t) => t.split(';')[0] as string);
  try {
    if (!contentType) throw new UnsupportedTranscriptTypeError('(none)', accepted);
    return { format: formatOfContentType(contentType), cues: await parseTranscriptPaced(body, contentType) };
  } catch (error) {
    if (error instanceof UnsupportedTranscriptTypeError) {
      throw new AppError(415, 'unsupported_media_type', said(`Jenis berkas ini tidak diterima; kirim salah satu dari: ${accepted.join(', ')}.`, error.message), { accepted });
    }
    if (error instanceof TranscriptFormatError) {
      const name = FORMAT_NAMES[error.format];
      throw new AppError(400, 'invalid_transcript', said(`Berkas ${name.id} ini tidak dapat dibaca${error.line ? ` pada baris ${error.line}` : ''}: ${error.detail.id}.`, `This ${name.en} file cannot be read: ${error.message}.`), {
        format: error.format,
        line: error.line,
      });
    }
    throw error;
  }
}

/**
 * Writes a new version with these segments and reindexes the dialogue, in the caller's
 * transaction. `actor` is a label as is (e.g. "system:transcription") for writers no person
 * stands behind.
 */
export async function writeVersion(
  trx: Trx,
  actor: Actor | string,
  dialogueId: string,
  number: number,
  origin: { source: 'import'; format: TranscriptFormatId } | { source: 'correction'; correctionId: string } | { source: 'machine'; model: string; language: string } | { source: 'edit' },
  segments: {
    start_ms: number | null;
    end_ms: number | null;
    cue_id: string | null;
    speaker_id: string | null;
    speaker_label: string | null;
    text: string;
    confidence?: number | null;
    words?: string | null;
  }[],
): Promise<TranscriptVersion> {
  const version: TranscriptVersion = {
    id: randomUUID(),
    dialogue_id: dialogueId,
    version: number,
    created_at: nowIso(),
    actor: typeof actor === 'string' ? actor : actorLabel(actor),
    source: origin.source,
    source_format: origin.source === 'import' ? origin.format : null,
    correction_id: origin.source === 'correction' ? origin.correctionId : null,
    model: origin.source === 'machine' ? origin.model : null,
    language: origin.source === 'machine' ? origin.language : 'id',
    segment_count: segments.length,
    reviewed_at: null,
    reviewed_by: null,
  };
  await repo.insertVersion(trx, version);
  await repo.insertSegments(
    trx,
    segments.map((s, ordinal) => ({ ...s, confidence: s.confidence ?? null, words: s.words ?? null, version_id: version.id, dialogue_id: dialogueId, ordinal })),
  );
  await indexDialogues(trx, [dialogueId]);
  return version;
}

/**
 * Imports a transcript file as the dialogue's next version. Speaker labels are matched
 * to the dialogue's participants; those that match nobody are kept and listed.
 */
export async function importTranscript(db: Db, actor: Actor, dialogueId: string, body: Uint8Array, contentType: string | undefined) {
  const { format, cues } = await readFile(body, contentType);
  // The index analyses every line inside the write's transaction; analysed here first, in
  // slices, its words are remembered and the transaction stays short.
  await prepareAnalysis(cues.map((c) => c.text));
  return db.transaction().execute(async (trx) => {
    const dialogue = await findDialogue(trx, dialogueId);
    if (!dialogue) throw notFound(THINGS.dialogue, dialogueId);
    // A transcript records a broadcast: one for a dialogue still to come is a mix-up.
    if (dialogue.status === 'draft' || dialogue.status === 'cancelled' || dialogue.ends_at > nowIso()) {
      const station = (await findStation(trx, dialogue.station_id))!;
      throw new AppError(
        409,
        'not_aired',
        dialogue.status === 'draft' || dialogue.status === 'cancelled'
          ? said(
              `Dialog ini ${STATUS_WORDS[dialogue.status].id}, jadi belum disiarkan; transkrip dapat dilampirkan setelah siarannya.`,
              `This dialogue is ${STATUS_WORDS[dialogue.status].en}, so it has not aired; a transcript can be attached once it has.`,
            )
          : said(
              `Siaran dialog ini belum selesai (selesai ${spokenInstant(dialogue.ends_at, station.timezone, 'id')}); transkrip dapat dilampirkan sesudahnya.`,
              `This dialogue's broadcast has not ended yet (it ends ${spokenInstant(dialogue.ends_at, station.timezone, 'en')}); a transcript can be attached once it has.`,
            ),
        { endsAt: dialogue.ends_at },
      );
    }
    await refuseCuesPastAudio(trx, dialogueId, cues, body, format);
    const people = (await participantsOf(trx, [dialogueId])).map((p) => ({ id: p.speaker_id, name: p.name }));
    const labels = [...new Set(cues.flatMap((c) => (c.speaker === null ? [] : [c.speaker])))];
    const matched = new Map(labels.map((label) => [label, matchSpeaker(label, people)]));
    const latest = await repo.latestVersion(trx, dialogueId);
    const version = await writeVersion(
      trx,
      actor,
      dialogueId,
      (latest?.version ?? 0) + 1,
      { source: 'import', format },
      cues.map((c) => ({
        start_ms: c.startMs,
        end_ms: c.endMs,
        cue_id: c.id,
        speaker_id: c.speaker === null ? null : (matched.get(c.speaker)?.id ?? null),
        speaker_label: c.speaker,
        text: c.text,
      })),
    );
    return {
      dialogueId,
      version: toVersionJson(version, actor),
      speakers: labels.map((label) => {
        const person = matched.get(label) ?? null;
        return { label, speakerId: person?.id ?? null, name: person?.name ?? null };
      }),
      unmappedLabels: labels.filter((label) => !matched.get(label)),
    };
  });
}

/**
 * How far a cue may end after the dialogue's audio: captioning tools keep the last line on
 * screen a second or two after the last word, and the renditions' length differs from the
 * source's by encoder padding (milliseconds). A file that runs on for minutes or hours
 * belongs to another recording, or counts its times from elsewhere.
 */
export const CUE_PAST_AUDIO_TOLERANCE_MS = 3_000;

async function refuseCuesPastAudio(trx: Trx, dialogueId: string, cues: TranscriptCue[], body: Uint8Array, format: TranscriptFormatId) {
  const audio = await audioOfDialogue(trx, dialogueId);
  if (!audio) return;
  const limitMs = audio.duration_ms + CUE_PAST_AUDIO_TOLERANCE_MS;
  const lastEndMs = cues.reduce((last, c) => Math.max(last, c.endMs ?? 0), 0);
  if (lastEndMs <= limitMs) return;
  const line = lineOfCueEndingAfter(body, format, limitMs);
  const endMs = cues.find((c) => (c.endMs ?? 0) > limitMs)!.endMs!;
  throw new AppError(
    400,
    'cue_past_audio',
    said(
      `Baris ${line}: teks ini berakhir pada ${clock(endMs)}, padahal rekaman dialog ini hanya ${clock(audio.duration_ms)}. Periksa apakah berkas ini milik dialog ini dan waktunya dihitung dari awal rekaman.`,
      `Line ${line}: this cue ends at ${clock(endMs)}, but the dialogue's recording lasts ${clock(audio.duration_ms)}. Check that the file belongs to this dialogue and that its times count from the start of the recording.`,
    ),
    { line, cueEndMs: endMs, audioDurationMs: audio.duration_ms, toleranceMs: CUE_PAST_AUDIO_TOLERANCE_MS },
  );
}


/** The engine's words of a line, as stored (JSON); a malformed list reads as none rather than failing the transcript. */
function wordsOf(stored: string | null): WordJson[] | null {
  if (stored === null) return null;
  try {
    const parsed = WordSchema.array().safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * A version of a dialogue's transcript (the latest by default), if the actor may see the
 * dialogue. The engine's confidences and words are working material for the people who
 * correct the text (coordinators, the dialogue's speakers), not for the public.
 */
export async function readTranscript(db: Db, actor: Actor, dialogueId: string, versionNumber: number | undefined) {
  const dialogue = await findVisibleDialogue(db, actor, dialogueId);
  if (!dialogue) throw notFound(THINGS.dialogue, dialogueId);
  // The public reads what the station's transcript policy lets it see; people signed in read every version.
  const publicOnly = actor.kind === 'anonymous';
  let version =
    versionNumber !== undefined ? await repo.findVersion(db, dialogueId, versionNumber) : publicOnly ? await repo.publicVersion(db, dialogueId) : await repo.latestVersion(db, dialogueId);
  if (publicOnly && version && repo.heldFromPublic(version, await repo.transcriptPolicyOf(db, dialogueId))) version = undefined;
  if (!version) {
    throw versionNumber === undefined
      ? new AppError(404, 'not_found', said('Dialog ini belum punya transkrip.', 'This dialogue has no transcript yet.'))
      : new AppError(404, 'not_found', said(`Transkrip dialog ini tidak punya versi ${versionNumber}.`, `This dialogue's transcript has no version ${versionNumber}.`));
  }
  const segments = await repo.segmentsOf(db, version.id);
  const correcting =
    actor.kind === 'user' || (actor.kind === 'speaker' && (await currentParticipants(db, dialogueId)).some((p) => p.speaker_id === actor.speakerId));
  return {
    published: dialogue.status === 'published',
    json: {
      dialogueId,
      version: toVersionJson(version, actor),
      segments: segments.map((s) => {
        const name = s.speaker_name ?? s.speaker_label;
        return {
          id: String(s.id),
          startMs: s.start_ms,
          endMs: s.end_ms,
          speaker: name === null ? null : { id: s.speaker_id, name },
          cueId: s.cue_id,
          text: s.text,
          ...(correcting && { confidence: s.confidence, words: wordsOf(s.words) }),
        };
      }),
    },
  };
}

/** What files, pages and feeds say of a machine draft no person has reviewed yet. */
export const MACHINE_DRAFT_LABEL = 'Transkrip otomatis — belum diperiksa';

/**
 * Says so inside the file itself, so the label travels with it into podcast apps and players:
 * a WebVTT NOTE block, a field of the JSON, a first line of the text. SRT has no place for
 * comments; its readers get the text as is.
 */
function labelMachineDraft(body: string, format: TranscriptFormatId): string {
  switch (format) {
    case 'vtt':
      return body.replace(/^WEBVTT[^\n]*\n/, (header) => `${header}\nNOTE ${MACHINE_DRAFT_LABEL}\n`);
    case 'json':
      return body.replace(/^\{/, `{"notice":${JSON.stringify(MACHINE_DRAFT_LABEL)},"reviewed":false,`);
    case 'txt':
      return `[${MACHINE_DRAFT_LABEL}]\n\n${body}`;
    case 'srt':
      return body;
  }
}

/** A transcript as a file. Participants appear under their current names. */
export function transcriptFile(transcript: Awaited<ReturnType<typeof readTranscript>>['json'], format: TranscriptFormatId) {
  const cues: TranscriptCue[] = transcript.segments.map((s) => ({
    id: s.cueId,
    startMs: s.startMs,
    endMs: s.endMs,
    speaker: s.speaker?.name ?? null,
    text: s.text,
  }));
  try {
    const body = serializeTranscript(cues, format);
    const unreviewed = transcript.version.source === 'machine' && !transcript.version.reviewed;
    return { body: unreviewed ? labelMachineDraft(body, format) : body, contentType: TRANSCRIPT_CONTENT_TYPES[format] };
  } catch (error) {
    // The one way a stored transcript cannot be written: plain text has no timings.
    if (error instanceof TranscriptFormatError) {
      throw new AppError(
        409,
        'transcript_untimed',
        said(
          `Transkrip ini tidak punya penanda waktu (diimpor sebagai teks biasa), jadi tidak dapat ditulis sebagai ${FORMAT_NAMES[format].id}; minta txt.`,
          `This transcript has no timings (it was imported as plain text), so it cannot be written as ${FORMAT_NAMES[format].en}; ask for txt.`,
        ),
      );
    }
    throw error;
  }
}

export async function listVersions(db: Db, actor: Actor, dialogueId: string) {
  if (!(await findVisibleDialogue(db, actor, dialogueId))) throw notFound(THINGS.dialogue, dialogueId);
  const versions = await repo.listVersions(db, dialogueId);
  if (actor.kind !== 'anonymous') return versions.map((v) => toVersionJson(v, actor));
  const policy = await repo.transcriptPolicyOf(db, dialogueId);
  return versions.filter((v) => !repo.heldFromPublic(v, policy)).map((v) => toVersionJson(v, actor));
}
