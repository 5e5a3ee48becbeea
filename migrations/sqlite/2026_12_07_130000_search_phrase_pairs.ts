// Search: analysis version 3 indexes every two adjacent terms of a document as one token
// (src/search/phrase-pairs.ts), so that a phrase is found by exact lookups. Every document
// of the full-text table changes; its schema does not. As with version 2, the migration
// records the wish and src/search/reindex.ts rebuilds beside the old index at start-up,
// which answers phrases by positions until the new one is swapped in. An empty index is
// already what version 3 would build.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.updateTable('search_state').set({ value: 3 }).where('key', '=', 'analysis_wanted').execute();
  const indexed = await sql<{ any: number }>`select exists (select 1 from search_docs) as "any"`.execute(db);
  if (!indexed.rows[0]?.any) await db.updateTable('search_state').set({ value: 3 }).where('key', '=', 'analysis_built').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.updateTable('search_state').set({ value: 2 }).where('key', 'in', ['analysis_wanted', 'analysis_built']).where('value', '=', 3).execute();
}
