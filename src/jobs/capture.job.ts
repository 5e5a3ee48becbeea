// Gives a dialogue its audio: from the latest upload when there is one not yet rendered,
// otherwise cut out of the station's recordings over [start − pre-roll, end + post-roll].
// Idempotent: audio that matches the dialogue's current span (or its latest upload) is left
// alone, so running it twice never re-encodes. A dialogue moved after its capture no longer
// matches its audio's span and is cut again; the old files go once the new ones are recorded.
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { type RenderResult, type SourceSpan, renderDialogue } from '../audio/ffmpeg.ts';
import { MEDIA_FOLDERS, removeQuietly, resolveMediaPath, toMediaPath } from '../audio/storage.ts';
import type { Config } from '../config.ts';
import { type Db, type Trx, nowIso } from '../db/connection.ts';
import type { Dialogue, DialogueAudio, Recording } from '../db/schema.ts';
import * as dialogues from '../dialogues/dialogues.repository.ts';
import { planCoverage } from '../recordings/coverage.ts';
import * as repo from '../recordings/recordings.repository.ts';
import { findStation } from '../stations/stations.repository.ts';

export type JobResult =
  | { outcome: 'attached'; details: Record<string, unknown> }
  | { outcome: 'registered'; details: Record<string, unknown> }
  | { outcome: 'skipped'; reason: string; details?: Record<string, unknown> }
  | { outcome: 'failed'; reason: string; error?: string };

export const captureSpan = (dialogue: Pick<Dialogue, 'starts_at' | 'ends_at'>, station: { capture_preroll_sec: number | null; capture_postroll_sec: number | null }, config: Config) => ({
  fromMs: Date.parse(dialogue.starts_at) - (station.capture_preroll_sec !== null ? station.capture_preroll_sec * 1000 : config.capture.prerollMs),
  toMs: Date.parse(dialogue.ends_at) + (station.capture_postroll_sec !== null ? station.capture_postroll_sec * 1000 : config.capture.postrollMs),
});

const iso = (ms: number) => new Date(ms).toISOString();

const UPLOADED = 'the dialogue has uploaded audio; upload again to replace it';

/** The reason of a capture whose lease ran out while it rendered: another worker has it now. */
export const LEASE_LOST = 'interrupted: its lease ran out during the render, and another worker took the capture over';

function describeRanges(ranges: { fromMs: number; toMs: number }[], zone: string): string {
  const local = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm:ss');
  return ranges.map((r) => `${local(r.fromMs)}–${local(r.toMs).slice(11)}`).join(', ') + ` (${zone})`;
}

/**
 * Whether the run doing this capture is still this process's, asked in the transaction that
 * attaches: a worker whose lease ran out (it hung, or the machine starved it) while ffmpeg ran
 * has had its capture taken over by another worker, and must record nothing.
 */
export type StillHeld = (trx: Trx) => Promise<boolean>;

export async function captureDialogue(db: Db, config: Config, dialogueId: string, signal?: AbortSignal, stillHeld?: StillHeld): Promise<JobResult> {
  const dialogue = await dialogues.findDialogue(db, dialogueId);
  if (!dialogue) return { outcome: 'skipped', reason: 'the dialogue no longer exists' };
  if (dialogue.status === 'cancelled') return { outcome: 'skipped', reason: 'the dialogue is cancelled' };
  const station = (await findStation(db, dialogue.station_id))!;
  const current = await repo.audioOfDialogue(db, dialogue.id);

  const upload = await repo.latestUploadOf(db, dialogue.id);
  // The latest upload not yet rendered is rendered, even over a capture that ended after it
  // arrived: an upload is a person's choice, and a capture never replaces it.
  if (upload && current?.upload_id !== upload.id) {
    const sources = [{ path: resolveMediaPath(config.mediaDir, upload.path), fromMs: 0, toMs: upload.duration_ms }];
    return attach(db, config, dialogue, current, sources, { source: 'upload', uploadId: upload.id, span: null, missing: [] }, signal, stillHeld);
  }
  if (current?.source === 'upload') return { outcome: 'skipped', reason: UPLOADED };
  if (dialogue.status === 'draft') return { outcome: 'skipped', reason: 'the dialogue is a draft, not on air' };

  const span = captureSpan(dialogue, station, config);
  const now = Date.now();
  if (span.toMs > now) return { outcome: 'skipped', reason: `not yet over: its span ends at ${iso(span.toMs)}` };

  const recordings = await repo.recordingsOverlapping(db, station.id, iso(span.fromMs), iso(span.toMs));
  const coverage = planCoverage(
    recordings.map((r) => ({ ...r, startsAtMs: Date.parse(r.starts_at), endsAtMs: Date.parse(r.ends_at) })),
    span.fromMs,
    span.toMs,
  );
  const missing = coverage.missing.map((m) => ({ from: iso(m.fromMs), to: iso(m.toMs) }));
  const sameSpan = current && current.span_starts_at === iso(span.fromMs) && current.span_ends_at === iso(span.toMs);
  if (sameSpan && current.missing === JSON.stringify(missing)) return { outcome: 'skipped', reason: 'already attached' };

  if (coverage.coveredMs === 0) {
    return { outcome: 'skipped', reason: `no recording covers ${describeRanges([span], station.timezone)}`, details: { missing } };
  }
  if (coverage.missing.length > 0) {
    const waited = now - span.toMs;
    const { partialAfterMs } = config.capture;
    if (partialAfterMs === null || waited < partialAfterMs) {
      const until = partialAfterMs === null ? 'complete recordings arrive (partial captures are off)' : `${iso(span.toMs + partialAfterMs)}, then attaching what there is`;
      return {
        outcome: 'skipped',
        reason: `waiting for recordings: missing ${describeRanges(coverage.missing, station.timezone)}; waiting until ${until}`,
        details: { missing },
      };
    }
    // Recordings that arrive later can complete it: the missing list then changes and the
    // capture runs again.
    if (sameSpan && current.coverage === 'partial' && JSON.parse(current.missing).length <= missing.length) {
      return { outcome: 'skipped', reason: 'already attached (partly covered)' };
    }
  }
  // Gaps become silence so everything after a gap stays at its place in the dialogue's time.
  const sources: SourceSpan[] = coverage.parts.map((part) =>
    part.kind === 'gap'
      ? { silenceMs: part.toMs - part.fromMs }
      : { path: resolveMediaPath(config.mediaDir, (part.piece.recording as Recording).path), fromMs: part.piece.fromMs, toMs: part.piece.toMs },
  );
  const details = await attach(db, config, dialogue, current, sources, { source: 'recordings', uploadId: null, span, missing }, signal, stillHeld);
  if (details.outcome === 'attached') {
    details.details.recordings = coverage.parts.flatMap((p) => (p.kind === 'recording' ? [{ id: p.piece.recording.id, fromMs: p.piece.fromMs, toMs: p.piece.toMs }] : []));
  }
  return details;
}

