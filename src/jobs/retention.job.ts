// Keeps the media folder from filling up: station recorders write around the clock (about
// 1.4 GB a day at 128 kb/s), and each recorder file is needed only until the dialogues it
// covers have their audio. A recording is removed once it ended more than its station's
// retention (SIARAN_RETENTION_DAYS, or the station's `retentionDays`) ago and no dialogue that
// still needs it is uncaptured: on air or past it (scheduled, aired, published), its capture
// span overlapping the recording, and without audio cut for its current span (nor uploaded).
// Such a recording stays, however old, until that dialogue is captured or moved away.
// Files intake turned away (media/rejected/) go after SIARAN_REJECTED_RETENTION_DAYS.
//
// The row goes before the file: a kill in between leaves an unregistered file, which the next
// start returns to incoming/ (recovery.ts) and a later pass removes again; the other order
// would leave a row naming a missing file, which a capture would trip over.
import { rm } from 'node:fs/promises';
import { resolveMediaPath } from '../audio/storage.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import * as repo from '../recordings/recordings.repository.ts';
import { captureSpan } from './capture.job.ts';

const DAY_MS = 86_400_000;
// Margins are at most an hour each side (stations.schemas.ts), so a dialogue further than
// this from a recording cannot need it.
const MAX_MARGIN_MS = 3_600_000;
// A pass removes at most this many recordings, so one pass never holds the queue for long.
const PASS_LIMIT = 500;

export interface RetentionResult {
  removedRecordings: { id: string; path: string; bytes: number }[];
  /** Expired recordings kept because a dialogue that needs them has no audio yet. */
  keptForDialogues: { recordingId: string; dialogueIds: string[] }[];
  removedRejected: { id: string; path: string }[];
}

const iso = (ms: number) => new Date(ms).toISOString();

async function removeFile(config: Config, path: string) {
  await rm(resolveMediaPath(config.mediaDir, path), { force: true });
}

export async function expireMedia(db: Db, config: Config, now = Date.now(), signal?: AbortSignal): Promise<RetentionResult> {
  const result: RetentionResult = { removedRecordings: [], keptForDialogues: [], removedRejected: [] };
  for (const station of await repo.stationsForRetention(db)) {
    const days = station.retention_days ?? config.storage.retentionDays;
    if (days === null) continue;
    for (const recording of await repo.recordingsEndedBefore(db, station.id, iso(now - days * DAY_MS), PASS_LIMIT)) {
      if (signal?.aborted || result.removedRecordings.length >= PASS_LIMIT) return result;
      const from = Date.parse(recording.starts_at);
      const to = Date.parse(recording.ends_at);
      const nearby = await repo.dialoguesNear(db, station.id, iso(from - MAX_MARGIN_MS), iso(to + MAX_MARGIN_MS));
      const needing = nearby.filter((d) => {
        const span = captureSpan(d, station, config);
        if (span.toMs <= from || span.fromMs >= to) return false;
        if (d.source === 'upload') return false;
        return !(d.source === 'recordings' && d.span_starts_at === iso(span.fromMs) && d.span_ends_at === iso(span.toMs));
      });
      if (needing.length > 0) {
        result.keptForDialogues.push({ recordingId: recording.id, dialogueIds: needing.map((d) => d.id) });
        continue;
      }
      await repo.deleteRecording(db, recording.id);
      await removeFile(config, recording.path);
      result.removedRecordings.push({ id: recording.id, path: recording.path, bytes: recording.bytes });
    }
  }
  if (config.storage.rejectedRetentionDays !== null) {
    for (const rejected of await repo.rejectedFilesBefore(db, iso(now - config.storage.rejectedRetentionDays * DAY_MS), PASS_LIMIT)) {
      if (signal?.aborted) break;
      await repo.deleteRejectedFile(db, rejected.id);
      await removeFile(config, rejected.path);
      result.removedRejected.push({ id: rejected.id, path: rejected.path });
    }
  }
  return result;
}
