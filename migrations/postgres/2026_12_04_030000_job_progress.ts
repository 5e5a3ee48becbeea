// PostgreSQL twin of migrations/sqlite/2026_12_04_030000_job_progress.ts.
// A run records its progress (0–100; null for jobs that report none), and the
// transcription lane looks up the runs of one job that are still due.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('job_runs')
    .addColumn('progress', 'integer', (c) => c.check(sql`progress between 0 and 100`))
    .execute();
  await db.schema.createIndex('job_runs_job_outcome').on('job_runs').columns(['job', 'outcome']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('job_runs_job_outcome').execute();
  await db.schema.alterTable('job_runs').dropColumn('progress').execute();
}
