// A machine draft as the transcription pipeline writes it (source 'machine', a model, a
// confidence per line and the engine's words), written through writeVersion like the
// pipeline does, for the editor's tests. Its words are what Whisper typically mishears in
// the demo dialogue: "Suli Wati" for Suliwati, "Ely Yani" for Elyanie.
import type { Actor } from '../../src/auth/actor.ts';
import type { Db } from '../../src/db/connection.ts';
import { latestVersion } from '../../src/transcripts/transcripts.repository.ts';
import { writeVersion } from '../../src/transcripts/transcripts.service.ts';

type DraftWord = { text: string; confidence: number };
type DraftLine = { startMs: number; endMs: number; words: DraftWord[] };

const w = (text: string, confidence = 0.95): DraftWord => ({ text, confidence });
const sure = (sentence: string) => sentence.split(' ').map((word) => w(word));

/** Five lines; the doubtful words (confidence < 0.6) are "Suli" and "Wati" in line 2, "Yani" in line 3 and "dimsem" in line 4. */
export const DRAFT: DraftLine[] = [
  { startMs: 0, endMs: 4_000, words: sure('Selamat pagi pendengar RRI Palangka Raya.') },
  { startMs: 4_000, endMs: 9_000, words: [...sure('Bersama kami Ibu'), w('Suli', 0.31), w('Wati,', 0.42), ...sure('Kepala Seksi Layanan Komunikasi Publik.')] },
  { startMs: 9_000, endMs: 14_000, words: [...sure('Dan Ibu Ely'), w('Yani', 0.38), ...sure('dari DiskominfoSantik.')] },
  { startMs: 14_000, endMs: 21_000, words: [...sure('KIM membantu'), w('dimsem', 0.22), ...sure('informasi ke desa-desa.')] },
  { startMs: 21_000, endMs: 26_000, words: sure('Terima kasih suli wati atas penjelasannya.') },
];

export const DRAFT_TEXTS = DRAFT.map((line) => line.words.map((word) => word.text).join(' '));

const system: Actor = { kind: 'anonymous' };

/**
 * Writes the draft as the dialogue's next version; returns its number. Without engine
 * confidences the lines carry no confidence and no words, as the whisper.cpp binding's drafts do.
 */
export async function writeMachineDraft(db: Db, dialogueId: string, model = 'ggml-small.bin', engineConfidences = true): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const latest = await latestVersion(trx, dialogueId);
    const version = await writeVersion(
      trx,
      system,
      dialogueId,
      (latest?.version ?? 0) + 1,
      { source: 'machine', model, language: 'id' },
      DRAFT.map((line, i) => {
        // The engine's words split the line's time evenly: enough for players and tests.
        const step = (line.endMs - line.startMs) / line.words.length;
        const words = line.words.map((word, k) => ({
          text: word.text,
          startMs: Math.round(line.startMs + k * step),
          endMs: Math.round(line.startMs + (k + 1) * step),
          confidence: word.confidence,
        }));
        return {
          start_ms: line.startMs,
          end_ms: line.endMs,
          cue_id: null,
          speaker_id: null,
          speaker_label: null,
          text: DRAFT_TEXTS[i] as string,
          confidence: engineConfidences ? Math.min(...line.words.map((word) => word.confidence)) : null,
          words: engineConfidences ? JSON.stringify(words) : null,
        };
      }),
    );
    return version.version;
  });
}
