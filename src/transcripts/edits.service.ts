// Coordinators' edits of a transcript: new text for lines, a participant for a run of lines,
// every whole-word occurrence of a misheard name replaced. A request's operations apply in
// order to the latest version and make one new version (source 'edit'), reindexed in the
// same transaction; one refused operation refuses them all. Edits name the version they
// were made on, so an edit made on a page that another change has since overtaken is
// refused (409 version_changed) instead of silently undoing that change.
//
// A line whose text changes loses the engine's confidence and words: they described what
// the engine heard, not what a person wrote. A line that only changes speaker keeps them.
import { type Actor, actorLabel } from '../auth/actor.ts';
import { type Db, nowIso } from '../db/connection.ts';
import { findDialogue, participantsOf } from '../dialogues/dialogues.repository.ts';
import { AppError, notFound, said, THINGS } from '../errors.ts';
import { indexDialogues } from '../search/search.index.ts';
import type { EditInput } from './edits.schemas.ts';
import * as repo from './transcripts.repository.ts';
import { readTranscript, toVersionJson, writeVersion } from './transcripts.service.ts';

// Letters, marks and digits of any script count as word characters: \b knows only ASCII
// ones, so "Wati" would be found inside "Watié".
const WORD_CHAR = '[\\p{L}\\p{N}\\p{M}_]';
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A pattern for whole-word occurrences of `find`; its spaces match any run of white space. */
export function wholeWordPattern(find: string, matchCase: boolean): RegExp {
  const body = find.trim().split(/\s+/).map(escapeRegExp).join('\\s+');
  return new RegExp(`(?<!${WORD_CHAR})${body}(?!${WORD_CHAR})`, matchCase ? 'gu' : 'giu');
}

/** The text with every whole-word occurrence replaced, and how many there were. */
export function replaceWholeWords(text: string, pattern: RegExp, replacement: string): { text: string; count: number } {
  let count = 0;
  // A function, so "$&" or "$1" in what a person typed is inserted as written.
  const replaced = text.replace(pattern, () => {
    count++;
    return replacement;
  });
  return { text: replaced.replace(/\s+/g, ' ').trim(), count };
}

export const versionChanged = (baseVersion: number, currentVersion: number) =>
  new AppError(
    409,
    'version_changed',
    said(
      `Perubahan ini dibuat pada versi ${baseVersion}, padahal transkrip sekarang sudah versi ${currentVersion}. Muat ulang lalu ulangi perubahannya.`,
      `These edits were made on version ${baseVersion}, but the transcript is now at version ${currentVersion}. Reload it and make them again.`,
    ),
    { baseVersion, currentVersion },
  );

