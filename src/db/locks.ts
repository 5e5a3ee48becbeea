// Named locks held until the transaction ends, for rules a unique index cannot express
// (two bookings that overlap in time). On SQLite they cost nothing: the app's one connection
// runs one transaction at a time, and SQLite lets one writer in at a time. On PostgreSQL,
// several instances run transactions side by side, so each name becomes a transaction-level
// advisory lock: a second transaction asking for the same name waits until the first has
// committed, then reads what it wrote.
import { sql } from 'kysely';
import { type Trx, dialectOf } from './connection.ts';

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
