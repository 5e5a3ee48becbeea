// Search ranks reviewed text above text no person has checked: each indexed line records
// whether it comes from an unreviewed machine draft (1) or not (0), kept by the index
// (src/search/search.index.ts) whenever the version the public sees changes or is reviewed.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('search_docs').addColumn('unreviewed', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('search_docs').dropColumn('unreviewed').execute();
}
