// PostgreSQL twin of migrations/sqlite/2026_12_07_130000_search_phrase_pairs.ts: analysis
// version 3 (phrase pairs, src/search/phrase-pairs.ts) is wanted; src/search/reindex.ts
// rebuilds beside the old index at start-up. An empty index is already version 3.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.updateTable('search_state').set({ value: 3 }).where('key', '=', 'analysis_wanted').execute();
  const indexed = await sql<{ any: boolean }>`select exists (select 1 from search_docs) as "any"`.execute(db);
  if (!indexed.rows[0]?.any) await db.updateTable('search_state').set({ value: 3 }).where('key', '=', 'analysis_built').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.updateTable('search_state').set({ value: 2 }).where('key', 'in', ['analysis_wanted', 'analysis_built']).where('value', '=', 3).execute();
}
