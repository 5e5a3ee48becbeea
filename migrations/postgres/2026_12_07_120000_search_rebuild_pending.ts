// PostgreSQL twin of migrations/sqlite/2026_12_07_120000_search_rebuild_pending.ts: the
// dialogues whose index entries any instance wrote while a rebuild of the index ran.
import { type Kysely, sql } from 'kysely';

const text = sql`text collate "C"`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('search_rebuild_pending')
    .addColumn('dialogue_id', text, (c) => c.primaryKey())
    .execute();
  await sql`select track_changes('search_rebuild_pending'::regclass)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_rebuild_pending').execute();
}
