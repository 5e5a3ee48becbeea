// Free space in the media folder, and the guard that stops writing audio before the disk is
// full: intake and capture refuse to start below SIARAN_MIN_FREE_MB (a half-written render is
// removed anyway, but a full disk also takes the database's writes with it), and /healthz and
// /metrics report it.
import { statfs } from 'node:fs/promises';

export interface Space {
  freeBytes: number;
  totalBytes: number;
}

/** What the file system holding `dir` has left for an unprivileged writer. */
export async function spaceOf(dir: string): Promise<Space> {
  const fs = await statfs(dir);
  return { freeBytes: fs.bavail * fs.bsize, totalBytes: fs.blocks * fs.bsize };
}

const mb = (bytes: number) => `${Math.floor(bytes / (1024 * 1024))} MB`;

/** Why audio must not be written now, in words, or null when there is room. */
export async function spaceProblem(dir: string, minFreeBytes: number): Promise<string | null> {
  const { freeBytes } = await spaceOf(dir);
  if (freeBytes >= minFreeBytes) return null;
  return `only ${mb(freeBytes)} free in the media folder, below SIARAN_MIN_FREE_MB (${mb(minFreeBytes)})`;
}
