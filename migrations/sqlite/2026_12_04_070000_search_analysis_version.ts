// Search: which version of the text analysis (src/search/indonesian.ts, ANALYSIS_VERSION)
// the index was built with, and which one is wanted. Version 2 (issue 16) confirms roots
// with a root-word list, folds spellings, joins compounds and marks headers, so every
// document's terms change.
//
// The migration does not rebuild the index itself: at a million segments that takes
// minutes, and the app must keep answering from the old index meanwhile. It records the
// wish; at start-up src/search/reindex.ts builds the new index beside the old one, with
// its progress in GET /api/jobs and the log, and swaps it in in one transaction.
// An empty index is already what version 2 would build.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('search_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();
  const indexed = await sql<{ any: number }>`select exists (select 1 from search_docs) as "any"`.execute(db);
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
