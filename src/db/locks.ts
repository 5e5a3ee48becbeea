// Locks across everything that shares the database, for what a unique index cannot express.
//
// - lockNames: named locks held until the transaction ends (two bookings that overlap in
//   time). On SQLite they cost nothing: the app's one connection runs one transaction at a
//   time, and SQLite lets one writer in at a time. On PostgreSQL, several instances run
//   transactions side by side, so each name becomes a transaction-level advisory lock: a
//   second transaction asking for the same name waits until the first has committed, then
//   reads what it wrote.
// - inTurn, unlessHeldElsewhere: a named lock held by one process across many transactions
//   while it works (start-up: migrations, recovery, the first account, the demo data; a
//   search rebuild), so that processes started at the same moment take their turns. On
//   PostgreSQL a session-level advisory lock on a connection kept for the purpose. Kysely's
//   migrator takes a session-level lock of its own under another key, but only around
//   running the migrations, not around the first account or the demo data. On an SQLite file, an exclusive lock on
//   a small file beside it: the database's own locks cannot serve, since a process holding
//   one would shut out its own writer connection for the length of the work. Either way the
//   operating system or the server lets go when the holder dies, so a killed process never
//   leaves a lock behind.
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { type Db, type Trx, dialectOf } from './connection.ts';

/**
 * Takes these locks, in one global order (sorted), so that two transactions asking for
 * overlapping sets cannot each hold what the other waits for.
 */
export async function lockNames(trx: Trx, names: readonly string[]): Promise<void> {
  if (dialectOf(trx) !== 'postgres') return;
  for (const name of [...new Set(names)].sort()) {
    // 64-bit hash of the name: a collision only makes two unrelated bookings wait in turn.
    await sql`select pg_advisory_xact_lock(hashtextextended(${name}, 0))`.execute(trx);
  }
}

/** The work held by these locks; names are also file name parts on SQLite. */
export const PROCESS_LOCKS = { startUp: 'start-up', searchRebuild: 'search-rebuild' } as const;
type ProcessLock = (typeof PROCESS_LOCKS)[keyof typeof PROCESS_LOCKS];

/** How often a process waiting for an SQLite lock file tries again. */
const SQLITE_RETRY_MS = 100;

/**
 * Runs `work` once no other process on this database runs work under the same lock, waiting
 * its turn; `onWait` is called once if it has to.
 */
export async function inTurn<T>(db: Db, lock: ProcessLock, work: () => Promise<T>, onWait?: () => void): Promise<T> {
  const held = await hold(db, lock, { when: 'wait', onWait }, work);
  if (!held.ran) throw new Error(`lock ${lock} was not taken`);
  return held.value;
}

/** Runs `work` unless another process on this database runs work under the same lock now. */
export function unlessHeldElsewhere<T>(db: Db, lock: ProcessLock, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  return hold(db, lock, { when: 'skip' }, work);
}

interface HoldOptions {
  when: 'wait' | 'skip';
  onWait?: () => void;
}

function hold<T>(db: Db, lock: ProcessLock, options: HoldOptions, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  return dialectOf(db) === 'postgres' ? holdAdvisoryLock(db, lock, options, work) : holdLockFile(db, lock, options, work);
}

async function holdAdvisoryLock<T>(db: Db, lock: ProcessLock, options: HoldOptions, work: () => Promise<T>) {
  const key = sql`hashtextextended(${`siaran:${lock}`}, 0)`;
  // One connection for the lock's whole life: a session-level lock belongs to its connection.
  return db.connection().execute(async (connection) => {
    const tried = await sql<{ got: boolean }>`select pg_try_advisory_lock(${key}) as got`.execute(connection);
    if (!tried.rows[0]!.got) {
      if (options.when === 'skip') return { ran: false as const };
      options.onWait?.();
      await sql`select pg_advisory_lock(${key})`.execute(connection);
    }
    try {
      return { ran: true as const, value: await work() };
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(connection);
    }
  });
}

async function holdLockFile<T>(db: Db, lock: ProcessLock, options: HoldOptions, work: () => Promise<T>) {
  const main = await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(db);
  const file = main.rows[0]?.file;
  // An in-memory database lives in one process only: there is nobody to take turns with.
  if (!file) return { ran: true as const, value: await work() };
  // No busy timeout: better-sqlite3 would wait for the lock synchronously, holding up the
  // event loop; waiting between tries here lets the process go on meanwhile.
  const holder = new SQLite(`${file}.${lock}.lock`, { timeout: 0 });
  try {
    for (let waiting = false; ; ) {
      try {
        holder.exec('begin exclusive');
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
        if (options.when === 'skip') return { ran: false as const };
        if (!waiting) options.onWait?.();
        waiting = true;
        await new Promise((resolve) => setTimeout(resolve, SQLITE_RETRY_MS));
      }
    }
    return { ran: true as const, value: await work() };
  } finally {
    // Closing ends the transaction and lets the lock go.
    holder.close();
  }
}
