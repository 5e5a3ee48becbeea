// From "audio attached" to "a machine draft exists": one run of the transcription pipeline for
// one dialogue.
//
// 1. Decode the dialogue's rendition to 16 kHz mono PCM (a temporary file, removed after) and,
//    without a VAD model, find its speech regions (src/audio/speech.ts); none means nothing
//    is sent to Whisper at all, so silence and steady tones never become text.
// 2. Build the initial prompt from the schedule (prompt.ts) and run the engine with the
//    station's language, reporting progress.
// 3. Drop invented segments (guards.ts) and write what is left as a version with
//    source "machine", the model's name, a confidence per line and per word, no speaker.
//
// What becomes the current version (the latest) when the draft is written, decided inside the
// write's transaction, so a correction accepted or an edit made while the engine ran is seen:
// - nothing yet, or an unreviewed machine draft without pending corrections: the new draft
//   supersedes it (the old one stays in the version history);
// - anything people made or vouched for (an import, an edit, an accepted correction, a
//   reviewed draft), or a draft with speakers' corrections pending: an automatic run (audio
//   captured again) writes nothing and says why in its run; people's text stays current;
// - a coordinator's explicit request (POST …/transcribe, trigger "manual") writes the draft on
//   top whatever is current: they asked for it, and every earlier version stays readable and
//   can be restored. A pending correction made against the old text then no longer matches
//   the current line and is refused on accepting (409 stale_correction), never applied to the
//   new text.
// - The audio replaced while the engine ran: nothing is written; the new audio's own run
//   follows.
import { type PreparedAudio, decodeForSpeech, speechRegions } from '../audio/speech.ts';
import { resolveMediaPath } from '../audio/storage.ts';
import { createAsrEngine } from '../asr/index.ts';
import type { AsrEngine, AsrSettings, TranscribeResult } from '../asr/types.ts';
import { basename } from 'node:path';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { findDialogue } from '../dialogues/dialogues.repository.ts';
import { AppError, notFound, THINGS, said } from '../errors.ts';
import type { Jobs } from '../jobs/jobs.ts';
import type { JobResult } from '../jobs/capture.job.ts';
import { audioOfDialogue } from '../recordings/recordings.repository.ts';
import * as transcripts from '../transcripts/transcripts.repository.ts';
import { writeVersion } from '../transcripts/transcripts.service.ts';
import { countDropped, guardSegments } from './guards.ts';
import { buildPrompt, type PromptSources } from './prompt.ts';
import { scheduleWords } from './unknown-words.ts';
import * as repo from './transcription.repository.ts';

export const TRANSCRIPTION_ACTOR = 'system:transcription';

/** The engine as the job lane uses it: opened for a run and closed after, so its memory is freed between runs. */
export type TranscriptionSetup = {
  /** The model's name as versions record it (its file name). */
  model: string;
  /** A Silero VAD model is configured: the engine finds speech itself. */
  vad: boolean;
  open: () => Promise<AsrEngine>;
};

/** The lane's engine for checked settings: a child process per run, started when the run starts. */
export const engineSetup = (settings: AsrSettings): TranscriptionSetup => ({
  model: basename(settings.model),
  vad: settings.vadModel !== null,
  open: async () => createAsrEngine(settings),
});

export type TranscribeOptions = { manual: boolean; signal?: AbortSignal; onProgress?: (percent: number) => void };

/** What the schedule spells for a dialogue: its title, people, topics, station and glossary. */
async function scheduleSources(db: Db, dialogueId: string): Promise<{ sources: PromptSources; language: string } | null> {
  const dialogue = await repo.dialogueForTranscription(db, dialogueId);
  if (!dialogue) return null;
  const [people, topics, glossary] = await Promise.all([repo.peopleOf(db, dialogueId), repo.topicNamesOf(db, dialogueId), repo.glossaryFor(db, dialogue.station_id)]);
  const sources = {
    title: dialogue.title,
    people,
    topics: topics.map((t) => t.name),
    station: dialogue.station_name,
    glossary: glossary.map((g) => ({ term: g.term, expansion: g.expansion, stationSpecific: g.station_id !== null })),
  };
  return { sources, language: dialogue.asr_language };
}

export async function promptFor(db: Db, dialogueId: string): Promise<{ prompt: string; language: string } | null> {
  const found = await scheduleSources(db, dialogueId);
  return found && { prompt: buildPrompt(found.sources), language: found.language };
}

/** The folded words of the dialogue's schedule, which the editor counts as known in a draft. */
export async function scheduleWordsOf(db: Db, dialogueId: string): Promise<Set<string>> {
  const found = await scheduleSources(db, dialogueId);
  return found ? scheduleWords(found.sources) : new Set();
}