async function attach(
  db: Db,
  config: Config,
  dialogue: Dialogue,
  current: DialogueAudio | undefined,
  sources: SourceSpan[],
  what: { source: 'recordings' | 'upload'; uploadId: string | null; span: { fromMs: number; toMs: number } | null; missing: { from: string; to: string }[] },
  signal?: AbortSignal,
  stillHeld?: StillHeld,
): Promise<JobResult> {
  const renderId = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  const outDir = resolveMediaPath(config.mediaDir, `${MEDIA_FOLDERS.dialogues}/${dialogue.id}`);
  const rendered: RenderResult = await renderDialogue({ sources, outDir, baseName: renderId }, signal);
  const files = [...rendered.renditions.map((r) => r.path), rendered.peaksPath];
  const opus = rendered.renditions.find((r) => r.format === 'opus')!;
  const mp3 = rendered.renditions.find((r) => r.format === 'mp3')!;

  const recorded = db.transaction().execute(async (trx) => {
    if (stillHeld && !(await stillHeld(trx))) return 'taken over' as const;
    const now = await dialogues.findDialogue(trx, dialogue.id);
    // Moved or cancelled while ffmpeg ran: this render is of the wrong span.
    if (!now || now.status === 'cancelled' || now.starts_at !== dialogue.starts_at || now.ends_at !== dialogue.ends_at) return 'changed' as const;
    // An upload attached meanwhile (in another process) stays.
    if (what.source === 'recordings' && (await repo.audioOfDialogue(trx, dialogue.id))?.source === 'upload') return 'uploaded' as const;
    const previous = await repo.replaceAudio(trx, {
      dialogue_id: dialogue.id,
      render_id: renderId,
      source: what.source,
      upload_id: what.uploadId,
      span_starts_at: what.span ? iso(what.span.fromMs) : null,
      span_ends_at: what.span ? iso(what.span.toMs) : null,
      coverage: what.missing.length > 0 ? 'partial' : 'full',
      missing: JSON.stringify(what.missing),
      duration_ms: rendered.durationMs,
      opus_path: toMediaPath(config.mediaDir, opus.path),
      opus_bytes: opus.bytes,
      mp3_path: toMediaPath(config.mediaDir, mp3.path),
      mp3_bytes: mp3.bytes,
      peaks_path: toMediaPath(config.mediaDir, rendered.peaksPath),
      measured_lufs: rendered.measuredLufs,
      normalization: rendered.normalization,
      created_at: nowIso(),
    });
    // A prerecorded programme's audio may come before its broadcast; it airs when it starts.
    if (now.status === 'scheduled' && now.starts_at <= nowIso()) {
      await dialogues.updateDialogue(trx, dialogue.id, { status: 'aired', updated_at: nowIso() });
      await dialogues.addHistory(trx, [
        { dialogue_id: dialogue.id, at: nowIso(), actor: 'system:capture', action: 'status', from_value: 'scheduled', to_value: 'aired', note: 'audio_attached' },
      ]);
    }
    return { previous };
  });
  // Files no row names are removed, whatever stopped the row being written.
  const outcome = await recorded.catch(async (error: unknown) => {
    await removeQuietly(files);
    throw error;
  });
  if (typeof outcome === 'string') {
    await removeQuietly(files);
    if (outcome === 'taken over') return { outcome: 'failed', reason: LEASE_LOST };
    return { outcome: 'skipped', reason: outcome === 'uploaded' ? UPLOADED : 'the dialogue changed during the capture; it will be captured again' };
  }
  if (outcome.previous) {
    const p = outcome.previous;
    await removeQuietly([p.opus_path, p.mp3_path, p.peaks_path].map((rel) => resolveMediaPath(config.mediaDir, rel)));
  }
  return {
    outcome: 'attached',
    details: {
      source: what.source,
      coverage: what.missing.length > 0 ? 'partial' : 'full',
      missing: what.missing,
      durationMs: rendered.durationMs,
      measuredLufs: rendered.measuredLufs,
      normalization: rendered.normalization,
      ...(current && { replaced: current.render_id }),
    },
  };
}
