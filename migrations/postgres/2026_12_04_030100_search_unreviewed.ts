// PostgreSQL twin of migrations/sqlite/2026_12_04_030100_search_unreviewed.ts.
// Each indexed line records whether it comes from an unreviewed machine draft (1) or not (0),
// so that search ranks reviewed text above text no person has checked.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('search_docs').addColumn('unreviewed', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('search_docs').dropColumn('unreviewed').execute();
}
