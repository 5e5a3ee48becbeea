// PostgreSQL twin of migrations/sqlite/2026_12_07_000000_coordinator_digest.ts (see it for
// what each column is for): users' message language and the stations each account looks
// after. Kysely already runs this in a transaction.
import { type Kysely, sql } from 'kysely';

const text = sql`text collate "C"`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('language', text, (c) => c.notNull().defaultTo('id').check(sql`language in ('id', 'en')`))
    .execute();
  await db.schema
    .createTable('station_coordinators')
    .addColumn('station_id', text, (c) => c.notNull().references('stations.id').onDelete('cascade'))
    .addColumn('user_id', text, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('station_coordinators_pk', ['station_id', 'user_id'])
    .execute();
  await db.schema.createIndex('station_coordinators_user').on('station_coordinators').column('user_id').execute();
  await sql`select track_changes('station_coordinators'::regclass)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('station_coordinators').execute();
  await db.schema.alterTable('users').dropColumn('language').execute();
}
