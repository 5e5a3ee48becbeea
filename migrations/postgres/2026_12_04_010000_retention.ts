// PostgreSQL twin of migrations/sqlite/2026_12_04_010000_retention.ts.
// Retention of recorder files: a station may keep its recordings longer or shorter than
// SIARAN_RETENTION_DAYS (null: the setting). The retention pass looks recordings up by their end.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('stations').addColumn('retention_days', 'integer').execute();
  await db.schema.createIndex('recordings_ended').on('recordings').column('ends_at').execute();
  await db.schema.createIndex('rejected_files_created').on('rejected_files').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('rejected_files_created').execute();
  await db.schema.dropIndex('recordings_ended').execute();
  await db.schema.alterTable('stations').dropColumn('retention_days').execute();
}
