// Taking recorder files from media/incoming/<station slug or recorderId>/: once a file is
// complete it is probed, hashed and registered as a recording (moved to media/recordings/),
// or moved aside to media/rejected/ with its reason. One bad file never stops the others.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AudioError, probe } from '../audio/ffmpeg.ts';
import { MEDIA_FOLDERS, isTempName, moveWithoutClobbering, resolveMediaPath, toMediaPath } from '../audio/storage.ts';
import type { CaptureConfig } from '../config.ts';
import { type Db, nowIso } from '../db/connection.ts';
import * as repo from './recordings.repository.ts';
import { startFromFileName, startFromMetadata } from './start-time.ts';

export interface IntakeResult {
  registered: { id: string; station: string; name: string; startsAt: string; durationMs: number }[];
  rejected: { station: string; name: string; code: string; message: string }[];
  /** Folders in incoming/ no station answers to; their files wait there. */
  unknownFolders: string[];
}

// A recorder writing "x.mp3.part" and renaming it to "x.mp3" when done marks the end itself.
const IN_PROGRESS = /\.(part|partial|tmp|crdownload)$/i;

class Rejection extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

export class Intake {
  // Names seen with an in-progress suffix: once such a file is renamed it is complete at once,
  // without waiting for the quiet time.
  private readonly seenInProgress = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly mediaDir: string,
    private readonly config: CaptureConfig,
  ) {}

  /** One pass over incoming/; `progress` hears the result so far after each file taken or turned away. */
  async run(now = Date.now(), progress?: (sofar: IntakeResult) => Promise<void>): Promise<IntakeResult> {
    const result: IntakeResult = { registered: [], rejected: [], unknownFolders: [] };
    const incoming = resolveMediaPath(this.mediaDir, MEDIA_FOLDERS.incoming);
    let folders: string[];
    try {
      folders = (await readdir(incoming, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return result;
      throw err;
    }
    const stations = await repo.stationsForIntake(this.db);
    for (const folder of folders.sort()) {
      const station = stations.find((s) => s.recorder_id === folder) ?? stations.find((s) => s.slug === folder);
      if (!station) {
        result.unknownFolders.push(folder);
        continue;
      }
      const entries = await readdir(join(incoming, folder), { withFileTypes: true });
      for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        if (!entry.isFile() || entry.name.startsWith('.') || isTempName(entry.name)) continue;
        const path = join(incoming, folder, entry.name);
        if (IN_PROGRESS.test(entry.name)) {
          this.seenInProgress.add(path.replace(IN_PROGRESS, ''));
          continue;
        }
        if (!(await this.complete(path, now))) continue;
        this.seenInProgress.delete(path);
        try {
          result.registered.push(await this.register(path, entry.name, station));
        } catch (err) {
          const rejection = err instanceof Rejection ? err : err instanceof AudioError ? new Rejection(err.code, err.message) : null;
          if (!rejection) throw err;
          await this.reject(path, folder, station.id, entry.name, rejection);
          result.rejected.push({ station: folder, name: entry.name, code: rejection.code, message: rejection.message });
        }
        await progress?.(result);
      }
    }
    return result;
  }

  private async complete(path: string, now: number): Promise<boolean> {
    if (this.seenInProgress.has(path)) return true;
    try {
      return now - (await stat(path)).mtimeMs >= this.config.quietMs;
    } catch {
      return false; // gone meanwhile
    }
  }

  private async register(path: string, name: string, station: { id: string; timezone: string }) {
    const info = await probe(path);
    const fromName = startFromFileName(name, station.timezone);
    const start = fromName ?? startFromMetadata(info.creationTime, station.timezone);
    if (!start) {
      throw new Rejection('no_start_time', `${name}: no start time in the name (e.g. 2021-09-08_09-00-00.mp3) nor in the file`);
    }
    const sha256 = await sha256Of(path);
    const same = await repo.recordingWithContent(this.db, station.id, sha256);
    if (same) throw new Rejection('duplicate', `${name} has the same content as ${same.path}, already registered`);

    const month = start.toISOString().slice(0, 7);
    const target = await moveWithoutClobbering(path, resolveMediaPath(this.mediaDir, `${MEDIA_FOLDERS.recordings}/${station.id}/${month}`), name);
    const { size } = await stat(target);
    const row = {
      id: randomUUID(),
      station_id: station.id,
      path: toMediaPath(this.mediaDir, target),
      original_name: name,
      starts_at: start.toISOString(),
      ends_at: new Date(start.getTime() + info.durationMs).toISOString(),
      start_source: fromName ? ('filename' as const) : ('metadata' as const),
      duration_ms: info.durationMs,
      codec: info.codec,
      format_name: info.formatName,
      sample_rate: info.sampleRate,
      channels: info.channels,
      bytes: size,
      sha256,
      created_at: nowIso(),
    };
    // A crash between the move and this insert leaves an unregistered file in recordings/;
    // returnUnregistered() sends it back to incoming/ at the next start.
    await repo.insertRecording(this.db, row);
    return { id: row.id, station: station.id, name, startsAt: row.starts_at, durationMs: row.duration_ms };
  }

  private async reject(path: string, folder: string, stationId: string, name: string, rejection: Rejection): Promise<void> {
    const target = await moveWithoutClobbering(path, resolveMediaPath(this.mediaDir, `${MEDIA_FOLDERS.rejected}/${folder}`), name);
    await repo.insertRejectedFile(this.db, {
      id: randomUUID(),
      folder,
      station_id: stationId,
      original_name: name,
      path: toMediaPath(this.mediaDir, target),
      code: rejection.code,
      message: rejection.message,
      created_at: nowIso(),
    });
  }
}
