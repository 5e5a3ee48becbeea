/**
 * The full-text index of search documents, the one part of search that differs by
 * database: FTS5 on SQLite (fts5.ts), a tsvector in a GIN index on PostgreSQL
 * (tsvector.ts). Both index the same analysis (indonesian.ts: stems in `terms`, folded
 * words in `surfaces`, filter tokens in `facets`) under the search document's id, and
 * answer the same query (query.ts) with the same documents, newest first. The rest of
 * search (documents, frequencies, ranking, snippets) is portable SQL in
 * search.repository.ts, which picks the index by the database's dialect.
 */
import { sql } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { Db, Trx } from '../db/connection.ts';
import type { Candidate, CandidateQuery, IndexedDoc } from './search.repository.ts';

export interface FullTextIndex {
  insert(trx: Trx, docs: readonly IndexedDoc[]): Promise<void>;
  remove(trx: Trx, docIds: readonly number[]): Promise<void>;
  /** Empties the index (a rebuild follows). */
  clear(trx: Trx): Promise<void>;
  /** Tidies the index after a bulk load. */
  optimize(db: Db): Promise<void>;
  /**
   * Matching documents the actor may see, newest document first, at most `q.limit`:
   * positive items and one facet of each group required, excluded items taken away.
   */
  candidates(db: Db, actor: Actor, q: CandidateQuery): Promise<Candidate[]>;
  /**
   * Whether reading the search tables once after start makes first searches faster
   * (prewarm.ts): so on SQLite, read through a memory map by this process; not on
   * PostgreSQL, whose server keeps its own buffers.
   */
  prewarms: boolean;
}

// Fixed batch sizes keep the set of distinct statements small for the statement cache.
const ROW_BATCH = 100;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Writes index rows. Both dialects' `search_fts` take the same columns (PostgreSQL derives
 * its tsvector from them in a generated column), so one statement serves both.
 */
export async function insertIndexRows(trx: Trx, docs: readonly IndexedDoc[]) {
  for (const batch of chunks(docs, ROW_BATCH)) {
    const rows = batch.map((d) => sql`(${d.docId}, ${d.terms}, ${d.surfaces}, ${d.facets})`);
    await sql`insert into search_fts (rowid, terms, surfaces, facets) values ${sql.join(rows)}`.execute(trx);
  }
}

export async function deleteIndexRows(trx: Trx, docIds: readonly number[]) {
  for (const batch of chunks(docIds, ROW_BATCH)) {
    await trx.deleteFrom('search_fts').where('rowid', 'in', batch).execute();
  }
}
