// Search: the dialogues whose index entries any process wrote while a rebuild of the index
// ran (src/search/reindex.ts), so that the rebuild brings them up to date in its new tables
// before it swaps them in, whichever instance wrote them. search_state's 'rebuilding' says
// whether a rebuild runs.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('search_rebuild_pending')
    .addColumn('dialogue_id', 'text', (c) => c.primaryKey())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_rebuild_pending').execute();
}
