// PostgreSQL twin of migrations/sqlite/2026_12_07_010000_job_queue.ts (see it for what each
// column is for): leases on job_runs and the cluster's ticks. Kysely already runs this in a
// transaction.
import { type Kysely, sql } from 'kysely';

const text = sql`text collate "C"`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('job_runs').addColumn('lease_owner', text).execute();
  await db.schema.alterTable('job_runs').addColumn('lease_expires_at', text).execute();
  await db.schema.createIndex('job_runs_open').on('job_runs').columns(['outcome', 'job', 'id']).execute();
  await db.schema
    .createTable('job_ticks')
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('slot', text, (c) => c.notNull())
    .addColumn('owner', text, (c) => c.notNull())
    .addColumn('fired_at', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('job_ticks_pk', ['name', 'slot'])
    .execute();
  await sql`select track_changes('job_ticks'::regclass)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('job_ticks').execute();
  await db.schema.dropIndex('job_runs_open').execute();
  await db.schema.alterTable('job_runs').dropColumn('lease_expires_at').execute();
  await db.schema.alterTable('job_runs').dropColumn('lease_owner').execute();
}