export async function transcribeDialogue(db: Db, config: Config, setup: TranscriptionSetup, dialogueId: string, opts: TranscribeOptions): Promise<JobResult> {
  const { signal } = opts;
  const dialogue = await repo.dialogueForTranscription(db, dialogueId);
  if (!dialogue) return { outcome: 'skipped', reason: 'the dialogue no longer exists' };
  const audio = await audioOfDialogue(db, dialogueId);
  if (!audio) return { outcome: 'skipped', reason: 'the dialogue has no audio yet' };
  const { prompt, language } = (await promptFor(db, dialogueId))!;

  let prepared: PreparedAudio | null = null;
  let result: TranscribeResult;
  let regions: { fromMs: number; toMs: number }[] | null = null;
  try {
    const rendition = resolveMediaPath(config.mediaDir, audio.opus_path);
    prepared = await decodeForSpeech(rendition, rendition, signal);
    regions = setup.vad ? null : await speechRegions(prepared, signal);
    if (regions !== null && regions.length === 0) {
      return { outcome: 'skipped', reason: 'no speech found in the audio (only silence or steady sound); no draft written', details: { durationMs: prepared.durationMs } };
    }
    signal?.throwIfAborted();
    const engine = await setup.open();
    try {
      result = await engine.transcribe({ pcmPath: prepared.pcmPath, regions, language, prompt, onProgress: opts.onProgress, signal });
    } finally {
      await engine.close();
    }
  } finally {
    await prepared?.remove();
  }
  signal?.throwIfAborted();
  if (result.aborted) throw new Error('the engine stopped before the end of the audio');

  const { kept, dropped } = guardSegments(result.segments);
  const details = {
    model: result.model,
    language: result.language,
    prompt,
    speechMs: regions === null ? null : regions.reduce((sum, r) => sum + r.toMs - r.fromMs, 0),
    durationMs: prepared.durationMs,
    segments: kept.length,
    dropped: countDropped(dropped),
  };
  if (kept.length === 0) {
    return { outcome: 'skipped', reason: 'the engine heard no speech that passed the guards; no draft written', details };
  }

  const written = await db.transaction().execute(async (trx): Promise<{ skipped: string } | { version: number }> => {
    const now = await audioOfDialogue(trx, dialogueId);
    if (!now || now.render_id !== audio.render_id) return { skipped: 'the audio was replaced while it was transcribed; the new audio is transcribed next' };
    const latest = await transcripts.latestVersion(trx, dialogueId);
    if (latest && !opts.manual) {
      const peoplesWork = latest.source !== 'machine' || latest.reviewed_at !== null;
      if (peoplesWork) {
        return { skipped: `version ${latest.version} is people's work (${latest.reviewed_at ? 'reviewed' : latest.source}) and stays current; ask for a transcription again to put a machine draft on top` };
      }
      const pending = await repo.pendingCorrectionsOn(trx, latest.id);
      if (pending > 0) {
        return { skipped: `version ${latest.version} has ${pending} correction(s) pending review and stays current; ask for a transcription again to put a machine draft on top` };
      }
    }
    const version = await writeVersion(
      trx,
      TRANSCRIPTION_ACTOR,
      dialogueId,
      (latest?.version ?? 0) + 1,
      { source: 'machine', model: result.model, language: result.language || language },
      kept.map((s) => ({
        start_ms: s.startMs,
        end_ms: s.endMs,
        cue_id: null,
        speaker_id: null,
        speaker_label: null,
        text: s.text,
        confidence: s.confidence === null ? null : clamp01(s.confidence),
        words: s.words === null ? null : JSON.stringify(s.words.map((w) => ({ ...w, confidence: w.confidence === null ? null : clamp01(w.confidence) }))),
      })),
    );
    return { version: version.version };
  });
  if ('skipped' in written) return { outcome: 'skipped', reason: written.skipped, details };
  return { outcome: 'attached', details: { ...details, version: written.version } };
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** POST /api/dialogues/{id}/transcribe: a coordinator's run, which may write on top of people's versions. */
export async function requestTranscription(db: Db, jobs: Jobs, dialogueId: string): Promise<number> {
  if (!(await findDialogue(db, dialogueId))) throw notFound(THINGS.dialogue, dialogueId);
  if (!jobs.transcription.enabled) {
    throw new AppError(
      409,
      'transcription_off',
      said(
        'Transkripsi otomatis mati: belum ada model Whisper. Operator mengisi SIARAN_ASR_MODEL dengan berkas model ggml, lalu menyalakan ulang Siaran.',
        'Automatic transcription is off: no Whisper model is configured. The operator sets SIARAN_ASR_MODEL to a ggml model file and restarts Siaran.',
      ),
    );
  }
  if (!(await audioOfDialogue(db, dialogueId))) {
    throw new AppError(
      409,
      'no_audio',
      said('Dialog ini belum punya audio; transkripsi berjalan setelah audionya direkam atau diunggah.', 'This dialogue has no audio yet; it is transcribed once its audio is captured or uploaded.'),
    );
  }
  const runId = await jobs.transcription.request(dialogueId, 'manual');
  if (runId === null) throw new AppError(503, 'stopping', said('Server sedang berhenti; minta lagi setelah server kembali.', 'The server is stopping; ask again once it is back.'));
  return runId;
}
