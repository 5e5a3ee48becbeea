// Start-up after a crash or a kill: whatever the process was doing when it died is either
// finished in the database or undone on disk, and the runs it left queued or running are
// marked interrupted, for Jobs.resumeInterrupted() to run again at once.
//
// Several processes may share the database and the media folder (queue.ts). A run is
// interrupted here only when its owner is known gone (a process of this host that no longer
// exists) or its lease ran out; the files are tidied only when no other process holds a live
// lease, since its temporary and not-yet-recorded files look just like a dead one's.
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { cleanupTempFiles } from '../audio/ffmpeg.ts';
import { MEDIA_FOLDERS, moveWithoutClobbering, removeQuietly, resolveMediaPath, toMediaPath } from '../audio/storage.ts';
import type { Db } from '../db/connection.ts';
import * as repo from '../recordings/recordings.repository.ts';
import { type Lease, expireLeases, goneFromThisHost, othersAtWork } from './queue.ts';

async function filesUnder(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

export interface Recovered {
  tempFiles: number;
  interruptedRuns: number;
  /** Recorder files moved but not registered: back in incoming/ to be taken again. */
  returnedRecordings: number;
  /** Renders and uploads finished on disk but never recorded: nobody can reach them. */
  removedOrphans: number;
}

export async function recoverAfterCrash(db: Db, mediaDir: string, lease: Lease | null = null): Promise<Recovered> {
  const interruptedRuns = await expireLeases(db, Date.now(), goneFromThisHost);
  if (await othersAtWork(db, lease?.owner ?? null)) return { tempFiles: 0, interruptedRuns, returnedRecordings: 0, removedOrphans: 0 };
  const tempFiles = (await cleanupTempFiles(mediaDir)).length;

  const known = new Set((await repo.allRecordingPaths(db)).map((r) => r.path));
  const stations = await repo.stationsForIntake(db);
  let returnedRecordings = 0;
  for (const file of await filesUnder(resolveMediaPath(mediaDir, MEDIA_FOLDERS.recordings))) {
    if (known.has(toMediaPath(mediaDir, file))) continue;
    // recordings/<station id>/<month>/<name>
    const station = stations.find((s) => s.id === basename(dirname(dirname(file))));
    if (!station) continue;
    await moveWithoutClobbering(file, resolveMediaPath(mediaDir, `${MEDIA_FOLDERS.incoming}/${station.recorder_id ?? station.slug}`), basename(file));
    returnedRecordings++;
  }

  const referenced = new Set([
    ...(await repo.allAudioPaths(db)).flatMap((a) => [a.opus_path, a.mp3_path, a.peaks_path]),
    ...(await repo.allUploadPaths(db)).map((u) => u.path),
  ]);
  const orphans = [
    ...(await filesUnder(resolveMediaPath(mediaDir, MEDIA_FOLDERS.dialogues))),
    ...(await filesUnder(resolveMediaPath(mediaDir, MEDIA_FOLDERS.uploads))),
  ].filter((f) => !referenced.has(toMediaPath(mediaDir, f)));
  await removeQuietly(orphans);
  return { tempFiles, interruptedRuns, returnedRecordings, removedOrphans: orphans.length };
}
