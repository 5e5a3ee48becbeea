// PostgreSQL twin of migrations/sqlite/2026_12_04_070000_search_analysis_version.ts:
// which version of the text analysis the index was built with, and which one is wanted
// (src/search/reindex.ts rebuilds beside the old index at start-up and swaps it in).
// An empty index is already what version 2 would build.
import { type Kysely, sql } from 'kysely';

const text = sql`text collate "C"`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('search_state')
    .addColumn('key', text, (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();
  await sql`select track_changes('search_state'::regclass)`.execute(db);
  const indexed = await sql<{ any: boolean }>`select exists (select 1 from search_docs) as "any"`.execute(db);
  const built = indexed.rows[0]?.any ? 1 : 2;
  await db
    .insertInto('search_state')
    .values([
      { key: 'analysis_wanted', value: 2 },
      { key: 'analysis_built', value: built },
    ])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_state').execute();
}
