/**
 * Reads, once after the server starts, the pages searches read, as PostgreSQL's
 * pg_prewarm does for its buffers.
 *
 * Why: the database is read through a memory mapping (db/connection.ts), and a page
 * costs a fault the first time this process touches it, even when the file is in the OS
 * cache. A selective search reads a few hundred rows from all over a large file, so a
 * fresh server pays about a hundred faults a search until most pages have been touched:
 * at 1 M segments, a hundred narrow-prefix searches took 9,800 faults and 5.5 ms at the
 * median on a fresh server, 120 faults and 3.9 ms when repeated, and 570 faults and
 * 3.7 ms on a server that had read its tables first (1.2–1.7 s for 1.6 GB). Faults here
 * cost about 15 µs each.
 *
 * It reads a slice of rows at a time and lets requests run between slices (the longest
 * pause was 46 ms, reading the dialogues), so a server answers from the start, only more
 * slowly until the warm-up ends. The pages read are the file's, in the OS cache: memory
 * the kernel may take back, not the heap.
 */
import type { Db } from '../db/connection.ts';
import { fullTextOf } from './full-text.ts';
import * as repo from './search.repository.ts';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface PrewarmResult {
  rows: number;
  ms: number;
  /** False when stopped by the signal before the end, or when this database needs no warm-up (PostgreSQL). */
  complete: boolean;
}

/** One read after another, each of a few milliseconds: how many rows it read. */
async function* reads(db: Db): AsyncGenerator<number> {
  for (let i = 0; i < repo.LOOKUP_READ_COUNT; i++) yield await repo.readLookup(db, i);
  for (const table of repo.SLICED_TABLES) {
    for (let after = Number.MIN_SAFE_INTEGER, more = true; more; ) {
      const slice = await repo.readSlice(db, table, after);
      yield slice.rows;
      ({ last: after, more } = slice);
    }
  }
}

export async function prewarmSearch(db: Db, signal?: AbortSignal): Promise<PrewarmResult> {
  const started = performance.now();
  if (!fullTextOf(db).prewarms) return { rows: 0, ms: 0, complete: false };
  let rows = 0;
  for await (const read of reads(db)) {
    rows += read;
    // Requests waiting meanwhile go first.
    await nextTurn();
    if (signal?.aborted) return { rows, ms: performance.now() - started, complete: false };
  }
  return { rows, ms: performance.now() - started, complete: true };
}