export async function editTranscript(db: Db, actor: Actor, dialogueId: string, input: EditInput) {
  let changedLines = 0;
  let replacements = 0;
  const made = await db.transaction().execute(async (trx) => {
    if (!(await findDialogue(trx, dialogueId))) throw notFound(THINGS.dialogue, dialogueId);
    const latest = await repo.latestVersion(trx, dialogueId);
    if (!latest) throw new AppError(404, 'not_found', said('Dialog ini belum punya transkrip.', 'This dialogue has no transcript yet.'));
    if (latest.version !== input.baseVersion) throw versionChanged(input.baseVersion, latest.version);
    const base = await repo.segmentsOf(trx, latest.id);
    const lines = base.map((s) => ({ ...s }));
    const position = new Map(base.map((s, i) => [String(s.id), i]));
    const people = new Map((await participantsOf(trx, [dialogueId])).map((p) => [p.speaker_id, p.name]));

    const lineAt = (segmentId: string, operation: number) => {
      const i = position.get(segmentId);
      if (i === undefined) {
        throw new AppError(400, 'unknown_segment', said(`Versi ${latest.version} tidak punya baris dengan id ${segmentId}.`, `Version ${latest.version} has no line with id ${segmentId}.`), { operation, segmentId });
      }
      return i;
    };

    input.operations.forEach((op, operation) => {
      switch (op.op) {
        case 'text': {
          const line = lines[lineAt(op.segmentId, operation)];
          if (line) line.text = op.text.replace(/\s+/g, ' ');
          break;
        }
        case 'speaker': {
          const from = lineAt(op.fromSegmentId, operation);
          const to = lineAt(op.toSegmentId, operation);
          if (from > to) {
            throw new AppError(400, 'invalid_request', said('Rentang baris berjalan dari baris yang lebih awal ke yang lebih akhir.', 'A run of lines goes from an earlier line to a later one.'), {
              operation,
              fields: [{ path: `operations.${operation}.toSegmentId`, message: 'comes before fromSegmentId' }],
            });
          }
          const name = op.speakerId === null ? null : people.get(op.speakerId);
          if (op.speakerId !== null && name === undefined) {
            throw new AppError(400, 'not_a_participant', said(`Orang ${op.speakerId} bukan peserta dialog ini; tambahkan dulu ke dialognya.`, `Person ${op.speakerId} does not take part in this dialogue; add them to it first.`), {
              operation,
              speakerId: op.speakerId,
            });
          }
          for (const line of lines.slice(from, to + 1)) {
            line.speaker_id = op.speakerId;
            line.speaker_label = name ?? null;
          }
          break;
        }
        case 'replace': {
          const pattern = wholeWordPattern(op.find, op.matchCase);
          let found = 0;
          for (const line of lines) {
            const result = replaceWholeWords(line.text, pattern, op.replace);
            if (result.count === 0) continue;
            found += result.count;
            line.text = result.text;
          }
          if (found === 0) {
            throw new AppError(400, 'no_match', said(`"${op.find}" tidak ada sebagai kata utuh di versi ${latest.version}.`, `"${op.find}" does not occur as a whole word in version ${latest.version}.`), { operation, find: op.find });
          }
          replacements += found;
          break;
        }
      }
    });

    const textChanged = (i: number) => lines[i]?.text !== base[i]?.text;
    changedLines = lines.filter((line, i) => textChanged(i) || line.speaker_id !== base[i]?.speaker_id || line.speaker_label !== base[i]?.speaker_label).length;
    if (changedLines === 0) {
      throw new AppError(400, 'no_change', said('Perubahan ini tidak mengubah apa pun: baris-barisnya sudah berbunyi dan diatributkan begitu.', 'These edits change nothing: the lines already read and are attributed this way.'));
    }
    if (lines.some((line) => line.text === '')) {
      const empties = said('mengosongkan sebuah baris', 'empties a line');
      throw new AppError(400, 'invalid_request', said('Penggantian ini akan mengosongkan sebuah baris.', 'A replacement would leave a line empty.'), { fields: [{ path: 'operations', message: empties }] });
    }
    return writeVersion(
      trx,
      actor,
      dialogueId,
      latest.version + 1,
      { source: 'edit' },
      lines.map((line, i) => ({
        start_ms: line.start_ms,
        end_ms: line.end_ms,
        cue_id: line.cue_id,
        speaker_id: line.speaker_id,
        speaker_label: line.speaker_label,
        text: line.text,
        confidence: textChanged(i) ? null : line.confidence,
        words: textChanged(i) ? null : line.words,
      })),
    );
  });
  const { json } = await readTranscript(db, actor, dialogueId, made.version);
  return { ...json, changes: { segments: changedLines, replacements } };
}

/** Marks a version reviewed (again: no change). Reindexes, since search ranks reviewed text first. */
export async function reviewVersion(db: Db, actor: Actor, dialogueId: string, versionNumber: number) {
  return db.transaction().execute(async (trx) => {
    if (!(await findDialogue(trx, dialogueId))) throw notFound(THINGS.dialogue, dialogueId);
    const version = await repo.findVersion(trx, dialogueId, versionNumber);
    if (!version) throw new AppError(404, 'not_found', said(`Transkrip dialog ini tidak punya versi ${versionNumber}.`, `This dialogue's transcript has no version ${versionNumber}.`));
    if (version.reviewed_at === null) {
      await repo.markReviewed(trx, version.id, nowIso(), actorLabel(actor));
      await indexDialogues(trx, [dialogueId]);
    }
    return toVersionJson((await repo.findVersion(trx, dialogueId, versionNumber)) ?? version, actor);
  });
}
