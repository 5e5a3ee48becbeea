// Writing audio files so that no reader ever sees half of one: everything is written under a
// temporary name in its final directory and renamed into place once complete (DESIGN.md).
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';

// Leading dot: hidden from casual listings and from any "*.mp3" glob a reader might use.
// The random part lets two renders of the same dialogue run side by side without clobbering.
const TEMP_NAME = /^\.tmp-[0-9a-f]{12}-/;

/** A temporary path in `dir` for a file that will become `dir/finalName`. */
export function tempPathFor(dir: string, finalName: string): string {
  return join(dir, `.tmp-${randomBytes(6).toString('hex')}-${finalName}`);
}

export function isTempName(name: string): boolean {
  return TEMP_NAME.test(name);
}

/**
 * Makes a finished temporary file visible under its final name, replacing any older version
 * atomically. The data is flushed first: after a power cut the final name then holds either
 * the old file or the complete new one, never an empty one.
 */
export async function commitTempFile(tempPath: string, finalPath: string): Promise<void> {
  const handle = await open(tempPath, 'r');
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await rename(tempPath, finalPath);
}

export async function removeQuietly(paths: Iterable<string>): Promise<void> {
  await Promise.all([...paths].map((p) => rm(p, { force: true })));
}

/**
 * Removes temporary files left by a crash or a kill anywhere under `dir`; returns their paths.
 * A temporary file is only ever in use by a render still running, so at startup every one is
 * garbage; while renders may be running (another process on the same storage), pass
 * `olderThanMs` longer than any render takes.
 */
export async function cleanupTempFiles(dir: string, opts: { olderThanMs?: number } = {}): Promise<string[]> {
  const olderThanMs = opts.olderThanMs ?? 0;
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const now = Date.now();
  const removed: string[] = [];
  for (const entry of entries) {
    if (!isTempName(basename(entry))) continue;
    const path = join(dir, entry);
    try {
      const info = await stat(path);
      if (!info.isFile() || now - info.mtimeMs < olderThanMs) continue;
      await rm(path, { force: true });
      removed.push(path);
    } catch (err) {
      // Another cleaner or the render itself got there first.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return removed;
}

/** Where things live under the media root (all paths the database stores are relative to it). */
export const MEDIA_FOLDERS = {
  incoming: 'incoming',
  recordings: 'recordings',
  rejected: 'rejected',
  uploads: 'uploads',
  dialogues: 'dialogues',
} as const;

/**
 * The absolute path of a media-relative one, refusing anything that would land outside the
 * media root (an absolute path, `..`), whatever the database or a request holds.
 */
export function resolveMediaPath(mediaDir: string, relative: string): string {
  const root = resolve(mediaDir);
  const full = resolve(root, relative);
  if (isAbsolute(relative) || (full !== root && !full.startsWith(root + sep))) {
    throw new Error(`${relative} is outside the media folder`);
  }
  return full;
}

/** The media-relative form of an absolute path inside the media root, with forward slashes. */
export function toMediaPath(mediaDir: string, absolute: string): string {
  return relative(resolve(mediaDir), absolute).split(sep).join('/');
}

/**
 * Moves a file to `dir/name`, adding " (2)", " (3)"… before the extension when that name is
 * taken, and returns where it went. Same file system: a rename, atomic.
 */
export async function moveWithoutClobbering(from: string, dir: string, name: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; ; n++) {
    const target = join(dir, n === 1 ? name : `${stem} (${n})${ext}`);
    try {
      // link + unlink instead of rename: rename would silently replace a file of that name.
      await link(from, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    await unlink(from);
    return target;
  }
}
